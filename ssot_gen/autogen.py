"""Run inside a generated project (as a script, with the project as working directory).

Upgrades a scratch in-memory SQLite database to the project's current Alembic head, applies
the schema's renames to it (so they become renames, never drop + add), then lets Alembic's
autogenerate compare the project's models with it. Reads a JSON request on stdin and prints
a JSON answer on stdout:

request: ``{"tables": [[old, new]], "columns": [[table, old, new]],
"enum_fixes": [[table, column, [removed values], replacement]]}``

answer: ``{"head": str | None, "empty": bool, "upgrade": code, "downgrade": code,
"changes": [{"text": str, "destructive": bool}]}``

Kept free of ssot_gen imports: it runs with the generated project's ``app`` on sys.path.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any


def _placeholder(column: Any) -> str | None:
    """A SQL literal to backfill existing rows of a new NOT NULL column (None: impossible)."""
    from sqlalchemy import Boolean, DateTime, Enum, Float, Integer, Numeric, String, Text

    kind = column.type
    if column.foreign_keys:
        return None
    if isinstance(kind, Enum):
        return "'" + str(kind.enums[0]).replace("'", "''") + "'"
    if isinstance(kind, String | Text):
        return "''"
    if isinstance(kind, Boolean):
        return "false"
    if isinstance(kind, Integer | Float | Numeric):
        return "0"
    if isinstance(kind, DateTime):
        return "CURRENT_TIMESTAMP"
    return None


def _narrowing(old: Any, new: Any) -> bool:
    """Whether changing a column from type ``old`` to ``new`` can lose data."""
    from sqlalchemy import Float, Integer, Numeric, String, Text

    if isinstance(old, String) and isinstance(new, String) and not isinstance(new, Text):
        if isinstance(old, Text):
            return True
        return bool(new.length and (old.length is None or new.length < old.length))
    if isinstance(old, String) and isinstance(new, Text):
        return False
    if isinstance(old, Integer) and isinstance(new, Integer | Float | Numeric):
        return False
    if isinstance(old, Numeric) and isinstance(new, Numeric) and not isinstance(new, Float):
        widen = (new.precision or 0) >= (old.precision or 0) and (new.scale or 0) >= (
            old.scale or 0
        )
        return not widen
    return True


def main() -> None:
    request = json.load(sys.stdin)
    sys.path.insert(0, str(Path.cwd()))
    os.environ["APP_ENV"] = "development"
    os.environ["JWT_SECRET"] = "autogenerate"
    os.environ["DATABASE_URL"] = "sqlite+aiosqlite://"

    from alembic import command
    from alembic.autogenerate import produce_migrations, render_python_code, renderers
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from alembic.operations import ops
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.pool import StaticPool

    base = importlib.import_module("app.models").Base  # the generated project's models

    @renderers.dispatch_for(ops.RenameTableOp)
    def _render_rename_table(_context: Any, op: Any) -> str:
        return f"op.rename_table({op.table_name!r}, {op.new_table_name!r})"

    config = Config()
    config.set_main_option("script_location", "migrations")
    config.attributes["configure_logger"] = False
    head = ScriptDirectory.from_config(config).get_current_head()
    engine = create_engine("sqlite://", poolclass=StaticPool)
    changes: list[dict[str, Any]] = []
    first: list[Any] = []  # operations before autogenerate's
    with engine.connect() as connection:
        # 1. The database as the existing revisions leave it.
        if head is not None:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        # 2. Removed enum values: existing rows get the replacement value.
        for table, column, removed, replacement in request["enum_fixes"]:
            if inspect(connection).has_table(table):
                values = ", ".join("'" + v.replace("'", "''") + "'" for v in removed)
                sql = f"UPDATE {table} SET {column} = '{replacement}' WHERE {column} IN ({values})"
                first.append(ops.ExecuteSQLOp(sql))
                changes.append(
                    {
                        "text": f"set {table}.{column} to '{replacement}' where it was "
                        f"{', '.join(removed)} (enum values removed)",
                        "destructive": True,
                    }
                )
        # 3. Renames, applied to the scratch database so autogenerate sees them as done.
        for old, new in request["tables"]:
            inspector = inspect(connection)
            if inspector.has_table(old) and not inspector.has_table(new):
                connection.execute(text(f'ALTER TABLE "{old}" RENAME TO "{new}"'))
                first.append(ops.RenameTableOp(old, new))
                changes.append({"text": f"rename table {old} to {new}", "destructive": False})
        for table, old, new in request["columns"]:
            inspector = inspect(connection)
            if not inspector.has_table(table):
                continue
            names = {c["name"] for c in inspector.get_columns(table)}
            if old in names and new not in names:
                connection.execute(text(f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"'))
                rename = ops.AlterColumnOp(table, old, modify_name=new)
                first.append(ops.ModifyTableOps(table, [rename]))
                changes.append(
                    {"text": f"rename column {table}.{old} to {new}", "destructive": False}
                )
        connection.commit()
        # 4. Autogenerate against it.
        known = set(request.get("known_tables", [])) | set(base.metadata.tables)

        def include_object(obj: Any, name: str, type_: str, reflected: bool, other: Any) -> bool:
            """Only tables the schema owns (now or before); the user's own are left alone."""
            table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
            return table in known or not reflected

        context = MigrationContext.configure(
            connection,
            opts={
                "target_metadata": base.metadata,
                "compare_type": True,
                "render_as_batch": True,
                "include_object": include_object,
            },
        )
        auto = produce_migrations(context, base.metadata).upgrade_ops
        assert auto is not None
        upgrade: list[Any] = list(first)
        for op in auto.ops:
            upgrade.extend(_review(op, changes, ops))
        reversible = [op for op in upgrade if not isinstance(op, ops.ExecuteSQLOp)]
        upgrade_ops = ops.UpgradeOps(ops=upgrade)
        downgrade_ops = ops.DowngradeOps(ops=[_reverse(op, ops) for op in reversed(reversible)])
        answer = {
            "head": head,
            "empty": not upgrade,
            "upgrade": render_python_code(upgrade_ops, render_as_batch=True),
            "downgrade": render_python_code(downgrade_ops, render_as_batch=True),
            "changes": changes,
        }
    print(json.dumps(answer))


def _reverse(op: Any, ops: Any) -> Any:
    """The operation undoing ``op`` (Alembic reverses neither a table nor a column rename)."""
    if isinstance(op, ops.RenameTableOp):
        return ops.RenameTableOp(op.new_table_name, op.table_name)
    if isinstance(op, ops.AlterColumnOp) and op.modify_name:
        return ops.AlterColumnOp(op.table_name, op.modify_name, modify_name=op.column_name)
    if isinstance(op, ops.ModifyTableOps):
        inner = [_reverse(each, ops) for each in reversed(op.ops)]
        return ops.ModifyTableOps(op.table_name, inner, schema=op.schema)
    return op.reverse()


def _review(op: Any, changes: list[dict[str, Any]], ops: Any) -> list[Any]:
    """Describe ``op`` (safe or destructive); split a NOT NULL add into add, backfill, alter."""
    if isinstance(op, ops.CreateTableOp):
        changes.append({"text": f"create table {op.table_name}", "destructive": False})
        return [op]
    if isinstance(op, ops.DropTableOp):
        changes.append({"text": f"drop table {op.table_name}", "destructive": True})
        return [op]
    if isinstance(op, ops.CreateIndexOp | ops.DropIndexOp):
        verb = "create" if isinstance(op, ops.CreateIndexOp) else "drop"
        changes.append({"text": f"{verb} index {op.index_name}", "destructive": False})
        return [op]
    if not isinstance(op, ops.ModifyTableOps):
        changes.append({"text": type(op).__name__, "destructive": False})
        return [op]
    table = op.table_name
    result: list[Any] = []
    kept: list[Any] = []
    for inner in op.ops:
        if isinstance(inner, ops.AddColumnOp):
            column = inner.column
            changes.append({"text": f"add column {table}.{column.name}", "destructive": False})
            if not column.nullable and column.server_default is None:
                fill = _placeholder(column)
                if fill is None:
                    raise SystemExit(
                        f"cannot add required column {table}.{column.name} to rows that exist: "
                        "make it nullable or give it a default"
                    )
                column.nullable = True
                result.append(ops.ModifyTableOps(table, [*kept, inner]))
                kept = []
                result.append(ops.ExecuteSQLOp(f"UPDATE {table} SET {column.name} = {fill}"))
                result.append(
                    ops.ModifyTableOps(
                        table,
                        [
                            ops.AlterColumnOp(
                                table,
                                column.name,
                                existing_type=column.type,
                                existing_nullable=True,
                                modify_nullable=False,
                            )
                        ],
                    )
                )
                continue
        elif isinstance(inner, ops.DropColumnOp):
            changes.append(
                {"text": f"drop column {table}.{inner.column_name}", "destructive": True}
            )
        elif isinstance(inner, ops.AlterColumnOp):
            name = f"{table}.{inner.column_name}"
            if inner.modify_type is not None:
                old, new = inner.existing_type, inner.modify_type
                changes.append(
                    {
                        "text": f"change type of {name} from {old} to {new}",
                        "destructive": _narrowing(old, new),
                    }
                )
            if inner.modify_nullable is False:
                changes.append({"text": f"make {name} NOT NULL", "destructive": False})
            elif inner.modify_nullable is True:
                changes.append({"text": f"make {name} nullable", "destructive": False})
        elif isinstance(inner, ops.CreateIndexOp | ops.DropIndexOp):
            verb = "create" if isinstance(inner, ops.CreateIndexOp) else "drop"
            changes.append({"text": f"{verb} index {inner.index_name}", "destructive": False})
        else:
            changes.append({"text": f"{type(inner).__name__} on {table}", "destructive": False})
        kept.append(inner)
    if kept:
        result.append(ops.ModifyTableOps(table, kept))
    return result


if __name__ == "__main__":
    main()
