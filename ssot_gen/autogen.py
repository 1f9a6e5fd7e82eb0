"""Run inside a generated project (as a script, with the project as working directory).

Upgrades a scratch in-memory SQLite database to the project's current Alembic head, applies
the schema's renames to it (so they become renames, never drop + add), then lets Alembic's
autogenerate compare the project's models with it, with the comparison options the project's
own ``migrations/env.py`` uses (``app.core.migrating``). Every operation is then reviewed
(``ssot_gen.review``): it gets a label (``ssot_gen.revision_ops.LABELS``), a NOT NULL change
is preceded by a backfill or a pre-check, tables are dropped after the foreign keys that
point at them, and the downgrade is built from the previous generation's models
(``previous_app``), so it re-creates what it drops with the real types, not with the types
SQLite reflection reports.

Reads a JSON request on stdin and prints a JSON answer on stdout:

request: ``{"project": dir, "tables": [[old, new]], "columns": [[table, old, new]],
"enum_fixes": [[table, column, [removed values], replacement]], "known_tables": [name],
"previous_app": dir | null, "database_url": url | null}``

answer: ``{"head": str | None, "empty": bool, "upgrade": code, "downgrade": code,
"helpers": [name], "changes": [{"text", "label", "violations": int | None}]}`` or, on a
problem the schema author must fix, ``{"error": message}`` (exit status 3).

``project`` (default: the working directory) is the staged project. It runs with ssot-gen's
interpreter and the generated project's ``app`` on sys.path; the
ssot_gen modules it imports never import ``app`` themselves.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from alembic.operations import ops

from ssot_gen.review import Review, Reviewer
from ssot_gen.revision_ops import (
    Check,
    PrecheckOp,
    Previous,
    Refused,
    RenameColumnOp,
    quote,
    register_renderers,
    reverse,
    sql_literal,
)


def _purge_app_modules() -> None:
    for name in list(sys.modules):
        if name == "app" or name.startswith("app."):
            del sys.modules[name]


def _load_previous(directory: str | None) -> Any:
    """Import the previous generation's ``app.models`` from ``directory``; its MetaData."""
    if not directory:
        return None
    sys.path.insert(0, directory)
    try:
        metadata = importlib.import_module("app.models").Base.metadata
    except Exception:
        metadata = None
    finally:
        sys.path.remove(directory)
        _purge_app_modules()
    return metadata


# What every run imports, loaded before the request arrives: the caller may start this
# process early (``migrate.prestart``) so these imports overlap its own rendering.
WARM = (
    "sqlalchemy.orm",
    "sqlalchemy.ext.asyncio",
    "alembic.autogenerate",
    "alembic.command",
    "alembic.runtime.environment",
    "alembic.script",
    "pydantic_settings",
    "aiosqlite",
)


def _warm() -> None:
    for name in WARM:
        try:
            importlib.import_module(name)
        except ImportError:  # the project's own import then reports what is missing
            pass


def main() -> None:
    _warm()
    request = json.load(sys.stdin)
    if request.get("project"):
        os.chdir(request["project"])
    os.environ["APP_ENV"] = "development"
    os.environ["JWT_SECRET"] = "autogenerate"
    os.environ["DATABASE_URL"] = "sqlite+aiosqlite://"
    previous_metadata = _load_previous(request.get("previous_app"))
    sys.path.insert(0, str(Path.cwd()))
    try:
        answer = run(request, previous_metadata)
    except Refused as err:
        print(json.dumps({"error": str(err)}))
        raise SystemExit(3) from None
    print(json.dumps(answer))


def _upgrade_scratch(config: Any, connection: Any) -> None:
    """Upgrade the scratch database one revision at a time; a revision that fails is named."""
    from alembic import command
    from alembic.script import ScriptDirectory

    try:
        script = ScriptDirectory.from_config(config)
        chain = list(reversed(list(script.walk_revisions())))
    except Exception as err:
        raise Refused(_located(err, "does not load")) from err
    config.attributes["connection"] = connection
    for revision in chain:
        try:
            command.upgrade(config, revision.revision)
            connection.commit()
        except Exception as err:
            path = Path(revision.path).relative_to(Path.cwd()).as_posix()
            last = traceback.extract_tb(err.__traceback__)
            line = next((f.lineno for f in reversed(last) if f.filename == revision.path), None)
            where = f"{path}:{line}" if line else path
            raise Refused(
                f"{where}: upgrading an empty database fails: {type(err).__name__}: {err}"
            ) from err


def _located(err: BaseException, what: str) -> str:
    """``path:line: <what>: <error>`` for an error raised in (or parsing) a revision file."""
    root = Path.cwd()
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(err.__traceback__)]
    if isinstance(err, SyntaxError) and err.filename:
        frames.append((err.filename, err.lineno))
    message = err.msg if isinstance(err, SyntaxError) else str(err)
    problem = f"{what}: {type(err).__name__}: {message}"
    for filename, line in reversed(frames):
        path = Path(filename)
        if path.is_relative_to(root / "migrations"):
            return f"{path.relative_to(root).as_posix()}:{line}: {problem}"
    return f"the migrations {problem}"


def run(request: dict[str, Any], previous_metadata: Any) -> dict[str, Any]:
    """Compute the next revision's operations (see the module docstring for the shapes)."""
    from alembic.autogenerate import produce_migrations, render_python_code
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.pool import StaticPool

    base = importlib.import_module("app.models").Base  # the generated project's models
    migrating = importlib.import_module("app.core.migrating")
    register_renderers()

    config = Config()
    config.set_main_option("script_location", "migrations")
    config.attributes["configure_logger"] = False
    try:
        head = ScriptDirectory.from_config(config).get_current_head()
    except Exception as err:
        raise Refused(_located(err, "does not load")) from err
    engine = create_engine("sqlite://", poolclass=StaticPool)
    review = Review()
    first: list[Any] = []  # operations before autogenerate's
    renamed_tables: dict[str, str] = {}
    renamed_columns: dict[tuple[str, str], str] = {}
    with engine.connect() as connection:
        # 1. The database as the existing revisions leave it.
        if head is not None:
            _upgrade_scratch(config, connection)
        existing = set(inspect(connection).get_table_names())
        # 2. Removed enum values: existing rows get the replacement value.
        for table, column, removed, replacement in request["enum_fixes"]:
            if table in existing:
                values = ", ".join(sql_literal(v) for v in removed)
                sql = (
                    f"UPDATE {quote(table)} SET {quote(column)} = {sql_literal(replacement)} "
                    f"WHERE {quote(column)} IN ({values})"
                )
                first.append(ops.ExecuteSQLOp(sql))
                review.add(
                    f"set {table}.{column} to '{replacement}' where it was "
                    f"{', '.join(removed)} (enum values removed)",
                    "destructive",
                )
        # 3. Renames, applied to the scratch database so autogenerate sees them as done.
        for old, new in request["tables"]:
            inspector = inspect(connection)
            if inspector.has_table(old) and not inspector.has_table(new):
                connection.execute(text(f"ALTER TABLE {quote(old)} RENAME TO {quote(new)}"))
                first.append(ops.RenameTableOp(old, new))
                renamed_tables[new] = old
                existing = (existing - {old}) | {new}
                review.add(f"rename table {old} to {new}", "safe")
        for table, old, new in request["columns"]:
            inspector = inspect(connection)
            if not inspector.has_table(table):
                continue
            names = {c["name"] for c in inspector.get_columns(table)}
            if old in names and new not in names:
                connection.execute(
                    text(f"ALTER TABLE {quote(table)} RENAME COLUMN {quote(old)} TO {quote(new)}")
                )
                first.append(RenameColumnOp(table, old, new))
                renamed_columns[(table, new)] = old
                review.add(f"rename column {table}.{old} to {new}", "safe")
        connection.commit()
        previous = Previous(previous_metadata, renamed_tables, renamed_columns)
        # 4. Autogenerate against it.
        known = set(request.get("known_tables", [])) | set(base.metadata.tables)
        context = MigrationContext.configure(
            connection, opts=migrating.options(base.metadata, "sqlite", owned_tables=known)
        )
        auto = produce_migrations(context, base.metadata).upgrade_ops
        assert auto is not None
        reviewer = Reviewer(review, previous, existing, base.metadata)
        body = reviewer.review_all(auto.ops)
        upgrade: list[Any] = [*first, *[PrecheckOp(c) for c in review.checks], *body]
        reversible = [op for op in body if not isinstance(op, ops.ExecuteSQLOp)]
        reversible = [op for op in first if not isinstance(op, ops.ExecuteSQLOp)] + reversible
        downgrade = reviewer.review_downgrade(
            [reverse(op, previous) for op in reversed(reversible)]
        )
    if request.get("database_url") and review.checks:
        counts = count_violations(request["database_url"], review.checks, head)
        for change in review.changes:
            if "check" in change:
                change["violations"] = counts[change["check"]]
    for change in review.changes:
        change.pop("check", None)
    return {
        "head": head,
        "empty": not upgrade,
        "upgrade": render_python_code(ops.UpgradeOps(ops=upgrade), render_as_batch=True),
        "downgrade": render_python_code(ops.DowngradeOps(ops=downgrade), render_as_batch=True),
        "helpers": sorted(review.helpers),
        "changes": review.changes,
    }


def count_violations(url: str, checks: list[Check], head: str | None) -> list[int]:
    """Run each check's ``live_sql`` on the database at ``url``, read only (SELECTs in a
    transaction that is rolled back). Raises Refused if the database cannot be read or is
    not at ``head``."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+asyncpg://" + url.split("://", 1)[1]
    elif url.startswith("sqlite://"):
        url = "sqlite+aiosqlite://" + url.split("://", 1)[1]

    async def counts() -> list[int]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                if connection.dialect.name == "postgresql":
                    await connection.execute(text("SET TRANSACTION READ ONLY"))
                version = (
                    await connection.execute(text("SELECT version_num FROM alembic_version"))
                ).scalar_one_or_none()
                if version != head:
                    raise Refused(
                        f"--database-url: the database is at revision {version}, not at the "
                        f"project's head {head}: upgrade it first"
                    )
                found = [
                    int((await connection.execute(text(c.live_sql))).scalar_one()) for c in checks
                ]
                await connection.rollback()
                return found
        finally:
            await engine.dispose()

    try:
        return asyncio.run(counts())
    except Refused:
        raise
    except Exception as err:
        raise Refused(
            f"--database-url: cannot read the database: {type(err).__name__}: {err}"
        ) from err


if __name__ == "__main__":
    main()
