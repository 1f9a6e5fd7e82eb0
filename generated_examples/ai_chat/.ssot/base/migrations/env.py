"""Alembic environment: runs migrations on DATABASE_URL with the async engine.

Configured by ``app.core.migrating`` (shared with ssot-gen, so ``alembic check`` here and
``ssot-gen check`` agree): server defaults and CHECK constraints are compared, and tables you
create yourself are yours (never reported, never dropped). SQLite uses batch mode ("move and
copy") with transactional DDL and foreign keys off (checked after the migrations), so a failed
upgrade leaves the database as it was. Only the database settings are read: migrating needs no
JWT_SECRET.
"""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import async_engine_from_config

from app.core import migrating
from app.core.config import settings
from app.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name)

target_metadata = Base.metadata


def database_url() -> str:
    """The URL given by the caller (tests, the generator) or DATABASE_URL."""
    url = config.attributes.get("database_url")
    return str(url) if url else settings.database_url


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (``alembic upgrade head --sql``)."""
    url = database_url()
    dialect = make_url(url).get_backend_name()
    context.configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **migrating.options(target_metadata, dialect),
    )
    if dialect == "sqlite":
        context.execute("PRAGMA foreign_keys=OFF")  # before BEGIN: no effect inside it
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    """Run the migrations on an open ``connection``, in one transaction."""
    context.configure(
        connection=connection, **migrating.options(target_metadata, connection.dialect.name)
    )
    with context.begin_transaction():
        migrating.drop_leftover_batch_tables(connection)
        broken = migrating.foreign_key_violations(connection)
        context.run_migrations()
        broken = migrating.foreign_key_violations(connection) - broken
        if broken > 0:  # SQLite migrates with foreign keys off: checked here, rolled back
            raise RuntimeError(f"the migration leaves {broken} row(s) referencing missing rows")


async def run_async_migrations() -> None:
    """Connect to the database with the async driver and run the migrations."""
    connectable = async_engine_from_config(
        {"sqlalchemy.url": database_url()}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    migrating.sqlite_transactions(connectable)
    async with connectable.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await connectable.dispose()


def run_migrations_online() -> None:
    """On the caller's connection (``config.attributes["connection"]``), else DATABASE_URL.

    A caller's connection is used as it is: on SQLite, its transactions and foreign keys are the
    caller's to set up (``migrating.sqlite_transactions`` on its engine).
    """
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
    else:
        asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
