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

Writing the plan is ``ssot_gen.journal``'s (crash-safe).
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ssot_gen.errors import GenerationError, OutputError

STATE_DIR = ".ssot"
MANIFEST = f"{STATE_DIR}/manifest.json"
BASE_DIR = f"{STATE_DIR}/base"
IGNORE = f"{STATE_DIR}/ignore"
CACHE = f"{STATE_DIR}/cache.json"  # machine-local fast-path data (ssot_gen.pipeline)
CONFLICT_MARKER = "<<<<<<< "
WRITES = {"create", "update", "merge", "conflict"}
REVISIONS = "migrations/versions/"  # once written, a revision is the user's


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
    ``fast_path``: nothing had changed since the last generation; nothing was rendered.
    """

    out_dir: Path
    files: list[FileStatus] = field(default_factory=list)
    migration: str | None = None
    changes: list[str] = field(default_factory=list)
    recovered: bool = False
    fast_path: bool = False

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


@cache
def ruff_command() -> list[str]:
    """How to run ruff: its binary when the ``ruff`` package can say where it is (no Python
    start-up per call), else ``python -m ruff``."""
    try:
        from ruff import find_ruff_bin

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "ruff"]


def format_tree(
    root: Path, paths: Iterable[str] | None = None, exclude: Iterable[str] = ()
) -> None:
    """ruff check --fix (imports) then ruff format, with the project's own ruff settings.

    ``paths`` (relative to ``root``): only these files (default: the whole tree);
    ``exclude``: paths or globs left out of a whole-tree run (ruff's ``--extend-exclude``).
    Raises GenerationError if ruff cannot parse a file (a template produced invalid Python).
    """
    targets = ["."] if paths is None else sorted(paths)
    if not targets:
        return
    extra = [f"--extend-exclude={pattern}" for pattern in exclude] if paths is None else []
    for args in (["check", "--fix-only", "--exit-zero", "--quiet"], ["format", "--quiet"]):
        result = subprocess.run(
            [*ruff_command(), *args, "--no-cache", *extra, "--", *targets],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip()
            raise GenerationError(f"ruff {args[0]} failed on the generated code:\n{message}")


def read_tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` as {relative POSIX path: text} (``.ssot/cache.json``, which is
    machine-local, left out)."""
    return {
        relative: path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and "__pycache__" not in path.parts
        and (relative := path.relative_to(root).as_posix()) != CACHE
    }


def read_file(path: Path) -> str | None:
    """The UTF-8 text of ``path``; None if it is missing (or a directory), ``UNREADABLE`` if
    it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None
    except UnicodeDecodeError:
        return UNREADABLE


UNREADABLE = "\x00ssot-unreadable\x00"  # a file that is not UTF-8: never merged, never replaced


def load_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of the project in ``out_dir``, or None if it has none."""
    text = read_file(out_dir / MANIFEST)
    if not text:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise OutputError(out_dir / MANIFEST, f"is not valid JSON: {err}") from err
    return data if isinstance(data, dict) else None


def keep_patterns(out_dir: Path, schema_keep: tuple[str, ...]) -> tuple[str, ...]:
    """Glob patterns of files that are the user's: ``.ssot/ignore`` lines and the schema's keep."""
    lines = (read_file(out_dir / IGNORE) or "").splitlines()
    mine = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return (*schema_keep, *mine)


KEEP_PATTERN = "yours (keep pattern)"  # the note of a file a keep pattern makes the user's
ORPHAN = "hand-edited, no longer generated"  # the note of a hand-edited file no longer generated


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``path`` matches one of the glob ``patterns`` (``fnmatch``, case-sensitive)."""
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
        current = read_file(out_dir / path)
        if matches(path, keep):
            if current is None:
                statuses.append(FileStatus(path, "create", text))
            else:
                statuses.append(FileStatus(path, "keep", note=KEEP_PATTERN))
            continue
        tracked[path] = text
        base = read_file(out_dir / BASE_DIR / path) if path in previous else None
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
        current = read_file(out_dir / path)
        if current is None:
            continue
        if current != UNREADABLE and current == read_file(out_dir / BASE_DIR / path):
            statuses.append(FileStatus(path, "delete"))
        else:
            statuses.append(FileStatus(path, "keep", note=ORPHAN))
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
        current = read_file(out_dir / path)
        if current == text:
            statuses.append(FileStatus(path, "identical"))
        else:
            statuses.append(FileStatus(path, "create" if current is None else "update", text))
    return statuses


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
        before = "" if entry.status == "create" else read_file(out_dir / entry.path) or ""
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
    return [p for p in paths if CONFLICT_MARKER in (read_file(out_dir / p) or "")]
