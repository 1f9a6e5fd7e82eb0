"""Settings: the app refuses to run without a JWT secret (except in development); migrations
need only the database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _without_secret(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "JWT_SECRET"}
    env["APP_ENV"] = "production"
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bare.db'}"
    return env


def test_a_jwt_secret_is_required_outside_development() -> None:
    settings = Settings(app_env="production", jwt_secret=None, _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(RuntimeError, match="JWT_SECRET"):
        settings.require_jwt_secret()


def test_development_generates_a_secret_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(app_env="development", jwt_secret=None, _env_file=None)  # type: ignore[call-arg]
    assert len(settings.require_jwt_secret()) >= 32
    assert "JWT_SECRET is not set" in caplog.text


def test_the_app_does_not_start_without_a_secret(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", "import app.main"],
        cwd=PROJECT_ROOT,
        env=_without_secret(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert "JWT_SECRET must be set" in run.stderr


def test_migrations_need_only_the_database(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=PROJECT_ROOT,
        env=_without_secret(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "bare.db").exists()


def test_a_started_app_freezes_its_startup_objects_and_collects_rarely(client: TestClient) -> None:
    """While the app runs (the ``client`` fixture started it), what its imports and startup
    made is out of the garbage collector's reach and the thresholds are ``GC_THRESHOLDS``:
    a full collection, which pauses every stream, is short and rare (``app.main.lifespan``)."""
    import gc

    from app.main import GC_THRESHOLDS

    assert client.get("/api/health").status_code == 200
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold() == GC_THRESHOLDS
