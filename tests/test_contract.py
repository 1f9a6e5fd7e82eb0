"""Issue 6, the contract, by property: ``validate`` exits 0 iff ``generate`` yields a clean project.

For random schemas (``tests/strategies.py``):

- ``validate`` either passes (exit 0) or fails with located errors: exit 2 and every error
  line is ``file:line:col: path: message``; never exit 1, never a traceback;
- every passing schema generates (exit 0), and the project imports, passes ``ruff check``,
  ``ruff format --check``, ``black --check`` and ``mypy`` (configured by its pyproject);
- every broken schema (a random mutation of a valid one) gets the same located errors from
  ``validate`` and ``generate``, and ``generate`` writes nothing.

CI runs the bounded ``ci`` hypothesis profile (derandomized, reproducible); the long run is
``pytest tests/test_contract.py --hypothesis-profile=long``. A failing schema is printed as
YAML (``note``), ready to paste into a file and run ``ssot-gen validate`` / ``generate`` on.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, note, settings
from typer.testing import CliRunner

from ssot_gen.cli import app
from tests.strategies import broken_schemas, to_yaml, valid_schemas

SUMMARY = re.compile(r"^\d+ errors? in the schema$")
TAIL = 3000


def invoke(*args: str) -> Result:
    """Run the CLI in-process; stdout and stderr together in ``output``."""
    return CliRunner().invoke(app, list(args))


SOURCE = re.compile(r"^ *[0-9]* \|")


def assert_located(result: Result, schema: Path, text: str) -> None:
    """``result`` is a pass (exit 0) or a located failure (exit 2, every line located)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"a traceback instead of a located error: {result.exception!r}\n{result.output}"
    )
    assert result.exit_code in (0, 2), f"exit {result.exit_code}:\n{result.output}"
    if result.exit_code == 0:
        return
    lines = [line for line in result.output.splitlines() if line.strip()]
    # Under each located line the CLI shows the source line and a caret: " 12 | ...", "    |  ^".
    issues = [line for line in lines if not SUMMARY.match(line) and not SOURCE.match(line)]
    assert issues, f"exit 2 without an error line:\n{result.output}"
    # The dotted path may hold any key (provider model names have colons): up to ": ".
    # A problem of the whole document (not a mapping, bad syntax) has no path.
    located = re.compile(rf"^{re.escape(str(schema))}:(\d+):(\d+): (?:(\S.*?): )?\S")
    last_line = text.count("\n") + 1
    for line in issues:
        match = located.match(line)
        assert match, f"not 'file:line:col: path: message': {line!r}\n{result.output}"
        assert 1 <= int(match[1]) <= last_line, f"line out of the file: {line!r}"


def project_checks(project: Path, mypy_cache: Path) -> list[str]:
    """Import, lint, format-check and type-check ``project``; the failures (empty: clean)."""
    python = sys.executable
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "APP_", "JWT_"))},
        "APP_ENV": "development",
        "DATABASE_URL": "sqlite+aiosqlite:///./x.db",
    }
    steps = [
        [python, "-c", "import app.main"],
        [python, "-m", "ruff", "check", "--no-cache", "."],
        [python, "-m", "ruff", "format", "--check", "--no-cache", "."],
        [python, "-m", "black", "--check", "-q", "."],
        [python, "-m", "mypy", "--cache-dir", str(mypy_cache)],
    ]
    failures = []
    for args in steps:
        result = subprocess.run(
            args, cwd=project, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            command = " ".join(["python", *args[1:]])
            failures.append(f"$ {command}\n{(result.stdout + result.stderr)[-TAIL:]}")
    return failures


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for every generated project (the libraries' stubs are the cost)."""
    return tmp_path_factory.mktemp("mypy-cache")


def check_valid(schema: dict[str, Any], mypy_cache: Path) -> None:
    text = to_yaml(schema)
    note(f"schema:\n{text}")
    with tempfile.TemporaryDirectory(prefix="ssot-contract-") as tmp:
        path = Path(tmp) / "schema.yaml"
        path.write_text(text, encoding="utf-8")
        validated = invoke("validate", str(path))
        assert_located(validated, path, text)
        if validated.exit_code != 0:
            return
        project = Path(tmp) / "project"
        generated = invoke("generate", str(path), "--out", str(project))
        assert generated.exit_code == 0, (
            f"validate passed but generate exited {generated.exit_code}:\n"
            f"{generated.output[-TAIL:]}\n{generated.exception!r}"
        )
        failures = project_checks(project, mypy_cache)
        assert not failures, "the generated project is not clean:\n\n" + "\n\n".join(failures)


@pytest.mark.slow
@pytest.mark.timeout(1800)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(schema=valid_schemas())
def test_valid_schemas_generate_clean_projects(schema: dict[str, Any], mypy_cache: Path) -> None:
    check_valid(schema, mypy_cache)


@settings(max_examples=settings.default.max_examples * 10)
@given(text=broken_schemas())
def test_broken_schemas_get_located_errors(text: str) -> None:
    note(f"schema:\n{text}")
    with tempfile.TemporaryDirectory(prefix="ssot-broken-") as tmp:
        path = Path(tmp) / "schema.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        validated = invoke("validate", str(path))
        assert_located(validated, path, text)
        if validated.exit_code == 0:
            return  # the mutation kept it valid: the other test's business
        project = Path(tmp) / "project"
        generated = invoke("generate", str(path), "--out", str(project))
        assert_located(generated, path, text)
        assert generated.exit_code == 2
        assert generated.output == validated.output
        assert not project.exists(), "generate wrote a project for an invalid schema"


@pytest.mark.parametrize("name", ["ai_chat", "support_desk"])
def test_the_examples_pass_validate(name: str) -> None:
    root = Path(__file__).resolve().parent.parent
    path = root / "schemas" / f"{name}.yaml"
    result = invoke("validate", str(path))
    assert_located(result, path, path.read_text(encoding="utf-8"))
    assert result.exit_code == 0


def test_a_located_error_is_recognised(tmp_path: Path) -> None:
    """The harness itself: a typo is exit 2 with a located line, which it accepts."""
    root = Path(__file__).resolve().parent.parent
    text = (root / "schemas" / "ai_chat.yaml").read_text(encoding="utf-8")
    text = text.replace("type: string, max_length: 200", "type: strng, max_length: 200", 1)
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert_located(result, path, text)
    with pytest.raises(AssertionError, match="not 'file:line:col"):
        assert_located(result, tmp_path / "other.yaml", text)
