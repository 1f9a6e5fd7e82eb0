"""Run a generated project: migrate its database to head, then serve it with uvicorn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import FrameType

from ssot_gen.errors import GenerationError

# Signals that stop the server: each is passed on to uvicorn, which then shuts down cleanly.
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def run_project(project_dir: Path, *, host: str, port: int, env: dict[str, str]) -> int:
    """``alembic upgrade head`` then ``uvicorn app.main:app`` in ``project_dir``.

    ``env`` is added to the current environment (e.g. APP_ENV, DATABASE_URL). Blocks until
    uvicorn exits; returns its exit code. SIGINT, SIGTERM and SIGHUP received meanwhile are
    passed on to uvicorn (SIGHUP as SIGTERM), so the server never outlives this call.
    Raises GenerationError if the migration fails.
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
    # Its own session: a Ctrl+C in the terminal reaches this process only, which passes it
    # on once (two SIGINTs would make uvicorn skip its graceful shutdown).
    process = subprocess.Popen(server, cwd=project_dir, env=full_env, start_new_session=True)

    def forward(signum: int, frame: FrameType | None) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    try:
        return process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if process.poll() is None:
            process.terminate()
            process.wait()
