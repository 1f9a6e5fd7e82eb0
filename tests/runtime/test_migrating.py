"""``app.core.migrating``: how a generated project's Alembic compares defaults and CHECK
constraints, which tables it ignores, and how SQLite migrations stay transactional."""

from __future__ import annotations

import asyncio
import types
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import create_async_engine

from app.core import migrating

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}
TEXT = sa.text


def differs(dialect: str, column_type: Any, reflected: str | None, default: Any) -> bool:
    """Call the hook the way Alembic does: the model's default rendered for the dialect."""
    column = sa.Column("c", column_type, server_default=default)
    clause = column.server_default
    rendered = None
    if isinstance(clause, sa.DefaultClause):
        arg = clause.arg
        rendered = arg if isinstance(arg, str) else str(arg.compile(dialect=DIALECTS[dialect]))
    context: Any = types.SimpleNamespace(dialect=DIALECTS[dialect])
    reflected_column = sa.Column("c", column_type)
    return migrating.compare_server_default(
        context, reflected_column, column, reflected, clause, rendered
    )


SAME = [
    # (dialect, type, reflected text, model's server_default)
    ("sqlite", sa.String(10), "'tiny'", "tiny"),
    ("sqlite", sa.String(10), "'it''s'", "it's"),
    ("sqlite", sa.String(10), "''", ""),
    ("sqlite", sa.Text(), "'a  b'", "a  b"),
    ("sqlite", sa.Integer(), "5", TEXT("5")),
    ("sqlite", sa.Integer(), "(5)", TEXT("5")),
    ("sqlite", sa.Integer(), "-5", TEXT("-5")),
    ("sqlite", sa.Numeric(18, 10), "'0'", "0"),
    ("sqlite", sa.Numeric(18, 10), "'1.50'", "1.5"),
    ("sqlite", sa.Float(), "(0.7)", TEXT("0.7")),
    ("sqlite", sa.Boolean(), "true", TEXT("true")),
    ("sqlite", sa.Boolean(), "1", TEXT("true")),
    ("sqlite", sa.Boolean(), "false", TEXT("false")),
    ("sqlite", sa.Enum("calm", "angry", native_enum=False), "'calm'", "calm"),
    ("sqlite", sa.DateTime(timezone=True), "CURRENT_TIMESTAMP", TEXT("CURRENT_TIMESTAMP")),
    ("sqlite", sa.DateTime(timezone=True), "(CURRENT_TIMESTAMP)", TEXT("CURRENT_TIMESTAMP")),
    ("sqlite", sa.DateTime(timezone=True), "CURRENT_TIMESTAMP", sa.func.now()),
    ("sqlite", sa.String(10), None, None),
    ("postgresql", sa.String(10), "'tiny'::character varying", "tiny"),
    ("postgresql", sa.String(10), "'it''s'::character varying", "it's"),
    ("postgresql", sa.String(10), "''::character varying", ""),
    ("postgresql", sa.Text(), "'x'::text", "x"),
    ("postgresql", sa.Integer(), "5", TEXT("5")),
    ("postgresql", sa.Integer(), "'-5'::integer", TEXT("-5")),
    ("postgresql", sa.Numeric(18, 10), "'0'::numeric", "0"),
    ("postgresql", sa.Numeric(18, 10), "'-1.50'::numeric", "-1.50"),
    ("postgresql", sa.Float(), "0.7", TEXT("0.7")),
    ("postgresql", sa.Float(), "'-1.5'::double precision", TEXT("-1.5")),
    ("postgresql", sa.Float(), "'1e+16'::double precision", TEXT("1e+16")),
    ("postgresql", sa.Boolean(), "true", TEXT("true")),
    ("postgresql", sa.Boolean(), "false", TEXT("false")),
    (
        "postgresql",
        sa.Enum("calm", "angry", native_enum=False),
        "'calm'::character varying",
        "calm",
    ),
    ("postgresql", sa.DateTime(timezone=True), "CURRENT_TIMESTAMP", TEXT("CURRENT_TIMESTAMP")),
    ("postgresql", sa.DateTime(timezone=True), "now()", TEXT("CURRENT_TIMESTAMP")),
    ("postgresql", sa.DateTime(timezone=True), "CURRENT_TIMESTAMP", sa.func.now()),
]

DIFFERENT = [
    ("sqlite", sa.String(10), "'tiny'", "tin"),
    ("sqlite", sa.String(10), "'Tiny'", "tiny"),
    ("sqlite", sa.String(10), "'5'", "5.0"),
    ("sqlite", sa.String(10), None, "x"),
    ("sqlite", sa.String(10), "'x'", None),
    ("sqlite", sa.Integer(), "3", TEXT("5")),
    ("sqlite", sa.Numeric(18, 10), "'0'", "1"),
    ("sqlite", sa.Float(), "0.7", TEXT("0.8")),
    ("sqlite", sa.Boolean(), "true", TEXT("false")),
    ("sqlite", sa.Boolean(), "0", TEXT("true")),
    ("sqlite", sa.Enum("calm", "angry", native_enum=False), "'calm'", "angry"),
    # SQLite has no now(): a default written by older versions is broken, so it differs.
    ("sqlite", sa.DateTime(timezone=True), "(now())", TEXT("CURRENT_TIMESTAMP")),
    ("sqlite", sa.DateTime(timezone=True), "now()", TEXT("CURRENT_TIMESTAMP")),
    ("postgresql", sa.String(10), "'tiny'::character varying", "tin"),
    ("postgresql", sa.String(10), "'x'::character varying", None),
    ("postgresql", sa.Integer(), "'-5'::integer", TEXT("5")),
    ("postgresql", sa.Numeric(18, 10), "'0'::numeric", "0.5"),
    ("postgresql", sa.Boolean(), "true", TEXT("false")),
    (
        "postgresql",
        sa.Enum("calm", "angry", native_enum=False),
        "'calm'::character varying",
        "angry",
    ),
    ("postgresql", sa.DateTime(timezone=True), None, TEXT("CURRENT_TIMESTAMP")),
]


@pytest.mark.parametrize(("dialect", "column_type", "reflected", "default"), SAME)
def test_equal_defaults_are_not_reported(
    dialect: str, column_type: Any, reflected: str | None, default: Any
) -> None:
    assert differs(dialect, column_type, reflected, default) is False


@pytest.mark.parametrize(("dialect", "column_type", "reflected", "default"), DIFFERENT)
def test_changed_defaults_are_found(
    dialect: str, column_type: Any, reflected: str | None, default: Any
) -> None:
    assert differs(dialect, column_type, reflected, default) is True


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        ("length(title) <= 40", "length( title )<=40", True),
        ("length(title) <= 40", "(length(title) <= 40)", True),
        ("LENGTH(title) <= 40", "length(title) <= 40", True),
        ('length("title") <= 40', "length(title) <= 40", True),
        ("length(title) <= 40", "length(title) <= 50", False),
        ("kind = 'A b'", "kind='A b'", True),
        ("kind = 'A'", "kind = 'a'", False),
        ("kind = 'a b'", "kind = 'ab'", False),
    ],
)
def test_check_text_normalization(left: str, right: str, equal: bool) -> None:
    assert (migrating.normalized_check(left) == migrating.normalized_check(right)) is equal


def test_options() -> None:
    metadata = sa.MetaData()
    owned = sa.Table("owned", metadata, sa.Column("id", sa.Integer, primary_key=True))
    mine = sa.Table("mine", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    sqlite_options = migrating.options(metadata, "sqlite", owned_tables=["renamed_before"])
    assert sqlite_options["target_metadata"] is metadata
    assert sqlite_options["compare_type"] is True
    assert sqlite_options["compare_server_default"] is migrating.compare_server_default
    assert sqlite_options["render_as_batch"] is True
    assert sqlite_options["transactional_ddl"] is True
    assert migrating.options(metadata, "postgresql")["render_as_batch"] is False
    include = sqlite_options["include_object"]
    assert include(owned, "owned", "table", True, None)
    assert include(owned, "owned", "table", False, None)
    assert include(sa.Table("renamed_before", sa.MetaData()), "renamed_before", "table", True, None)
    assert not include(mine, "mine", "table", True, None)
    assert not include(mine.c.id, "id", "column", True, None)
    assert include(owned.c.id, "id", "column", True, None)
    assert not migrating.options(metadata, "sqlite")["include_object"](
        sa.Table("renamed_before", sa.MetaData()), "renamed_before", "table", True, None
    )
    include_name = sqlite_options["include_name"]
    assert include_name("owned", "table", {}) and not include_name("mine", "table", {})
    assert include_name("ix_mine_id", "index", {"table_name": "mine"})


def _models() -> sa.MetaData:
    """Models of a small project: a CHECKed and defaulted column, the naming convention."""
    metadata = sa.MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})
    sa.Table(
        "threads",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(40), nullable=False, server_default="tiny"),
        sa.Column("votes", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.CheckConstraint("length(title) <= 40", name="title_max_length"),
        sa.CheckConstraint("votes >= 0", name="votes_min"),
    )
    return metadata


def _diffs(ddl: list[str], metadata: sa.MetaData) -> list[Any]:
    """What ``alembic check`` would report for a SQLite database built by ``ddl``."""
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        for statement in ddl:
            connection.exec_driver_sql(statement)
        context = MigrationContext.configure(connection, opts=migrating.options(metadata, "sqlite"))
        return list(compare_metadata(context, metadata))


THREADS = (
    "CREATE TABLE threads (id INTEGER NOT NULL, title VARCHAR(40) DEFAULT 'tiny' NOT NULL, "
    "votes INTEGER DEFAULT 0 NOT NULL, CONSTRAINT pk_threads PRIMARY KEY (id), "
    "CONSTRAINT ck_threads_title_max_length CHECK (length(title) <= 40), "
    "CONSTRAINT ck_threads_votes_min CHECK (votes >= 0))"
)


def test_an_up_to_date_database_has_no_diffs_and_the_users_tables_are_ignored() -> None:
    user_table = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT CHECK (body <> ''))"
    assert (
        _diffs([THREADS, user_table, "CREATE INDEX ix_notes_body ON notes (body)"], _models()) == []
    )


def test_changed_added_and_removed_check_constraints_are_found() -> None:
    changed = THREADS.replace("<= 40", "<= 50")
    diffs = _diffs([changed], _models())
    assert [(d[0], d[1].name) for d in diffs] == [
        ("remove_constraint", "ck_threads_title_max_length"),
        ("add_constraint", "ck_threads_title_max_length"),
    ]
    missing = THREADS.replace(", CONSTRAINT ck_threads_votes_min CHECK (votes >= 0)", "")
    assert [(d[0], d[1].name) for d in _diffs([missing], _models())] == [
        ("add_constraint", "ck_threads_votes_min")
    ]
    extra = THREADS.replace("(votes >= 0))", "(votes >= 0), CONSTRAINT ck_x CHECK (id > 0))")
    assert [(d[0], d[1].name) for d in _diffs([extra], _models())] == [
        ("remove_constraint", "ck_x")
    ]


def test_changed_server_default_is_found() -> None:
    diffs = _diffs([THREADS.replace("DEFAULT 0", "DEFAULT 3")], _models())
    assert [(d[0][0], d[0][3]) for d in diffs] == [("modify_default", "votes")]


def test_sqlite_transactions_roll_back_ddl_with_foreign_keys_off(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'app.db'}", poolclass=sa.NullPool)

    @sa.event.listens_for(engine, "connect")
    def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    migrating.sqlite_transactions(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE kept (id INTEGER)")
    with pytest.raises(sa.exc.OperationalError), engine.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
        connection.exec_driver_sql("CREATE TABLE _alembic_tmp_kept (id INTEGER)")
        connection.exec_driver_sql("DROP TABLE kept")
        connection.exec_driver_sql("SELECT * FROM no_such_table")
    assert sa.inspect(engine).get_table_names() == ["kept"]


def test_sqlite_transactions_with_aiosqlite(tmp_path: Path) -> None:
    async def main() -> list[str]:
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
        migrating.sqlite_transactions(engine)
        with pytest.raises(sa.exc.OperationalError):
            async with engine.begin() as connection:
                await connection.exec_driver_sql("CREATE TABLE _alembic_tmp_x (id INTEGER)")
                await connection.exec_driver_sql("SELECT * FROM no_such_table")
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names())
        await engine.dispose()
        return list(names)

    assert asyncio.run(main()) == []


def test_sqlite_transactions_leave_other_dialects_alone() -> None:
    engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    migrating.sqlite_transactions(engine)
    assert len(engine.sync_engine.dispatch.begin) == 0
    sqlite_engine = create_async_engine("sqlite+aiosqlite://")
    migrating.sqlite_transactions(sqlite_engine)
    assert len(sqlite_engine.sync_engine.dispatch.begin) == 1


def test_leftover_batch_tables_are_dropped() -> None:
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        for statement in [
            "CREATE TABLE threads (id INTEGER)",
            "CREATE TABLE _alembic_tmp_threads (id INTEGER)",
            "INSERT INTO _alembic_tmp_threads VALUES (1)",
            "CREATE TABLE _alembic_tmp_gone (id INTEGER)",
        ]:
            connection.exec_driver_sql(statement)
        dropped = migrating.drop_leftover_batch_tables(connection)
        assert dropped == ["_alembic_tmp_gone", "_alembic_tmp_threads"]
        assert sa.inspect(connection).get_table_names() == ["threads"]
        assert migrating.drop_leftover_batch_tables(connection) == []


def test_a_leftover_holding_the_only_copy_is_kept() -> None:
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE _alembic_tmp_threads (id INTEGER)")
        connection.exec_driver_sql("INSERT INTO _alembic_tmp_threads VALUES (1), (2)")
        connection.exec_driver_sql("CREATE TABLE _alembic_tmp_gone (id INTEGER)")
        with pytest.raises(RuntimeError, match="_alembic_tmp_threads holds 2 rows and threads"):
            migrating.drop_leftover_batch_tables(connection)
        assert len(sa.inspect(connection).get_table_names()) == 2


def test_foreign_key_violations_are_counted_on_sqlite() -> None:
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        connection.exec_driver_sql("CREATE TABLE posts (id INTEGER, user_id REFERENCES users)")
        connection.exec_driver_sql("INSERT INTO users VALUES (1)")
        connection.exec_driver_sql("INSERT INTO posts VALUES (1, 1), (2, NULL)")
        assert migrating.foreign_key_violations(connection) == 0
        connection.exec_driver_sql("INSERT INTO posts VALUES (3, 2)")
        assert migrating.foreign_key_violations(connection) == 1
