"""The verbatim runtime under ``templates/`` passes ruff (lint and format) and mypy where it is
written, with the strict flags of ``[tool.mypy]`` for ``app.*``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

RUNTIME = [
    "templates/app/chat",
    "templates/app/core",
    "templates/app/api/routes/ws.py",
    "templates/migrations/env.py",
]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--no-cache", "templates", "tests/runtime"],
        ["ruff", "format", "--check", "--no-cache", "templates", "tests/runtime"],
        ["mypy", *RUNTIME],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_runtime_code_quality(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
