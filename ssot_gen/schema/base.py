"""What every group of cross checks shares: where to record a problem and how."""

from __future__ import annotations

from collections.abc import Iterable

from ssot_gen.errors import SchemaIssue
from ssot_gen.schema.models import Schema
from ssot_gen.schema.names import STYLES, matches
from ssot_gen.schema.reserved import collisions
from ssot_gen.schema.source import Marks, PathKey, did_you_mean, dotted


class CheckerBase:
    """Collects located issues; knows which nodes were already reported (``marks.broken``)
    so that one mistake gives one message, not a cascade."""

    def __init__(self, schema: Schema, marks: Marks) -> None:
        self.schema = schema
        self.marks = marks
        self.issues: list[SchemaIssue] = []

    def error(
        self, path: PathKey, message: str, *, hint: str | None = None, key: bool = False
    ) -> None:
        """Record a problem at ``path`` (its key's location if ``key``), unless a problem
        already reported there makes it unreliable."""
        if self.marks.is_broken(path):
            return
        location = self.marks.at(path, key=key)
        self.issues.append(SchemaIssue(location, dotted(path), message, hint))

    def intact(self, path: PathKey) -> bool:
        """Whether nothing at or under ``path`` was dropped as broken (so a check of the
        whole node, such as "exactly one default", sees all of it)."""
        return not any(b[: len(path)] == path for b in self.marks.broken)

    def reference(
        self, path: PathKey, name: str, known: Iterable[str], what: str, where: PathKey
    ) -> bool:
        """True if ``name`` is in ``known`` (the collection at ``where``); else record
        "unknown <what>" with a hint, unless that entry was dropped as broken."""
        known = list(known)
        if self.marks.is_broken((*where, name)) or self.marks.is_broken(where):
            return False  # reported already; what it holds is not reliable
        if name in known:
            return True
        self.error(path, f"unknown {what} '{name}'", hint=did_you_mean(name, known))
        return False

    def name(self, path: PathKey, name: str, pattern: str, *, sql: bool = True) -> bool:
        """Check that the name ``path`` gives has the shape ``pattern`` and is no reserved
        word; the error points at the key. True if the name is fine."""
        # A name is wrong or right whatever its node holds: reported even if that is broken.
        location = self.marks.at(path, key=True)
        if not matches(pattern, name):
            message = f"{name!r} must be {STYLES[pattern]}"
        elif langs := collisions(name, sql=sql):
            message = f"'{name}' is a reserved word in {', '.join(langs)}"
        else:
            return True
        self.issues.append(SchemaIssue(location, dotted(path), message))
        return False
