"""``app/core/limits.py``: moving-window rate limits in memory and in a real Redis."""

from __future__ import annotations

import asyncio
import sys
import types
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import need_service


@pytest.fixture
def limits_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """``app.core.limits`` imported against a fake ``app.core.config``."""
    config = types.ModuleType("app.core.config")
    config.settings = types.SimpleNamespace(  # type: ignore[attr-defined]
        redis_url=None,
        rate_limits_enabled=True,
        rate_limit_login="3/minute",
        rate_limit_register="2 per hour;1/second",
        rate_limit_send="5/minute",
    )
    monkeypatch.setitem(sys.modules, "app.core.config", config)
    monkeypatch.delitem(sys.modules, "app.core.limits", raising=False)
    import app.core.limits as limits

    yield limits
    sys.modules.pop("app.core.limits", None)


async def _hits(limits: types.ModuleType, rule: str, key: str, count: int) -> list[int | None]:
    """Hit ``count`` times; each result is None (allowed) or the Retry-After seconds."""
    results: list[int | None] = []
    for _ in range(count):
        try:
            await limits.hit(rule, key)
            results.append(None)
        except limits.RateLimited as refused:
            results.append(refused.retry_after)
    return results


def test_memory_limit_refuses_beyond_the_rule_per_key(limits_module: types.ModuleType) -> None:
    async def scenario() -> None:
        results = await _hits(limits_module, "login", "10.0.0.1", 5)
        assert results[:3] == [None, None, None]
        assert all(r is not None and 1 <= r <= 60 for r in results[3:])
        # another key has its own window; another rule too
        assert await _hits(limits_module, "login", "10.0.0.2", 1) == [None]
        assert await _hits(limits_module, "send", "10.0.0.1", 1) == [None]

    asyncio.run(scenario())


def test_several_limits_in_one_rule(limits_module: types.ModuleType) -> None:
    async def scenario() -> None:
        first, second = await _hits(limits_module, "register", "ip", 2)
        assert first is None
        assert second == 1  # the per-second limit answers first

    asyncio.run(scenario())


def test_disabled_limits_let_everything_through(limits_module: types.ModuleType) -> None:
    limits_module.settings.rate_limits_enabled = False
    assert asyncio.run(_hits(limits_module, "login", "ip", 10)) == [None] * 10


def test_redis_counters_are_shared_between_limiters(limits_module: types.ModuleType) -> None:
    need_service("Redis", 6379)
    limits_module.settings.redis_url = "redis://127.0.0.1:6379/0"
    key = f"shared-{uuid.uuid4().hex}"

    async def one_process(count: int) -> list[int | None]:
        return await _hits(limits_module, "login", key, count)

    # two event loops: two limiters with their own Redis connections, as two processes have
    assert asyncio.run(one_process(2)) == [None, None]
    results = asyncio.run(one_process(2))
    assert results[0] is None
    assert results[1] is not None and 1 <= results[1] <= 60


def test_redis_down_lets_requests_through(limits_module: types.ModuleType) -> None:
    limits_module.settings.redis_url = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    assert asyncio.run(_hits(limits_module, "login", "ip", 5)) == [None] * 5
