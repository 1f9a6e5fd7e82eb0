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
    uvicorn exits; returns its exit code, 0 when it was stopped by a signal passed on to it:
    SIGINT, SIGTERM and SIGHUP received meanwhile are passed on to uvicorn (SIGHUP as
    SIGTERM), so the server never outlives this call.
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
    server += ["--ws-per-message-deflate", "false"]  # as the project's README runs it
    stopped_by: set[int] = set()
    children: list[subprocess.Popen[bytes]] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        sent = signal.SIGTERM if signum == signal.SIGHUP else signum
        stopped_by.add(sent)
        for child in children:
            if child.poll() is None:
                child.send_signal(sent)

    # Handlers first, so that no signal can arrive between starting uvicorn and watching it.
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    try:
        if stopped_by:
            return 0
        # Its own session: a Ctrl+C in the terminal reaches this process only, which passes
        # it on once (two SIGINTs would make uvicorn skip its graceful shutdown).
        process = subprocess.Popen(server, cwd=project_dir, env=full_env, start_new_session=True)
        children.append(process)
        for sent in list(stopped_by):  # a signal that came while it was starting
            process.send_signal(sent)
        code = process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for child in children:
            if child.poll() is None:
                child.terminate()
                child.wait()
    if code < 0:  # uvicorn re-raises the signal that stopped it once it has shut down
        return 0 if -code in stopped_by else 128 - code
    return code
