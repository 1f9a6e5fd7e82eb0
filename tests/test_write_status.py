"""The file-status table of ``ssot_gen.write``: each status, and what lands on disk.

Small trees in temporary directories go through ``plan_changes`` then ``apply``, as
``generate`` does after rendering: create, identical, update, keep, merge, conflict, delete.
"""

from __future__ import annotations

import json
from pathlib import Path

from ssot_gen.write import BASE_DIR, MANIFEST, apply, load_manifest, plan_changes

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
