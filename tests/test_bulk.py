"""``ssot-gen bulk``: a fleet of projects from one config, with overrides, in parallel worker
processes; a broken project reported (located in the config) without stopping the others;
dry runs that write nothing; the bulk check; the config's JSON Schema kept up to date."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssot_gen.bulk import config_json_schema
from ssot_gen.cli import app
from tests.conftest import ROOT, SCHEMAS

CONFIG = """\
defaults:
  project: {version: "2.0.0"}
projects:
  - {name: chat-a, schema: ai_chat.yaml, out: out/chat-a}
  - name: chat-b
    schema: ai_chat.yaml
    out: out/chat-b
    overrides:
      project: {title: "B's \\"chat\\""}
      providers: {mock: {default_model: mock-fast, models: {mock-fast: {input: 1, output: 2}}}}
  - {name: desk-a, schema: support_desk.yaml, out: out/desk-a}
  - name: desk-b
    schema: support_desk.yaml
    out: out/desk-b
    overrides: {project: {title: Desk B}}
  - {name: chat-c, schema: ai_chat.yaml, out: out/chat-c}
  - name: broken
    schema: ai_chat.yaml
    out: out/broken
    overrides:
      project: {title: 7}
"""
BROKEN_LINE = "      project: {title: 7}"


def ssot(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, str]]:
    """The six-project fleet generated once: (config, exit code, output)."""
    root = tmp_path_factory.mktemp("fleet")
    for name in ("ai_chat", "support_desk"):
        shutil.copy(SCHEMAS / f"{name}.yaml", root / f"{name}.yaml")
    config = root / "fleet.yaml"
    config.write_text(CONFIG)
    code, output = ssot("bulk", "--config", str(config), "--jobs", "2")
    # Invalid configs are refused before anything runs: fix the broken one, run it alone.
    yield config, code, output


def test_an_invalid_project_is_located_in_the_config_and_nothing_runs(
    fleet: tuple[Path, int, str],
) -> None:
    config, code, output = fleet
    assert code == 2
    line = CONFIG.splitlines().index(BROKEN_LINE) + 1
    assert f"fleet.yaml:{line}:" in output
    assert "project.title: must be a string, not a number [project broken]" in output
    assert "overrides " in output and "ai_chat.yaml:" in output  # the schema node it changes
    assert "Traceback" not in output
    assert not (config.parent / "out").exists()


def test_a_fleet_generates_checks_and_regenerates(fleet: tuple[Path, int, str]) -> None:
    config, _, _ = fleet
    root = config.parent
    fixed = root / "fixed.yaml"
    fixed.write_text(CONFIG.replace(BROKEN_LINE, "      project: {titel: x}"))
    code, output = ssot("bulk", "--config", str(fixed))
    assert code == 2 and "unknown key 'titel'" in output  # an override must name a real key

    good = root / "good.yaml"
    good.write_text(CONFIG.replace(BROKEN_LINE, "      ui: {title: Broken no more}"))
    report = root / "report.json"
    code, output = ssot("bulk", "-c", str(good), "-j", "2", "--report", str(report))
    assert code == 0, output
    data = json.loads(report.read_text())
    assert [p["name"] for p in data["projects"]] == [
        "chat-a", "chat-b", "desk-a", "desk-b", "chat-c", "broken"
    ]  # fmt: skip
    assert all(p["status"] == "ok" and p["counts"].get("create") for p in data["projects"])
    out = root / "out"
    config_py = (out / "chat-b" / "app" / "core" / "config.py").read_text()
    assert 'default_model: str = "mock-fast"' in config_py
    assert "mock-echo" not in (out / "chat-b" / "app" / "core" / "config.py").read_text()
    code, output = ssot("bulk", "-c", str(good), "--check")
    assert code == 0, output  # every project up to date with its merged schema

    # A hand edit survives a bulk regenerate; everything else is identical.
    main = out / "chat-a" / "app" / "main.py"
    main.write_text(main.read_text() + "\n# ours\n")
    code, output = ssot("bulk", "-c", str(good), "-j", "2", "--report", str(report))
    assert code == 0, output
    data = json.loads(report.read_text())
    for project in data["projects"]:
        keep = project["counts"].get("keep", 0)
        assert set(project["counts"]) <= {"identical", "keep"}, project
        assert keep == (1 if project["name"] == "chat-a" else 0)
    assert main.read_text().endswith("# ours\n")

    # A dry run on a read-only tree writes nothing (and could not).
    schema = root / "support_desk.yaml"
    subject = "      subject: {type: string, max_length: 160, default: New ticket}\n"
    edited = schema.read_text().replace(
        subject, subject + "      pinned: {type: bool, default: false}\n"
    )
    assert edited != schema.read_text()
    schema.write_text(edited)
    before = tree(root)
    modes = {p: p.stat().st_mode for p in [root, *root.rglob("*")]}
    try:
        for path in modes:
            path.chmod(modes[path] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        code, output = ssot("bulk", "-c", str(good), "--dry-run", "--only", "desk-*")
        assert code == 0, output
        assert "desk-a" in output and "chat-a" not in output
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert tree(root) == before

    # The bulk check: the two support desks are stale after the schema edit.
    code, output = ssot("bulk", "-c", str(good), "--check", "--skip", "broken")
    assert code == 1, output
    assert "desk-a: update: app/models.py" in output
    assert "chat-a:" not in output


def test_the_config_json_schema_is_up_to_date() -> None:
    committed = json.loads((ROOT / "docs" / "bulk.schema.json").read_text())
    assert committed == config_json_schema()
