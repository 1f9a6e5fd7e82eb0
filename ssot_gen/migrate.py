"""Alembic revisions computed by Alembic's own autogenerate.

``ssot_gen/autogen.py`` runs in a subprocess inside the staged project (so two projects never
share one ``app`` package in this process): it upgrades a scratch in-memory SQLite database to
the current head, applies the schema's renames, and autogenerates the rest. Revision ids are
derived from the previous head and the operations, so the same schema history always gives
the same files.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssot_gen import ir
from ssot_gen import prestart as prestart_module
from ssot_gen.errors import GenerationError
from ssot_gen.ir.models import foreign_key_column
from ssot_gen.naming import plural_of
from ssot_gen.render import cache_dir, environment, generator_digest, templates_dir
from ssot_gen.schema.models import Schema

VERSIONS = Path("migrations/versions")
# What the autogenerate subprocess reads from a staged project: these files, and every file
# under these prefixes (the revisions among them).
AUTOGEN_INPUTS = ("alembic.ini", "app/__init__.py", "app/core/__init__.py", "app/enums.py")
AUTOGEN_PREFIXES = ("app/core/migrating.py", "app/models", "migrations/")
AUTOGEN = prestart_module.AUTOGEN
SLUG_LENGTH = 60


ALLOWED_BY_DEFAULT = frozenset({"safe", "backfill", "locking"})
FLAG = {"destructive": "--allow-destructive", "data-dependent": "--allow-data-dependent"}


@dataclass(frozen=True)
class Change:
    """One migration operation, described for people (``add column t.c``) with its label.

    ``violations``: rows of the ``--database-url`` database that would make it fail (None:
    not counted; only data-dependent operations are counted).
    """

    text: str
    label: str
    violations: int | None = None

    @property
    def destructive(self) -> bool:
        return self.label == "destructive"

    def __str__(self) -> str:
        return f"{self.text} ({self.label})"


class RefusedChangeError(GenerationError):
    """The schema change needs operations that were not allowed; ``changes`` lists them.

    Destructive operations need ``--allow-destructive``; data-dependent ones need
    ``--allow-data-dependent`` (or ``--allow-destructive``) unless ``--database-url`` showed
    no row violates them; one that rows of that database violate is always refused.
    """

    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        lines = []
        for change in changes:
            if change.violations:
                rows = (
                    "1 row violates"
                    if change.violations == 1
                    else f"{change.violations} rows violate"
                )
                why = f"{rows} it in the database: fix them first"
            else:
                why = f"allow it with {FLAG[change.label]}"
                if change.label == "data-dependent":
                    why += " (or show with --database-url that no row violates it)"
            lines.append(f"  - {change}: {why}")
        from ssot_gen.revision_ops import LABELS  # imports Alembic: only when needed

        labels = sorted({c.label for c in changes}, key=LABELS.index)
        super().__init__(
            f"the schema change needs {' and '.join(labels)} migration operations:\n"
            + "\n".join(lines)
            + "\nnothing was written"
        )


def refused(
    changes: tuple[Change, ...], *, allow_destructive: bool, allow_data_dependent: bool
) -> list[Change]:
    """The operations among ``changes`` the flags do not allow (see RefusedChangeError)."""
    result = []
    for change in changes:
        if change.violations:
            result.append(change)
        elif change.label == "destructive" and not allow_destructive:
            result.append(change)
        elif change.label == "data-dependent" and change.violations is None:
            if not (allow_destructive or allow_data_dependent):
                result.append(change)
    return result


@dataclass(frozen=True)
class Revision:
    """A rendered revision file: ``path`` relative to the project root."""

    revision: str
    path: str
    text: str
    changes: tuple[Change, ...] = field(default=())


def existing_revisions(project_dir: Path) -> list[Path]:
    """Revision files already in ``project_dir``'s migrations/versions."""
    versions = project_dir / VERSIONS
    return sorted(versions.glob("*.py")) if versions.is_dir() else []


def previous_project(previous: dict[str, Any] | None) -> ir.Project | None:
    """The IR of the schema recorded in the manifest (None: no previous generation).

    Raises GenerationError if the recorded schema no longer loads (a manifest edited by hand).
    """
    if not previous:
        return None
    try:
        return ir.build(Schema.model_validate(previous))
    except (ValueError, KeyError, StopIteration) as err:
        raise GenerationError(f"the schema recorded in the manifest does not load: {err}") from err


def migration_request(project: ir.Project, previous: dict[str, Any] | None) -> dict[str, Any]:
    """Renames from the schema (``renamed_from``), enum values removed since ``previous``, and
    the tables the schema owns (any other table in the database is the user's, never dropped).

    ``previous`` is the schema recorded in the project's manifest (plain JSON data); its names
    come from its own IR, never re-derived here.
    """
    tables, columns, enum_fixes = [], [], []
    old = previous_project(previous)
    old_models = {model.name: model for model in old.models} if old else {}
    known = {model.table for model in old_models.values()}
    known |= {model.table for model in project.models}
    for model in project.models:
        if model.renamed_from:
            renamed = old_models.get(model.renamed_from)
            old_table = renamed.table if renamed else plural_of(model.renamed_from)
            tables.append([old_table, model.table])
        for f in model.fields:
            if f.renamed_from:
                columns.append([model.table, f.renamed_from, f.name])
        for rel in model.belongs_to:
            if rel.renamed_from:
                columns.append([model.table, foreign_key_column(rel.renamed_from), rel.column])
    old_enums = {enum.name: enum for enum in old.enums} if old else {}
    for enum in project.enums:
        previous_enum = old_enums.get(enum.name)
        old_values = {v.value for v in previous_enum.values} if previous_enum else set()
        removed = sorted(old_values - {v.value for v in enum.values})
        if not removed:
            continue
        for model in project.models:
            for f in model.fields:
                if f.type == "enum" and f.enum_name == enum.name:
                    replacement = f.default_value or enum.values[0].value
                    enum_fixes.append([model.table, f.name, removed, replacement])
    return {
        "tables": tables,
        "columns": columns,
        "enum_fixes": enum_fixes,
        "known_tables": sorted(known | {old for old, _ in tables}),
        "previous_app": None,
        "database_url": None,
    }


def _body(code: str) -> str:
    lines = [line for line in code.splitlines() if "###" not in line and line.strip()]
    return "\n".join(lines)


SECONDARY = ("add check ", "create index ", "drop check ", "drop index ")


def _slug(changes: list[Change]) -> str:
    """The revision file name's words: the first three main operations (checks and indexes
    are named only when nothing else changed), without their parenthesised details."""
    main = [c for c in changes if not c.text.startswith(SECONDARY)] or changes
    texts = [re.sub(r"\(.*?\)", "", c.text).lower() for c in main[:3]]
    words = [re.sub(r"[^a-z0-9]+", "_", text).strip("_") for text in texts]
    slug = "_and_".join(words)
    if len(main) > 3:
        slug += "_and_more"
    return slug[:SLUG_LENGTH].rstrip("_")


def autogen_inputs(root: Path, *, revisions: bool) -> list[tuple[str, str]]:
    """(relative path, SHA-256) of every file under ``root`` autogenerate reads, sorted;
    the revisions left out unless ``revisions``."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if not revisions and relative.startswith(VERSIONS.as_posix() + "/"):
            continue
        if relative in AUTOGEN_INPUTS or relative.startswith(AUTOGEN_PREFIXES):
            found.append((relative, hashlib.sha256(_code(path)).hexdigest()))
    return found


def _code(path: Path) -> bytes:
    """What importing ``path`` runs: a package's ``__init__.py`` without its docstring (which
    names the app: a new title is no model change); any other file as it is."""
    data = path.read_bytes()
    if path.name != "__init__.py":
        return data
    try:
        module = ast.parse(data)
    except (SyntaxError, ValueError):
        return data
    if module.body and ast.get_docstring(module, clean=False) is not None:
        module.body = module.body[1:]
    return ast.dump(module).encode()


def prestart() -> None:
    """Start the autogenerate process now (see ``ssot_gen.prestart``)."""
    prestart_module.start()


def discard() -> None:
    """End a prestarted autogenerate process that no autogenerate took."""
    prestart_module.discard()


def _answer_key(stage: Path, request: dict[str, Any]) -> str | None:
    """The key of an autogenerate answer in the machine-local cache: the generator, the
    Python and SQLite versions, the request (the previous models by content), and every
    input file with the revisions. None when the answer depends on a database
    (``database_url``: rows are counted)."""
    if request.get("database_url"):
        return None
    import sqlite3  # the scratch database autogenerate compares against

    previous = request.get("previous_app")
    inputs = [
        generator_digest(),
        sys.version,
        sqlite3.sqlite_version,
        {k: v for k, v in request.items() if k != "previous_app"},
        autogen_inputs(Path(previous), revisions=False) if previous else None,
        autogen_inputs(stage, revisions=True),
    ]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _autogenerate(stage: Path, request: dict[str, Any]) -> dict[str, Any]:
    """Run ``ssot_gen/autogen.py`` in ``stage`` (see its docstring); its answer, from the
    machine-local cache (``render.cache_dir("autogen")``) when the same inputs were answered
    before. Raises GenerationError."""
    key = _answer_key(stage, request)
    directory = cache_dir("autogen") if key else None
    cached = directory / f"{key}.json" if directory else None
    if cached is not None:
        try:
            answer: dict[str, Any] = json.loads(cached.read_text(encoding="utf-8"))
            return answer
        except (OSError, ValueError):
            pass
    process = prestart_module.take()
    stdout, stderr = process.communicate(json.dumps({**request, "project": str(stage)}))
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    if result.returncode == 3:
        raise GenerationError(json.loads(result.stdout)["error"])
    if result.returncode != 0:
        raise GenerationError(f"alembic autogenerate failed:\n{result.stderr.strip()}")
    data: dict[str, Any] = json.loads(result.stdout)
    if cached is not None:
        temporary = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(result.stdout, encoding="utf-8")
            temporary.replace(cached)
        except OSError:
            temporary.unlink(missing_ok=True)
    return data


def next_revision(stage: Path, request: dict[str, Any]) -> Revision | None:
    """The revision taking the database from the current head to the staged models.

    None when nothing changed. The first revision is "create initial tables". Raises
    GenerationError if the generated models cannot be imported or compared.
    """
    data = _autogenerate(stage, request)
    if data["empty"]:
        return None
    changes = [Change(c["text"], c["label"], c["violations"]) for c in data["changes"]]
    head = data["head"]
    upgrade, downgrade = _body(data["upgrade"]), _body(data["downgrade"])
    revision = hashlib.sha256(f"{head}:{upgrade}".encode()).hexdigest()[:12]
    if head is None:
        message, slug = "create initial tables", "create_initial_tables"
    else:
        message, slug = "; ".join(c.text for c in changes), _slug(changes)
    template = environment(templates_dir()).get_template("_revision.py.jinja")
    text = template.render(
        message=message,
        revision=revision,
        down_revision=head,
        upgrade=upgrade,
        downgrade=downgrade,
        helpers=data["helpers"]
        + (["require_no_rows"] if "_require_no_rows(" in upgrade + downgrade else []),
        operations=[str(change) for change in changes] if head is not None else [],
    )
    return Revision(revision, f"{VERSIONS.as_posix()}/{revision}_{slug}.py", text, tuple(changes))


OPERATION_LINE = re.compile(r"^  - (?P<text>.*) \((?P<label>[a-z-]+)\)$")


def recorded_operations(text: str) -> list[Change]:
    """The operations a revision file lists in its docstring (``Operations:`` lines, as
    ssot-gen writes them); [] for a revision without that list."""
    match = re.match(r'\s*"""(.*?)"""', text, re.DOTALL)
    if not match or "\nOperations:\n" not in match.group(1):
        return []
    from ssot_gen.revision_ops import LABELS  # imports Alembic: only when needed

    listed = match.group(1).split("\nOperations:\n", 1)[1]
    found = []
    for line in listed.splitlines():
        operation = OPERATION_LINE.match(line)
        if operation and operation.group("label") in LABELS:
            found.append(Change(operation.group("text"), operation.group("label")))
    return found


def unacknowledged(out_dir: Path, generated: set[str], acknowledged: tuple[str, ...]) -> list[str]:
    """One line per non-safe operation of a revision ssot-gen wrote (a path in
    ``generated``) that ``acknowledged`` names neither by revision id nor by its text."""
    problems = []
    for path in existing_revisions(out_dir):
        relative = path.relative_to(out_dir).as_posix()
        if relative not in generated:
            continue
        revision = path.name.split("_", 1)[0]
        if revision in acknowledged:
            continue
        for change in recorded_operations(path.read_text(encoding="utf-8")):
            if change.label != "safe" and change.text not in acknowledged:
                problems.append(
                    f"not acknowledged: {relative}: {change} "
                    f"(add {revision} or the operation to migrations.acknowledge)"
                )
    return problems
