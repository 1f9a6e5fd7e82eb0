"""How this project's Alembic compares and runs migrations (shared with ssot-gen).

``migrations/env.py`` and ssot-gen's autogenerate (which runs inside this project) both
configure Alembic with :func:`options`, so ``alembic check`` here and ``ssot-gen check`` agree:

- server defaults are compared (:func:`compare_server_default`), on SQLite and PostgreSQL;
- named CHECK constraints are compared (importing this module registers the comparator);
- only the tables ssot-gen owns are compared: tables you create yourself are yours, never
  reported by ``alembic check`` nor dropped by ``alembic revision --autogenerate``.

On SQLite, :func:`sqlite_transactions` makes DDL transactional, so a failed upgrade leaves the
database exactly as it was (no ``_alembic_tmp_*`` table, no half-applied revision), and
:func:`drop_leftover_batch_tables` removes what an older, interrupted run left behind.

:func:`revision_problem` tells whether a database is at the head revision (the app's
readiness check and its refusal to start on a database that was not migrated).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import comparators
from alembic.autogenerate.api import AutogenContext
from alembic.migration import MigrationContext
from alembic.operations import ops
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.elements import conv

BATCH_PREFIX = "_alembic_tmp_"
"""Alembic's batch mode ("move and copy") builds the new table under this prefix."""

# --- options -------------------------------------------------------------------------------


def options(
    metadata: sa.MetaData, dialect: str, owned_tables: Iterable[str] | None = None
) -> dict[str, Any]:
    """Keyword arguments for ``context.configure`` / ``MigrationContext.configure(opts=...)``.

    ``dialect`` is the database's dialect name (``"sqlite"``, ``"postgresql"``).
    ``owned_tables``: the tables ssot-gen manages (default: ``metadata``'s tables; the tables
    of ``metadata`` are always included). A reflected table outside them, and anything on it,
    is ignored by autogenerate: it belongs to the user.
    """
    owned = set(metadata.tables) | set(owned_tables or ())

    def include_name(name: str | None, type_: str, _parents: Any) -> bool:
        """Reflect only owned tables (a user's table is not even read)."""
        return type_ != "table" or name in owned

    def include_object(
        obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any
    ) -> bool:
        """A reflected object is compared only if its table is owned."""
        if not reflected:
            return True
        return _table_name(obj, name, type_) in owned

    return {
        "target_metadata": metadata,
        "compare_type": True,
        "compare_server_default": compare_server_default,
        "include_name": include_name,
        "include_object": include_object,
        "render_as_batch": dialect == "sqlite",
        "transactional_ddl": True,
    }


def _table_name(obj: Any, name: str | None, type_: str) -> str | None:
    """The table a schema object (table, column, index, constraint) belongs to."""
    if type_ == "table":
        return name
    table = getattr(obj, "table", None)
    return getattr(table, "name", None)


# --- server defaults -----------------------------------------------------------------------

_CAST = re.compile(r"::\s*[a-z_][\w ]*(\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])?\s*$", re.IGNORECASE)
_TRUE = {"true", "1", "t", "'t'", "'true'", "'1'"}
_FALSE = {"false", "0", "f", "'f'", "'false'", "'0'"}
_NOW = {"now()", "current_timestamp", "transaction_timestamp()", "localtimestamp"}


def _quoted(sql: str) -> str | None:
    """The content of ``sql`` if it is exactly one SQL string literal (``'it''s'``), else None."""
    if len(sql) < 2 or sql[0] != "'" or sql[-1] != "'":
        return None
    inner = sql[1:-1]
    if re.fullmatch(r"(?:[^']|'')*", inner) is None:
        return None
    return inner.replace("''", "'")


def _wrapped(sql: str) -> bool:
    """Whether the whole of ``sql`` is inside one pair of parentheses (outside literals)."""
    if not (sql.startswith("(") and sql.endswith(")")):
        return False
    depth, quoted = 0, False
    for index, char in enumerate(sql):
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth == 0 and index != len(sql) - 1:
                return False
    return True


def _unwrap(sql: str) -> str | tuple[str]:
    """Strip casts (``'x'::character varying``) and parentheses around a default.

    Returns ``(content,)`` for a string literal, the remaining SQL text otherwise.
    """
    sql = sql.strip()
    while True:
        stripped = _CAST.sub("", sql).strip()
        if _wrapped(stripped):
            stripped = stripped[1:-1].strip()
        if stripped == sql:
            break
        sql = stripped
    content = _quoted(sql)
    return (content,) if content is not None else sql


def _canonical(
    default: str | tuple[str] | None, column_type: sa.types.TypeEngine[Any], dialect: str
) -> tuple[str, Any] | None:
    """A comparable form of a default: ``(kind, value)``, equal when the defaults are equal."""
    if default is None:
        return None
    literal = isinstance(default, tuple)
    text = default[0] if isinstance(default, tuple) else default
    if isinstance(column_type, sa.Boolean):
        word = text.lower() if literal else text.strip().lower()
        if word in _TRUE or word in _FALSE:
            return ("bool", word in _TRUE)
    if isinstance(column_type, sa.Integer | sa.Numeric | sa.Float):
        try:
            return ("number", Decimal(text.strip()))
        except InvalidOperation:
            pass
    if literal:
        return ("string", text)
    sql = re.sub(r"\s+", " ", text).strip().lower()
    if dialect != "sqlite" and sql in _NOW:  # equivalent on PostgreSQL; SQLite has no now()
        sql = "current_timestamp"
    return ("sql", sql)


def compare_server_default(
    context: MigrationContext,
    _inspected_column: sa.Column[Any],
    metadata_column: sa.Column[Any],
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool:
    """Alembic's ``compare_server_default`` hook: True when the database's default differs.

    Both sides are reduced to a value: a string literal (casts and quotes removed), a number
    (``5``, ``'-5'::integer``, ``'0'::numeric`` are numbers on numeric columns), a boolean, or
    SQL text (case and spaces ignored). On PostgreSQL ``now()`` is ``CURRENT_TIMESTAMP``; on
    SQLite it is not (SQLite has no ``now()``: such a default is broken, so it differs).
    """
    dialect = context.dialect.name
    column_type = metadata_column.type
    reflected = _canonical(
        None if inspected_default is None else _unwrap(inspected_default), column_type, dialect
    )
    expected: str | tuple[str] | None
    if metadata_default is None:
        expected = None
    elif isinstance(getattr(metadata_default, "arg", None), str):
        expected = (metadata_default.arg,)  # server_default="text": a string literal
    elif rendered_metadata_default is None:
        expected = None
    else:
        expected = _unwrap(rendered_metadata_default)
    return reflected != _canonical(expected, column_type, dialect)


# --- CHECK constraints ---------------------------------------------------------------------


def normalized_check(sql: str) -> str:
    """A CHECK condition without spaces and parentheses, lower case outside string literals."""
    parts = re.split(r"('(?:[^']|'')*')", sql)
    return "".join(
        part if part.startswith("'") else re.sub(r"[\s()\"]", "", part).lower() for part in parts
    )


def _named(name: Any) -> str | None:
    """A constraint's name if it has a real one (not None, not SQLAlchemy's "no name")."""
    return str(name) if isinstance(name, str) and name else None


@comparators.dispatch_for("table")
def compare_check_constraints(
    autogen_context: AutogenContext,
    modify_table_ops: ops.ModifyTableOps,
    schema: str | None,
    table_name: str,
    conn_table: sa.Table | None,
    metadata_table: sa.Table | None,
) -> None:
    """Autogenerate comparator: named CHECK constraints of the models vs the database's.

    Missing ones are created, extra ones dropped (both inside the table's ModifyTableOps).
    On SQLite the reflected condition is the text as written, so a changed condition (a new
    limit) is found too: it is dropped and created again. PostgreSQL rewrites the text
    (``length((title)::text) <= 40``), so there constraints are compared by name only.
    Unnamed constraints are ignored.
    """
    if conn_table is None or metadata_table is None:
        return
    try:
        reflected = autogen_context.inspector.get_check_constraints(table_name, schema=schema)
    except NotImplementedError:
        return
    expected = {
        name: constraint
        for constraint in metadata_table.constraints
        if isinstance(constraint, sa.CheckConstraint)
        and (name := _named(constraint.name)) is not None
    }
    found = {name: each for each in reflected if (name := _named(each.get("name"))) is not None}
    by_text = autogen_context.dialect is not None and autogen_context.dialect.name == "sqlite"
    for name in sorted(found):
        if name in expected and not (
            by_text
            and normalized_check(str(found[name]["sqltext"]))
            != normalized_check(str(expected[name].sqltext))
        ):
            continue
        reflected_constraint = sa.CheckConstraint(
            sa.text(str(found[name]["sqltext"])),
            name=conv(name),  # the final name: no naming convention applied again
            table=sa.Table(table_name, sa.MetaData(), schema=schema),
        )
        if autogen_context.run_object_filters(
            reflected_constraint, name, "check_constraint", True, expected.get(name)
        ):
            drop = ops.DropConstraintOp.from_constraint(reflected_constraint)
            modify_table_ops.ops.append(drop)
            if name in expected:
                create = ops.CreateCheckConstraintOp.from_constraint(expected[name])
                modify_table_ops.ops.append(create)
    for name in sorted(set(expected) - set(found)):
        if autogen_context.run_object_filters(
            expected[name], name, "check_constraint", False, None
        ):
            create = ops.CreateCheckConstraintOp.from_constraint(expected[name])
            modify_table_ops.ops.append(create)


# --- running migrations on SQLite ----------------------------------------------------------


def sqlite_transactions(engine: Engine | AsyncEngine) -> None:
    """Make ``engine``'s SQLite connections run DDL in real transactions, foreign keys off.

    sqlite3 (and aiosqlite) emit no BEGIN before DDL, so each CREATE/DROP/ALTER of a batch
    operation commits at once and a failure leaves ``_alembic_tmp_*`` tables behind. The
    recipe from SQLAlchemy's SQLite docs: the driver's own BEGIN is disabled and SQLAlchemy
    emits BEGIN. Foreign keys are turned off (Alembic's advice for batch mode; a PRAGMA has no
    effect inside a transaction, so it is set when connecting): copying a table that others
    reference must neither cascade deletes nor fail. Meant for the migration engine only;
    other dialects are left alone.
    """
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine
    if sync_engine.dialect.name != "sqlite":
        return

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    listeners: list[tuple[str, Callable[..., None]]] = [
        ("connect", on_connect),
        ("begin", on_begin),
    ]
    for name, listener in listeners:
        event.listen(sync_engine, name, listener)


def drop_leftover_batch_tables(connection: Connection) -> list[str]:
    """Drop the ``_alembic_tmp_<table>`` tables an interrupted older run left; their names.

    Such a table is a half-made copy of ``<table>``. If ``<table>`` itself is missing and the
    copy holds rows, it may be the only copy of the data: RuntimeError, nothing dropped.
    """
    names = sa.inspect(connection).get_table_names()
    leftovers = sorted(name for name in names if name.startswith(BATCH_PREFIX))
    tables = {name: sa.Table(name, sa.MetaData()) for name in leftovers}
    for name, table in tables.items():
        original = name.removeprefix(BATCH_PREFIX)
        if original in names:
            continue
        rows = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        if rows:
            raise RuntimeError(
                f"{name} holds {rows} rows and {original} does not exist: "
                "an interrupted migration left them there; rename or drop it by hand"
            )
    for table in tables.values():
        connection.execute(sa.schema.DropTable(table))
    return leftovers


def foreign_key_violations(connection: Connection) -> int:
    """How many rows reference a missing row (SQLite's ``PRAGMA foreign_key_check``).

    Migrations on SQLite run with foreign keys off; ``env.py`` compares this count before and
    after them, so a revision that breaks references fails there (as it would on PostgreSQL)
    instead of leaving them broken. Always 0 on other databases (they enforce foreign keys).
    """
    if connection.dialect.name != "sqlite":
        return 0
    return len(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())


# --- is the database at head? ---------------------------------------------------------------


def revision_problem(connection: Connection, scripts: ScriptDirectory) -> str | None:
    """Why the database of ``connection`` is not at the head of ``scripts``, or None if it is.

    The reason is one line: no revision at all (never migrated), an older revision (behind
    the head: ``alembic upgrade head``), or a revision these scripts do not know (the
    database was migrated by newer code).
    """
    current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(scripts.get_heads())
    if current == heads:
        return None
    if not current:
        return "the database has no migration applied; run `alembic upgrade head`"
    known = {script.revision for script in scripts.walk_revisions()}
    if not current <= known:
        unknown = ", ".join(sorted(current - known))
        return (
            f"the database is at revision {unknown}, unknown to this code (migrated by newer code)"
        )
    return (
        f"the database is at revision {', '.join(sorted(current))}, behind the head "
        f"{', '.join(sorted(heads))}; run `alembic upgrade head`"
    )
