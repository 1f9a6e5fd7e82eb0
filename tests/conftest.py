"""Shared fixtures: example schemas, generated projects (once per session), service checks."""

from __future__ import annotations

import os
import socket
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
