"""Compare the staged project with the output directory and apply the difference atomically.

Every file gets one status word: ``create``, ``identical`` or ``update``. Files whose
content is identical are not touched (their modification times stay). The output directory
is changed only after everything was rendered, formatted and migrated in a staging
directory; if applying fails part-way, the files already replaced are restored.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ssot_gen.errors import GenerationError, OutputError


@dataclass(frozen=True)
class FileStatus:
    """What generation did (or would do) to one file; ``path`` is relative and POSIX-style."""

    path: str
    status: str


@dataclass
class Report:
    """The outcome of one generation: a status per file."""

    out_dir: Path
    files: list[FileStatus] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for entry in self.files if entry.status == status)

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
    for args in (["check", "--fix-only", "--exit-zero", "--quiet"], ["format", "--quiet"]):
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


def classify(staged: dict[str, str], out_dir: Path) -> list[FileStatus]:
    """A status for each staged file against what ``out_dir`` holds now."""
    statuses = []
    for relative, text in sorted(staged.items()):
        target = out_dir / relative
        if not target.exists():
            status = "create"
        elif target.read_text(encoding="utf-8") == text:
            status = "identical"
        else:
            status = "update"
        statuses.append(FileStatus(relative, status))
    return statuses


def apply(stage: Path, out_dir: Path, statuses: list[FileStatus]) -> None:
    """Move the staged files into ``out_dir``: all of them, or (on failure) none.

    Raises OutputError if ``out_dir`` is not a directory.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "exists and is not a directory")
    if not out_dir.exists():
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        stage.replace(out_dir)
        return
    backups = stage.parent / "backup"
    done: list[tuple[Path, Path | None]] = []
    try:
        for entry in statuses:
            if entry.status not in {"create", "update", "merge", "conflict"}:
                continue
            target = out_dir / entry.path
            backup = None
            if target.exists():
                backup = backups / entry.path
                backup.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(target, backup)
            target.parent.mkdir(parents=True, exist_ok=True)
            (stage / entry.path).replace(target)
            done.append((target, backup))
    except OSError as err:
        for target, backup in reversed(done):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                backup.replace(target)
        raise GenerationError(f"writing {out_dir} failed, nothing changed: {err}") from err
