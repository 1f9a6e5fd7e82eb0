"""The async engine and sessions (SQLite via aiosqlite by default, PostgreSQL via asyncpg)."""

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

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
