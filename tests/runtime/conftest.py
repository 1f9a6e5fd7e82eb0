"""Unit tests of the runtime files that ssot-gen copies verbatim into every generated project.

They are imported where they are written: ``templates/`` goes on ``sys.path`` so that
``app.chat.hub`` is ``templates/app/chat/hub.py``. Modules generated per schema (bindings,
catalog, config) are replaced by small fakes where a test needs one.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
sys.dont_write_bytecode = True  # no __pycache__ inside templates/ (it is copied as is)
if str(TEMPLATES) not in sys.path:
    sys.path.insert(0, str(TEMPLATES))


class FakeWebSocket:
    """Records what the hub sends; ``fail_after`` sends succeed, then the client is gone."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.closed_with: int | None = None
        self.fail_after = fail_after

    async def send_json(self, data: dict[str, Any]) -> None:
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise ConnectionError("client went away")
        self.sent.append(data)

    async def close(self, code: int = 1000) -> None:
        self.closed_with = code


@pytest.fixture
def fake_modules(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, types.ModuleType]]:
    """Generated modules the registry needs: ``app.chat.catalog`` and ``app.core.config``."""
    catalog = types.ModuleType("app.chat.catalog")
    catalog.PROVIDER_KINDS = {"mock": "mock", "openai": "openai"}  # type: ignore[attr-defined]
    catalog.PRICES = {}  # type: ignore[attr-defined]
    config = types.ModuleType("app.core.config")
    config.settings = types.SimpleNamespace(mock_delay_ms=0)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.chat.catalog", catalog)
    monkeypatch.setitem(sys.modules, "app.core.config", config)
    monkeypatch.delitem(sys.modules, "app.chat.providers.registry", raising=False)
    yield {"catalog": catalog, "config": config}
    sys.modules.pop("app.chat.providers.registry", None)
