"""Migration safety without a database: operation labels, refusals and their flags, the
revision's own record of its operations, ``check --strict`` with acknowledgements, and
revisions on disk that are broken (a located error, never a traceback). The same changes run
on real rows in tests/test_migration_torture.py."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from ssot_gen.cli import app

MINIMAL = (Path(__file__).parent / "schemas" / "minimal.yaml").read_text()
FOLDER = "  Folder:\n    fields:\n      label: {type: string, max_length: 30}\n"
THREAD_RELATIONS = "      member: {belongs_to: Member}\n"
THREAD_FIELDS = "      engine_model: {type: string, max_length: 40, default: tiny}\n"


def ssot(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schema.yaml"
    path.write_text(text)
    return path


def with_folder(extra_thread_fields: str = "") -> str:
    """Minimal, plus a Folder model that threads reference, plus fields on Thread."""
    text = MINIMAL.replace("models:\n", "models:\n" + FOLDER, 1)
    text = text.replace(
        THREAD_RELATIONS, THREAD_RELATIONS + "      folder: {belongs_to: Folder, nullable: true}\n"
    )
    return text.replace(THREAD_FIELDS, THREAD_FIELDS + extra_thread_fields)


def revisions(out: Path) -> list[Path]:
    return sorted((out / "migrations" / "versions").glob("*.py"), key=lambda p: p.stat().st_mtime)


def test_drop_a_referenced_model_is_refused_then_ordered_and_reversible(tmp_path: Path) -> None:
    out = tmp_path / "project"
    assert ssot("generate", str(write(tmp_path, with_folder())), "--out", str(out))[0] == 0
    first = revisions(out)[0].read_text()
    assert 'server_default=sa.text("CURRENT_TIMESTAMP")' in first  # portable, not now()
    assert "now()" not in first
    schema = write(tmp_path, MINIMAL)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 2
    assert "drop table folders (destructive): allow it with --allow-destructive" in output
    assert "drop column threads.folder_id (destructive)" in output
    assert "nothing was written" in output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before

    code, output = ssot("diff", str(schema), "--out", str(out))
    assert code == 0, output
    assert "generate will refuse: destructive" in output
    code, output = ssot("diff", str(schema), "--out", str(out), "--allow-destructive")
    assert "generate will refuse" not in output

    code, output = ssot("generate", str(schema), "--out", str(out), "--allow-destructive")
    assert code == 0, output
    (revision,) = [p for p in revisions(out) if "drop" in p.name]
    assert re.fullmatch(r"[0-9a-f]{12}_[a-z0-9_]+\.py", revision.name)
    text = revision.read_text()
    assert "Operations:\n" in text
    assert "  - drop table folders (destructive)\n" in text
    upgrade, downgrade = text.split("def upgrade() -> None:")[1].split("def downgrade() -> None:")
    # The foreign key and its column go before the table they point at.
    assert upgrade.index('drop_column("folder_id")') < upgrade.index('op.drop_table("folders")')
    # The downgrade re-creates the table with the models' types, not SQLite's reflection.
    assert "sa.Uuid()" in downgrade
    assert "CHAR(32)" not in downgrade and "DATETIME" not in downgrade
    assert "sa.DateTime(timezone=True)" in downgrade
    assert downgrade.index('op.create_table(\n        "folders"') < downgrade.index(
        'sa.Column("folder_id"'
    )


def test_check_strict_needs_non_safe_operations_acknowledged(tmp_path: Path) -> None:
    out = tmp_path / "project"
    ssot("generate", str(write(tmp_path, with_folder())), "--out", str(out))
    schema = write(tmp_path, MINIMAL)
    assert ssot("generate", str(schema), "--out", str(out), "--allow-destructive")[0] == 0
    assert ssot("check", str(schema), "--out", str(out)) == (0, f"{out}: up to date\n")
    code, output = ssot("check", str(schema), "--out", str(out), "--strict")
    assert code == 1
    assert "not acknowledged: migrations/versions/" in output
    assert "drop table folders (destructive)" in output
    (revision,) = [p for p in revisions(out) if "drop" in p.name]
    revision_id = revision.name.split("_")[0]

    # By operation text: the other operation is still reported.
    acknowledged = MINIMAL + "migrations:\n  acknowledge: ['drop table folders']\n"
    schema = write(tmp_path, acknowledged)
    assert ssot("generate", str(schema), "--out", str(out))[0] == 0
    code, output = ssot("check", str(schema), "--out", str(out), "--strict")
    assert code == 1
    assert "drop table folders" not in output
    assert "drop column threads.folder_id (destructive)" in output

    # By revision id: all of its operations.
    schema = write(tmp_path, MINIMAL + f"migrations:\n  acknowledge: ['{revision_id}']\n")
    assert ssot("generate", str(schema), "--out", str(out))[0] == 0
    assert ssot("check", str(schema), "--out", str(out), "--strict")[0] == 0


def test_labels_of_required_unique_narrowing_and_check_changes(tmp_path: Path) -> None:
    out = tmp_path / "project"
    fields = (
        "      note: {type: string, max_length: 40, nullable: true}\n"
        "      code: {type: string, max_length: 40, nullable: true}\n"
        "      score: {type: int, nullable: true}\n"
    )
    assert ssot("generate", str(write(tmp_path, with_folder(fields))), "--out", str(out))[0] == 0
    edited = (
        '      note: {type: string, max_length: 40, default: "it\'s"}\n'
        "      code: {type: string, max_length: 10, nullable: true, unique: true}\n"
        "      score: {type: int, nullable: true, max: 100}\n"
        "      extra: {type: string, max_length: 20, nullable: true, unique: true}\n"
    )
    label = "      label: {type: string, max_length: 30}\n"
    topic = label + "      topic: {type: string, max_length: 20}\n"
    text = with_folder(edited).replace(label, topic)
    schema = write(tmp_path, text)
    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 2
    refused = [line for line in output.splitlines() if line.startswith("  - ")]
    assert all("(data-dependent)" in line for line in refused), output
    assert any("change type of threads.code from varchar(40) to varchar(10)" in r for r in refused)
    assert any("uq_threads_code" in line for line in refused)
    assert any("(score <= 100)" in line for line in refused)
    assert "--allow-data-dependent" in output

    code, output = ssot("generate", str(schema), "--out", str(out), "--allow-data-dependent")
    assert code == 0, output
    assert "make threads.note NOT NULL (NULLs set to its default 'it''s') (backfill)" in output
    assert "add column folders.topic (existing rows get '') (backfill)" in output
    # A unique or check on a column the revision adds holds no data yet: safe.
    assert re.search(r"extra.* \(safe\)", output)
    assert "add check ck_folders_topic_max_length on folders (safe)" in output
    (revision,) = [p for p in revisions(out) if "initial" not in p.name]
    upgrade = revision.read_text().split("def upgrade() -> None:")[1].split("def downgrade")[0]
    # Pre-checks run before any DDL, and say what to do.
    first_ddl = upgrade.index("batch_alter_table")
    assert 0 < upgrade.index("_require_no_rows(") < first_ddl
    assert "longer than 10 characters" in upgrade
    assert "_lock_timeout()" in upgrade


BROKEN = {
    "conflict": "<<<<<<< yours\nx = 1\n=======\nx = 2\n>>>>>>> generated\n",
    "syntax": "x = (\n",
    "failing": 'def upgrade() -> None:\n    op.execute("SELECT * FROM no_such_table")\n',
}


def test_a_broken_revision_on_disk_is_a_located_error(tmp_path: Path) -> None:
    out = tmp_path / "project"
    schema = write(tmp_path, MINIMAL)
    ssot("generate", str(schema), "--out", str(out))
    (revision,) = revisions(out)
    pristine = revision.read_text()
    relative = revision.relative_to(out).as_posix()
    for kind, text in BROKEN.items():
        if kind == "failing":
            renamed = text + "\n\ndef _old() -> None:\n"
            broken = pristine.replace("def upgrade() -> None:\n", renamed)
        else:
            broken = pristine + text
        revision.write_text(broken)
        for command in ("generate", "check", "diff"):
            code, output = ssot(command, str(schema), "--out", str(out))
            assert code == 2, (kind, command, output)
            assert relative in output, (kind, command, output)
            assert "Traceback" not in output, (kind, command, output)
        revision.write_text(pristine)
    assert ssot("check", str(schema), "--out", str(out))[0] == 0
