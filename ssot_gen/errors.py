"""Errors raised by the library; only ``ssot_gen.cli`` turns them into messages and exit codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


class SsotError(Exception):
    """Base class of every error ssot-gen raises on purpose."""


@dataclass(frozen=True, order=True)
class Location:
    """A place in a schema file: 1-based ``line`` and ``column``."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class SchemaIssue:
    """One problem in a schema: where it is, the dotted path, a plain message and a hint."""

    location: Location
    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        """One line: ``file:line:col: path: message (hint)``; a line break or other control
        character quoted from the schema is shown escaped (``\\n``), never printed raw."""
        where = f"{self.location}: {self.path}" if self.path else str(self.location)
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return _CONTROL.sub(_escape, text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return named.get(character) or f"\\u{ord(character):04x}"


class SchemaError(SsotError):
    """The schema is invalid. ``issues`` holds every problem found, sorted by location."""

    def __init__(self, issues: list[SchemaIssue]) -> None:
        self.issues = sorted(issues, key=lambda issue: (issue.location, issue.path))
        super().__init__("\n".join(str(issue) for issue in self.issues))


class GenerationError(SsotError):
    """A stage after validation failed (rendering, formatting, migrations); nothing was written."""


class OutputError(SsotError):
    """The output directory cannot be used (e.g. it is a file)."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")
