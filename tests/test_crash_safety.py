"""Crash safety: a generation killed (SIGKILL) at any instant leaves a project that the next
``generate`` rolls back to exactly its state before the interrupted run, then generates
normally; nothing is ever left beside the project.

Each kill happens in a subprocess whose own script wraps one step of ``ssot_gen.journal`` so
that the process kills itself after N calls: ``_backup_file`` (writing the journal),
``_write_file`` (the writes; ``_write_new`` in a new project's staging directory),
``_finish`` (the commit point: every file written, the journal not yet removed), and
``Path.replace`` while ``recover`` restores the backups (a crash during the rollback itself).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssot_gen.cli import app
from ssot_gen.errors import GenerationError
from ssot_gen.journal import INTERRUPTED, interrupted, recover, staging_dir
from ssot_gen.pipeline import check, diff, generate
from ssot_gen.write import read_tree
from tests.conftest import ROOT

MINIMAL = (Path(__file__).parent / "schemas" / "minimal.yaml").read_text()
UI = "ui:\n  components: [ChatMessage, TokenCounter]\n"
THREAD_FIELDS = "      engine_model: {type: string, max_length: 40, default: tiny}\n"
# The edit: a new field (a new revision, updated code) and one component fewer (deletions).
EDITED = MINIMAL.replace(
    THREAD_FIELDS, THREAD_FIELDS + "      pinned: {type: bool, default: false}\n"
) + UI.replace("ChatMessage, ", "")

KILLER = """
import os, pathlib, signal, sys
from pathlib import Path

import ssot_gen.journal as write
from ssot_gen.pipeline import generate

schema, out, hook, limit = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
calls = 0


def dying(real):
    def wrapper(*args, **kwargs):
        global calls
        if calls == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        calls += 1
        return real(*args, **kwargs)

    return wrapper


if hook == "rollback":
    pathlib.Path.replace = dying(pathlib.Path.replace)
    write.recover(out)
else:
    setattr(write, hook, dying(getattr(write, hook)))
    generate(Path(schema), out)
print("not killed")
"""


def kill_during(schema: Path, out: Path, hook: str, after: int) -> None:
    """Run ``generate`` (``recover`` for hook "rollback") in a subprocess that SIGKILLs itself
    at the ``after``-th call of ``hook`` (0: the first call); assert that it was killed."""
    result = subprocess.run(
        [sys.executable, "-c", KILLER, str(schema), str(out), hook, str(after)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr


def snapshot(root: Path) -> dict[str, tuple[str, bytes, int, int]]:
    """Every entry under ``root``: kind, bytes (a link's target), mode and mtime of files."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[relative] = ("link", str(path.readlink()).encode(), 0, 0)
        elif path.is_dir():
            found[relative] = ("dir", b"", 0, 0)
        else:
            info = path.stat()
            found[relative] = ("file", path.read_bytes(), info.st_mode, info.st_mtime_ns)
    return found


@dataclass(frozen=True)
class Trees:
    """``base``: a generated project (hand-edited) to copy; ``edited``: the tree an
    uninterrupted regeneration of it with the edited schema gives, whose new revision is
    ``migration``."""

    base: Path
    edited: dict[str, str]
    migration: str


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> Trees:
    """The uninterrupted runs every killed one is compared with."""
    root = tmp_path_factory.mktemp("reference")
    (root / "base.yaml").write_text(MINIMAL + UI)
    (root / "edited.yaml").write_text(EDITED)
    base = root / "base"
    generate(root / "base.yaml", base)
    hand_edit(base)
    shutil.copytree(base, root / "edited", symlinks=True)
    report = generate(root / "edited.yaml", root / "edited")
    assert report.migration is not None
    assert {"delete", "merge", "update", "create"} <= {e.status for e in report.files}
    return Trees(base, read_tree(root / "edited"), report.migration)


def hand_edit(project: Path) -> None:
    """A hand edit the regeneration merges: the rollback must bring it back as it was."""
    models = project / "app" / "models.py"
    models.write_text(models.read_text() + "\n\n# Our own note, kept across generations.\n")


@pytest.mark.parametrize("after", [0, 1, 40])
def test_a_killed_first_generation_leaves_nothing(tmp_path: Path, after: int) -> None:
    schema = tmp_path / "schema.yaml"
    schema.write_text(MINIMAL)
    out = tmp_path / "project"
    kill_during(schema, out, "_write_new", after)
    assert not out.exists()
    assert staging_dir(out).is_dir()  # the half-built project, hidden, cleaned next run

    report = generate(schema, out)
    assert report.recovered
    assert {entry.status for entry in report.files} == {"create"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "schema.yaml"]
    generate(schema, tmp_path / "reference")
    assert read_tree(out) == read_tree(tmp_path / "reference")
    assert not generate(schema, out).recovered


@pytest.mark.parametrize(
    ("hook", "after"),
    [
        ("_backup_file", 1),  # while writing the journal: nothing written yet
        ("_write_file", 0),  # the journal written, no file yet
        ("_write_file", 1),
        ("_write_file", 4),
        ("_finish", 0),  # every file written, the journal not yet removed
    ],
)
def test_a_killed_regeneration_is_rolled_back(
    tmp_path: Path, trees: Trees, hook: str, after: int
) -> None:
    schema = tmp_path / "edited.yaml"
    schema.write_text(EDITED)
    out = tmp_path / "project"
    shutil.copytree(trees.base, out, symlinks=True)
    before = snapshot(tmp_path)

    kill_during(schema, out, hook, after)
    if hook == "_backup_file":
        assert not interrupted(out)
    else:
        assert interrupted(out)
        assert (out / trees.migration).exists() == (hook == "_finish")
        for command in ("check", "diff"):
            result = CliRunner().invoke(app, [command, str(schema), "--out", str(out)])
            assert result.exit_code == 2, result.output
            assert INTERRUPTED in result.output
            assert "Traceback" not in result.output
    assert recover(out)
    assert snapshot(tmp_path) == before  # byte for byte, times and modes included

    kill_during(schema, out, hook, after)
    report = generate(schema, out)
    assert report.recovered
    assert report.migration == trees.migration  # a new revision again, not "yours"
    assert read_tree(out) == trees.edited
    assert sorted(path.name for path in tmp_path.iterdir()) == ["edited.yaml", "project"]
    assert not generate(schema, out).recovered


def test_a_killed_rollback_is_finished_by_the_next_run(tmp_path: Path, trees: Trees) -> None:
    schema = tmp_path / "edited.yaml"
    schema.write_text(EDITED)
    out = tmp_path / "project"
    shutil.copytree(trees.base, out, symlinks=True)
    before = snapshot(tmp_path)
    kill_during(schema, out, "_finish", 0)  # everything written: the most to undo
    kill_during(schema, out, "rollback", 2)  # two backups restored, then killed
    assert interrupted(out)
    assert recover(out)
    assert snapshot(tmp_path) == before
    report = generate(schema, out)
    assert not report.recovered
    assert read_tree(out) == trees.edited


def test_check_and_diff_refuse_an_interrupted_project(tmp_path: Path, trees: Trees) -> None:
    schema = tmp_path / "edited.yaml"
    schema.write_text(EDITED)
    out = tmp_path / "project"
    shutil.copytree(trees.base, out, symlinks=True)
    kill_during(schema, out, "_write_file", 2)
    for run in (check, diff):
        with pytest.raises(GenerationError, match="run generate to roll it back"):
            run(schema, out)
    assert interrupted(out)  # they write nothing, not even the rollback


def test_a_failed_write_rolls_back_at_once(
    tmp_path: Path, trees: Trees, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssot_gen.journal as write

    schema = tmp_path / "edited.yaml"
    schema.write_text(EDITED)
    out = tmp_path / "project"
    shutil.copytree(trees.base, out, symlinks=True)
    before = snapshot(tmp_path)
    real = write._write_file
    calls: list[Path] = []

    def full_disk(target: Path, text: str) -> None:
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        calls.append(target)
        real(target, text)

    monkeypatch.setattr(write, "_write_file", full_disk)
    with pytest.raises(GenerationError, match=r"nothing changed: .*No space left"):
        generate(schema, out)
    assert snapshot(tmp_path) == before
    assert not interrupted(out)


def test_an_edit_made_after_the_crash_survives_the_rollback(tmp_path: Path, trees: Trees) -> None:
    schema = tmp_path / "edited.yaml"
    schema.write_text(EDITED)
    out = tmp_path / "project"
    shutil.copytree(trees.base, out, symlinks=True)
    before = snapshot(out)
    kill_during(schema, out, "_finish", 0)
    # Between the crash and the next run, the user edits a file the run had replaced and
    # re-creates one it had deleted: both are theirs now; everything else is rolled back.
    schemas = out / "app" / "schemas.py"
    schemas.write_text(schemas.read_text() + "\n# edited after the crash\n")
    component = out / "app" / "static" / "components" / "chat-message.js"
    assert not component.exists()
    component.write_text("// ours now\n")
    assert recover(out)
    after = snapshot(out)
    assert after.pop("app/schemas.py")[1].endswith(b"# edited after the crash\n")
    assert after.pop("app/static/components/chat-message.js")[1] == b"// ours now\n"
    del before["app/schemas.py"], before["app/static/components/chat-message.js"]
    assert after == before
