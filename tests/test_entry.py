"""The console script answers an unchanged regenerate before loading the CLI, with exactly
the output and exit status of the full ``ssot-gen generate``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ssot_gen.entry import parse_generate

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "schemas" / "minimal.yaml"
# the console script, then which of the CLI's libraries it loaded (on stderr)
ENTRY = """
import sys
from ssot_gen.entry import main
try:
    main()
finally:
    loaded = {m.split(".")[0] for m in sys.modules} & {"typer", "rich", "pydantic"}
    print(sorted(loaded), file=sys.stderr)
"""
FULL = "from ssot_gen.cli import app; app()"


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["generate", "s.yaml", "--out", "d"], (Path("s.yaml"), Path("d"))),
        (["generate", "-o", "d", "s.yaml"], (Path("s.yaml"), Path("d"))),
        (["generate", "--out=d", "s.yaml"], (Path("s.yaml"), Path("d"))),
        (["generate", "s.yaml", "--out", "d", "--allow-destructive"], None),
        (["generate", "s.yaml"], None),
        (["generate", "a.yaml", "b.yaml", "--out", "d"], None),
        (["check", "s.yaml", "--out", "d"], None),
        (["generate", "--help"], None),
        ([], None),
    ],
)
def test_only_a_plain_generate_is_recognised(
    argv: list[str], expected: tuple[Path, Path] | None
) -> None:
    assert parse_generate(argv) == expected


def test_an_unchanged_regenerate_prints_what_the_cli_prints(tmp_path: Path) -> None:
    out = tmp_path / "project"
    first = run(FULL, "generate", str(SCHEMA), "--out", str(out))
    assert first.returncode == 0, first.stderr
    full = run(FULL, "generate", str(SCHEMA), "--out", str(out))
    fast = run(ENTRY, "generate", str(SCHEMA), "-o", str(out))
    assert fast.returncode == full.returncode == 0
    assert fast.stdout == full.stdout
    assert "identical" in fast.stdout
    assert fast.stderr.strip() == "[]"  # neither typer, rich nor pydantic was loaded


def test_anything_else_runs_the_full_cli(tmp_path: Path) -> None:
    out = tmp_path / "project"
    created = run(ENTRY, "generate", str(SCHEMA), "--out", str(out))
    assert created.returncode == 0, created.stderr
    assert "create" in created.stdout
    (out / "app" / "main.py").write_text("# edited\n")
    edited = run(ENTRY, "generate", str(SCHEMA), "--out", str(out))
    assert edited.returncode == 0, edited.stderr
    assert "typer" in edited.stderr  # the full CLI answered
    again = run(ENTRY, "generate", str(SCHEMA), "--out", str(out))
    assert again.stderr.strip() == "[]"  # unchanged again (the edit is kept)
    missing = run(ENTRY, "generate", str(tmp_path / "nope.yaml"), "--out", str(out))
    assert missing.returncode == 2
    assert "nope.yaml" in missing.stderr
