"""Alembic revisions computed by Alembic's own autogenerate.

The generated models are imported in a subprocess (so two projects never share one
``app`` package in this process), compared with a scratch SQLite database, and the
operations Alembic renders become a revision file. Revision ids are derived from the
operations, so the same schema always gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ssot_gen.errors import GenerationError
from ssot_gen.render import environment, templates_dir

VERSIONS = Path("migrations/versions")

_AUTOGENERATE = r"""
import json, sys
sys.path.insert(0, ".")
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from app.models import Base

engine = create_engine("sqlite://")
with engine.connect() as connection:
    context = MigrationContext.configure(
        connection, opts={"target_metadata": Base.metadata, "compare_type": True}
    )
    script = produce_migrations(context, Base.metadata)
    result = {
        "empty": script.upgrade_ops.is_empty(),
        "upgrade": render_python_code(script.upgrade_ops, migration_context=context),
        "downgrade": render_python_code(script.downgrade_ops, migration_context=context),
    }
print(json.dumps(result))
"""


@dataclass(frozen=True)
class Revision:
    """A rendered revision file: ``path`` relative to the project root."""

    revision: str
    path: str
    text: str


def _body(code: str) -> str:
    lines = [line for line in code.splitlines() if "###" not in line and line.strip()]
    return "\n".join(lines) if lines else "    pass"


def existing_revisions(project_dir: Path) -> list[Path]:
    """Revision files already in ``project_dir``'s migrations/versions."""
    versions = project_dir / VERSIONS
    return sorted(versions.glob("*.py")) if versions.is_dir() else []


def initial_revision(stage: Path) -> Revision | None:
    """The revision creating every table of the models in ``stage``; None if there are none.

    Raises GenerationError if the generated models cannot be imported or compared.
    """
    result = subprocess.run(
        [sys.executable, "-c", _AUTOGENERATE],
        cwd=stage,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if result.returncode != 0:
        raise GenerationError(f"alembic autogenerate failed:\n{result.stderr.strip()}")
    data = json.loads(result.stdout)
    if data["empty"]:
        return None
    upgrade, downgrade = _body(data["upgrade"]), _body(data["downgrade"])
    revision = hashlib.sha256(upgrade.encode()).hexdigest()[:12]
    message = "create initial tables"
    slug = re.sub(r"[^a-z0-9]+", "_", message).strip("_")
    template = environment(templates_dir()).get_template("_revision.py.jinja")
    text = template.render(
        message=message, revision=revision, down_revision=None, upgrade=upgrade, downgrade=downgrade
    )
    return Revision(revision, f"{VERSIONS.as_posix()}/{revision}_{slug}.py", text)
