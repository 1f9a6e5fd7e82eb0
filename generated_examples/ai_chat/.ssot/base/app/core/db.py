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
POOL_SIZE = 40  # PostgreSQL connections kept open per process
POOL_OVERFLOW = 5  # more opened under load (closed again when returned)
POOL_RECYCLE_S = 1800  # seconds before a connection is replaced (server or proxy idle limits)
"""Pool of the PostgreSQL engine. Hundreds of replies streaming at once share it: a small pool
is where queues form first, and connections opened and closed under load cost a TLS attempt
and an authentication each (overflow connections are closed when returned to a full pool:
under a burst they churn, so the kept pool is the larger part). Two processes at 45 stay
within PostgreSQL's default ``max_connections`` (100, 3 of them kept for superusers).
Connections are not pinged when checked out (a ping is three round trips with asyncpg: BEGIN,
a query, ROLLBACK): after a database restart the first statement that meets a dead connection
fails, and the pool then replaces all its connections, rather than every checkout paying for
the ping."""

engine = create_async_engine(
    settings.database_url,
    **(
        {"connect_args": {"timeout": 30}}
        if IS_SQLITE
        else {
            "pool_size": POOL_SIZE,
            "max_overflow": POOL_OVERFLOW,
            "pool_recycle": POOL_RECYCLE_S,
        }
    ),
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
