"""The generated project's own Alembic (``migrations/env.py`` + ``app/core/migrating.py``) on
SQLite and PostgreSQL: ``alembic check`` is clean after ``upgrade head``, finds edited
defaults and CHECK constraints, leaves the user's own tables alone; a failed upgrade on SQLite
leaves the database as it was."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from ssot_gen.pipeline import generate
from tests import live
from tests.conftest import ROOT, SCHEMAS, need_service

PROJECT_SCHEMAS = [SCHEMAS / "ai_chat.yaml", *sorted((ROOT / "tests" / "schemas").glob("*.yaml"))]

ALEMBIC = """
import shlex, sys
from alembic.config import main

for command in sys.argv[1:]:
    main(argv=shlex.split(command), prog="alembic")
"""

SQL = """
import asyncio, json, sys
from sqlalchemy import text
from app.core.db import engine

async def main():
    results = []
    async with engine.begin() as connection:
        for statement in json.loads(sys.argv[1]):
            result = await connection.execute(text(statement))
            results.append([list(map(str, row)) for row in result] if result.returns_rows else None)
    await engine.dispose()
    print(json.dumps(results))

asyncio.run(main())
"""


def alembic(project: Path, env: dict[str, str], *commands: str) -> str:
    """Run alembic ``commands`` (``"upgrade head"``) one after the other, in one process."""
    return live.run([sys.executable, "-c", ALEMBIC, *commands], project, env)


def alembic_fails(project: Path, env: dict[str, str], command: str) -> str:
    """Run an alembic command expecting a failure; its output."""
    result = subprocess.run(
        [sys.executable, "-c", ALEMBIC, command],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def sql(project: Path, env: dict[str, str], *statements: str) -> list[list[list[str]] | None]:
    """Run ``statements`` in one transaction with the project's engine; rows of each."""
    args = [sys.executable, "-c", SQL, json.dumps(statements)]
    return list(json.loads(live.run(args, project, env).strip().splitlines()[-1]))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    need_service("PostgreSQL", 5432)
    return str(request.getfixturevalue("postgres_url"))


@pytest.mark.parametrize("schema", PROJECT_SCHEMAS, ids=lambda path: path.stem)
def test_check_is_clean_after_upgrade(tmp_path: Path, database_url: str, schema: Path) -> None:
    project = tmp_path / "project"
    generate(schema, project)
    alembic(project, live.project_env(database_url), "upgrade head", "check")


def test_user_tables_are_theirs_and_edits_are_found(tmp_path: Path, database_url: str) -> None:
    project = tmp_path / "project"
    generate(SCHEMAS / "ai_chat.yaml", project)
    env = live.project_env(database_url)
    sql(  # the user's own table, with a default, a CHECK and an index
        project,
        env,
        "CREATE TABLE audit_notes (id INTEGER PRIMARY KEY, body VARCHAR(20) DEFAULT 'x', "
        "CONSTRAINT ck_audit_notes_body CHECK (length(body) < 10))",
        "CREATE INDEX ix_audit_notes_body ON audit_notes (body)",
    )
    alembic(project, env, "upgrade head", "check", "revision --autogenerate -m nothing")
    (revision,) = (project / "migrations" / "versions").glob("*_nothing.py")
    assert "audit_notes" not in revision.read_text()
    upgrade = revision.read_text().split("def upgrade() -> None:")[1].split("def downgrade")[0]
    assert "op." not in upgrade
    revision.unlink()

    # Defaults of every kind the generator emits, and CHECK constraints, edited by hand.
    models = project / "app" / "models.py"
    edit(models, 'server_default=sa.text("1024")', 'server_default=sa.text("2048")')
    edit(models, 'server_default="mock-echo"', 'server_default="it\'s new"')
    edit(  # decimal total_cost
        models,
        'decimal.Decimal("0"), server_default="0"',
        'decimal.Decimal("0"), server_default="1.5"',
    )
    edit(models, 'server_default=sa.text("0.7")', 'server_default=sa.text("0.5")')
    edit(models, 'server_default="system"', 'server_default="dark"')  # enum theme
    edit(models, 'True, server_default=sa.text("true")', 'True, server_default=sa.text("false")')
    edit(
        models,
        'sa.CheckConstraint("length(title) <= 200", name="title_max_length"),',
        'sa.CheckConstraint("length(title) >= 1", name="title_min_length"),\n'
        '        sa.CheckConstraint("length(title) <= 150", name="title_max_length"),',
    )
    output = alembic_fails(project, env, "check")
    for column in [
        "'max_tokens'",
        "'model'",
        "'total_cost'",
        "'temperature'",
        "'theme'",
        "'show_token_count'",
    ]:
        assert re.search(rf"'modify_default', None, '\w+', {column}", output), column
    assert "name='ck_conversations_title_min_length'" in output
    if database_url.startswith("sqlite"):  # PostgreSQL rewrites the text: compared by name
        for verb in ["remove", "add"]:
            found = (
                rf"\('{verb}_constraint', CheckConstraint\(<[^>]*>, name='ck_\w+_title_max_length'"
            )
            assert re.search(found, output), verb

    # The edits become a revision that applies; afterwards the database is up to date.
    alembic(project, env, "revision --autogenerate -m edits", "upgrade head", "check")
    (revision,) = (project / "migrations" / "versions").glob("*_edits.py")
    assert "audit_notes" not in revision.read_text()


BATCH_THEN_FAIL = '''
"""hand-written: a batch operation, then a failing statement"""

import sqlalchemy as sa
from alembic import op

revision = "0badbadbad01"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(20), nullable=True))
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade() -> None:
    with op.batch_alter_table("users", recreate="always") as batch_op:
        batch_op.drop_column("nickname")
'''

STATE = [
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    "SELECT name FROM pragma_table_info('users') ORDER BY cid",
    "SELECT version_num FROM alembic_version",
    "SELECT count(*) FROM users",
    "SELECT count(*) FROM conversations",
]


def test_failed_upgrade_leaves_sqlite_as_it_was(tmp_path: Path) -> None:
    project = tmp_path / "project"
    generate(SCHEMAS / "ai_chat.yaml", project)
    env = live.project_env(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    alembic(project, env, "upgrade head")
    user = uuid.uuid4().hex
    # Plain SQL without timestamps: the server defaults fill them in (SQLite has no now()).
    _, _, created, *before = sql(
        project,
        env,
        "INSERT INTO users (id, email, name, hashed_password) "
        f"VALUES ('{user}', 'a@b.c', 'A', 'x')",
        f"INSERT INTO conversations (id, owner_id) VALUES ('{uuid.uuid4().hex}', '{user}')",
        "SELECT created_at, updated_at FROM users",
        *STATE,
    )
    assert created and all(created[0]), created
    head = before[2][0][0]  # type: ignore[index]

    versions = project / "migrations" / "versions"
    revision = versions / "0badbadbad01_hand_written.py"
    revision.write_text(BATCH_THEN_FAIL.replace("{head}", head))
    output = alembic_fails(project, env, "upgrade head")
    assert "no_such_table" in output
    assert sql(project, env, *STATE) == before  # no _alembic_tmp_users, no nickname, same rows

    # Foreign keys are off while SQLite migrates, checked at the end: a revision that leaves
    # rows referencing a dropped table fails as it would on PostgreSQL, and changes nothing.
    failing = 'op.execute("INSERT INTO no_such_table VALUES (1)")'
    edit(revision, failing, 'op.drop_table("users")')
    output = alembic_fails(project, env, "upgrade head")
    assert "the migration leaves 1 row(s) referencing missing rows" in output

    # An interrupted older run left copies behind; the fixed revision runs and cleans them.
    leftovers = ["CREATE TABLE _alembic_tmp_users (id INTEGER)", "CREATE TABLE _alembic_tmp_x (id)"]
    assert sql(project, env, *STATE, *leftovers)[: len(STATE)] == before
    edit(revision, '    op.drop_table("users")\n', "")
    alembic(project, env, "upgrade head")
    tables, columns, version, users, conversations = sql(project, env, *STATE)
    assert tables == before[0]
    assert columns == [*before[1], ["nickname"]]  # type: ignore[misc]
    assert version == [["0badbadbad01"]]
    # Users were moved and copied: their conversations (ON DELETE CASCADE) are still there.
    assert (users, conversations) == (before[3], before[4])
    offline = alembic(project, env, "downgrade -1", f"upgrade {head} --sql")
    assert sql(project, env, *STATE) == before
    assert re.search(r"PRAGMA foreign_keys=OFF;\s+BEGIN;.*COMMIT;", offline, re.DOTALL)
