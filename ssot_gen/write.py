"""Compare freshly generated files with the project on disk, keep hand edits, write atomically.

The project records in ``.ssot/manifest.json`` the schema it was generated from and which
files are generated, and in ``.ssot/base/`` the pristine generated text of each file. With
those, every file gets one status word:

``create`` (new), ``identical``, ``update`` (not hand-edited; the generator's output changed),
``keep`` (hand-edited, generator output unchanged — or a file marked as the user's),
``merge`` (both changed; ``git merge-file`` merged them cleanly), ``conflict`` (both changed
the same lines: written with ``<<<<<<<``/``>>>>>>>`` markers), ``delete`` (no longer generated
and not hand-edited; a hand-edited orphan is kept and reported).
"""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssot_gen.errors import GenerationError, OutputError

STATE_DIR = ".ssot"
MANIFEST = f"{STATE_DIR}/manifest.json"
BASE_DIR = f"{STATE_DIR}/base"
IGNORE = f"{STATE_DIR}/ignore"
CONFLICT_MARKER = "<<<<<<< "
WRITES = {"create", "update", "merge", "conflict"}


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
    """The outcome of one generation: a status per file, and the new migration if any."""

    out_dir: Path
    files: list[FileStatus] = field(default_factory=list)
    migration: str | None = None
    changes: list[str] = field(default_factory=list)

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
    """Write and delete what ``statuses`` say: all of it, or (on failure) none of it.

    A new ``out_dir`` is built beside it and renamed into place. Raises OutputError if
    ``out_dir`` is not a directory, GenerationError if writing fails (after rolling back).
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "exists and is not a directory")
    writes = {e.path: e.text for e in statuses if e.status in WRITES and e.text is not None}
    deletes = [e.path for e in statuses if e.status == "delete"]
    if not out_dir.exists():
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".ssot-new-", dir=out_dir.parent) as tmp:
            fresh = Path(tmp) / "project"
            write_tree(fresh, writes)
            fresh.replace(out_dir)
        return
    with tempfile.TemporaryDirectory(prefix=".ssot-backup-", dir=out_dir.parent) as tmp:
        backups = Path(tmp)
        done: list[tuple[Path, Path | None]] = []
        try:
            for relative in [*writes, *deletes]:
                target = out_dir / relative
                backup = None
                if target.exists():
                    backup = backups / relative
                    backup.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(target, backup)
                done.append((target, backup))
                if relative in writes:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    staged = target.with_name(target.name + ".ssot-tmp")
                    staged.write_text(writes[relative], encoding="utf-8")
                    staged.replace(target)
                else:
                    target.unlink()
        except OSError as err:
            for target, backup in reversed(done):
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    backup.replace(target)
            raise GenerationError(f"writing {out_dir} failed, nothing changed: {err}") from err


def has_conflict_markers(out_dir: Path, paths: list[str]) -> list[str]:
    """The files among ``paths`` that still hold unresolved conflict markers."""
    return [p for p in paths if CONFLICT_MARKER in (_read(out_dir / p) or "")]
