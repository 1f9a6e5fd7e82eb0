"""The command line a new user meets: help, version, error output and ``run``'s lifecycle."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssot_gen import __version__
from ssot_gen.cli import app

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "schemas" / "minimal.yaml"
COMMANDS = ["validate", "schema", "generate", "check", "diff", "run", "version"]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(flag: str) -> None:
    code, stdout, _ = invoke(flag)
    assert code == 0
    assert "Usage:" in stdout and "[OPTIONS] COMMAND [ARGS]..." in stdout
    for command in COMMANDS:
        assert command in stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_no_type_noise(command: str) -> None:
    code, stdout, _ = invoke(command, "-h")
    assert code == 0
    for noise in ("<bool>", "<path>", "<str>", "<int>", "{schema}", "{SCHEMA}", "--no-"):
        assert noise not in stdout, f"{command} -h shows {noise}"


@pytest.mark.parametrize("command", ["check", "diff"])
def test_check_and_diff_say_they_write_nothing(command: str) -> None:
    _, stdout, _ = invoke(command, "-h")
    assert "nothing is written" in " ".join(stdout.split())


def test_version() -> None:
    assert invoke("--version") == (0, f"{__version__}\n", "")
    assert invoke("version") == (0, f"{__version__}\n", "")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BAD_TITLE = MINIMAL.read_text(encoding="utf-8").replace(
    "project: {name: tiny_chat, title: Tiny chat}", "project: {name: tiny_chat, title: !!int x}"
)


def test_errors_show_the_source_line_with_a_caret(tmp_path: Path) -> None:
    path = write(tmp_path, BAD_TITLE)
    code, stdout, stderr = invoke("validate", str(path))
    assert (code, stdout) == (2, "")
    assert stderr.splitlines() == [
        f"{path}:3:35: project.title: invalid YAML: 'x' is not a valid !!int",
        " 3 | project: {name: tiny_chat, title: !!int x}",
        "   |                                   ^",
        "1 error in the schema",
    ]


def test_validate_format_json(tmp_path: Path) -> None:
    path = write(tmp_path, BAD_TITLE)
    code, stdout, stderr = invoke("validate", "--format", "json", str(path))
    assert (code, stderr) == (2, "")
    assert json.loads(stdout) == {
        "valid": False,
        "message": None,
        "errors": [
            {
                "file": str(path),
                "line": 3,
                "column": 35,
                "path": "project.title",
                "message": "invalid YAML: 'x' is not a valid !!int",
                "hint": None,
            }
        ],
    }
    code, stdout, _ = invoke("validate", "--format", "json", str(MINIMAL))
    assert code == 0
    assert json.loads(stdout) == {"valid": True, "errors": [], "models": 3, "providers": 1}


def test_validate_format_json_for_a_missing_file(tmp_path: Path) -> None:
    code, stdout, _ = invoke("validate", "--format", "json", str(tmp_path / "absent.yaml"))
    assert code == 2
    (error,) = json.loads(stdout)["errors"]
    assert error["message"].startswith("cannot read the file")


@pytest.mark.parametrize("name", [":100:", "[bold]x[/bold]", ":thumbs_up:"])
def test_names_are_printed_as_written(tmp_path: Path, name: str) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "      handle: {type: string, max_length: 40, unique: true}\n",
        "      handle: {type: string, max_length: 40, unique: true}\n"
        f"      '{name}': {{type: string, nullable: true}}\n",
    )
    path = write(tmp_path, text)
    code, _, stderr = invoke("validate", str(path))
    assert code == 2
    first = stderr.splitlines()[0]
    assert first == f"{path}:11:7: models.Member.fields.{name}: '{name}' must be snake_case"
    assert stderr.splitlines()[1] == f" 11 |       '{name}': {{type: string, nullable: true}}"
    assert "\U0001f4af" not in stderr and "\U0001f44d" not in stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for_health(process: subprocess.Popen[bytes], port: int) -> None:
    """Poll /api/health until it answers 200; fail if the process exits first.

    The bound is a safety net against a hung test run, not an assertion on speed.
    """
    url = f"http://127.0.0.1:{port}/api/health"
    for _ in range(3000):
        assert process.poll() is None, "ssot-gen run exited before serving"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail("the server never answered /api/health")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_run_stops_the_server_it_started(tmp_path: Path, signum: int) -> None:
    port = free_port()
    command = [sys.executable, "-m", "ssot_gen.cli", "run", str(MINIMAL)]
    command += ["--out", str(tmp_path / "project"), "--port", str(port)]
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_health(process, port)
        process.send_signal(signum)
        assert process.wait(timeout=120) == 0
        assert not port_in_use(port)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
