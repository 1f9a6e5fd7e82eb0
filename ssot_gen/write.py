"""Compare freshly generated files with the project on disk, keep hand edits, write atomically.

The project records in ``.ssot/manifest.json`` the schema it was generated from and which
files are generated, and in ``.ssot/base/`` the pristine generated text of each file. With
those, every file gets one status word:

``create`` (new), ``identical``, ``update`` (not hand-edited; the generator's output changed),
``keep`` (hand-edited, generator output unchanged — or a file marked as the user's),
``merge`` (both changed; ``git merge-file`` merged them cleanly), ``conflict`` (both changed
the same lines: written with ``<<<<<<<``/``>>>>>>>`` markers), ``delete`` (no longer generated
and not hand-edited; a hand-edited orphan is kept and reported). A revision under
``migrations/versions/`` is the user's once written: never updated or merged again.

Writing is crash-safe (``apply``): a generation killed at any instant leaves either the old
project or the new one, plus a journal in ``.ssot/journal/`` that the next ``recover`` uses to
roll back to the old one.
"""

from __future__ import annotations

import contextlib
import difflib
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ssot_gen.errors import GenerationError, OutputError

STATE_DIR = ".ssot"
MANIFEST = f"{STATE_DIR}/manifest.json"
BASE_DIR = f"{STATE_DIR}/base"
IGNORE = f"{STATE_DIR}/ignore"
CONFLICT_MARKER = "<<<<<<< "
WRITES = {"create", "update", "merge", "conflict"}
REVISIONS = "migrations/versions/"  # once written, a revision is the user's
JOURNAL = f"{STATE_DIR}/journal"  # exists (with its index) while a generation writes
JOURNAL_NEW = f"{STATE_DIR}/journal.new"  # the journal being written: nothing changed yet
JOURNAL_INDEX = "journal.json"  # {"replaced": [...], "created": [...], "dirs": [...]}
BACKUPS = "backup"  # under the journal: the files about to be replaced or deleted
STAGING_SUFFIX = ".ssot-new"
TMP_SUFFIX = ".ssot-tmp"
INTERRUPTED = "an interrupted generation left .ssot/journal; run generate to roll it back"


@dataclass(frozen=True)
class FileStatus:
    """What generation does (or would do) to one file; ``path`` is relative and POSIX-style.

    ``text`` is what will be written (None: nothing to write); ``note`` explains a ``keep``.
    """

    path: str
    status: str
    text: str | None = None
    note: str = ""


@dataclass
class Report:
    """The outcome of one generation: a status per file, and the new migration if any.

    ``recovered``: an interrupted generation was rolled back first (see ``recover``).
    """

    out_dir: Path
    files: list[FileStatus] = field(default_factory=list)
    migration: str | None = None
    changes: list[str] = field(default_factory=list)
    recovered: bool = False

    @property
    def conflicts(self) -> list[str]:
        return [entry.path for entry in self.files if entry.status == "conflict"]

    @property
    def changed(self) -> list[FileStatus]:
        return [entry for entry in self.files if entry.status != "identical"]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for entry in self.files:
            counts[entry.status] = counts.get(entry.status, 0) + 1
        parts = [f"{counts[status]} {status}" for status in sorted(counts)]
        return f"{self.out_dir}: " + (", ".join(parts) if parts else "nothing to do")


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` ({relative path: text}) under ``root``."""
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def format_tree(root: Path) -> None:
    """ruff check --fix (imports) then ruff format, with the project's own ruff settings.

    Raises GenerationError if ruff cannot parse a file (a template produced invalid Python).
    """
    for args in (["check", "--fix-only", "--exit-zero", "--quiet"], ["format"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip()
            raise GenerationError(f"ruff {args[0]} failed on the generated code:\n{message}")


def read_tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` as {relative POSIX path: text}."""
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None
    except UnicodeDecodeError:
        return UNREADABLE


UNREADABLE = "\x00ssot-unreadable\x00"  # a file that is not UTF-8: never merged, never replaced


def load_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of the project in ``out_dir``, or None if it has none."""
    text = _read(out_dir / MANIFEST)
    if not text:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise OutputError(out_dir / MANIFEST, f"is not valid JSON: {err}") from err
    return data if isinstance(data, dict) else None


def keep_patterns(out_dir: Path, schema_keep: tuple[str, ...]) -> tuple[str, ...]:
    """Glob patterns of files that are the user's: ``.ssot/ignore`` lines and the schema's keep."""
    lines = (_read(out_dir / IGNORE) or "").splitlines()
    mine = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return (*schema_keep, *mine)


def _matches(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def merge3(current: str, base: str, generated: str) -> tuple[str, bool]:
    """3-way merge with ``git merge-file``; returns (text, clean). Conflicts get markers.

    Raises GenerationError if git is missing or fails.
    """
    with tempfile.TemporaryDirectory(prefix="ssot-merge-") as tmp:
        paths = []
        for name, text in (("yours", current), ("base", base), ("generated", generated)):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        try:
            result = subprocess.run(
                ["git", "merge-file", "-p", "-L", "yours", "-L", "base", "-L", "generated", *paths],
                capture_output=True,
                text=True,
                check=False,
            )
        except FileNotFoundError as err:
            raise GenerationError("git is needed to merge hand edits (git merge-file)") from err
    if result.returncode < 0 or result.returncode > 127:
        raise GenerationError(f"git merge-file failed: {result.stderr.strip()}")
    return result.stdout, result.returncode == 0


def plan_changes(
    generated: dict[str, str],
    out_dir: Path,
    keep: tuple[str, ...],
    schema: Any,
    manifest: dict[str, Any],
) -> list[FileStatus]:
    """A status (and the text to write) for every generated, kept or orphaned file.

    ``manifest`` is the project's current manifest (empty if none). Also plans
    ``.ssot/manifest.json`` and ``.ssot/base/`` for the new generation.
    """
    previous = set(manifest.get("files", []))
    statuses: list[FileStatus] = []
    tracked: dict[str, str] = {}
    for path, text in sorted(generated.items()):
        current = _read(out_dir / path)
        if _matches(path, keep):
            if current is None:
                statuses.append(FileStatus(path, "create", text))
            else:
                statuses.append(FileStatus(path, "keep", note="yours (keep pattern)"))
            continue
        tracked[path] = text
        base = _read(out_dir / BASE_DIR / path) if path in previous else None
        if current == UNREADABLE:
            statuses.append(FileStatus(path, "keep", note="not UTF-8: left as it is"))
        elif current is None:
            statuses.append(FileStatus(path, "create", text))
        elif current == text:
            statuses.append(FileStatus(path, "identical"))
        elif path.startswith(REVISIONS):
            statuses.append(FileStatus(path, "keep", note="revision: yours once written"))
        elif base is not None and current == base:
            statuses.append(FileStatus(path, "update", text))
        elif base is not None and text == base:
            statuses.append(FileStatus(path, "keep", note="hand-edited"))
        else:
            merged, clean = merge3(current, base or "", text)
            statuses.append(FileStatus(path, "merge" if clean else "conflict", merged))
    for path in sorted(previous - set(generated)):
        current = _read(out_dir / path)
        if current is None:
            continue
        if current != UNREADABLE and current == _read(out_dir / BASE_DIR / path):
            statuses.append(FileStatus(path, "delete"))
        else:
            statuses.append(FileStatus(path, "keep", note="hand-edited, no longer generated"))
    state = {f"{BASE_DIR}/{path}": text for path, text in tracked.items()}
    state[MANIFEST] = (
        json.dumps(
            {"format": 1, "files": sorted(tracked), "schema": schema}, indent=2, sort_keys=True
        )
        + "\n"
    )
    for path in sorted(previous - set(generated)):
        if (out_dir / BASE_DIR / path).exists():
            statuses.append(FileStatus(f"{BASE_DIR}/{path}", "delete"))
    for path, text in sorted(state.items()):
        current = _read(out_dir / path)
        if current == text:
            statuses.append(FileStatus(path, "identical"))
        else:
            statuses.append(FileStatus(path, "create" if current is None else "update", text))
    return statuses


def apply(out_dir: Path, statuses: list[FileStatus]) -> None:
    """Write and delete what ``statuses`` say: all of it, or (on failure or a crash) none of it.

    A new ``out_dir`` is built in a sibling staging directory (``staging_dir``) and renamed
    into place. An existing one is changed through a journal in ``.ssot/journal/``: backups
    of every file about to be replaced or deleted and the list of files about to be created,
    flushed to disk before the first write; removing the journal's index is the commit point.
    A failure rolls back at once; a killed process leaves the journal for ``recover``.

    Raises OutputError if ``out_dir`` is not a directory, GenerationError if an interrupted
    generation's journal is still there (call ``recover`` first) or if writing fails (after
    rolling back).
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "exists and is not a directory")
    if interrupted(out_dir):
        raise GenerationError(INTERRUPTED)
    writes = {e.path: e.text for e in statuses if e.status in WRITES and e.text is not None}
    deletes = [e.path for e in statuses if e.status == "delete"]
    if not out_dir.exists():
        _create(out_dir, writes)
        return
    if not writes and not deletes:
        return
    state = out_dir / STATE_DIR
    try:
        _begin(out_dir, writes, deletes)
    except BaseException as err:
        shutil.rmtree(out_dir / JOURNAL_NEW, ignore_errors=True)
        _remove_if_empty(state)
        if isinstance(err, OSError):
            raise GenerationError(f"writing {out_dir} failed, nothing changed: {err}") from err
        raise
    try:
        for relative, text in writes.items():
            _write_file(out_dir / relative, text)
        for relative in deletes:
            (out_dir / relative).unlink()
        _sync_parents(out_dir, [*writes, *deletes])
        _finish(out_dir / JOURNAL)  # the commit point
    except BaseException as err:
        if interrupted(out_dir):
            try:
                _roll_back(out_dir)
            except OSError as again:
                raise GenerationError(
                    f"writing {out_dir} failed ({err}) and so did rolling it back ({again}); "
                    "run generate again to finish the rollback"
                ) from again
        _remove_if_empty(state)
        if isinstance(err, OSError):
            raise GenerationError(f"writing {out_dir} failed, nothing changed: {err}") from err
        raise


def interrupted(out_dir: Path) -> bool:
    """Whether a generation was killed while writing ``out_dir`` (its journal is still there)."""
    return (out_dir / JOURNAL / JOURNAL_INDEX).is_file()


def recover(out_dir: Path) -> bool:
    """Undo what an interrupted generation of ``out_dir`` left behind.

    Rolls the project back from ``.ssot/journal/`` to its exact state before that run
    (replaced and deleted files restored with their times and modes, created files and
    directories removed), and removes a half-written journal or a leftover staging directory
    of a new project. Returns True if there was an interrupted generation to undo, False if
    there was nothing (the remains of a finished generation's journal are removed quietly).

    Raises GenerationError if the journal is unreadable or the rollback fails; the journal
    is then kept and the next call finishes the rollback.
    """
    recovered = False
    state = out_dir / STATE_DIR
    try:
        staging = staging_dir(out_dir)
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging)
            recovered = True
        if (out_dir / JOURNAL_NEW).is_dir():  # killed while writing the journal: nothing else
            shutil.rmtree(out_dir / JOURNAL_NEW)
            recovered = True
        if interrupted(out_dir):
            _roll_back(out_dir)
            recovered = True
        elif (out_dir / JOURNAL).is_dir():  # killed after the commit point
            shutil.rmtree(out_dir / JOURNAL)
        _remove_if_empty(state)
    except OSError as err:
        raise GenerationError(f"rolling back the interrupted generation failed: {err}") from err
    return recovered


def staging_dir(out_dir: Path) -> Path:
    """Where a new project is built before it is renamed to ``out_dir``: a hidden sibling
    named after it (``.<name>.ssot-new``), the same on every run so a leftover is found."""
    out_dir = out_dir.resolve()
    return out_dir.with_name(f".{out_dir.name}{STAGING_SUFFIX}")


def _create(out_dir: Path, writes: dict[str, str]) -> None:
    """Build a new project in its staging directory, then rename it to ``out_dir``."""
    staging = staging_dir(out_dir)
    try:
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        for relative, text in writes.items():
            _write_file(staging / relative, text)
        for directory in sorted(path for path in staging.rglob("*") if path.is_dir()):
            _fsync(directory)
        _fsync(staging)
        staging.rename(out_dir)
        _fsync(out_dir.parent)
    except BaseException as err:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(err, OSError):
            raise GenerationError(f"writing {out_dir} failed, nothing written: {err}") from err
        raise


def _begin(out_dir: Path, writes: dict[str, str], deletes: list[str]) -> None:
    """Write the journal of a run that writes ``writes`` and deletes ``deletes``, flushed.

    It is written as ``.ssot/journal.new/`` and renamed to ``.ssot/journal/`` once complete,
    so a journal that exists is always whole. Its index: the files ``replaced`` (or deleted;
    a backup each), ``created`` and the directories it creates (``dirs``), and a digest of
    each text it writes (``written``), which tells the run's own writes from later edits.
    """
    paths = [*writes, *deletes]
    dirs = set()
    for relative in [f"{STATE_DIR}/-", *paths]:
        for parent in PurePosixPath(relative).parents:
            if parent.parts and not (out_dir / parent).is_dir():
                dirs.add(parent.as_posix())
    pending = out_dir / JOURNAL_NEW
    if pending.exists():
        shutil.rmtree(pending)
    pending.mkdir(parents=True)
    replaced, created = [], []
    for relative in paths:
        target = out_dir / relative
        if not os.path.lexists(target):
            created.append(relative)
            continue
        backup = pending / BACKUPS / relative
        backup.parent.mkdir(parents=True, exist_ok=True)
        _backup_file(target, backup)
        replaced.append(relative)
    index = {
        "format": 1,
        "replaced": replaced,
        "created": created,
        "dirs": sorted(dirs),
        "written": {relative: _digest(text) for relative, text in writes.items()},
    }
    with (pending / JOURNAL_INDEX).open("w", encoding="utf-8") as handle:
        json.dump(index, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    for directory in sorted(path for path in pending.rglob("*") if path.is_dir()):
        _fsync(directory)
    _fsync(pending)
    pending.rename(out_dir / JOURNAL)
    _fsync(out_dir / STATE_DIR)


def _roll_back(out_dir: Path) -> None:
    """Restore ``out_dir`` from its journal, then remove the journal.

    A file changed again after the interrupted run (neither its old text nor the one the
    run wrote: edited by hand since) is left as it is. Safe to repeat: a backup already
    moved back is gone from the journal, a created file already removed is skipped. Raises
    GenerationError if the journal's index is unreadable, OSError.
    """
    journal = out_dir / JOURNAL
    index = journal / JOURNAL_INDEX
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
        replaced = [str(path) for path in data["replaced"]]
        created = [str(path) for path in data["created"]]
        dirs = [str(path) for path in data["dirs"]]
        written = {str(path): str(digest) for path, digest in data["written"].items()}
    except (ValueError, KeyError, TypeError) as err:
        raise GenerationError(
            f"{index} is damaged ({err}): restore the project from version control, "
            f"then delete {journal}"
        ) from err
    for relative in replaced:
        backup = journal / BACKUPS / relative
        target = out_dir / relative
        if not os.path.lexists(backup):
            continue  # already restored
        if _ours(target, written.get(relative)) or _same(target, backup):
            target.parent.mkdir(parents=True, exist_ok=True)
            backup.replace(target)
    for relative in created:
        target = out_dir / relative
        if os.path.lexists(target) and _ours(target, written.get(relative)):
            target.unlink()
    for relative in [*replaced, *created]:
        target = out_dir / relative
        target.with_name(target.name + TMP_SUFFIX).unlink(missing_ok=True)
    for relative in sorted(dirs, key=lambda path: path.count("/"), reverse=True):
        _remove_if_empty(out_dir / relative)
    _sync_parents(out_dir, [*replaced, *created])
    _finish(journal)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ours(target: Path, digest: str | None) -> bool:
    """Whether ``target`` is missing or holds the text whose digest is ``digest``."""
    if not os.path.lexists(target):
        return True
    text = None if target.is_symlink() else _read(target)
    return text is not None and text != UNREADABLE and _digest(text) == digest


def _same(target: Path, backup: Path) -> bool:
    """Whether ``target`` still is what ``backup`` saved (the run had not replaced it yet)."""
    if target.is_symlink() or backup.is_symlink():
        return (
            target.is_symlink() and backup.is_symlink() and target.readlink() == backup.readlink()
        )
    try:
        return target.read_bytes() == backup.read_bytes()
    except OSError:
        return False


def _finish(journal: Path) -> None:
    """Remove ``journal``: its index first (the commit point), then the rest."""
    (journal / JOURNAL_INDEX).unlink()
    with contextlib.suppress(OSError):  # committed: the rest is cleanup
        _fsync(journal)
        shutil.rmtree(journal)


def _write_file(target: Path, text: str) -> None:
    """Replace ``target`` with ``text`` atomically: a flushed temporary sibling is renamed
    over it, so a crash leaves the old text or the new one (and at most the temporary file,
    which a rollback removes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + TMP_SUFFIX)
    with staged.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    staged.replace(target)


def _backup_file(target: Path, backup: Path) -> None:
    """Copy ``target`` (a symlink as a symlink) with its times and mode, flushed to disk."""
    shutil.copy2(target, backup, follow_symlinks=False)
    if not backup.is_symlink():
        _fsync(backup)


def _fsync(path: Path) -> None:
    """Flush ``path`` (a file, or a directory's entries where the system allows it) to disk."""
    if os.name == "nt" and path.is_dir():
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_parents(root: Path, paths: list[str]) -> None:
    """Flush the directory entries of ``paths`` (and of their parents up to ``root``)."""
    directories = {root}
    for relative in paths:
        directories.update(root / parent for parent in PurePosixPath(relative).parents)
    for directory in sorted(directories):
        if directory.is_dir():
            _fsync(directory)


def _remove_if_empty(directory: Path) -> None:
    try:
        directory.rmdir()
    except OSError:
        pass  # not empty, or not there


def revision_problems(out_dir: Path) -> list[str]:
    """One line per revision in ``migrations/versions/*.py`` that Alembic could not load:
    ``<path>:<line>: has conflict markers (<<<<<<<): resolve them`` or
    ``<path>:<line>: does not compile: <message>`` (paths relative to ``out_dir``)."""
    versions = out_dir / REVISIONS
    problems = []
    for path in sorted(versions.glob("*.py")) if versions.is_dir() else []:
        relative = path.relative_to(out_dir).as_posix()
        try:
            data = path.read_bytes()
        except OSError as err:
            problems.append(f"{relative}:1: cannot be read: {err.strerror}")
            continue
        text = data.decode("utf-8", errors="replace")
        marker = _MARKER.search(text)
        if marker:
            line = text.count("\n", 0, marker.start()) + 1
            problems.append(f"{relative}:{line}: has conflict markers (<<<<<<<): resolve them")
            continue
        try:
            compile(data, str(path), "exec", dont_inherit=True)
        except SyntaxError as err:
            problems.append(f"{relative}:{err.lineno or 1}: does not compile: {err.msg}")
        except ValueError as err:  # null bytes, before Python 3.12
            problems.append(f"{relative}:1: does not compile: {err}")
    return problems


_MARKER = re.compile(r"^(<<<<<<<|\|\|\|\|\|\|\||>>>>>>>)( |$)", re.MULTILINE)


def render_diff(out_dir: Path, statuses: list[FileStatus]) -> str:
    """The unified diff of every file ``statuses`` would change in ``out_dir`` (``.ssot/``
    left out), in their order. A created file diffs from ``/dev/null``, a deleted one to
    it (``--- /dev/null`` / ``+++ b/<path>``, as git prints them); a file that would
    conflict is introduced by a line ``conflict: <path>`` and shows the text with markers."""
    chunks = []
    for entry in statuses:
        if entry.path.startswith(STATE_DIR + "/") or entry.status not in WRITES | {"delete"}:
            continue
        before = "" if entry.status == "create" else _read(out_dir / entry.path) or ""
        after = "" if entry.status == "delete" else entry.text or ""
        old = "/dev/null" if entry.status == "create" else f"a/{entry.path}"
        new = "/dev/null" if entry.status == "delete" else f"b/{entry.path}"
        if entry.status == "conflict":
            chunks.append(f"conflict: {entry.path}\n")
        lines = list(
            difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True), old, new
            )
        )
        for line in lines or [f"--- {old}\n", f"+++ {new}\n"]:
            chunks.append(
                line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            )
    return "".join(chunks)


def has_conflict_markers(out_dir: Path, paths: list[str]) -> list[str]:
    """The files among ``paths`` that still hold unresolved conflict markers."""
    return [p for p in paths if CONFLICT_MARKER in (_read(out_dir / p) or "")]
