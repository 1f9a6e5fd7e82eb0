"""Many projects from one config: ``ssot-gen bulk --config FILE``.

The config (YAML or JSON, read with the schema's hardened reader) lists ``projects``, each
with a ``name``, a ``schema`` (relative to the config file), an ``out`` directory (relative
to the config file too) and ``overrides`` deep-merged into the schema; top-level ``defaults``
are merged into every project first. Everything is validated before anything runs: config
errors and schema errors caused by an override are located in the config (with the schema
node the override changes named in the hint); an override key the format does not have is an
error. Projects then run in isolated worker processes (``spawn``), so one failing project
never stops or corrupts another.
"""

from __future__ import annotations

import fnmatch
import json
import multiprocessing
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ssot_gen.errors import Location, SchemaError, SchemaIssue
from ssot_gen.schema.checks import collect_issues
from ssot_gen.schema.load import mark_shorthands, read_text, validate_data
from ssot_gen.schema.source import Marks, PathKey, dotted, parse_yaml

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class ProjectEntry(BaseModel):
    """One project of the fleet."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(pattern=NAME_PATTERN, description="Unique; used by --only/--skip.")
    schema_: str = Field(alias="schema", description="The SSOT schema, relative to the config.")
    out: str = Field(description="The project directory, relative to the config.")
    overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="Deep-merged into the schema (after `defaults`): mappings merge key by "
        "key, any other value replaces. Keys must exist in the schema format.",
    )


class BulkConfig(BaseModel):
    """The bulk config file."""

    model_config = ConfigDict(extra="forbid", strict=True)

    defaults: dict[str, Any] = Field(
        default_factory=dict, description="Overrides merged into every project's schema."
    )
    projects: list[ProjectEntry] = Field(min_length=1)


def config_json_schema() -> dict[str, Any]:
    """The JSON Schema of the bulk config (committed as docs/bulk.schema.json)."""
    schema = BulkConfig.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ssot-gen bulk config"
    return schema


@dataclass
class Job:
    """One validated project: its merged schema written as YAML text."""

    name: str
    schema_path: Path
    out: Path
    schema_text: str
    allow_destructive: bool = False
    allow_data_dependent: bool = False


def deep_merge(base: Any, override: Any) -> Any:
    """``override`` merged into ``base``: mappings key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = deep_merge(base.get(key), value) if key in base else value
        return merged
    return override


def _override_paths(value: Any, prefix: PathKey) -> Iterable[PathKey]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _override_paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _override_paths(inner, (*prefix, index))


def load_config(path: Path) -> tuple[BulkConfig, Any, Marks]:
    """Read and validate the config. Raises SchemaError with every problem, located."""
    data, marks, issues = parse_yaml(read_text(path), str(path))
    if issues:
        raise SchemaError(issues)
    try:
        return BulkConfig.model_validate(data), data, marks
    except ValidationError as err:
        found = []
        for error in err.errors():
            loc = tuple(error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = f"unknown key {loc[-1]!r}"
            found.append(SchemaIssue(marks.at(loc, key=True), dotted(loc), message))
        raise SchemaError(found) from err


def plan_jobs(
    config_path: Path,
    *,
    only: list[str] | None = None,
    skip: list[str] | None = None,
    allow_destructive: list[str] | None = None,
    allow_data_dependent: list[str] | None = None,
) -> list[Job]:
    """The projects to run, each with its merged, validated schema.

    ``only``/``skip``: names or globs. ``allow_*``: project names or ``all``. Raises
    SchemaError with every problem of every project (config and schemas) at once.
    """
    config, raw, marks = load_config(config_path)
    root = config_path.parent
    issues: list[SchemaIssue] = []
    names = [p.name for p in config.projects]
    for index, name in enumerate(names):
        if names.index(name) != index:
            issues.append(
                SchemaIssue(
                    marks.at(("projects", index, "name")),
                    f"projects[{index}].name",
                    f"{name!r} is used by another project",
                )
            )
    for flag, chosen in (
        ("--allow-destructive", allow_destructive),
        ("--allow-data-dependent", allow_data_dependent),
    ):
        for name in chosen or []:
            if name != "all" and name not in names:
                issues.append(
                    SchemaIssue(
                        Location(str(config_path), 1, 1), "", f"{flag} {name}: no such project"
                    )
                )
    jobs = []
    for index, entry in enumerate(config.projects):
        if only and not any(fnmatch.fnmatchcase(entry.name, p) for p in only):
            continue
        if skip and any(fnmatch.fnmatchcase(entry.name, p) for p in skip):
            continue
        schema_path = (root / entry.schema_).resolve()
        try:
            text = read_text(schema_path)
        except SchemaError as err:
            for issue in err.issues:
                issues.append(
                    SchemaIssue(
                        marks.at(("projects", index, "schema")),
                        f"projects[{index}].schema",
                        issue.message,
                    )
                )
            continue
        data, schema_marks, parse_issues = parse_yaml(text, str(schema_path))
        if parse_issues:
            issues += parse_issues
            continue
        # Overrides: defaults first, then the project's own; their nodes are located in the
        # config, with the schema node they change in the hint.
        merged = data
        replaced: dict[str, Location] = {}  # dotted path -> where the schema had it
        for source, overrides in (
            (("defaults",), raw.get("defaults") or {}),
            (("projects", index, "overrides"), entry.overrides),
        ):
            merged = deep_merge(merged, overrides)
            for path in _override_paths(overrides, ()):
                if not path:
                    continue
                where = marks.values.get((*source, *path))
                if where is not None:
                    if path in schema_marks.values and where.file != schema_marks.file:
                        replaced.setdefault(dotted(path), schema_marks.values[path])
                    schema_marks.values[path] = where
                key = marks.keys.get((*source, *path))
                if key is not None:
                    schema_marks.keys[path] = key
        mark_shorthands(merged, schema_marks)
        schema, structural = validate_data(merged, schema_marks)
        found = structural + (collect_issues(schema, schema_marks) if schema else [])
        issues += [_name_project(issue, entry.name, replaced) for issue in found]
        if schema is None or found:
            continue
        jobs.append(
            Job(
                entry.name,
                schema_path,
                (root / entry.out).resolve(),
                yaml.safe_dump(merged, sort_keys=False, allow_unicode=True),
                allow_destructive=bool({"all", entry.name} & set(allow_destructive or [])),
                allow_data_dependent=bool({"all", entry.name} & set(allow_data_dependent or [])),
            )
        )
    if issues:
        raise SchemaError(issues)
    return jobs


def _name_project(issue: SchemaIssue, name: str, replaced: dict[str, Location]) -> SchemaIssue:
    """``issue`` of project ``name``; one about an overridden node also names the schema's."""
    hint = issue.hint
    if issue.path in replaced:
        note = f"overrides {replaced[issue.path]}"
        hint = f"{hint}; {note}" if hint else note
    return SchemaIssue(issue.location, issue.path, f"{issue.message} [project {name}]", hint)


@dataclass
class Outcome:
    """What happened to one project. ``status``: ok, changes (conflicts, refused in a dry
    run, stale under --check) or failed; ``counts``: files per status word."""

    name: str
    out: str
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    migration: str | None = None
    changes: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def run_job(job: Job, mode: str, events: Any = None) -> Outcome:
    """Run one project in this (worker) process: ``mode`` generate, dry-run or check.

    ``events`` (a queue, optional) receives ``(name, stage)`` as the project advances.
    """
    from ssot_gen import pipeline
    from ssot_gen.errors import SsotError

    if events is not None:
        events.put(
            (job.name, {"check": "checking", "dry-run": "comparing"}.get(mode, "generating"))
        )
    started = time.perf_counter()
    outcome = Outcome(job.name, str(job.out), "ok")
    with tempfile.TemporaryDirectory(prefix="ssot-bulk-") as tmp:
        schema = Path(tmp) / job.schema_path.name
        schema.write_text(job.schema_text, encoding="utf-8")
        try:
            if mode == "check":
                outcome.stale = pipeline.check(schema, job.out).stale
                outcome.status = "changes" if outcome.stale else "ok"
            elif mode == "dry-run":
                staged = pipeline.prepare(
                    schema,
                    job.out.resolve(),
                    allow_destructive=job.allow_destructive,
                    allow_data_dependent=job.allow_data_dependent,
                    refuse=False,
                )
                outcome.counts = _counts(e.status for e in staged.statuses)
                if staged.revision is not None:
                    outcome.migration = staged.revision.path
                    outcome.changes = [str(c) for c in staged.revision.changes]
                if staged.refused:
                    outcome.status = "changes"
                    outcome.error = "generate would refuse: " + "; ".join(
                        str(c) for c in staged.refused
                    )
            else:
                report = pipeline.generate(
                    schema,
                    job.out,
                    allow_destructive=job.allow_destructive,
                    allow_data_dependent=job.allow_data_dependent,
                )
                outcome.counts = _counts(e.status for e in report.files)
                outcome.migration = report.migration
                outcome.changes = report.changes
                if report.conflicts:
                    outcome.status = "changes"
        except SsotError as err:
            outcome.status, outcome.error = "failed", str(err)
        except Exception as err:  # a bug must not take the fleet down: report it
            outcome.status, outcome.error = "failed", f"{type(err).__name__}: {err}"
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome


def _counts(statuses: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts


def run_all(
    jobs: list[Job],
    mode: str,
    jobs_count: int,
    on_stage: Callable[[str, str], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every job in ``jobs_count`` spawned worker processes; outcomes in ``jobs`` order.

    ``on_stage(name, stage)`` is called as workers report stages, ``on_done`` as each ends.
    """
    outcomes: dict[str, Outcome] = {}
    context = multiprocessing.get_context("spawn")
    with (
        context.Manager() as manager,
        ProcessPoolExecutor(max_workers=max(1, jobs_count), mp_context=context) as pool,
    ):
        events = manager.Queue()
        pending: dict[Future[Outcome], Job] = {
            pool.submit(run_job, job, mode, events): job for job in jobs
        }
        while pending:
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            while not events.empty():
                name, stage = events.get()
                if on_stage:
                    on_stage(name, stage)
            for future in done:
                job = pending.pop(future)
                try:
                    outcome = future.result()
                except Exception as err:  # the worker died (killed, out of memory)
                    outcome = Outcome(job.name, str(job.out), "failed", error=f"worker died: {err}")
                outcomes[job.name] = outcome
                if on_done:
                    on_done(outcome)
    return [outcomes[job.name] for job in jobs]


def exit_code(outcomes: list[Outcome]) -> int:
    """2 if any project failed, else 1 if any has conflicts/refusals/staleness, else 0."""
    if any(o.status == "failed" for o in outcomes):
        return 2
    return 1 if any(o.status == "changes" for o in outcomes) else 0


def write_report(path: Path, mode: str, outcomes: list[Outcome]) -> None:
    """``--report FILE.json``: ``{"mode", "exit_code", "projects": [Outcome as a dict]}``."""
    data = {
        "mode": mode,
        "exit_code": exit_code(outcomes),
        "projects": [asdict(o) for o in outcomes],
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
