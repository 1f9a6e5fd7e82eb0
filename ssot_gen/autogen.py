"""Run inside a generated project (as a script, with the project as working directory).

Upgrades a scratch in-memory SQLite database to the project's current Alembic head, applies
the schema's renames to it (so they become renames, never drop + add), then lets Alembic's
autogenerate compare the project's models with it, with the comparison options the project's
own ``migrations/env.py`` uses (``app.core.migrating``). Every operation is then reviewed: it
gets a label (see ``LABELS``), a NOT NULL change is preceded by a backfill or a pre-check,
tables are dropped after the foreign keys that point at them, and the downgrade is built from
the previous generation's models (``previous_app``), so it re-creates what it drops with the
real types, not with the types SQLite reflection reports.

Reads a JSON request on stdin and prints a JSON answer on stdout:

request: ``{"tables": [[old, new]], "columns": [[table, old, new]],
"enum_fixes": [[table, column, [removed values], replacement]], "known_tables": [name],
"previous_app": dir | null, "database_url": url | null}``

answer: ``{"head": str | None, "empty": bool, "upgrade": code, "downgrade": code,
"helpers": [name], "changes": [{"text", "label", "violations": int | None}]}`` or, on a
problem the schema author must fix, ``{"error": message}`` (exit status 3).

Kept free of ssot_gen imports: it runs with the generated project's ``app`` on sys.path.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
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


@dataclass
class Review:
    """What reviewing autogenerate's operations produced."""

    changes: list[dict[str, Any]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    helpers: set[str] = field(default_factory=set)

    def add(self, text: str, label: str, check: Check | None = None) -> None:
        change: dict[str, Any] = {"text": text, "label": label, "violations": None}
        if check is not None:
            self.checks.append(check)
            change["check"] = len(self.checks) - 1
        self.changes.append(change)


def quote(name: str) -> str:
    """A SQL identifier in double quotes (SQLite and PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _placeholder(column: Any) -> str | None:
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


def _default_sql(column: Any) -> str | None:
    """The column's server default as a SQL expression (None: it has none)."""
    default = column.server_default
    if default is None:
        return None
    arg = default.arg
    if isinstance(arg, str):
        return sql_literal(arg)
    return str(arg.text if hasattr(arg, "text") else arg)


def _type_change(old: Any, new: Any) -> tuple[str, int | None]:
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
        import sqlalchemy as sa

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


def main() -> None:
    request = json.load(sys.stdin)
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
    _register_renderers()

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
            [_reverse(op, previous) for op in reversed(reversible)]
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


class Reviewer:
    """Labels, splits and orders autogenerate's operations (see the module docstring)."""

    def __init__(self, review: Review, previous: Previous, existing: set[str], metadata: Any):
        self.review = review
        self.previous = previous
        self.existing = existing  # tables that hold rows before this revision
        self.metadata = metadata

    def review_all(self, operations: list[Any]) -> list[Any]:
        """Upgrade operations: modifications, then tables dropped (referencing ones first),
        then indexes built on tables that hold rows (CONCURRENTLY on PostgreSQL)."""
        body: list[Any] = []
        drops: list[Any] = []
        late: list[Any] = []
        for op in operations:
            if isinstance(op, ops.DropTableOp):
                drops.append(op)
            elif isinstance(op, ops.CreateTableOp):
                self.review.add(f"create table {op.table_name}", "safe")
                body.append(op)
            elif isinstance(op, ops.ModifyTableOps):
                body.extend(self._modify(op, late))
            else:
                body.extend(self._modify(ops.ModifyTableOps(op.table_name, [op]), late))
        return [*body, *self._drop_tables(drops), *late]

    def _drop_tables(self, drops: list[Any]) -> list[Any]:
        from sqlalchemy.schema import sort_tables

        by_name = {op.table_name: op for op in drops}
        tables = []
        for name, op in by_name.items():
            table = self.previous.table(name)
            tables.append(table if table is not None else op.to_table())
        ordered = [t.name for t in reversed(sort_tables(tables))]
        result = []
        for name in ordered:
            self.review.add(f"drop table {name}", "destructive")
            table = self.previous.table(name)
            result.append(ops.DropTableOp.from_table(table) if table is not None else by_name[name])
        return result

    def _modify(self, op: Any, late: list[Any]) -> list[Any]:
        table = op.table_name
        populated = table in self.existing
        result: list[Any] = []
        kept: list[Any] = []
        added = {
            inner.column.name: inner.column
            for inner in op.ops
            if isinstance(inner, ops.AddColumnOp)
        }

        def only_new(names: list[str]) -> bool:
            """Whether ``names`` are all columns this revision adds (their rows hold no data)."""
            return bool(names) and all(name in added for name in names)

        dropped_fks = {
            tuple(inner.to_constraint().columns.keys())  # type: ignore[attr-defined]
            for inner in op.ops
            if isinstance(inner, ops.DropConstraintOp)
            and inner.constraint_type == "foreignkey"
            and inner._reverse is not None
        }

        def flush() -> None:
            if kept:
                result.append(ops.ModifyTableOps(table, list(kept)))
                kept.clear()

        for inner in op.ops:
            if isinstance(inner, ops.AddColumnOp):
                result.extend(self._add_column(table, inner.column, flush, kept, populated))
                continue
            if isinstance(inner, ops.DropColumnOp):
                self.review.add(f"drop column {table}.{inner.column_name}", "destructive")
                column = self.previous.column(table, inner.column_name)
                if column is not None:
                    inner = ops.DropColumnOp.from_column_and_tablename(None, table, column._copy())
            elif isinstance(inner, ops.AlterColumnOp):
                inner = self._alter(table, inner, flush, kept, result)
                if inner is None:
                    continue
            elif isinstance(inner, ops.CreateIndexOp):
                index = inner.to_index()
                columns = [c.name if hasattr(c, "name") else str(c) for c in index.expressions]
                what = f"index {inner.index_name} on {table} ({', '.join(columns)})"
                if inner.unique and populated and only_new(columns):
                    if all(added[name].nullable for name in columns):
                        self.review.add(f"create unique {what}", "safe")
                    else:  # every row gets the same placeholder or default
                        self.review.add(
                            f"create unique {what}", "data-dependent", self._rows(table, columns)
                        )
                elif inner.unique and populated:
                    self.review.add(
                        f"create unique {what}", "data-dependent", self._duplicates(table, columns)
                    )
                else:
                    self.review.add(f"create {'unique ' if inner.unique else ''}{what}", "safe")
                if populated:
                    late.append(ConcurrentIndexOp(inner))
                    self.review.helpers.add("create_index")
                    continue
            elif isinstance(inner, ops.DropIndexOp):
                self.review.add(f"drop index {inner.index_name} on {table}", "safe")
            elif isinstance(inner, ops.CreateUniqueConstraintOp):
                columns = list(inner.columns)
                check = self._duplicates(table, columns) if populated else None
                names = ", ".join(columns)
                self.review.add(
                    f"add unique constraint {inner.constraint_name} on {table} ({names})",
                    "data-dependent" if populated else "safe",
                    check,
                )
            elif isinstance(inner, ops.CreateForeignKeyOp):
                columns = list(inner.local_cols)
                if tuple(columns) in dropped_fks:
                    self.review.add(
                        f"change the foreign key {table}.{', '.join(columns)} "
                        f"(on delete {inner.kw.get('ondelete') or 'no action'})",
                        "safe",
                    )
                elif only_new(columns):
                    self.review.add(f"add foreign key {table}.{', '.join(columns)}", "safe")
                    kept.append(inner)
                    continue
                elif populated:
                    self.review.add(
                        f"add foreign key {table}.{', '.join(columns)} to {inner.referent_table}",
                        "data-dependent",
                        self._dangling(
                            table, columns, inner.referent_table, list(inner.remote_cols)
                        ),
                    )
                else:
                    self.review.add(f"add foreign key {table}.{', '.join(columns)}", "safe")
                if populated:
                    flush()
                    result.append(AddConstraintNotValidOp(inner))
                    self.review.helpers.add("add_foreign_key")
                    continue
            elif isinstance(inner, ops.CreateCheckConstraintOp):
                condition = str(inner.condition)
                columns = [
                    word
                    for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", condition)
                    if word in self.metadata.tables[table].columns
                ]
                name = str(inner.constraint_name)
                if (
                    populated
                    and not only_new(columns)
                    and not self.enforced(table, condition)
                    and not self.loosened(table, name, condition)
                ):
                    self.review.add(
                        f"add check {inner.constraint_name} on {table} ({condition})",
                        "data-dependent",
                        self._failing_check(table, condition),
                    )
                    flush()
                    result.append(AddConstraintNotValidOp(inner))
                    self.review.helpers.add("add_check")
                    continue
                self.review.add(f"add check {inner.constraint_name} on {table}", "safe")
            elif isinstance(inner, ops.DropConstraintOp):
                kind = {
                    "foreignkey": "foreign key",
                    "unique": "unique constraint",
                    "check": "check",
                }
                if inner.constraint_type == "foreignkey" and any(
                    isinstance(o, ops.CreateForeignKeyOp) for o in op.ops
                ):
                    pass  # described with the foreign key that replaces it
                else:
                    word = kind.get(inner.constraint_type or "", "constraint")
                    self.review.add(f"drop {word} {inner.constraint_name} on {table}", "safe")
                if inner._reverse is None:
                    constraint = self.previous.constraint(table, str(inner.constraint_name))
                    if constraint is not None:
                        inner = ops.DropConstraintOp.from_constraint(constraint)
                        inner.table_name = table
            else:
                name = type(inner).__name__.removesuffix("Op")
                words = "".join(" " + c.lower() if c.isupper() else c for c in name).strip()
                self.review.add(f"{words} on {table}", "safe")
            kept.append(inner)
        flush()
        return result

    def _add_column(
        self, table: str, column: Any, flush: Any, kept: list[Any], populated: bool
    ) -> list[Any]:
        """A new column; a NOT NULL one without a default is added nullable, backfilled with
        a placeholder, then made NOT NULL. Raises Refused for a required foreign key."""
        result: list[Any] = []
        self.review.add(f"add column {table}.{column.name}", "safe")
        add = ops.AddColumnOp(table, column)
        if column.nullable or column.server_default is not None or not populated:
            kept.append(add)
            return result
        fill = _placeholder(column)
        if fill is None:
            raise Refused(
                f"cannot add required column {table}.{column.name} to rows that exist: "
                "make it nullable or give it a default"
            )
        self.review.changes[-1]["label"] = "backfill"
        self.review.changes[-1]["text"] += f" (existing rows get {fill})"
        nullable = column._copy()
        nullable.nullable = True
        kept.append(ops.AddColumnOp(table, nullable))
        flush()
        result.append(ops.ExecuteSQLOp(f"UPDATE {quote(table)} SET {quote(column.name)} = {fill}"))
        result.append(
            ops.ModifyTableOps(
                table,
                [
                    ops.AlterColumnOp(
                        table,
                        column.name,
                        existing_type=column.type,
                        existing_nullable=True,
                        existing_server_default=None,
                        modify_nullable=False,
                    )
                ],
            )
        )
        return result

    def _alter(self, table: str, inner: Any, flush: Any, kept: list[Any], result: list[Any]) -> Any:
        """Label an ALTER COLUMN (type, nullability, default), with the previous generation's
        types as the ``existing_*`` the downgrade needs. Returns the op to keep, or None when
        it was emitted already (after a backfill)."""
        name = f"{table}.{inner.column_name}"
        old = self.previous.column(table, inner.column_name)
        if old is not None:
            inner.existing_type = old.type
            inner.existing_server_default = old.server_default
            inner.existing_nullable = old.nullable
        new = self.metadata.tables[table].columns.get(inner.column_name)
        if inner.modify_type is not None:
            label, length = _type_change(inner.existing_type, inner.modify_type)
            check = None
            if length is not None:
                check = self._over_long(table, inner.column_name, length)
            self.review.add(
                f"change type of {name} from {_type_name(inner.existing_type)} to "
                f"{_type_name(inner.modify_type)}",
                label,
                check,
            )
        if inner.modify_server_default is not False:
            default = inner.modify_server_default
            if default is None:
                self.review.add(f"drop the default of {name}", "safe")
            else:
                self.review.add(f"set the default of {name} to {_default_sql(new)}", "safe")
        if inner.modify_nullable is True:
            self.review.add(f"make {name} nullable", "safe")
        elif inner.modify_nullable is False:
            default = _default_sql(new) if new is not None else None
            if default is not None:
                self.review.add(
                    f"make {name} NOT NULL (NULLs set to its default {default})", "backfill"
                )
                if _has_other_changes(inner):
                    kept.append(_without_nullable(inner))
                flush()
                column = quote(inner.column_name)
                result.append(
                    ops.ExecuteSQLOp(
                        f"UPDATE {quote(table)} SET {column} = {default} WHERE {column} IS NULL"
                    )
                )
                final = ops.AlterColumnOp(
                    table,
                    inner.column_name,
                    existing_type=inner.modify_type or inner.existing_type,
                    existing_server_default=(
                        inner.modify_server_default
                        if inner.modify_server_default is not False
                        else inner.existing_server_default
                    ),
                    existing_nullable=True,
                    modify_nullable=False,
                )
                result.append(ops.ModifyTableOps(table, [final]))
                return None
            self.review.add(
                f"make {name} NOT NULL", "data-dependent", self._nulls(table, inner.column_name)
            )
        return inner

    # Pre-checks: SQL counting the rows that would make an operation fail.

    def _check(self, table: str, where: str, live_where: str, problem: str) -> Check:
        old = self.previous.old_table(table)
        return Check(
            f"SELECT count(*) FROM {quote(table)} WHERE {where}",
            f"SELECT count(*) FROM {quote(old)} WHERE {live_where}",
            problem,
        )

    def enforced(self, table: str, condition: str) -> bool:
        """Whether the previous generation already enforced ``condition`` on ``table`` (a
        check renamed with its table is no new constraint on the rows)."""
        return re.sub(r"\s+", "", condition) in self.previous.checks(table)

    def loosened(self, table: str, name: str, condition: str) -> bool:
        """Whether ``condition`` replaces a previous check of the same name that implied it
        (a limit raised: ``length(x) <= 30`` → ``<= 60``, ``x >= 5`` → ``>= 1``), so every row
        that passed the old one passes it."""
        old = self.previous.constraint(table, name)
        if old is None or not hasattr(old, "sqltext"):
            return False
        before, after = _bound(str(old.sqltext)), _bound(condition)
        if before is None or after is None or before[:2] != after[:2]:
            return False
        if after[1] == "<=":
            return after[2] >= before[2]
        return after[2] <= before[2]

    def _rows(self, table: str, columns: list[str]) -> Check:
        old = self.previous.old_table(table)
        return self._check(
            table,
            f"(SELECT count(*) FROM {quote(table)}) > 1",
            f"(SELECT count(*) FROM {quote(old)}) > 1",
            f"of {table} would all get the same value in the new unique "
            f"{', '.join(columns)}: make it nullable, or add it to an empty table",
        )

    def _nulls(self, table: str, column: str) -> Check:
        old = self.previous.old_column(table, column)
        return self._check(
            table,
            f"{quote(column)} IS NULL",
            f"{quote(old)} IS NULL",
            f"of {table} with NULL in {column}: give them a value (or the field a "
            "default), then upgrade again",
        )

    def _over_long(self, table: str, column: str, length: int) -> Check:
        old = self.previous.old_column(table, column)
        return self._check(
            table,
            f"length({quote(column)}) > {length}",
            f"length({quote(old)}) > {length}",
            f"of {table} with a {column} longer than {length} characters: shorten them, "
            "then upgrade again",
        )

    def _failing_check(self, table: str, condition: str) -> Check:
        return self._check(
            table,
            f"NOT ({condition})",
            f"NOT ({condition})",
            f"of {table} breaking the new check {condition}: fix them, then upgrade again",
        )

    def _duplicates(self, table: str, columns: list[str]) -> Check:
        def sql(tname: str, names: list[str]) -> str:
            listed = ", ".join(quote(n) for n in names)
            present = " AND ".join(f"{quote(n)} IS NOT NULL" for n in names)
            return (
                (
                    f"SELECT count(*) FROM {quote(tname)} WHERE {present} AND ({listed}) IN "
                    f"(SELECT {listed} FROM {quote(tname)} GROUP BY {listed} HAVING count(*) > 1)"
                )
                if len(names) > 1
                else (
                    f"SELECT count(*) FROM {quote(tname)} WHERE {present} AND {listed} IN "
                    f"(SELECT {listed} FROM {quote(tname)} GROUP BY {listed} HAVING count(*) > 1)"
                )
            )

        old_columns = [self.previous.old_column(table, c) for c in columns]
        return Check(
            sql(table, columns),
            sql(self.previous.old_table(table), old_columns),
            f"of {table} sharing a {', '.join(columns)} with another row: make them "
            "unique, then upgrade again",
        )

    def _dangling(self, table: str, columns: list[str], referent: str, remote: list[str]) -> Check:
        column, target = columns[0], remote[0]
        old_column = self.previous.old_column(table, column)
        old_referent = self.previous.old_table(referent)
        return self._check(
            table,
            f"{quote(column)} IS NOT NULL AND {quote(column)} NOT IN "
            f"(SELECT {quote(target)} FROM {quote(referent)})",
            f"{quote(old_column)} IS NOT NULL AND {quote(old_column)} NOT IN "
            f"(SELECT {quote(target)} FROM {quote(old_referent)})",
            f"of {table} pointing at no {referent} in {column}: fix them, then upgrade again",
        )

    def review_downgrade(self, operations: list[Any]) -> list[Any]:
        """The downgrade: a NOT NULL column re-added to rows that exist is added nullable,
        backfilled with a placeholder and made NOT NULL (a required foreign key stays
        nullable: its rows are gone). A column made required again gets its previous default
        (or a placeholder) where rows hold NULL; a string narrowed back is pre-checked."""
        result: list[Any] = []
        checks: list[Any] = []
        for op in operations:
            if not isinstance(op, ops.ModifyTableOps):
                result.append(op)
                continue
            kept: list[Any] = []
            for inner in op.ops:
                if isinstance(inner, ops.AddColumnOp):
                    column = inner.column
                    if column.nullable or column.server_default is not None:
                        kept.append(inner)
                        continue
                    fill = _placeholder(column)
                    column.nullable = True
                    kept.append(inner)
                    if fill is None:
                        continue
                    result.append(ops.ModifyTableOps(op.table_name, kept))
                    kept = []
                    result.append(
                        ops.ExecuteSQLOp(
                            f"UPDATE {quote(op.table_name)} SET {quote(column.name)} = {fill}"
                        )
                    )
                    kept.append(
                        ops.AlterColumnOp(
                            op.table_name,
                            column.name,
                            existing_type=column.type,
                            existing_nullable=True,
                            modify_nullable=False,
                        )
                    )
                elif isinstance(inner, ops.AlterColumnOp):
                    table, name = op.table_name, inner.column_name
                    previous = self.previous.column(table, name)
                    kind = inner.modify_type
                    if (
                        isinstance(kind, sa.String)
                        and not isinstance(kind, sa.Text)
                        and kind.length
                    ):
                        # Narrowed back: rows written since the upgrade may not fit.
                        checks.append(PrecheckOp(self._over_long(table, name, kind.length)))
                    if inner.modify_nullable is False and previous is not None:
                        # Required again: rows written since the upgrade may hold NULL.
                        fill = _default_sql(previous) or _placeholder(previous)
                        if fill is not None:
                            if kept:
                                result.append(ops.ModifyTableOps(table, kept))
                                kept = []
                            result.append(
                                ops.ExecuteSQLOp(
                                    f"UPDATE {quote(table)} SET {quote(name)} = {fill} "
                                    f"WHERE {quote(name)} IS NULL"
                                )
                            )
                    kept.append(inner)
                else:
                    kept.append(inner)
            if kept:
                result.append(ops.ModifyTableOps(op.table_name, kept))
        return [*checks, *result]


BOUND = re.compile(
    r"^\s*(?P<side>length\(\s*\w+\s*\)|\w+)\s*(?P<op><=|>=)\s*(?P<limit>-?\d+(\.\d+)?)\s*$"
)


def _bound(condition: str) -> tuple[str, str, float] | None:
    """``(left side, operator, limit)`` of a one-sided limit the generator emits
    (``length(name) <= 100``, ``stock >= 0``); None for any other condition."""
    match = BOUND.match(condition.replace('"', ""))
    if match is None:
        return None
    side = re.sub(r"\s+", "", match.group("side"))
    return side, match.group("op"), float(match.group("limit"))


def _has_other_changes(op: Any) -> bool:
    return op.modify_type is not None or op.modify_server_default is not False


def _without_nullable(op: Any) -> Any:
    return ops.AlterColumnOp(
        op.table_name,
        op.column_name,
        existing_type=op.existing_type,
        existing_server_default=op.existing_server_default,
        existing_nullable=True,
        modify_type=op.modify_type,
        modify_server_default=op.modify_server_default,
    )


def _type_name(kind: Any) -> str:
    from sqlalchemy import Enum

    if isinstance(kind, Enum):
        return f"enum({kind.length})"
    return str(kind).lower()


def _reverse(op: Any, previous: Previous) -> Any:
    """The operation undoing ``op`` (Alembic reverses neither a table nor a column rename)."""
    if isinstance(op, ops.RenameTableOp):
        return ops.RenameTableOp(op.new_table_name, op.table_name)
    if isinstance(op, RenameColumnOp):
        return RenameColumnOp(op.table_name, op.new_name, op.old_name)
    if isinstance(op, ops.ModifyTableOps):
        inner = [_reverse(each, previous) for each in reversed(op.ops)]
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


def _register_renderers() -> None:
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


if __name__ == "__main__":
    main()
