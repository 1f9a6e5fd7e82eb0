"""Run a generated project: migrate its database to head, then serve it with uvicorn."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ssot_gen.errors import GenerationError


def run_project(project_dir: Path, *, host: str, port: int, env: dict[str, str]) -> int:
    """``alembic upgrade head`` then ``uvicorn app.main:app`` in ``project_dir``.

    ``env`` is added to the current environment (e.g. APP_ENV, DATABASE_URL). Blocks until
    uvicorn exits; returns its exit code. Raises GenerationError if the migration fails.
    """
    full_env = {**os.environ, **env}
    upgrade = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=project_dir,
        env=full_env,
        check=False,
    )
    if upgrade.returncode != 0:
        raise GenerationError(f"alembic upgrade head failed in {project_dir}")
    server = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", host, "--port", str(port)]
    try:
        return subprocess.run(server, cwd=project_dir, env=full_env, check=False).returncode
    except KeyboardInterrupt:
        return 0
