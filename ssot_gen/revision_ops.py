"""What ssot-gen's revisions are made of, beyond Alembic's own operations: the labels, the
previous generation's models looked up by current names, SQL literals, and the operations
rendered as calls of helpers the revision file defines (``templates/_revision.py.jinja``).

Used by ``ssot_gen/autogen.py`` inside a generated project (with its ``app`` importable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import renderers
from alembic.operations import ops

LABELS = ("safe", "backfill", "data-dependent", "locking", "destructive")
"""Operation labels, least to most severe: ``backfill`` rewrites rows, ``data-dependent``
may fail on existing rows (guarded by a pre-check in the revision), ``locking`` rewrites or
locks a table on PostgreSQL, ``destructive`` loses data."""


class Refused(Exception):
    """A change no revision can make safely; the message says what to do instead."""


@dataclass
class Check:
    """A pre-check: ``sql`` counts the rows that would make the revision fail.

    ``live_sql`` is the same count with the names the database has before this revision
    (renames not yet applied), run against ``--database-url``.
    """

    sql: str
    live_sql: str
    problem: str


def quote(name: str) -> str:
    """A SQL identifier in double quotes (SQLite and PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def placeholder(column: Any) -> str | None:
    """A SQL literal to backfill existing rows of a new NOT NULL column (None: impossible)."""
    from sqlalchemy import Boolean, DateTime, Enum, Float, Integer, Numeric, String, Text

    kind = column.type
    if column.foreign_keys:
        return None
    if isinstance(kind, Enum):
        return sql_literal(str(kind.enums[0]))
    if isinstance(kind, String | Text):
        return "''"
    if isinstance(kind, Boolean):
        return "false"
    if isinstance(kind, Integer | Float | Numeric):
        return "0"
    if isinstance(kind, DateTime):
        return "CURRENT_TIMESTAMP"
    return None


def default_sql(column: Any) -> str | None:
    """The column's server default as a SQL expression (None: it has none)."""
    default = column.server_default
    if default is None:
        return None
    arg = default.arg
    if isinstance(arg, str):
        return sql_literal(arg)
    return str(arg.text if hasattr(arg, "text") else arg)


def type_change(old: Any, new: Any) -> tuple[str, int | None]:
    """The label of changing a column from type ``old`` to ``new``, and for a narrowed
    string the new length (rows longer than it make the change fail)."""
    from sqlalchemy import Enum, Float, Integer, Numeric, String, Text

    if isinstance(old, String) and isinstance(new, String):
        if isinstance(new, Text) or (isinstance(new, String) and new.length is None):
            return "safe", None
        if isinstance(old, Text) or old.length is None or new.length < old.length:
            return "data-dependent", new.length
        if isinstance(old, Enum) or isinstance(new, Enum):
            return "safe", None
        return "safe", None  # a longer varchar: no rewrite on PostgreSQL
    if (
        isinstance(old, Integer)
        and isinstance(new, Integer | Numeric)
        and not isinstance(new, Float)
    ):
        return "locking", None
    if isinstance(old, Numeric) and isinstance(new, Numeric) and not isinstance(new, Float):
        widen = (new.precision or 0) - (new.scale or 0) >= (old.precision or 0) - (
            old.scale or 0
        ) and (new.scale or 0) >= (old.scale or 0)
        return ("locking" if widen else "destructive"), None
    if isinstance(old, Integer) and isinstance(new, Float):
        return "locking", None
    return "destructive", None


class Previous:
    """The previous generation's metadata, looked up with the current names.

    ``tables``: {new table name: old}; ``columns``: {(new table, new column): old column}.
    """

    def __init__(self, metadata: Any, tables: dict[str, str], columns: dict[Any, str]) -> None:
        self.metadata = metadata
        self.tables = tables
        self.columns = columns

    def old_table(self, table: str) -> str:
        return self.tables.get(table, table)

    def old_column(self, table: str, column: str) -> str:
        return self.columns.get((table, column), column)

    def table(self, table: str) -> Any:
        if self.metadata is None:
            return None
        return self.metadata.tables.get(self.old_table(table))

    def column(self, table: str, column: str) -> Any:
        found = self.table(table)
        if found is None:
            return None
        return found.columns.get(self.old_column(table, column))

    def checks(self, table: str) -> set[str]:
        """The previous CHECK conditions of ``table``, with renamed columns' new names and
        without whitespace."""

        found = self.table(table)
        if found is None:
            return set()
        renames = {old: new for (t, new), old in self.columns.items() if t == table}
        result = set()
        for constraint in found.constraints:
            if isinstance(constraint, sa.CheckConstraint):
                text = re.sub(
                    r"[A-Za-z_][A-Za-z0-9_]*",
                    lambda m: renames.get(m.group(0), m.group(0)),
                    str(constraint.sqltext),
                )
                result.add(re.sub(r"\s+", "", text))
        return result

    def constraint(self, table: str, name: str) -> Any:
        found = self.table(table)
        if found is None:
            return None
        return next((c for c in found.constraints if c.name == name), None)


def reverse(op: Any, previous: Previous) -> Any:
    """The operation undoing ``op`` (Alembic reverses neither a table nor a column rename)."""
    if isinstance(op, ops.CreateTableOp):
        # Alembic's own reverse copies the whole table only to render ``drop_table(name)``.
        return ops.DropTableOp(op.table_name, schema=op.schema)
    if isinstance(op, ops.RenameTableOp):
        return ops.RenameTableOp(op.new_table_name, op.table_name)
    if isinstance(op, RenameColumnOp):
        return RenameColumnOp(op.table_name, op.new_name, op.old_name)
    if isinstance(op, ops.ModifyTableOps):
        inner = [reverse(each, previous) for each in reversed(op.ops)]
        return ops.ModifyTableOps(op.table_name, inner, schema=op.schema)
    if isinstance(op, ConcurrentIndexOp):
        return ops.ModifyTableOps(op.index.table_name, [op.index.reverse()])
    if isinstance(op, AddConstraintNotValidOp):
        constraint = op.constraint
        table = getattr(constraint, "table_name", None) or constraint.source_table
        return ops.ModifyTableOps(table, [constraint.reverse()])
    return op.reverse()


# Operations of our own, rendered as calls of helpers defined in the revision file.


class RenameColumnOp(ops.MigrateOperation):
    """``ALTER TABLE … RENAME COLUMN`` outside batch mode, on SQLite too (3.25+): SQLite then
    rewrites the CHECK constraints and indexes that name the column, where a batch copy of
    the table would keep the old name in them and fail."""

    def __init__(self, table_name: str, old_name: str, new_name: str) -> None:
        self.table_name = table_name
        self.old_name = old_name
        self.new_name = new_name


class PrecheckOp(ops.MigrateOperation):
    """Fail before changing anything when rows would make the revision fail."""

    def __init__(self, check: Check) -> None:
        self.check = check


class ConcurrentIndexOp(ops.MigrateOperation):
    """An index on a table that holds rows: ``CREATE INDEX CONCURRENTLY`` on PostgreSQL."""

    def __init__(self, index: Any) -> None:
        self.index = index


class AddConstraintNotValidOp(ops.MigrateOperation):
    """A foreign key or check on a table that holds rows: added ``NOT VALID`` then validated
    on PostgreSQL (no long lock while existing rows are checked)."""

    def __init__(self, constraint: Any) -> None:
        self.constraint = constraint


def register_renderers() -> None:
    @renderers.dispatch_for(ops.RenameTableOp)
    def _render_rename_table(_context: Any, op: Any) -> str:
        return f"op.rename_table({op.table_name!r}, {op.new_table_name!r})"

    @renderers.dispatch_for(RenameColumnOp)
    def _render_rename_column(_context: Any, op: RenameColumnOp) -> str:
        return (
            f"op.alter_column({op.table_name!r}, {op.old_name!r}, new_column_name={op.new_name!r})"
        )

    @renderers.dispatch_for(PrecheckOp)
    def _render_precheck(_context: Any, op: PrecheckOp) -> str:
        return f"_require_no_rows({op.check.sql!r}, {op.check.problem!r})"

    @renderers.dispatch_for(ConcurrentIndexOp)
    def _render_index(_context: Any, op: ConcurrentIndexOp) -> str:
        index = op.index
        columns = [c.name if hasattr(c, "name") else str(c) for c in index.to_index().expressions]
        return (
            f"_create_index({index.index_name!r}, {index.table_name!r}, {columns!r}, "
            f"unique={bool(index.unique)!r})"
        )

    @renderers.dispatch_for(AddConstraintNotValidOp)
    def _render_constraint(_context: Any, op: AddConstraintNotValidOp) -> str:
        constraint = op.constraint
        if isinstance(constraint, ops.CreateCheckConstraintOp):
            return (
                f"_add_check({constraint.constraint_name!r}, {constraint.table_name!r}, "
                f"{str(constraint.condition)!r})"
            )
        ondelete = constraint.kw.get("ondelete")
        return (
            f"_add_foreign_key({constraint.constraint_name!r}, {constraint.source_table!r}, "
            f"{list(constraint.local_cols)!r}, {constraint.referent_table!r}, "
            f"{list(constraint.remote_cols)!r}, ondelete={ondelete!r})"
        )
