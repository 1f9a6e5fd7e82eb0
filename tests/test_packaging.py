"""The wheel ships the templates, and every README command is a real command."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from ssot_gen.cli import app
from ssot_gen.render import template_names, templates_dir
from tests.conftest import ROOT


def test_wheel_contains_every_template(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("ssot_gen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"ssot_gen/templates/{name}" for name in template_names(templates_dir())}
    expected.add("ssot_gen/templates/_revision.py.jinja")
    assert expected <= names


def test_readme_opens_with_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1].strip().splitlines()
    assert first_block[0] == "bash"
    run_demo, run_tests = first_block[1:]
    assert "ssot-gen run schemas/ai_chat.yaml" in run_demo
    assert "pytest" in run_tests
    ci = (ROOT / ".ci" / "run").read_text()
    assert "SSOT_REQUIRE_SERVICES=1" in ci
    assert "sed -n 2p" in ci  # .ci/run executes the second line of that block


def test_every_command_in_the_readme_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = set(re.findall(r"`ssot-gen ([a-z]+)", readme))
    assert {"validate", "schema", "generate", "run", "version"} <= commands
    runner = CliRunner()
    for command in sorted(commands):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, (command, result.output)
