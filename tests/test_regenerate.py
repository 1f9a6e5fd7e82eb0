"""Regeneration after schema edits: hand edits survive, migrations carry data forward,
`check` tells CI whether everything is up to date. Each database scenario runs on SQLite
and (when present, always in CI) PostgreSQL."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssot_gen.cli import app
from tests import live
from tests.conftest import ROOT, need_service

MINIMAL = (Path(__file__).parent / "schemas" / "minimal.yaml").read_text()
THREAD_FIELDS = "      engine_model: {type: string, max_length: 40, default: tiny}\n"


def schema_with(tmp_path: Path, extra_fields: str = "", text: str = MINIMAL) -> Path:
    """The minimal schema with ``extra_fields`` (YAML lines) added to the Thread model."""
    path = tmp_path / "schema.yaml"
    path.write_text(
        text.replace(THREAD_FIELDS, THREAD_FIELDS + textwrap.indent(extra_fields, " " * 6))
    )
    return path


def ssot(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def statuses(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        match = re.match(r"^\s+(create|identical|update|keep|merge|conflict|delete) (\S+)", line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def python(project: Path, env: dict[str, str], code: str) -> str:
    return live.run([sys.executable, "-c", textwrap.dedent(code)], project, env)


def alembic(project: Path, env: dict[str, str], *args: str) -> str:
    return live.run([sys.executable, "-m", "alembic", *args], project, env)


INSERT = """
import asyncio
from app.core.db import SessionLocal
from app.models import Member, Thread

async def main():
    async with SessionLocal() as session:
        member = Member(handle="alice", hashed_password="x")
        session.add(member)
        await session.flush()
        for index in range(3):
            session.add(Thread(member_id=member.id, engine="mock", engine_model=f"m{index}"))
        await session.commit()

asyncio.run(main())
"""

READ = """
import asyncio, json
from sqlalchemy import text
from app.core.db import engine

async def main():
    async with engine.connect() as connection:
        query = text("SELECT * FROM threads ORDER BY engine_model")
        rows = (await connection.execute(query)).mappings()
        print(json.dumps([{k: str(v) for k, v in row.items()} for row in rows]))
    await engine.dispose()

asyncio.run(main())
"""


def rows(project: Path, env: dict[str, str]) -> list[dict[str, str]]:
    return list(json.loads(python(project, env, READ).strip().splitlines()[-1]))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    need_service("PostgreSQL", 5432)
    return str(request.getfixturevalue("postgres_url"))


def test_schema_edits_migrate_data_forward_and_keep_hand_edits(
    tmp_path: Path, database_url: str
) -> None:
    out = tmp_path / "project"
    env = live.project_env(database_url)
    code, output = ssot("generate", str(schema_with(tmp_path)), "--out", str(out))
    assert code == 0, output
    alembic(out, env, "upgrade", "head")
    python(out, env, INSERT)

    # Hand edits: a route file and the README.
    route = out / "app" / "api" / "routes" / "threads.py"
    route.write_text(route.read_text() + "\n\ndef our_helper() -> int:\n    return 42\n")
    readme = out / "README.md"
    readme.write_text(readme.read_text() + "\n## Our notes\n\nKeep this.\n")

    # 1. Add fields: one with a default, one required (backfilled), an enum.
    added = (
        "pinned: {type: bool, default: false}\n"
        "topic: {type: string, max_length: 50, nullable: true}\n"
        "mood: {type: enum, enum: Mood, default: calm}\n"
    )
    text = MINIMAL.replace("enums:\n", "enums:\n  Mood: [calm, busy, gone]\n").replace(
        "      handle: {type: string, max_length: 40, unique: true}\n",
        "      handle: {type: string, max_length: 40, unique: true}\n"
        "      nickname: {type: string, max_length: 30}\n",
    )
    code, output = ssot("generate", str(schema_with(tmp_path, added, text)), "--out", str(out))
    assert code == 0, output
    found = statuses(output)
    assert found["app/api/routes/threads.py"] in {"keep", "merge"}
    assert found["README.md"] in {"keep", "merge"}
    assert found["app/models.py"] == "update"
    assert "return 42" in route.read_text()
    assert "Keep this." in readme.read_text()
    assert "pinned: orm.Mapped[bool]" in (out / "app" / "models.py").read_text()
    assert "pinned: bool" in (out / "app" / "schemas.py").read_text()
    (revision,) = [
        p for p in found if p.startswith("migrations/versions/") and found[p] == "create"
    ]
    assert "add_column" in (out / revision).read_text()
    assert "add_column_threads_pinned" in revision

    alembic(out, env, "upgrade", "head")
    after = rows(out, env)
    assert [row["engine_model"] for row in after] == ["m0", "m1", "m2"]
    assert {row["topic"] for row in after} == {"None"}
    members = python(out, env, READ.replace("threads ORDER BY engine_model", "members"))
    assert json.loads(members.strip().splitlines()[-1])[0]["nickname"] == ""  # backfilled
    assert {row["mood"] for row in after} == {"calm"}
    alembic(out, env, "downgrade", "-1")
    assert "pinned" not in rows(out, env)[0]
    alembic(out, env, "upgrade", "head")
    assert len(rows(out, env)) == 3
    alembic(out, env, "check")  # autogenerate finds no difference

    # 2. Rename a field: the data moves with it.
    python(
        out,
        env,
        "import asyncio\nfrom sqlalchemy import text\nfrom app.core.db import engine\n"
        "async def main():\n    async with engine.begin() as c:\n"
        "        await c.execute(text(\"UPDATE threads SET topic = 'kept'\"))\n"
        "    await engine.dispose()\nasyncio.run(main())\n",
    )
    renamed = added.replace("topic: {", "subject: {renamed_from: topic, ")
    code, output = ssot("generate", str(schema_with(tmp_path, renamed, text)), "--out", str(out))
    assert code == 0, output
    assert "rename column threads.topic to subject" in output
    alembic(out, env, "upgrade", "head")
    assert {row["subject"] for row in rows(out, env)} == {"kept"}
    alembic(out, env, "check")

    # 3. Drop a field: refused, nothing written; then done with --allow-destructive.
    before = live_tree(out)
    dropped = renamed.replace("pinned: {type: bool, default: false}\n", "")
    schema = str(schema_with(tmp_path, dropped, text))
    code, output = ssot("generate", schema, "--out", str(out))
    assert code == 2
    assert "drop column threads.pinned" in output
    assert live_tree(out) == before
    code, output = ssot("generate", schema, "--out", str(out), "--allow-destructive")
    assert code == 0, output
    alembic(out, env, "upgrade", "head")
    assert "pinned" not in rows(out, env)[0] and len(rows(out, env)) == 3

    # 4. Remove an enum value: rows holding it get the field's default (destructive).
    python(
        out,
        env,
        "import asyncio\nfrom sqlalchemy import text\nfrom app.core.db import engine\n"
        "async def main():\n    async with engine.begin() as c:\n"
        "        await c.execute(text(\"UPDATE threads SET mood = 'gone'\"))\n"
        "    await engine.dispose()\nasyncio.run(main())\n",
    )
    fewer = text.replace("Mood: [calm, busy, gone]", "Mood: [calm, busy]")
    schema = str(schema_with(tmp_path, dropped, fewer))
    assert ssot("generate", schema, "--out", str(out))[0] == 2
    code, output = ssot("generate", schema, "--out", str(out), "--allow-destructive")
    assert code == 0, output
    alembic(out, env, "upgrade", "head")
    assert {row["mood"] for row in rows(out, env)} == {"calm"}
    alembic(out, env, "downgrade", "-1")
    alembic(out, env, "upgrade", "head")
    assert ssot("check", schema, "--out", str(out))[0] == 0


def live_tree(root: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_text(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".db"
    }


def test_conflicting_hand_edit_gets_markers_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "project"
    ssot("generate", str(schema_with(tmp_path)), "--out", str(out))
    config = out / "app" / "core" / "config.py"
    config.write_text(
        config.read_text().replace("mock_delay_ms: int = 0", "mock_delay_ms: int = 5")
    )
    readme = out / "README.md"
    readme.write_text(readme.read_text() + "\nOur own paragraph.\n")
    edited = MINIMAL.replace("default_model: tiny,", "default_model: tiny, delay_ms: 9,")
    path = tmp_path / "edited.yaml"
    path.write_text(edited)
    code, output = ssot("generate", str(path), "--out", str(out))
    assert code == 1
    assert statuses(output)["app/core/config.py"] == "conflict"
    text = config.read_text()
    assert "<<<<<<< yours" in text and ">>>>>>> generated" in text
    assert "mock_delay_ms: int = 5" in text and "mock_delay_ms: int = 9" in text
    assert "Our own paragraph." in readme.read_text()
    code, output = ssot("check", str(path), "--out", str(out))
    assert code == 1
    assert "conflict markers: app/core/config.py" in output


def test_check_is_0_then_1_after_a_schema_edit_then_0(tmp_path: Path) -> None:
    out = tmp_path / "project"
    schema = schema_with(tmp_path)
    ssot("generate", str(schema), "--out", str(out))
    assert ssot("check", str(schema), "--out", str(out)) == (0, f"{out}: up to date\n")
    schema = schema_with(tmp_path, "pinned: {type: bool, default: false}\n")
    before = live_tree(out)
    code, output = ssot("check", str(schema), "--out", str(out))
    assert code == 1
    assert "update: app/models.py" in output
    assert "migration missing: migrations/versions/" in output
    assert live_tree(out) == before  # check writes nothing
    code, output = ssot("diff", str(schema), "--out", str(out))
    assert code == 0
    assert "+    pinned: orm.Mapped[bool]" in output
    assert "add column threads.pinned (safe)" in output
    assert live_tree(out) == before
    ssot("generate", str(schema), "--out", str(out))
    assert ssot("check", str(schema), "--out", str(out))[0] == 0


def test_hand_edited_orphan_is_kept_and_clean_one_deleted(tmp_path: Path) -> None:
    out = tmp_path / "project"
    with_ui = MINIMAL + "ui:\n  components: [ChatMessage, TokenCounter]\n"
    path = tmp_path / "ui.yaml"
    path.write_text(with_ui)
    ssot("generate", str(path), "--out", str(out))
    counter = out / "app" / "static" / "components" / "token-counter.js"
    counter.write_text(counter.read_text() + "\n// ours\n")
    path.write_text(MINIMAL + "ui:\n  components: [TokenCounter]\n")
    code, output = ssot("generate", str(path), "--out", str(out))
    assert code == 0, output
    assert statuses(output)["app/static/components/chat-message.js"] == "delete"
    assert not (out / "app" / "static" / "components" / "chat-message.js").exists()
    path.write_text(MINIMAL + "ui:\n  components: []\n")
    code, output = ssot("generate", str(path), "--out", str(out))
    assert (
        "keep app/static/components/token-counter.js (hand-edited, no longer generated)" in output
    )
    assert counter.exists()


def test_files_marked_as_yours_are_never_touched(tmp_path: Path) -> None:
    out = tmp_path / "project"
    schema = schema_with(tmp_path)
    ssot("generate", str(schema), "--out", str(out))
    (out / ".ssot" / "ignore").write_text("# files that are ours\napp/main.py\n")
    (out / "app" / "main.py").write_text("# entirely ours\n")
    schema.write_text(schema.read_text().replace("Tiny chat", "Tiny chat renamed"))
    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 0
    assert statuses(output)["app/main.py"] == "keep"
    assert (out / "app" / "main.py").read_text() == "# entirely ours\n"


@pytest.mark.parametrize("name", ["ai_chat", "support_desk"])
def test_generated_examples_are_up_to_date(name: str) -> None:
    code, output = ssot(
        "check",
        str(ROOT / "schemas" / f"{name}.yaml"),
        "--out",
        str(ROOT / "generated_examples" / name),
    )
    assert code == 0, output


LABELS = (
    "  Label:\n    fields:\n      name: {type: string, max_length: 30}\n"
    "      weight: {type: string, max_length: 30, default: heavy}\n"
)


def test_model_rename_and_type_change(tmp_path: Path, database_url: str) -> None:
    out = tmp_path / "project"
    env = live.project_env(database_url)
    with_labels = MINIMAL.replace("models:\n", "models:\n" + LABELS)
    path = tmp_path / "schema.yaml"
    path.write_text(with_labels)
    assert ssot("generate", str(path), "--out", str(out))[0] == 0
    alembic(out, env, "upgrade", "head")
    insert = (
        "import asyncio\nfrom app.core.db import SessionLocal\nfrom app.models import Label\n"
        "async def main():\n    async with SessionLocal() as session:\n"
        "        session.add_all([Label(name='red'), Label(name='blue')])\n"
        "        await session.commit()\nasyncio.run(main())\n"
    )
    python(out, env, insert)

    # A model rename is a table rename: the rows come along.
    renamed = with_labels.replace("  Label:\n", "  Tag:\n    renamed_from: Label\n")
    path.write_text(renamed)
    code, output = ssot("generate", str(path), "--out", str(out))
    assert code == 0, output
    assert "rename table labels to tags" in output
    alembic(out, env, "upgrade", "head")
    names = python(out, env, READ.replace("threads ORDER BY engine_model", "tags ORDER BY name"))
    assert [row["name"] for row in json.loads(names.strip().splitlines()[-1])] == ["blue", "red"]
    alembic(out, env, "check")

    # Narrowing a string is destructive; widening it is safe.
    narrow = renamed.replace(
        "weight: {type: string, max_length: 30", "weight: {type: string, max_length: 5"
    )
    path.write_text(narrow)
    code, output = ssot("generate", str(path), "--out", str(out))
    assert code == 2
    assert "change type of tags.weight" in output
    wide = renamed.replace(
        "weight: {type: string, max_length: 30", "weight: {type: string, max_length: 60"
    )
    path.write_text(wide)
    code, output = ssot("generate", str(path), "--out", str(out))
    assert code == 0, output
    alembic(out, env, "upgrade", "head")
    alembic(out, env, "downgrade", "-1")
    alembic(out, env, "upgrade", "head")


def test_relation_rename_keeps_the_foreign_keys(tmp_path: Path, database_url: str) -> None:
    out = tmp_path / "project"
    env = live.project_env(database_url)
    labels = (
        LABELS
        + "    relations:\n      maker: {belongs_to: Member, nullable: true, on_delete: set_null}\n"
    )
    path = tmp_path / "schema.yaml"
    path.write_text(MINIMAL.replace("models:\n", "models:\n" + labels))
    assert ssot("generate", str(path), "--out", str(out))[0] == 0
    alembic(out, env, "upgrade", "head")
    insert = (
        "import asyncio\nfrom app.core.db import SessionLocal\n"
        "from app.models import Label, Member\n"
        "async def main():\n    async with SessionLocal() as session:\n"
        "        member = Member(handle='bob', hashed_password='x')\n"
        "        session.add(member)\n        await session.flush()\n"
        "        session.add(Label(name='red', maker_id=member.id))\n"
        "        await session.commit()\nasyncio.run(main())\n"
    )
    python(out, env, insert)
    renamed = labels.replace("maker: {", "author: {renamed_from: maker, ")
    path.write_text(MINIMAL.replace("models:\n", "models:\n" + renamed))
    code, output = ssot("generate", str(path), "--out", str(out))
    assert code == 0, output
    assert "rename column labels.maker_id to author_id" in output
    alembic(out, env, "upgrade", "head")
    read = READ.replace("threads ORDER BY engine_model", "labels")
    (row,) = json.loads(python(out, env, read).strip().splitlines()[-1])
    assert row["author_id"] not in {"None", ""}
    alembic(out, env, "check")
    alembic(out, env, "downgrade", "-1")
    alembic(out, env, "upgrade", "head")


def test_users_own_revision_and_table_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "project"
    schema = schema_with(tmp_path)
    ssot("generate", str(schema), "--out", str(out))
    (head,) = (out / "migrations" / "versions").glob("*.py")
    own = out / "migrations" / "versions" / "0001_our_audit_log.py"
    own.write_text(
        '"""our audit log"""\n\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f'revision = "ours0001"\ndown_revision = "{head.name.split("_")[0]}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    op.create_table("audit_log", sa.Column("id", sa.Integer(), primary_key=True))\n\n\n'
        'def downgrade() -> None:\n    op.drop_table("audit_log")\n'
    )
    before = own.read_text()
    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 0, output
    assert own.read_text() == before
    schema = schema_with(tmp_path, "pinned: {type: bool, default: false}\n")
    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 0, output  # no "drop table audit_log"
    assert "audit_log" not in output
    assert own.read_text() == before


def test_a_file_that_is_not_utf8_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "project"
    ssot("generate", str(schema_with(tmp_path)), "--out", str(out))
    models = out / "app" / "models.py"
    models.write_bytes(models.read_bytes() + b"# caf\xe9 keep me\n")
    before = models.read_bytes()
    schema = schema_with(tmp_path, "pinned: {type: bool, default: false}\n")
    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 0, output
    assert statuses(output)["app/models.py"] == "keep"
    assert models.read_bytes() == before
