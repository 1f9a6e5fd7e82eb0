"""The generator's own code: ruff (lint and format) and mypy, as CI runs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--no-cache", "ssot_gen", "tests", "bench"],
        ["ruff", "format", "--check", "--no-cache", "ssot_gen", "tests", "bench"],
        ["mypy", "ssot_gen"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_code_quality(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
