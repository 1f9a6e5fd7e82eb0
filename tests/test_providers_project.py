"""Issue 9 end to end: a project with all four provider kinds (``tests/schemas/
providers_all.yaml``: every price class, a dated price change, images, options, a title model
and every usage binding) generates clean and passes its own suite, whose
``tests/test_provider_wire.py`` drives the OpenAI, Anthropic and Gemini SDKs against the fake
servers on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssot_gen.cli import app
from tests.test_contract import TAIL, project_checks

SCHEMA = Path(__file__).resolve().parent / "schemas" / "providers_all.yaml"


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_project_with_every_provider_passes_its_own_suite(tmp_path: Path) -> None:
    project = tmp_path / "all_providers"
    result = CliRunner().invoke(app, ["generate", str(SCHEMA), "-o", str(project)])
    assert result.exit_code == 0, result.output
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    for requirement in ("anthropic", "google-genai", "openai"):
        assert f'"{requirement}>=' in pyproject
    assert (project / "tests" / "test_provider_wire.py").is_file()
    failures = project_checks(project, tmp_path / "mypy-cache")
    assert not failures, "\n\n".join(failures)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "APP_", "JWT_"))}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-TAIL:]


def test_a_mock_only_project_depends_on_no_provider_sdk(tmp_path: Path) -> None:
    from ssot_gen.pipeline import load_project
    from ssot_gen.render import plan

    project = load_project(SCHEMA.parent / "minimal.yaml")
    files = {f.path: f.text for f in plan(project)}
    dependencies = files["pyproject.toml"].split("dependencies = [", 1)[1].split("]", 1)[0]
    assert not any(sdk in dependencies for sdk in ("openai", "anthropic", "genai"))
    assert '"app.chat.providers.openai"' in files["pyproject.toml"]  # mypy skips the adapter
    assert "tests/test_provider_wire.py" not in files
