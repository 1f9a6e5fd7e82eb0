"""``ssot-gen bulk``: many projects from one config, each in its own worker process.

The config (YAML or JSON) is validated first, every project's overrides deep-merged into its
schema and the result validated like a schema file, errors located in the config (and, for an
override, at the schema node it changes). Valid projects then run in parallel; a failing
project is reported and never stops the others.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ssot_gen.errors import Location, SchemaError, SchemaIssue
from ssot_gen.schema.checks import collect_issues
from ssot_gen.schema.load import mark_shorthands, read_text, validate_data
from ssot_gen.schema.source import Marks, PathKey, dotted, parse_yaml


class ProjectConfig(BaseModel):
    """One project of a bulk config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="Unique name, used by --only/--skip")
    schema_: str = Field(alias="schema", description="Schema file, relative to the config file")
    out: str = Field(description="Output directory, relative to the config file")
    overrides: dict[str, Any] = Field(
        default_factory=dict, description="Deep-merged into the schema (mappings merge)"
    )


class Defaults(BaseModel):
    """Settings merged into every project (a project's own values win)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_: str | None = Field(default=None, alias="schema")
    overrides: dict[str, Any] = Field(default_factory=dict)


class BulkConfig(BaseModel):
    """The bulk config file: ``defaults`` and ``projects``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    defaults: Defaults = Field(default_factory=Defaults)
    projects: list[dict[str, Any]] = Field(min_length=1)


def config_json_schema() -> dict[str, Any]:
    """The JSON Schema of the bulk config (published as docs/bulk.schema.json)."""
    schema = BulkConfig.model_json_schema(by_alias=True)
    schema["properties"]["projects"]["items"] = {"$ref": "#/$defs/ProjectConfig"}
    schema["$defs"]["ProjectConfig"] = ProjectConfig.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ssot-gen bulk config"
    return schema


@dataclass
class Job:
    """A validated project, ready for a worker: ``schema`` is the merged schema data."""

    name: str
    schema_path: str
    out: str
    schema: dict[str, Any] | None  # None: the schema file is used as is


@dataclass
class Result:
    """What one project did (``status``: ok, stale, conflicts, failed); ``files`` lists what a
    dry run would change, ``stale`` what --check found, ``seconds`` the wall time,
    ``fast_path`` whether generate found the project unchanged without rendering it."""

    name: str
    out: str
    status: str = "ok"
    counts: dict[str, int] = field(default_factory=dict)
    migration: str | None = None
    labels: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # "status path" of each file that changes
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    fast_path: bool = False  # nothing was rendered: every file matched the last generation

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)


def deep_merge(base: Any, override: Any) -> Any:
    """``override`` merged into a copy of ``base``: mappings merge key by key, else it wins."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(override)


def _paths(data: Any, prefix: PathKey = ()) -> list[PathKey]:
    out: list[PathKey] = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    return out


def _locate(
    issues: list[SchemaIssue],
    schema_marks: Marks,
    overridden: dict[PathKey, Location],
) -> list[SchemaIssue]:
    """Point an issue about an overridden node at the config; name the schema node too."""
    located = []
    for issue in issues:
        path = next((p for p in overridden if dotted(p) == issue.path), None)
        if path is None:
            located.append(issue)
            continue
        hint = issue.hint
        if path in schema_marks.values or path in schema_marks.keys:
            node = f"overrides the schema node at {schema_marks.at(path)}"
            hint = f"{hint}; {node}" if hint else node
        located.append(SchemaIssue(overridden[path], issue.path, issue.message, hint))
    return located


def _merged(
    schema_path: Path, overrides: dict[str, Any], where: PathKey, marks: Marks
) -> dict[str, Any] | None:
    """Validate the schema with ``overrides`` merged in. Raises SchemaError."""
    data, schema_marks, issues = parse_yaml(read_text(schema_path), str(schema_path))
    if not isinstance(data, dict):
        raise SchemaError([SchemaIssue(schema_marks.at(()), "", "the schema must be a mapping")])
    merged = deep_merge(data, overrides)
    overridden = {p: marks.at((*where, *p), key=True) for p in _paths(overrides) if p}
    check_marks = Marks(schema_marks.file, dict(schema_marks.values), dict(schema_marks.keys))
    check_marks.plain.update(schema_marks.plain)
    check_marks.broken.update(schema_marks.broken)
    for path, location in overridden.items():
        check_marks.values[path] = location
        check_marks.keys[path] = location
    mark_shorthands(merged, check_marks)
    work = copy.deepcopy(merged)
    schema, structural = validate_data(work, check_marks)
    issues += structural
    if schema is not None:
        issues += collect_issues(schema, check_marks)
    if issues or schema is None:
        issues = issues or [SchemaIssue(check_marks.at(()), "", "invalid schema")]
        raise SchemaError(_locate(issues, schema_marks, overridden))
    return merged


@dataclass
class Plan:
    """The config read: jobs to run and projects that already failed validation."""

    jobs: list[Job]
    failed: list[Result]


def load_config(path: Path, only: list[str] | None = None, skip: list[str] | None = None) -> Plan:
    """Read and validate the bulk config at ``path``; validate every selected project.

    Raises SchemaError for a broken config (YAML, structure, duplicate names). A project
    whose schema or overrides are invalid becomes a failed Result with its located errors.
    """
    data, marks, issues = parse_yaml(read_text(path), str(path))
    if issues:
        raise SchemaError(issues)
    try:
        config = BulkConfig.model_validate(data)
    except Exception as err:
        raise SchemaError(_pydantic_issues(err, marks)) from err
    base = path.parent
    jobs: list[Job] = []
    failed: list[Result] = []
    seen: set[str] = set()
    problems: list[SchemaIssue] = []
    projects: list[tuple[int, ProjectConfig]] = []
    for index, raw in enumerate(config.projects):
        where: PathKey = ("projects", index)
        if isinstance(raw, dict) and "schema" not in raw and config.defaults.schema_:
            raw = {**raw, "schema": config.defaults.schema_}
        try:
            project = ProjectConfig.model_validate(raw)
        except Exception as err:
            problems += _pydantic_issues(err, marks, where)
            continue
        if project.name in seen:
            problems.append(
                SchemaIssue(marks.at((*where, "name")), dotted((*where, "name")), "duplicate name")
            )
        seen.add(project.name)
        projects.append((index, project))
    if problems:
        raise SchemaError(problems)
    for index, project in projects:
        if only and not any(fnmatch.fnmatchcase(project.name, p) for p in only):
            continue
        if skip and any(fnmatch.fnmatchcase(project.name, p) for p in skip):
            continue
        out = str((base / project.out).resolve())
        schema_path = (base / project.schema_).resolve()
        where = ("projects", index, "overrides")
        overrides = deep_merge(config.defaults.overrides, project.overrides)
        try:
            if overrides:
                merged = _merged(schema_path, overrides, where, marks)
            else:
                _merged(schema_path, {}, where, marks)
                merged = None
        except SchemaError as err:
            failed.append(Result(project.name, out, "failed", errors=[str(i) for i in err.issues]))
            continue
        jobs.append(Job(project.name, str(schema_path), out, merged))
    return Plan(jobs, failed)


def _pydantic_issues(err: Exception, marks: Marks, where: PathKey = ()) -> list[SchemaIssue]:
    errors = getattr(err, "errors", None)
    if errors is None:
        return [SchemaIssue(marks.at(where), dotted(where), str(err))]
    issues = []
    for error in errors():
        path = (*where, *error["loc"])
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        issues.append(SchemaIssue(marks.at(path, key=True), dotted(path), message))
    return issues


@dataclass
class Options:
    """How to run: ``mode`` is generate, dry-run or check; the allow sets name projects."""

    mode: str = "generate"
    allow_destructive: set[str] = field(default_factory=set)
    allow_data_dependent: set[str] = field(default_factory=set)
    all_destructive: bool = False
    all_data_dependent: bool = False


def run_job(job: Job, options: Options, progress: Any = None) -> Result:
    """Run one project (in a worker process); never raises: errors become a failed Result."""
    from ssot_gen import pipeline
    from ssot_gen.errors import SsotError

    start = time.perf_counter()
    result = Result(job.name, job.out)

    def stage(name: str) -> None:
        if progress is not None:
            progress.put((job.name, name))

    try:
        with tempfile.TemporaryDirectory(prefix="ssot-bulk-") as tmp:
            schema_path = Path(job.schema_path)
            if job.schema is not None:
                schema_path = Path(tmp) / Path(job.schema_path).name
                schema_path.write_text(json.dumps(job.schema), encoding="utf-8")
            out = Path(job.out)
            destructive = options.all_destructive or job.name in options.allow_destructive
            data = options.all_data_dependent or job.name in options.allow_data_dependent
            stage(options.mode)
            if options.mode == "check":
                checked = pipeline.check(schema_path, out)
                result.stale = checked.stale
                result.status = "stale" if checked.stale else "ok"
            elif options.mode == "dry-run":
                staged = pipeline.prepare(
                    schema_path,
                    out,
                    allow_destructive=destructive,
                    allow_data_dependent=data,
                    refuse=False,
                )
                _count(result, [s.status for s in staged.statuses])
                result.files = [
                    f"{s.status}: {s.path}"
                    for s in staged.statuses
                    if s.status not in {"identical", "keep"} and not s.path.startswith(".ssot/")
                ]
                if staged.revision is not None:
                    result.migration = staged.revision.path
                    result.changes = [str(c) for c in staged.revision.changes]
                    result.labels = sorted({c.label for c in staged.revision.changes})
                if staged.refused:
                    result.status = "failed"
                    result.errors = [f"would refuse: {c}" for c in staged.refused]
                elif result.counts.get("conflict"):
                    result.status = "conflicts"
            else:
                report = pipeline.generate(
                    schema_path, out, allow_destructive=destructive, allow_data_dependent=data
                )
                _count(result, [f.status for f in report.files])
                result.fast_path = report.fast_path
                result.migration = report.migration
                result.changes = report.changes
                result.labels = sorted({c.rsplit("(", 1)[-1].rstrip(")") for c in report.changes})
                if result.counts.get("conflict"):
                    result.status = "conflicts"
    except SsotError as err:
        result.status = "failed"
        result.errors = str(err).splitlines() or [type(err).__name__]
    except Exception as err:  # a worker must report, never crash the fleet
        result.status = "failed"
        result.errors = [f"{type(err).__name__}: {err}"]
    result.seconds = round(time.perf_counter() - start, 3)
    stage("done")
    return result


def _count(result: Result, statuses: list[str]) -> None:
    for status in statuses:
        result.counts[status] = result.counts.get(status, 0) + 1


def run(
    plan: Plan,
    options: Options,
    jobs: int | None = None,
    on_stage: Callable[[str, str], None] | None = None,
) -> list[Result]:
    """Run ``plan``'s jobs in up to ``jobs`` spawned worker processes (default: CPU count).

    ``on_stage(name, stage)`` is called in this process as workers report stages. Returns the
    results in config order, the already failed ones included.
    """
    workers = max(1, jobs or os.cpu_count() or 1)
    context = multiprocessing.get_context("spawn")
    results: dict[str, Result] = {r.name: r for r in plan.failed}
    if plan.jobs:
        with context.Manager() as manager:
            queue = manager.Queue()
            with ProcessPoolExecutor(min(workers, len(plan.jobs)), mp_context=context) as pool:
                futures = {pool.submit(run_job, job, options, queue): job for job in plan.jobs}
                pending = set(futures)
                while pending:
                    _drain(queue, on_stage)
                    done = {f for f in pending if f.done()}
                    for future in done:
                        job = futures[future]
                        try:
                            results[job.name] = future.result()
                        except Exception as err:  # the worker process died
                            results[job.name] = Result(
                                job.name, job.out, "failed", errors=[f"worker failed: {err}"]
                            )
                    pending -= done
                    if pending:
                        time.sleep(0.05)
            _drain(queue, on_stage)
    order = [j.name for j in plan.jobs] + [r.name for r in plan.failed]
    return [results[name] for name in order]


def _drain(queue: Any, on_stage: Callable[[str, str], None] | None) -> None:
    while not queue.empty():
        name, stage = queue.get()
        if on_stage is not None:
            on_stage(name, stage)


def exit_code(results: list[Result]) -> int:
    """0 all succeeded, 1 any has conflicts or is stale, 2 any failed."""
    if any(r.status == "failed" for r in results):
        return 2
    if any(r.status in {"conflicts", "stale"} for r in results):
        return 1
    return 0


if __name__ == "__main__":  # python -m ssot_gen.bulk > docs/bulk.schema.json
    print(json.dumps(config_json_schema(), indent=2))
