"""Shared fixtures: example schemas, generated projects (once per session), service checks."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from ssot_gen.pipeline import generate

# Hypothesis profiles: ``ci`` (the default) is bounded and reproducible; ``long`` explores
# (``pytest tests/test_contract.py --hypothesis-profile=long``). Examples generate whole
# projects, so no deadline; a failing schema is printed as YAML by the test itself.
_SLOW_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci",
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # Shrinking regenerates and type-checks dozens of projects: the long profile does it.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=_SLOW_CHECKS,
)
settings.register_profile(
    "long",
    max_examples=300,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_CHECKS,
)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
EXAMPLES = sorted(path.stem for path in SCHEMAS.glob("*.yaml"))
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"


def services_required() -> bool:
    """CI sets SSOT_REQUIRE_SERVICES=1: a test that needs a service must not skip there."""
    return os.environ.get("SSOT_REQUIRE_SERVICES") == "1"


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def need_service(name: str, port: int) -> None:
    """Skip (or, under SSOT_REQUIRE_SERVICES=1, fail) when a local service is absent."""
    if port_open("127.0.0.1", port):
        return
    message = f"{name} is not running on 127.0.0.1:{port}"
    if services_required():
        pytest.fail(message + " (SSOT_REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example schema generated once into a temporary directory: {name: project dir}."""
    root = tmp_path_factory.mktemp("generated")
    projects = {}
    for name in EXAMPLES:
        generate(SCHEMAS / f"{name}.yaml", root / name)
        projects[name] = root / name
    return projects


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test (dropped afterwards), as an asyncpg URL."""
    need_service("PostgreSQL", 5432)
    import asyncio
    import uuid

    import asyncpg

    name = f"ssot_{uuid.uuid4().hex[:12]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


NODE_DIR = Path(__file__).parent / "node"
"""The Node packages the tests drive (the AI SDK, @asyncapi/parser, typescript), pinned by
``package-lock.json``; ``.ci/run`` installs them with ``npm ci``."""


def _node_packages_pinned() -> bool:
    """Whether each dependency of ``tests/node/package.json`` is installed at its locked version
    (optional ones are not required)."""
    lock = json.loads((NODE_DIR / "package-lock.json").read_text())["packages"]
    manifest = json.loads((NODE_DIR / "package.json").read_text())
    for name in manifest.get("dependencies", {}):
        installed = NODE_DIR / "node_modules" / name / "package.json"
        wanted = lock.get(f"node_modules/{name}", {}).get("version")
        if not installed.exists() or json.loads(installed.read_text())["version"] != wanted:
            return False
    return True


@pytest.fixture(scope="session")
def node() -> list[str]:
    """The node command (with a global WebSocket) once ``npm ci`` installed the pinned packages
    of ``tests/node``; skipped without node and npm (a failure with SSOT_REQUIRE_SERVICES=1)."""
    node_bin, npm_bin = shutil.which("node"), shutil.which("npm")
    if node_bin is None or npm_bin is None:
        if services_required():
            pytest.fail("node and npm are needed (SSOT_REQUIRE_SERVICES=1)")
        pytest.skip("node and npm are not installed")
    # One installer at a time: pytest-xdist workers share tests/node (the first one installs,
    # the others wait on the lock and then find the pinned versions in place).
    with (NODE_DIR / ".npm-ci.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _node_packages_pinned():
            result = subprocess.run(
                [npm_bin, "ci", "--no-audit", "--no-fund"],
                cwd=NODE_DIR,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            assert result.returncode == 0, f"npm ci failed:\n{result.stdout}{result.stderr}"
    version = subprocess.run(
        [node_bin, "--version"], capture_output=True, text=True, check=True
    ).stdout
    major = int(version.strip().lstrip("v").split(".")[0])
    return [node_bin] + (["--experimental-websocket"] if major < 22 else [])
