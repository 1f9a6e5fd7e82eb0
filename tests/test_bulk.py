"""``ssot-gen bulk``: a fleet of six projects (one broken) generated once per module."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from ssot_gen.bulk import config_json_schema
from ssot_gen.cli import app

ROOT = Path(__file__).resolve().parent.parent
FLEET = Path(__file__).resolve().parent / "bulk" / "fleet.yaml"
GOOD = ["chat-a", "chat-b", "chat-c", "desk-a", "desk-b"]


def _bulk(config: Path, *args: str) -> tuple[int, str, dict[str, Any]]:
    report = config.parent / "report.json"
    result = CliRunner().invoke(
        app, ["bulk", "--config", str(config), "--jobs", "2", "--report", str(report), *args]
    )
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    report.unlink(missing_ok=True)
    return result.exit_code, result.output, data


def _by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in report["projects"]}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    """The fleet config copied next to the example schemas, generated once."""
    root = tmp_path_factory.mktemp("fleet")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    config = root / "tests" / "bulk" / "fleet.yaml"
    config.parent.mkdir(parents=True)
    shutil.copy(FLEET, config)
    code, _output, report = _bulk(config)
    yield config, code, report


def test_fleet_generates_five_and_reports_the_broken_one(
    fleet: tuple[Path, int, dict[str, Any]],
) -> None:
    config, code, report = fleet
    projects = _by_name(report)
    assert code == 2
    assert projects["broken"]["status"] == "failed"
    errors = "\n".join(projects["broken"]["errors"])
    assert f"{config}:33:14: auth.password_min_length: must be at least 4" in errors
    schema_lines = (ROOT / "schemas" / "ai_chat.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(schema_lines, 1) if "password_min_length" in text)
    assert "overrides the schema node at" in errors and f"ai_chat.yaml:{line}:" in errors
    assert "auth.token_lifetim: unknown key" in errors
    assert not (config.parent / "out" / "broken").exists()
    for name in GOOD:
        assert projects[name]["status"] == "ok", projects[name]
        assert projects[name]["counts"]["create"] > 100


def test_override_of_the_default_model_reaches_the_config(
    fleet: tuple[Path, int, dict[str, Any]],
) -> None:
    out = fleet[0].parent / "out"
    assert 'DEFAULT_MODEL="mock-echo-2"' in (out / "chat-b" / ".env.example").read_text()
    assert "mock-echo-2" not in (out / "chat-a" / ".env.example").read_text()


def test_second_run_is_identical_and_check_passes(
    fleet: tuple[Path, int, dict[str, Any]],
) -> None:
    config = fleet[0]
    code, _output, report = _bulk(config, "--skip", "broken")
    assert code == 0
    for project in report["projects"]:
        assert set(project["counts"]) <= {"identical", "keep"}, project
        assert project["migration"] is None
        assert project["fast_path"], project  # nothing rendered, no autogenerate
    # bulk --check is ssot-gen check of each project (with its overrides)
    code, output, _report = _bulk(config, "--check", "--only", "chat-*", "--only", "desk-*")
    assert code == 0, output


def test_dry_run_writes_nothing_on_a_read_only_tree(
    fleet: tuple[Path, int, dict[str, Any]],
) -> None:
    config = fleet[0]
    root = config.parent.parent.parent
    (root / "schemas" / "ai_chat.yaml").write_text(
        (root / "schemas" / "ai_chat.yaml").read_text().replace("title: AI Chat", "title: Changed")
    )
    before = {p: p.read_bytes() for p in (config.parent / "out").rglob("*") if p.is_file()}
    modes = {p: p.stat().st_mode for p in config.parent.rglob("*")}
    for path in modes:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        result = CliRunner().invoke(
            app, ["bulk", "--config", str(config), "--jobs", "2", "--dry-run", "--skip", "broken"]
        )
        assert result.exit_code == 0, result.output
        assert "chat-a" in result.output and "dry-run" in result.output
        assert "chat-a: update: app/main.py" in result.output  # what would change
        after = {p: p.read_bytes() for p in (config.parent / "out").rglob("*") if p.is_file()}
        assert after == before
        # bulk --check is stale for the chat projects only
        code, _output, _ = _bulk_readonly(config)
        assert code == 1
    finally:
        for path, mode in sorted(modes.items(), key=lambda item: len(item[0].parts)):
            path.chmod(mode)
        (root / "schemas" / "ai_chat.yaml").write_bytes(
            (ROOT / "schemas" / "ai_chat.yaml").read_bytes()
        )


def _bulk_readonly(config: Path) -> tuple[int, str, None]:
    result = CliRunner().invoke(
        app, ["bulk", "--config", str(config), "--jobs", "2", "--check", "--skip", "broken"]
    )
    return result.exit_code, result.output, None


def test_a_hand_edit_survives_a_bulk_regenerate(
    fleet: tuple[Path, int, dict[str, Any]],
) -> None:
    config = fleet[0]
    main = config.parent / "out" / "desk-b" / "app" / "main.py"
    main.write_text(main.read_text() + "\n# hand edit: keep me\n")
    code, output, report = _bulk(config, "--only", "desk-b")
    assert code == 0, output
    assert "# hand edit: keep me" in main.read_text()
    assert [p["name"] for p in report["projects"]] == ["desk-b"]


def test_config_errors_are_located(tmp_path: Path) -> None:
    config = tmp_path / "bulk.yaml"
    config.write_text("projects:\n  - name: a\n    schema: s.yaml\n    out: o\n    colour: red\n")
    result = CliRunner().invoke(app, ["bulk", "--config", str(config)])
    assert result.exit_code == 2
    assert f"{config}:5:5: projects[0].colour: unknown key" in result.output


def test_committed_bulk_json_schema_is_fresh_and_accepts_the_fleet() -> None:
    committed = json.loads((ROOT / "docs" / "bulk.schema.json").read_text(encoding="utf-8"))
    assert committed == config_json_schema(), "run: python -m ssot_gen.bulk > docs/bulk.schema.json"
    jsonschema.Draft202012Validator.check_schema(committed)
    jsonschema.validate(yaml.safe_load(FLEET.read_text()), committed)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"projects": [{"name": "a", "schema": "s", "out": "o", "x": 1}]}, committed
        )


def test_a_destructive_change_needs_its_project_named(
    fleet: tuple[Path, int, dict[str, Any]],
) -> None:
    """Runs last in the module: it leaves desk-a generated from an edited schema."""
    config = fleet[0]
    schema = config.parent.parent.parent / "schemas" / "support_desk.yaml"
    text = schema.read_text()
    schema.write_text(text.replace("      on_duty: {type: bool, default: false}\n", ""))
    try:
        code, output, report = _bulk(config, "--only", "desk-a", "--allow-destructive", "desk-b")
        assert code == 2, output
        assert "destructive" in "\n".join(_by_name(report)["desk-a"]["errors"])
        code, output, report = _bulk(config, "--only", "desk-a", "--allow-destructive", "desk-a")
        assert code == 0, output
        assert _by_name(report)["desk-a"]["labels"] == ["destructive"]
    finally:
        schema.write_text(text)
