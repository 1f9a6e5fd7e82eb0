"""Crash-safe writing of a generated project: a journal in ``.ssot/journal/``.

``apply`` first writes the journal — a backup of every file it will replace or delete and
``journal.json`` listing the files and directories it will create with a digest of each text
— into ``.ssot/journal.new/``, syncs it, and renames it to ``.ssot/journal/`` (so a journal
that exists is complete). Then it writes each file through a temporary file beside it and a
rename. Removing ``journal.json`` is the commit point. A generation killed at any instant
leaves either the old project or the new one plus a journal, which the next ``recover``
uses to roll back to the old one; ``recover`` killed itself is finished by the next one. A
file edited by hand after the crash (it matches neither the backup nor what the run wrote)
is left as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from ssot_gen.errors import GenerationError, OutputError
from ssot_gen.write import STATE_DIR, UNREADABLE, WRITES, FileStatus, read_file

JOURNAL = f"{STATE_DIR}/journal"  # exists (with its index) while a generation writes
JOURNAL_NEW = f"{STATE_DIR}/journal.new"  # the journal being written: nothing changed yet
JOURNAL_INDEX = "journal.json"  # {"replaced": [...], "created": [...], "dirs": [...]}
BACKUPS = "backup"  # under the journal: the files about to be replaced or deleted
STAGING_SUFFIX = ".ssot-new"
TMP_SUFFIX = ".ssot-tmp"
INTERRUPTED = "an interrupted generation left .ssot/journal; run generate to roll it back"


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
            _write_new(staging / relative, text)
        # Flushed together (the file system commits them as one group), before the rename.
        _fsync_all([staging / relative for relative in writes])
        _fsync_all(sorted(path for path in staging.rglob("*") if path.is_dir()))
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
    text = None if target.is_symlink() else read_file(target)
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


def _write_new(target: Path, text: str) -> None:
    """Write ``text`` straight to ``target`` in a staging directory (no temporary sibling:
    the whole directory is discarded if anything fails; the caller flushes it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _write_file(target: Path, text: str, *, sync: bool = True) -> None:
    """Replace ``target`` with ``text`` atomically: a flushed temporary sibling is renamed
    over it, so a crash leaves the old text or the new one (and at most the temporary file,
    which a rollback removes). ``sync=False``: the caller flushes it (``_fsync_all``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + TMP_SUFFIX)
    with staged.open("w", encoding="utf-8") as handle:
        handle.write(text)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    staged.replace(target)


def _fsync_all(paths: list[Path]) -> None:
    """``_fsync`` every path, many at a time (fsync releases the GIL; the file system then
    commits the flushes together instead of one journal commit per file)."""
    with ThreadPoolExecutor(max_workers=min(32, len(paths) or 1)) as pool:
        list(pool.map(_fsync, paths))


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
