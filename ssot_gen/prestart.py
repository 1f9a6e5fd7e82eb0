"""The autogenerate subprocess, started as early as a run knows it may need one.

``ssot_gen/autogen.py`` imports SQLAlchemy and Alembic (about 0.45 s) before it reads its
request on stdin, and ssot-gen itself spends about 0.3 s importing its schema models and
0.2 s loading a schema before it knows what to ask. Started by the console script as soon as
the command is ``generate`` (``ssot_gen.entry``), or by ``pipeline.prepare``, the subprocess
does its imports while this process does its own. The next autogenerate takes it
(:func:`take`); :func:`discard` ends it when none runs (nothing changed, the models did not
change, the machine cache answered, the schema is invalid), and at exit at the latest.
Standard library only, so the console script can import it without slowing anything.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from pathlib import Path

AUTOGEN = Path(__file__).resolve().parent / "autogen.py"

_process: subprocess.Popen[str] | None = None


def spawn() -> subprocess.Popen[str]:
    """A new autogenerate process, waiting for its JSON request on stdin. Raises OSError."""
    return subprocess.Popen(
        [sys.executable, str(AUTOGEN)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def start() -> None:
    """Start the autogenerate process now, unless one is already waiting."""
    global _process
    if _process is None:
        try:
            _process = spawn()
        except OSError:  # started on demand instead, where a failure is reported
            _process = None
        else:
            atexit.register(discard)


def take() -> subprocess.Popen[str]:
    """The waiting process (then forgotten here), or a new one. Raises OSError."""
    global _process
    process, _process = _process, None
    return process if process is not None else spawn()


def waiting() -> bool:
    """Whether a started process waits for a request."""
    return _process is not None


def discard() -> None:
    """End the waiting process, if any (nothing took it)."""
    global _process
    process, _process = _process, None
    if process is not None:
        process.kill()
        process.communicate()
