"""The pipeline: load -> validate -> IR -> render -> format -> migrate -> compare -> write.

``generate`` writes; ``check`` and ``diff`` run the same stages and write nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssot_gen.errors import GenerationError, OutputError
from ssot_gen.journal import INTERRUPTED, apply, interrupted, recover
from ssot_gen.render import generator_digest, plan
from ssot_gen.write import (
    CACHE,
    IGNORE,
    KEEP_PATTERN,
    MANIFEST,
    ORPHAN,
    REVISIONS,
    STATE_DIR,
    WRITES,
    FileStatus,
    Report,
    format_tree,
    has_conflict_markers,
    keep_patterns,
    load_manifest,
    matches,
    plan_changes,
    read_file,
    read_tree,
    render_diff,
    revision_problems,
    write_tree,
)

if TYPE_CHECKING:  # imported where used: a no-change run never loads SQLAlchemy or Alembic
    from ssot_gen import ir, migrate


def load_project(schema_path: Path) -> ir.Project:
    """Load, validate and check a schema file; return its IR. Raises SchemaError."""
    from ssot_gen import ir
    from ssot_gen.schema.load import load_schema

    schema, _marks = load_schema(schema_path)  # every stage's checks, all errors at once
    return ir.build(schema)


@dataclass
class Staged:
    """Everything generation would produce, computed without touching the output directory."""

    project: ir.Project
    files: dict[str, str]
    revision: migrate.Revision | None
    statuses: list[FileStatus] = field(default_factory=list)
    refused: list[migrate.Change] = field(default_factory=list)
    fast_path: bool = False  # nothing rendered: the fingerprint and every file's hash matched
    autogen_skipped: bool = False  # the models and revisions were those of the last generation
    models_key: str = ""  # digest of what Alembic autogenerate reads, revisions left out


def stage_project(
    project: ir.Project,
    stage: Path,
    out_dir: Path,
    manifest: dict[str, Any],
    database_url: str | None = None,
) -> Staged:
    """Render, migrate and format ``project`` into the empty directory ``stage``.

    Existing revisions in ``out_dir`` are carried over; a new one is added when the models
    differ from the database they build. The previous generation's models (rendered from
    the schema in ``manifest``) give the downgrade its types. ``database_url`` (read only)
    counts the rows that would make data-dependent operations fail. Raises GenerationError.
    """
    from ssot_gen import migrate

    tree = {f.path: f.text for f in plan(project)}
    _place(stage, tree, out_dir)
    request = migrate.migration_request(project, manifest.get("schema"))
    request["database_url"] = database_url
    models_key = _models_key(stage, request)
    skip = _autogen_key(models_key, out_dir) == load_cache(out_dir).get("autogen")
    if not skip:
        # The previous generation's models give the downgrade its types: rendered only when
        # autogenerate runs.
        previous = migrate.previous_project(manifest.get("schema"))
        if previous is not None:
            previous_app = stage.parent / "previous"
            models = {f.path: f.text for f in plan(previous) if f.path.startswith("app/")}
            write_tree(previous_app, models)
            request["previous_app"] = str(previous_app)
    if skip:
        new = None
        format_tree(stage)
    else:
        # Autogenerate reads its own copy of the project, so ruff formats the stage meanwhile
        # (never rewriting a file under an import), then the new revision alone.
        source = stage.parent / "autogen"
        _place(source, tree, out_dir)
        with ThreadPoolExecutor(max_workers=1) as pool:
            formatting = pool.submit(format_tree, stage)
            try:
                new = migrate.next_revision(source, request)
            finally:
                formatting.result()
        if new is not None:
            write_tree(stage, {new.path: new.text})
            format_tree(stage, [new.path])
    files = read_tree(stage)
    # Revisions the generator did not write (the user's own) are inputs only: never
    # formatted, merged or listed as generated.
    generated = set(manifest.get("files", []))
    for revision in migrate.existing_revisions(out_dir):
        path = f"{migrate.VERSIONS.as_posix()}/{revision.name}"
        if path not in generated:
            files.pop(path, None)
    return Staged(project, files, new, autogen_skipped=skip, models_key=models_key)


def _place(root: Path, rendered: dict[str, str], out_dir: Path) -> None:
    """Write ``rendered`` under ``root`` and copy ``out_dir``'s revisions beside them."""
    from ssot_gen import migrate

    write_tree(root, rendered)
    for revision in migrate.existing_revisions(out_dir):
        target = root / migrate.VERSIONS / revision.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(revision, target)


def prepare(
    schema_path: Path,
    out_dir: Path,
    *,
    allow_destructive: bool = False,
    allow_data_dependent: bool = False,
    database_url: str | None = None,
    refuse: bool = True,
) -> Staged:
    """Stage the project of ``schema_path`` and compare it with ``out_dir`` (writes nothing).

    Raises SchemaError, GenerationError, RefusedChangeError (when ``refuse``: migration
    operations the flags do not allow, see ``migrate.refused``) or OutputError.
    """
    from ssot_gen import migrate

    if problems := revision_problems(out_dir):
        raise GenerationError("\n".join(problems))
    migrate.prestart()  # its imports overlap loading and rendering
    try:
        return _prepare(
            schema_path,
            out_dir,
            allow_destructive=allow_destructive,
            allow_data_dependent=allow_data_dependent,
            database_url=database_url,
            refuse=refuse,
        )
    finally:
        migrate.discard()


def _prepare(
    schema_path: Path,
    out_dir: Path,
    *,
    allow_destructive: bool,
    allow_data_dependent: bool,
    database_url: str | None,
    refuse: bool,
) -> Staged:
    from ssot_gen import migrate

    project = load_project(schema_path)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "exists and is not a directory")
    fast = unchanged(project, out_dir)
    if fast is not None:
        return fast
    with tempfile.TemporaryDirectory(prefix="ssot-stage-") as tmp:
        stage = Path(tmp) / "project"
        stage.mkdir()
        manifest = load_manifest(out_dir) or {}
        staged = stage_project(project, stage, out_dir, manifest, database_url)
    staged.refused = (
        migrate.refused(
            staged.revision.changes,
            allow_destructive=allow_destructive,
            allow_data_dependent=allow_data_dependent,
        )
        if staged.revision is not None
        else []
    )
    if refuse and staged.refused:
        raise migrate.RefusedChangeError(staged.refused)
    keep = keep_patterns(out_dir, project.keep)
    schema = json.loads(project.schema_json)
    staged.statuses = plan_changes(staged.files, out_dir, keep, schema, manifest)
    return staged


def _report(out_dir: Path, staged: Staged) -> Report:
    report = Report(out_dir, staged.statuses, fast_path=staged.fast_path)
    if staged.revision is not None:
        report.migration = staged.revision.path
        report.changes = [str(change) for change in staged.revision.changes]
    return report


def generate(
    schema_path: Path,
    out_dir: Path,
    *,
    allow_destructive: bool = False,
    allow_data_dependent: bool = False,
    database_url: str | None = None,
) -> Report:
    """Generate the project of ``schema_path`` into ``out_dir``; return a status per file.

    Nothing in ``out_dir`` changes unless every stage succeeds; files whose content is
    unchanged are not touched. Hand edits are kept or merged (see ssot_gen.write). The flags
    and ``database_url`` decide which migration operations are allowed (``prepare``).
    """
    out_dir = out_dir.resolve()
    recovered = recover(out_dir)
    statuses = unchanged_source(schema_path, out_dir)
    if statuses is not None:
        return Report(out_dir, statuses, recovered=recovered, fast_path=True)
    staged = prepare(
        schema_path,
        out_dir,
        allow_destructive=allow_destructive,
        allow_data_dependent=allow_data_dependent,
        database_url=database_url,
    )
    if not staged.fast_path:
        apply(out_dir, staged.statuses)
    save_cache(out_dir, staged, schema_path)  # (a fast path: the schema file's new bytes)
    report = _report(out_dir, staged)
    report.recovered = recovered
    return report


@dataclass
class CheckResult:
    """What ``check`` found stale: one line per problem (empty: everything is up to date)."""

    stale: list[str]


def check(schema_path: Path, out_dir: Path, *, strict: bool = False) -> CheckResult:
    """Whether ``out_dir`` is up to date with ``schema_path``: code, migrations and docs.

    ``strict`` also reports every non-safe operation of a revision ssot-gen wrote that the
    schema's ``migrations.acknowledge`` does not name. Writes nothing and needs no database
    (a scratch in-memory SQLite one is used).
    """
    out_dir = out_dir.resolve()
    if interrupted(out_dir):
        raise GenerationError(INTERRUPTED)
    statuses = None if strict else unchanged_source(schema_path, out_dir)
    if statuses is not None:
        return CheckResult(_stale(out_dir, statuses, None))
    staged = prepare(schema_path, out_dir, refuse=False)
    stale = _stale(out_dir, staged.statuses, staged.revision)
    if strict:
        from ssot_gen import migrate

        generated = set((load_manifest(out_dir) or {}).get("files", []))
        stale += migrate.unacknowledged(out_dir, generated, staged.project.acknowledged)
    return CheckResult(stale)


def _stale(
    out_dir: Path, statuses: list[FileStatus], revision: migrate.Revision | None
) -> list[str]:
    stale = [
        f"{entry.status}: {entry.path}"
        for entry in statuses
        if entry.status in WRITES | {"delete"} and not entry.path.startswith(STATE_DIR + "/")
    ]
    if any(e.path == MANIFEST and e.status in WRITES for e in statuses):
        stale.append(f"update: {MANIFEST}")
    if revision is not None:
        stale.append(f"migration missing: {revision.path}")
    kept = [e.path for e in statuses if e.status in {"keep", "identical"}]
    stale += [f"conflict markers: {path}" for path in has_conflict_markers(out_dir, kept)]
    return stale


@dataclass
class DiffResult:
    """What ``diff`` found: the unified diff, the migration operations (``text (label)``), and
    the operations generate would refuse with the same flags (empty: it would not refuse)."""

    text: str
    changes: list[str]
    refused: list[migrate.Change]


def diff(
    schema_path: Path,
    out_dir: Path,
    *,
    allow_destructive: bool = False,
    allow_data_dependent: bool = False,
    database_url: str | None = None,
) -> DiffResult:
    """The unified diff of every file generation would change, the migration operations
    (each with its label) and what generate would refuse with the same flags. Writes
    nothing."""
    out_dir = out_dir.resolve()
    if interrupted(out_dir):
        raise GenerationError(INTERRUPTED)
    if unchanged_source(schema_path, out_dir) is not None:
        return DiffResult("", [], [])
    staged = prepare(
        schema_path,
        out_dir,
        allow_destructive=allow_destructive,
        allow_data_dependent=allow_data_dependent,
        database_url=database_url,
        refuse=False,
    )
    changes = [str(c) for c in staged.revision.changes] if staged.revision else []
    return DiffResult(render_diff(out_dir, staged.statuses), changes, staged.refused)


# --- The fast path -------------------------------------------------------------------------
# ``.ssot/cache.json`` (machine-local, rebuilt whenever it does not match) records, after each
# generation: the fingerprint of its inputs (schema, keep patterns, generator code, templates,
# tool versions), the SHA-256 of every file it left on disk, and the key of what Alembic
# autogenerate compared. A regenerate whose fingerprint matches and whose files on disk all
# still hash the same renders nothing: every file is identical. One whose models and
# revisions match the autogenerate key renders but spawns no autogenerate subprocess.

CACHE_FORMAT = 1


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(project: ir.Project, out_dir: Path) -> str:
    """SHA-256 of everything a generation of ``project`` into ``out_dir`` reads besides the
    files it compares: the schema (as recorded in the manifest), the keep patterns and
    ``generator_digest()``."""
    keep = keep_patterns(out_dir, project.keep)
    data = json.dumps([generator_digest(), project.schema_json, keep], sort_keys=True)
    return _sha(data.encode())


def load_cache(out_dir: Path) -> dict[str, Any]:
    """``.ssot/cache.json`` of ``out_dir``; {} if it is missing, unreadable or of another format."""
    try:
        data = json.loads((out_dir / CACHE).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else {}


def _revision_hashes(out_dir: Path) -> dict[str, str]:
    versions = out_dir / REVISIONS
    return {
        path.relative_to(out_dir).as_posix(): _sha(path.read_bytes())
        for path in (sorted(versions.glob("*.py")) if versions.is_dir() else [])
    }


def _models_key(stage: Path, request: dict[str, Any]) -> str:
    """Digest of the staged files autogenerate imports and of its request (the previous
    models' directory and the database URL left out: they only shape a revision's text)."""
    from ssot_gen import migrate

    core = {k: v for k, v in request.items() if k not in {"previous_app", "database_url"}}
    inputs = migrate.autogen_inputs(stage, revisions=False)
    return _sha(json.dumps([generator_digest(), core, inputs], sort_keys=True).encode())


def _autogen_key(models_key: str, out_dir: Path) -> str:
    revisions = sorted(_revision_hashes(out_dir).items())
    return _sha(json.dumps([models_key, revisions]).encode())


def save_cache(out_dir: Path, staged: Staged, schema_path: Path | None = None) -> None:
    """Record the fast-path data of the generation ``staged`` just written to ``out_dir``.

    The statuses a regenerate with the same inputs would report: a file written or
    identical becomes ``identical``; a ``keep`` stays one. After a merge or a conflict only
    the autogenerate key is kept (the next regenerate decides what the merged file is).
    With ``schema_path``, the schema file's bytes are recorded too (``unchanged_source``).
    Best effort: a cache that cannot be written only means the next run takes the slow path.
    """
    keep = keep_patterns(out_dir, staged.project.keep)
    statuses, hashes, kept = [], {}, []
    for entry in staged.statuses:
        if entry.status == "delete" or (entry.status == "keep" and entry.note == ORPHAN):
            continue
        if matches(entry.path, keep):
            kept.append(entry.path)
            statuses.append([entry.path, "keep", KEEP_PATTERN])
            continue
        try:
            hashes[entry.path] = _sha((out_dir / entry.path).read_bytes())
        except OSError:
            return
        statuses.append(
            [entry.path, "keep", entry.note]
            if entry.status == "keep"
            else [entry.path, "identical", ""]
        )
    clean = not any(entry.status in {"merge", "conflict"} for entry in staged.statuses)
    data = {
        "format": CACHE_FORMAT,
        "fingerprint": fingerprint(staged.project, out_dir) if clean else None,
        "source": source_fingerprint(schema_path, out_dir) if clean and schema_path else None,
        "files": hashes,
        "kept": kept,
        "revisions": _revision_hashes(out_dir),
        "statuses": statuses,
        "autogen": (
            _autogen_key(staged.models_key, out_dir)
            if staged.models_key
            else load_cache(out_dir).get("autogen")  # a fast path: models unchanged
        ),
    }
    target = out_dir / CACHE
    temporary = target.with_name(target.name + ".tmp")
    try:
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        temporary.replace(target)
    except OSError:
        temporary.unlink(missing_ok=True)


def _verified(cached: dict[str, Any], out_dir: Path) -> dict[str, bytes] | None:
    """The recorded files of ``cached`` as they are on disk ({path: bytes}), if every one
    still hashes the same, every kept file is there and the revisions are those recorded;
    else None."""
    try:
        found = {}
        for path, expected in cached["files"].items():
            data = (out_dir / path).read_bytes()
            if _sha(data) != expected:
                return None
            found[path] = data
        if not all((out_dir / path).exists() for path in cached["kept"]):
            return None
        if _revision_hashes(out_dir) != cached["revisions"]:
            return None
    except (OSError, KeyError, TypeError, AttributeError):
        return None
    return found


def _cached_statuses(cached: dict[str, Any]) -> list[FileStatus] | None:
    try:
        return [FileStatus(path, status, note=note) for path, status, note in cached["statuses"]]
    except (KeyError, TypeError, ValueError):
        return None


def unchanged(project: ir.Project, out_dir: Path) -> Staged | None:
    """The staged result of regenerating ``out_dir`` when nothing changed since the last
    generation (None otherwise): the fingerprint matches, every file that generation left
    still hashes the same, every file kept by a keep pattern is still there, and the
    revisions on disk are exactly those it left. Renders nothing."""
    cached = load_cache(out_dir)
    if not cached or cached.get("fingerprint") != fingerprint(project, out_dir):
        return None
    found = _verified(cached, out_dir)
    statuses = _cached_statuses(cached)
    if found is None or statuses is None:
        return None
    files = {}
    for path, data in found.items():
        if not path.startswith(STATE_DIR + "/"):
            try:
                files[path] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue  # a file kept because it is not UTF-8
    return Staged(project, files, None, statuses, fast_path=True, autogen_skipped=True)


def source_fingerprint(schema_path: Path, out_dir: Path) -> str | None:
    """SHA-256 of the schema file's bytes, the ``.ssot/ignore`` file and the generator
    (None if the schema cannot be read): equal bytes need no parsing to be the same schema."""
    try:
        source = schema_path.read_bytes()
    except OSError:
        return None
    ignore = read_file(out_dir / IGNORE) or ""
    return _sha(json.dumps([generator_digest(), _sha(source), ignore]).encode())


def unchanged_source(schema_path: Path, out_dir: Path) -> list[FileStatus] | None:
    """The statuses of regenerating ``out_dir`` from ``schema_path`` when neither the schema
    file's bytes nor anything else changed since the last generation (None otherwise): the
    fast path of ``unchanged`` without even loading the schema."""
    cached = load_cache(out_dir)
    expected = cached.get("source")
    if not expected or expected != source_fingerprint(schema_path, out_dir):
        return None
    if _verified(cached, out_dir) is None:
        return None
    return _cached_statuses(cached)
