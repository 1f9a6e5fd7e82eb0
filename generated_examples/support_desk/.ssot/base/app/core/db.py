"""The async engine and sessions (SQLite via aiosqlite by default, PostgreSQL via asyncpg),
and the readiness check (:func:`database_problem`)."""

import asyncio
import functools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.core import migrating
from app.core.config import settings

IS_SQLITE = settings.database_url.startswith("sqlite")

engine = create_async_engine(
    settings.database_url,
    connect_args={"timeout": 30} if IS_SQLITE else {},
    pool_pre_ping=not IS_SQLITE,
)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)

if IS_SQLITE:

    @event.listens_for(engine.sync_engine, "connect")
    def _enable_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
        """SQLite enforces foreign keys (and so ON DELETE) only when asked, per connection."""
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


async def get_session() -> AsyncIterator[AsyncSession]:
    """One session per request."""
    async with SessionLocal() as session:
        yield session


PROJECT_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 5.0
"""Seconds the readiness check waits for the database before calling it unreachable."""


@functools.cache
def _scripts() -> ScriptDirectory:
    """This project's migrations (``alembic.ini``'s ``script_location``), read once."""
    return ScriptDirectory.from_config(AlembicConfig(str(PROJECT_ROOT / "alembic.ini")))


async def database_problem() -> str | None:
    """Why the app cannot serve now, in one line, or None when the database answers (within
    ``READY_TIMEOUT_S`` seconds) and is at the migration head. Never raises."""
    try:
        scripts = _scripts()
    except CommandError as err:  # no alembic.ini, or no migrations directory
        return f"cannot read the migrations: {err}"
    try:
        async with asyncio.timeout(READY_TIMEOUT_S):
            async with engine.connect() as connection:
                return await connection.run_sync(migrating.revision_problem, scripts)
    except TimeoutError:
        return f"the database did not answer within {READY_TIMEOUT_S:g} s"
    except (OSError, SQLAlchemyError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"the database is unreachable: {reason}"
