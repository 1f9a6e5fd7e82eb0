"""The review of autogenerate's operations: each gets a label and a text for people, a
data-dependent one a pre-check, a required column a backfill; tables are dropped after the
foreign keys pointing at them; the downgrade gets the previous generation's types.

Used by ``ssot_gen/autogen.py`` inside a generated project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from alembic.operations import ops

from ssot_gen.revision_ops import (
    AddConstraintNotValidOp,
    Check,
    ConcurrentIndexOp,
    PrecheckOp,
    Previous,
    Refused,
    default_sql,
    placeholder,
    quote,
    type_change,
)


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
            and inner.reverse is not None
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
                if inner.reverse is None:
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
        fill = placeholder(column)
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
            label, length = type_change(inner.existing_type, inner.modify_type)
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
                self.review.add(f"set the default of {name} to {default_sql(new)}", "safe")
        if inner.modify_nullable is True:
            self.review.add(f"make {name} nullable", "safe")
        elif inner.modify_nullable is False:
            default = default_sql(new) if new is not None else None
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
                    fill = placeholder(column)
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
                        fill = default_sql(previous) or placeholder(previous)
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
