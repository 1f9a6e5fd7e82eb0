"""Run inside a generated project (cwd = the project, DATABASE_URL set): the torture suite's
one subprocess per step and database.

Reads a JSON list of actions on stdin, runs them in order and prints one JSON line
``RESULT {"results": [...]}`` on stdout. It stops at the first action whose outcome is not the
expected one (``"expect": "ok"`` by default, or ``"error"``); the test reads that result.

Actions (each a dict with ``"op"``; every result repeats ``op`` and ``label`` and has ``ok``
and ``error``):

- ``{"op": "alembic", "args": ["upgrade", "head"]}``: ``upgrade``, ``downgrade``, ``check``
  through ``alembic.command`` with ``Config("alembic.ini")``.
- ``{"op": "sql", "statements": [[sql, {param: value}], ...]}``: one transaction. A string
  value ``"@id:<name>"`` becomes the UUID ``uuid5(NAMESPACE_URL, name)`` in the dialect's form
  (32 hex digits on SQLite, a UUID on PostgreSQL).
- ``{"op": "insert", "table": t, "rows": [{column: value}, ...]}``: plain SQL INSERTs naming
  only the given columns (so the database's own defaults fill the rest), one transaction.
- ``{"op": "snapshot"}``: ``{"version": [...], "tables": {table: {id hex: {column: value}}},
  "schema": {table: {"columns": {...}, "foreign_keys": [...], "indexes": [...],
  "uniques": [...]}}}``; values as JSON (UUIDs as 32 hex digits, datetimes and decimals as
  text).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import json
import os
import sys
import traceback
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

ID_PREFIX = "@id:"


def symbolic_id(name: str) -> uuid.UUID:
    """The UUID the suite uses for the row it calls ``name`` (same in the test process)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "torture:" + name)


def _bind(value: Any, dialect: str) -> Any:
    if isinstance(value, str) and value.startswith(ID_PREFIX):
        ident = symbolic_id(value[len(ID_PREFIX) :])
        return ident.hex if dialect == "sqlite" else ident
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _identifier(value: Any) -> Any:
    """An id as 32 hex digits whatever the dialect returned (UUID, hex, dashed text)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, str) and len(value) in (32, 36):
        try:
            return uuid.UUID(value).hex
        except ValueError:
            return value
    return value


def _schema(connection: sa.Connection) -> dict[str, Any]:
    inspector = sa.inspect(connection)
    result: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        columns = {
            c["name"]: {
                "type": str(c["type"]),
                "nullable": bool(c["nullable"]),
                "default": None if c.get("default") is None else str(c["default"]),
            }
            for c in inspector.get_columns(table)
        }
        foreign_keys = sorted(
            [
                {
                    "columns": fk["constrained_columns"],
                    "target": fk["referred_table"],
                    "ondelete": (fk.get("options") or {}).get("ondelete"),
                }
                for fk in inspector.get_foreign_keys(table)
            ],
            key=json.dumps,
        )
        indexes = sorted(
            [
                {"name": ix["name"], "columns": ix["column_names"], "unique": bool(ix["unique"])}
                for ix in inspector.get_indexes(table)
            ],
            key=json.dumps,
        )
        uniques = sorted(
            [u["column_names"] for u in inspector.get_unique_constraints(table)], key=json.dumps
        )
        result[table] = {
            "columns": columns,
            "foreign_keys": foreign_keys,
            "indexes": indexes,
            "uniques": uniques,
        }
    return result


def _snapshot(connection: sa.Connection) -> dict[str, Any]:
    metadata = sa.MetaData()
    metadata.reflect(connection)
    tables: dict[str, Any] = {}
    version: list[str] = []
    for name, table in sorted(metadata.tables.items()):
        rows = connection.execute(sa.select(table)).mappings().all()
        if name == "alembic_version":
            version = sorted(str(row["version_num"]) for row in rows)
            continue
        keyed: dict[str, Any] = {}
        for index, row in enumerate(rows):
            plain = {key: _plain(value) for key, value in row.items()}
            for key in plain:
                if key == "id" or key.endswith("_id"):
                    plain[key] = _identifier(plain[key])
            keyed[str(plain.get("id", index))] = plain
        tables[name] = keyed
    return {"version": version, "tables": tables, "schema": _schema(connection)}


async def _database(action: dict[str, Any]) -> Any:
    engine = create_async_engine(os.environ["DATABASE_URL"])
    dialect = engine.dialect.name
    try:
        if action["op"] == "snapshot":
            async with engine.connect() as connection:
                return await connection.run_sync(_snapshot)
        statements: list[tuple[str, dict[str, Any]]] = []
        if action["op"] == "sql":
            statements = [(sql, params) for sql, params in action["statements"]]
        else:  # insert
            for row in action["rows"]:
                columns = ", ".join(f'"{column}"' for column in row)
                values = ", ".join(f":p{index}" for index in range(len(row)))
                params = {f"p{index}": value for index, value in enumerate(row.values())}
                statements.append(
                    (f'INSERT INTO "{action["table"]}" ({columns}) VALUES ({values})', params)
                )
        async with engine.begin() as connection:
            for sql, params in statements:
                bound = {key: _bind(value, dialect) for key, value in params.items()}
                await connection.execute(sa.text(sql), bound)
        return None
    finally:
        await engine.dispose()


def _alembic(args: list[str]) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config("alembic.ini")
    config.attributes["configure_logger"] = False
    verb, *rest = args
    if verb == "upgrade":
        command.upgrade(config, rest[0])
    elif verb == "downgrade":
        command.downgrade(config, rest[0])
    elif verb == "check":
        command.check(config)
    else:
        raise ValueError(f"unknown alembic verb {verb!r}")


def _error_text(error: BaseException) -> str:
    """The error and its causes, then the traceback's last lines (what a user would read)."""
    parts: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(parts) < 5:
        parts.append(f"{type(seen).__name__}: {seen}")
        seen = seen.__cause__ or seen.__context__
    tail = "".join(traceback.format_exception(error)[-3:])
    return "\n".join(parts) + "\n--- traceback tail ---\n" + tail


def main() -> None:
    sys.path.insert(0, str(Path.cwd()))
    actions = json.load(sys.stdin)
    results: list[dict[str, Any]] = []
    for action in actions:
        result: dict[str, Any] = {"op": action["op"], "label": action.get("label", "")}
        try:
            if action["op"] == "alembic":
                _alembic(list(action["args"]))
                value = None
            else:
                value = asyncio.run(_database(action))
            result.update(ok=True, error=None, value=value)
        except Exception as error:  # reported to the test, which decides
            result.update(ok=False, error=_error_text(error), value=None)
        results.append(result)
        if result["ok"] != (action.get("expect", "ok") == "ok"):
            break
    sys.stdout.write("RESULT " + json.dumps({"results": results}) + "\n")


if __name__ == "__main__":
    main()
