"""The file-status table of ``ssot_gen.write``: each status, and what lands on disk.

Small trees in temporary directories go through ``plan_changes`` then ``apply``, as
``generate`` does after rendering: create, identical, update, keep, merge, conflict, delete.
Then the rules for revisions (the user's once written; a broken one is a located error) and
the text ``diff`` prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from ssot_gen.cli import app
from ssot_gen.journal import apply
from ssot_gen.write import (
    BASE_DIR,
    MANIFEST,
    FileStatus,
    load_manifest,
    plan_changes,
    read_tree,
    render_diff,
    revision_problems,
)

LINES = "".join(f"line {n}\n" for n in range(1, 11))


def run(out: Path, files: dict[str, str], keep: tuple[str, ...] = ()) -> dict[str, str]:
    """One generation of ``files`` into ``out``: {path: status} (``.ssot/`` state left out)."""
    manifest = load_manifest(out) or {}
    statuses = plan_changes(files, out, keep, {"schema": 1}, manifest)
    apply(out, statuses)
    return {e.path: e.status for e in statuses if not e.path.startswith(".ssot/")}


def edit(text: str, line: int, new: str) -> str:
    lines = text.splitlines(keepends=True)
    lines[line - 1] = new + "\n"
    return "".join(lines)


def test_create_writes_files_manifest_and_base(tmp_path: Path) -> None:
    out = tmp_path / "project"
    assert run(out, {"a.py": "a = 1\n", "pkg/b.txt": LINES}) == {
        "a.py": "create",
        "pkg/b.txt": "create",
    }
    assert (out / "a.py").read_text() == "a = 1\n"
    assert (out / "pkg/b.txt").read_text() == LINES
    assert (out / BASE_DIR / "pkg/b.txt").read_text() == LINES
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["files"] == ["a.py", "pkg/b.txt"]
    assert manifest["schema"] == {"schema": 1}


def test_identical_leaves_the_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"a.py": "a = 1\n"})
    before = (out / "a.py").stat().st_mtime_ns
    (out / "a.py").chmod(0o444)  # a write would have to replace it: the inode would change
    inode = (out / "a.py").stat().st_ino
    assert run(out, {"a.py": "a = 1\n"}) == {"a.py": "identical"}
    assert (out / "a.py").stat().st_mtime_ns == before
    assert (out / "a.py").stat().st_ino == inode


def test_update_replaces_an_unedited_file(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"b.txt": LINES})
    new = edit(LINES, 5, "generated 5")
    assert run(out, {"b.txt": new}) == {"b.txt": "update"}
    assert (out / "b.txt").read_text() == new
    assert (out / BASE_DIR / "b.txt").read_text() == new


def test_keep_an_edited_file_when_the_output_did_not_change(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"b.txt": LINES})
    mine = edit(LINES, 2, "mine 2")
    (out / "b.txt").write_text(mine)
    assert run(out, {"b.txt": LINES}) == {"b.txt": "keep"}
    assert (out / "b.txt").read_text() == mine
    assert (out / BASE_DIR / "b.txt").read_text() == LINES


def test_merge_when_both_changed_different_lines(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"b.txt": LINES})
    (out / "b.txt").write_text(edit(LINES, 2, "mine 2"))
    generated = edit(LINES, 9, "generated 9")
    assert run(out, {"b.txt": generated}) == {"b.txt": "merge"}
    assert (out / "b.txt").read_text() == edit(generated, 2, "mine 2")
    # The base is the new generated text, so the next run with it is a keep.
    assert (out / BASE_DIR / "b.txt").read_text() == generated
    assert run(out, {"b.txt": generated}) == {"b.txt": "keep"}


def test_conflict_when_both_changed_the_same_line(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"b.txt": LINES})
    (out / "b.txt").write_text(edit(LINES, 5, "mine 5"))
    assert run(out, {"b.txt": edit(LINES, 5, "generated 5")}) == {"b.txt": "conflict"}
    text = (out / "b.txt").read_text()
    assert "<<<<<<< yours\nmine 5\n=======\ngenerated 5\n>>>>>>> generated\n" in text
    assert text.startswith("line 1\n")
    assert text.endswith("line 10\n")


def test_delete_a_file_no_longer_generated(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"a.py": "a = 1\n", "old.py": "old = 1\n"})
    assert run(out, {"a.py": "a = 1\n"}) == {"a.py": "identical", "old.py": "delete"}
    assert not (out / "old.py").exists()
    assert not (out / BASE_DIR / "old.py").exists()
    assert json.loads((out / MANIFEST).read_text())["files"] == ["a.py"]


def test_an_edited_file_no_longer_generated_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"a.py": "a = 1\n", "old.py": "old = 1\n"})
    (out / "old.py").write_text("old = 2  # mine\n")
    assert run(out, {"a.py": "a = 1\n"}) == {"a.py": "identical", "old.py": "keep"}
    assert (out / "old.py").read_text() == "old = 2  # mine\n"


def test_a_file_matching_a_keep_pattern_is_written_once(tmp_path: Path) -> None:
    out = tmp_path / "project"
    assert run(out, {"static/app.css": "a {}\n"}, keep=("static/*",)) == {
        "static/app.css": "create"
    }
    (out / "static/app.css").write_text("a { color: red }\n")
    assert run(out, {"static/app.css": "b {}\n"}, keep=("static/*",)) == {"static/app.css": "keep"}
    assert (out / "static/app.css").read_text() == "a { color: red }\n"


def test_the_ignore_file_marks_files_as_yours(tmp_path: Path) -> None:
    from ssot_gen.write import IGNORE, keep_patterns

    out = tmp_path / "project"
    run(out, {"a.py": "a = 1\n"})
    (out / IGNORE).write_text("# mine\na.py\n")
    patterns = keep_patterns(out, ())
    assert patterns == ("a.py",)
    assert run(out, {"a.py": "a = 2\n"}, keep=patterns) == {"a.py": "keep"}
    assert (out / "a.py").read_text() == "a = 1\n"


def test_a_file_that_is_not_utf8_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"a.txt": "text\n"})
    (out / "a.txt").write_bytes(b"\xff\xfe binary")
    assert run(out, {"a.txt": "other\n"}) == {"a.txt": "keep"}
    assert (out / "a.txt").read_bytes() == b"\xff\xfe binary"


def test_an_existing_file_never_generated_before_is_merged_against_nothing(
    tmp_path: Path,
) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "a.txt").write_text("mine\n")
    # No manifest: no base. A different file of the user's is never silently overwritten.
    assert run(out, {"a.txt": "generated\n"}) == {"a.txt": "conflict"}
    text = (out / "a.txt").read_text()
    assert "mine" in text
    assert "generated" in text


REVISION = "migrations/versions/0a1b_create_initial_tables.py"


def test_a_revision_is_yours_once_written(tmp_path: Path) -> None:
    out = tmp_path / "project"
    assert run(out, {REVISION: LINES}) == {REVISION: "create"}
    assert run(out, {REVISION: LINES}) == {REVISION: "identical"}
    mine = edit(LINES, 2, "mine 2")
    (out / REVISION).write_text(mine)
    # Even when the generator's text changes elsewhere (a merge for any other file), a
    # revision on disk is never updated or merged again.
    manifest = load_manifest(out) or {}
    statuses = plan_changes({REVISION: edit(LINES, 9, "generated 9")}, out, (), {}, manifest)
    (entry,) = [entry for entry in statuses if entry.path == REVISION]
    assert (entry.status, entry.note, entry.text) == ("keep", "revision: yours once written", None)
    apply(out, statuses)
    assert (out / REVISION).read_text() == mine
    new = "migrations/versions/2c3d_add_column.py"
    assert run(out, {REVISION: LINES, new: "new\n"}) == {REVISION: "keep", new: "create"}


def test_revision_problems_name_the_file_and_line(tmp_path: Path) -> None:
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "1_fine.py").write_text('"""fine"""\n\nx = 1\n')
    (versions / "2_merged.py").write_text(
        "x = 1\n<<<<<<< yours\nx = 2\n=======\nx = 3\n>>>>>>> generated\n"
    )
    (versions / "3_broken.py").write_text("def upgrade():\nreturn 1\n")
    (versions / "4_binary.py").write_bytes(b"x = 1\n\x00\n")
    (versions / "notes.txt").write_text("<<<<<<< not a revision\n")
    assert revision_problems(tmp_path) == [
        "migrations/versions/2_merged.py:2: has conflict markers (<<<<<<<): resolve them",
        "migrations/versions/3_broken.py:2: does not compile: "
        "expected an indented block after function definition on line 1",
        "migrations/versions/4_binary.py:1: does not compile: "
        "source code string cannot contain null bytes",
    ]
    assert revision_problems(tmp_path / "nothing") == []


def test_render_diff_shows_creations_deletions_and_conflicts(tmp_path: Path) -> None:
    out = tmp_path / "project"
    run(out, {"a.txt": LINES, "b.txt": LINES, "gone.txt": "old\n", "same.txt": "same\n"})
    (out / "b.txt").write_text(edit(LINES, 5, "mine 5"))
    files = {
        "a.txt": edit(LINES, 9, "generated 9"),
        "b.txt": edit(LINES, 5, "generated 5"),
        "new.txt": "new\nno newline",
        "same.txt": "same\n",
    }
    statuses = plan_changes(files, out, (), {}, load_manifest(out) or {})
    assert render_diff(out, statuses) == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -6,5 +6,5 @@\n line 6\n line 7\n line 8\n"
        "-line 9\n+generated 9\n line 10\n"
        "conflict: b.txt\n--- a/b.txt\n+++ b/b.txt\n@@ -2,7 +2,11 @@\n line 2\n line 3\n"
        " line 4\n+<<<<<<< yours\n mine 5\n+=======\n+generated 5\n+>>>>>>> generated\n"
        " line 6\n line 7\n line 8\n"
        "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+new\n+no newline\n"
        "\\ No newline at end of file\n"
        "--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-old\n"
    )
    # An empty new file still shows that it is created.
    statuses = [FileStatus("empty.txt", "create", "")]
    assert render_diff(out, statuses) == "--- /dev/null\n+++ b/empty.txt\n"


# Through the command line, on a generated project.

MINIMAL = Path(__file__).parent / "schemas" / "minimal.yaml"


def ssot(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_a_hand_edited_revision_is_kept_and_never_merged(tmp_path: Path) -> None:
    out = tmp_path / "project"
    schema = tmp_path / "schema.yaml"
    schema.write_text(MINIMAL.read_text())
    assert ssot("generate", str(schema), "--out", str(out))[0] == 0
    (revision,) = (out / "migrations" / "versions").glob("*.py")
    text = revision.read_text().replace(
        "def upgrade() -> None:\n", "def upgrade() -> None:\n    # reviewed by hand\n"
    )
    revision.write_text(text + "\n\n\n# our note")  # not even as ruff would format it
    relative = revision.relative_to(out).as_posix()
    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 0, output
    assert f"keep {relative} (revision: yours once written)" in output
    assert "conflict" not in output
    assert revision.read_text() == text + "\n\n\n# our note"
    assert ssot("check", str(schema), "--out", str(out)) == (0, f"{out}: up to date\n")

    schema.write_text(
        MINIMAL.read_text().replace(
            "      engine: {type: string",
            "      pinned: {type: bool, default: false}\n      engine: {type: string",
        )
    )
    code, output = ssot("generate", str(schema), "--out", str(out))
    assert code == 0, output
    assert "add column threads.pinned" in output
    assert revision.read_text() == text + "\n\n\n# our note"


def test_a_revision_with_conflict_markers_is_a_located_error(tmp_path: Path) -> None:
    out = tmp_path / "project"
    assert ssot("generate", str(MINIMAL), "--out", str(out))[0] == 0
    (revision,) = (out / "migrations" / "versions").glob("*.py")
    lines = revision.read_text().splitlines(keepends=True)
    number = lines.index("def upgrade() -> None:\n") + 2
    lines[number - 1 : number - 1] = ["<<<<<<< yours\n", "=======\n", ">>>>>>> generated\n"]
    revision.write_text("".join(lines))
    relative = revision.relative_to(out).as_posix()
    for command in ("generate", "check", "diff"):
        code, output = ssot(command, str(MINIMAL), "--out", str(out))
        assert code == 2, output
        assert f"{relative}:{number}: has conflict markers (<<<<<<<): resolve them" in output
        assert "Traceback" not in output


def test_diff_says_conflict_and_diffs_new_files_from_dev_null(tmp_path: Path) -> None:
    out = tmp_path / "project"
    assert ssot("generate", str(MINIMAL), "--out", str(out))[0] == 0
    config = out / "app" / "core" / "config.py"
    config.write_text(
        config.read_text().replace("mock_delay_ms: int = 0", "mock_delay_ms: int = 5")
    )
    schema = tmp_path / "edited.yaml"
    schema.write_text(
        MINIMAL.read_text()
        .replace("default_model: tiny,", "default_model: tiny, delay_ms: 9,")
        .replace(
            "      engine: {type: string",
            "      pinned: {type: bool, default: false}\n      engine: {type: string",
        )
    )
    before = read_tree(out)
    code, output = ssot("diff", str(schema), "--out", str(out))
    assert code == 0, output
    assert "conflict: app/core/config.py\n--- a/app/core/config.py\n" in output
    assert "+<<<<<<< yours\n" in output
    assert re.search(r"^--- /dev/null\n\+\+\+ b/migrations/versions/\w+\.py\n", output, re.M)
    assert read_tree(out) == before
