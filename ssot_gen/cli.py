"""The ``ssot-gen`` command line: the only place an exception becomes a message and exit code."""

from __future__ import annotations

import json
import os
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from ssot_gen import __version__
from ssot_gen.errors import SchemaError, SchemaIssue, SsotError


def _plain(param: Any) -> Any:
    """Help shows a parameter by its METAVAR only (typer's ``<bool>``/``{schema}`` dropped)."""
    if isinstance(param, TyperArgument | TyperOption):
        metavar = None if isinstance(param, TyperArgument) else param.metavar
        param.display_type_rich = lambda ctx: metavar  # type: ignore[method-assign]
        if isinstance(param, TyperArgument):
            name = param.metavar or (param.name or "").upper()
            param._usage_display_name = lambda: name  # type: ignore[method-assign]
    return param


class _PlainCommand(TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _plain(param)

    def get_help_option(self, ctx: Any) -> Any:
        return _plain(super().get_help_option(ctx))


class _PlainGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _plain(param)

    def get_help_option(self, ctx: Any) -> Any:
        return _plain(super().get_help_option(ctx))


app = typer.Typer(
    cls=_PlainGroup,
    help="Generate a runnable FastAPI + WebSocket AI chat backend from one YAML schema.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# Schema text (names, paths, messages) is printed as is: no markup, emoji codes or highlighting.
out = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)

SchemaArg = Annotated[
    Path,
    typer.Argument(help="The SSOT schema (YAML).", show_default=False, metavar="SCHEMA"),
]
OutOption = Annotated[
    Path,
    typer.Option(
        "--out", "-o", help="The project directory to write.", show_default=False, metavar="DIR"
    ),
]
ReadOutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="The generated project to compare with (nothing is written).",
        show_default=False,
        metavar="DIR",
    ),
]

STATUS_STYLE = {
    "create": "green",
    "update": "yellow",
    "identical": "dim",
    "keep": "cyan",
    "merge": "cyan",
    "conflict": "bold red",
    "delete": "red",
}


class Exit(IntEnum):
    """Exit codes: 0 ok, 1 changes or conflicts found, 2 error (invalid schema, bad input)."""

    OK = 0
    CHANGES = 1
    ERROR = 2


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _source_line(file: str, line: int, cache: dict[str, list[str] | None]) -> str | None:
    if file not in cache:
        try:
            text = Path(file).read_text(encoding="utf-8", errors="replace")
            # lines as the locations count them: at "\n" only (not at U+2028 and the like)
            split = text.removeprefix("\ufeff").removesuffix("\n").split("\n")
            cache[file] = [each.removesuffix("\r") for each in split]
        except OSError:
            cache[file] = None
    lines = cache[file]
    if lines is None or not 1 <= line <= len(lines) + 1:
        return None
    return lines[line - 1] if line <= len(lines) else ""  # just past the end of the file


def _shown(text: str) -> str:
    """``text`` with each tab or control character as one visible character (keeps columns)."""
    return "".join(c if c.isprintable() else ("\u2192" if c == "\t" else "\ufffd") for c in text)


def _snippet(issue: SchemaIssue, cache: dict[str, list[str] | None]) -> list[str]:
    """The source line of ``issue`` and a caret under its column (as rustc prints them)."""
    location = issue.location
    source = _source_line(location.file, location.line, cache)
    if source is None:
        return []
    number = str(location.line)
    pad = " " * len(number)
    column = min(max(location.column, 1), len(source) + 1)
    return [f" {number} | {_shown(source)}", f" {pad} | {' ' * (column - 1)}^"]


def _print_issues(error: SchemaError) -> None:
    cache: dict[str, list[str] | None] = {}
    for issue in error.issues:
        err.print(str(issue))
        for line in _snippet(issue, cache):
            err.print(line, style="dim")
    err.print(f"{_plural(len(error.issues), 'error')} in the schema", style="red")


def _fail(error: SsotError) -> typer.Exit:
    if isinstance(error, SchemaError):
        _print_issues(error)
    else:
        err.print(f"error: {error}", style="red")
    return typer.Exit(Exit.ERROR)


def _issue_json(issue: SchemaIssue) -> dict[str, Any]:
    return {
        "file": issue.location.file,
        "line": issue.location.line,
        "column": issue.location.column,
        "path": issue.path,
        "message": issue.message,
        "hint": issue.hint,
    }


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
) -> None:
    """Generate a runnable FastAPI + WebSocket AI chat backend from one YAML schema."""


@app.command(cls=_PlainCommand)
def validate(
    schema: SchemaArg,
    output_format: Annotated[
        Literal["text", "json"],
        typer.Option(
            "--format",
            help="text: one line per error with the source line under it; json: one JSON "
            "document (for editors and CI).",
            metavar="text|json",
        ),
    ] = "text",
) -> None:
    """Check a schema; print every error with file:line:column. Exit 0 valid, 2 invalid."""
    from ssot_gen.pipeline import load_project

    try:
        project = load_project(schema)
    except SsotError as error:
        if output_format == "text":
            raise _fail(error) from error
        issues = error.issues if isinstance(error, SchemaError) else []
        document = {
            "valid": False,
            "errors": [_issue_json(issue) for issue in issues],
            "message": None if issues else str(error),
        }
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        raise typer.Exit(Exit.ERROR) from error
    models, providers = len(project.models), len(project.providers)
    if output_format == "json":
        document = {"valid": True, "errors": [], "models": models, "providers": providers}
        typer.echo(json.dumps(document, indent=2))
        return
    out.print(f"{schema}: valid ({_plural(models, 'model')}, {_plural(providers, 'provider')})")


@app.command("schema", cls=_PlainCommand)
def json_schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of stdout.", metavar="FILE"
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the SSOT format (for editor completion and checks)."""
    from ssot_gen.schema.jsonschema import schema_json

    text = json.dumps(schema_json(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


AllowDestructive = Annotated[
    bool,
    typer.Option(
        "--allow-destructive",
        help="Allow migration operations that lose data (drop a column or table, remove enum "
        "values) and data-dependent ones.",
    ),
]
AllowDataDependent = Annotated[
    bool,
    typer.Option(
        "--allow-data-dependent",
        help="Allow migration operations that fail on some existing rows (unique, narrowing, "
        "NOT NULL without default, new checks); the revision checks the rows first.",
    ),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        metavar="URL",
        help="Count, read only, the rows of this database (at the project's head) that "
        "data-dependent operations would fail on: none allows them, some refuses them.",
    ),
]


@app.command(cls=_PlainCommand)
def generate(
    schema: SchemaArg,
    out_dir: OutOption,
    allow_destructive: AllowDestructive = False,
    allow_data_dependent: AllowDataDependent = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Generate (or regenerate) the project in DIR; print one status word per file.

    Each new migration operation is printed with its label (safe, backfill, data-dependent,
    locking, destructive); destructive and data-dependent ones need their --allow- flag.
    """
    from ssot_gen.pipeline import generate as run

    try:
        report = run(
            schema,
            out_dir,
            allow_destructive=allow_destructive,
            allow_data_dependent=allow_data_dependent,
            database_url=database_url,
        )
    except SsotError as error:
        raise _fail(error) from error
    if report.recovered:
        out.print("recovered: rolled back an interrupted generation")
    for entry in report.files:
        if entry.path.startswith(".ssot/"):
            continue
        style = STATUS_STYLE.get(entry.status, "")
        note = f" ({entry.note})" if entry.note else ""
        out.print(Text.assemble((f"{entry.status:>10}", style), f" {entry.path}{note}"))
    if report.migration:
        out.print(f"new migration {report.migration}:")
        for change in report.changes:
            out.print(f"  - {change}")
    out.print(report.summary())
    if report.conflicts:
        err.print(
            f"{_plural(len(report.conflicts), 'conflict')}: resolve the <<<<<<< markers in "
            + ", ".join(report.conflicts),
            style="red",
            markup=False,
        )
        raise typer.Exit(Exit.CHANGES)


@app.command(cls=_PlainCommand)
def check(
    schema: SchemaArg,
    out_dir: ReadOutOption,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail on any non-safe migration operation ssot-gen wrote that the "
            "schema's migrations.acknowledge does not name.",
        ),
    ] = False,
) -> None:
    """Exit 0 if the project in DIR is up to date with SCHEMA, 1 if stale (lists why).

    Compares code, migrations and docs with what generate would write; writes nothing to DIR
    and needs no database. Exit 2 on error.
    """
    from ssot_gen.pipeline import check as run

    try:
        result = run(schema, out_dir, strict=strict)
    except SsotError as error:
        raise _fail(error) from error
    if result.stale:
        for line in result.stale:
            out.print(line)
        out.print(f"{out_dir}: stale ({_plural(len(result.stale), 'problem')})")
        raise typer.Exit(Exit.CHANGES)
    out.print(f"{out_dir}: up to date")


@app.command(cls=_PlainCommand)
def diff(
    schema: SchemaArg,
    out_dir: ReadOutOption,
    allow_destructive: AllowDestructive = False,
    allow_data_dependent: AllowDataDependent = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Print what generate would change in DIR, writing nothing.

    A unified diff of every file that would change, then the migration operations that
    would be generated (each with its label), then, if generate would refuse them with the
    same flags, "generate will refuse: <labels>". Exit 2 on error.
    """
    from ssot_gen.pipeline import diff as run
    from ssot_gen.revision_ops import LABELS

    try:
        result = run(
            schema,
            out_dir,
            allow_destructive=allow_destructive,
            allow_data_dependent=allow_data_dependent,
            database_url=database_url,
        )
    except SsotError as error:
        raise _fail(error) from error
    typer.echo(result.text, nl=False)
    if result.changes:
        typer.echo("migration operations:")
        for change in result.changes:
            typer.echo(f"  - {change}")
    if result.refused:
        labels = sorted({c.label for c in result.refused}, key=LABELS.index)
        typer.echo(f"generate will refuse: {', '.join(labels)}")
        for refused in result.refused:
            typer.echo(f"  - {refused}")


@app.command("run", cls=_PlainCommand)
def run_command(
    schema: SchemaArg,
    out_dir: OutOption,
    host: Annotated[str, typer.Option(help="Interface to listen on.", metavar="HOST")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.", metavar="PORT")] = 8000,
) -> None:
    """Generate, migrate (SQLite unless DATABASE_URL is set) and serve the project with uvicorn.

    Runs with APP_ENV=development (a random JWT secret unless JWT_SECRET is set) and the
    schema's default provider (the offline mock in the examples). Ctrl+C or SIGTERM stops
    the server.
    """
    from ssot_gen.pipeline import generate as run
    from ssot_gen.run import run_project

    try:
        report = run(schema, out_dir)
        if report.recovered:
            out.print("recovered: rolled back an interrupted generation")
        out.print(report.summary())
        out.print(f"serving on http://{host}:{port}/ (Ctrl+C to stop)")
        app_env = os.environ.get("APP_ENV", "development")
        code = run_project(out_dir, host=host, port=port, env={"APP_ENV": app_env})
    except SsotError as error:
        raise _fail(error) from error
    raise typer.Exit(code)


@app.command(cls=_PlainCommand)
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


@app.command("new", cls=_PlainCommand)
def new_command(
    name: Annotated[
        Path | None,
        typer.Argument(
            help="The directory to create (with --update: the scaffold to update, default .).",
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help="Bring template improvements into an existing scaffold (copier)."
        ),
    ] = False,
    app_name: Annotated[
        str | None,
        typer.Option(
            "--app-name", help="Python name of the app (default: from NAME).", metavar="NAME"
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title of the app.", metavar="TEXT")
    ] = None,
    provider: Annotated[
        list[str] | None,
        typer.Option(
            "--provider",
            help="A provider besides the offline mock: openai, anthropic or gemini "
            "(repeat it; 'mock' alone: the mock only). Default: all three.",
            metavar="NAME",
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            "--database", help="Database of compose.yaml: postgresql or sqlite.", metavar="DB"
        ),
    ] = None,
    redis: Annotated[
        bool | None,
        typer.Option("--redis/--no-redis", help="A Redis service in compose.yaml."),
    ] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Ask nothing: defaults for what no flag gives.")
    ] = False,
) -> None:
    """Scaffold a new chat app in NAME (copier), generate it and make its first git commit.

    Questions no flag answers are asked when a terminal is attached (else their defaults are
    used). The scaffold gets schema.yaml, a Dockerfile, compose.yaml, a CI workflow and a
    .copier-answers.yml for `ssot-gen new --update`. Exit 2 on error.
    """
    from ssot_gen import new as scaffold

    answers: dict[str, Any] = {}
    if app_name is not None:
        answers["app_name"] = app_name
    if title is not None:
        answers["app_title"] = title
    if provider is not None:
        chosen = [p.strip().lower() for p in provider]
        unknown = sorted(set(chosen) - {*scaffold.PROVIDERS, "mock"})
        if unknown:
            err.print(
                f"error: --provider {unknown[0]}: choose from mock, "
                + ", ".join(scaffold.PROVIDERS),
                style="red",
            )
            raise typer.Exit(Exit.ERROR)
        answers["providers"] = [p for p in scaffold.PROVIDERS if p in chosen]
    if database is not None:
        if database not in scaffold.DATABASES:
            err.print(f"error: --database {database}: postgresql or sqlite", style="red")
            raise typer.Exit(Exit.ERROR)
        answers["database"] = database
    if redis is not None:
        answers["redis"] = redis
    ask_nothing = defaults or not scaffold.interactive()
    try:
        if update:
            if answers:
                err.print(
                    "error: --update takes no answers (edit .copier-answers.yml)", style="red"
                )
                raise typer.Exit(Exit.ERROR)
            result = scaffold.update(name or Path(), defaults=ask_nothing)
        else:
            if name is None:
                err.print("error: give the NAME of the directory to create", style="red")
                raise typer.Exit(Exit.ERROR)
            result = scaffold.new(name, answers, defaults=ask_nothing)
    except SsotError as error:
        raise _fail(error) from error
    out.print(result.report.summary())
    if result.committed:
        out.print(f"created {result.project} (git: one initial commit)")
        out.print(f"next: cd {name} and follow README.md (Run)")
    else:
        out.print(f"updated {result.project}: review with git diff, then commit")
    if result.report.conflicts:
        err.print(
            f"{_plural(len(result.report.conflicts), 'conflict')}: resolve the <<<<<<< markers in "
            + ", ".join(result.report.conflicts),
            style="red",
            markup=False,
        )
        raise typer.Exit(Exit.CHANGES)


@app.command(cls=_PlainCommand)
def bulk(
    config: Annotated[
        Path, typer.Option("--config", metavar="FILE", help="Bulk config (YAML or JSON).")
    ],
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", metavar="N", help="Workers (default: CPUs).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; show what would change.")
    ] = False,
    check_only: Annotated[
        bool, typer.Option("--check", help="Exit 1 if any project is stale (bulk check).")
    ] = False,
    only: Annotated[
        list[str] | None, typer.Option("--only", metavar="NAME", help="Name or glob; repeatable.")
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", metavar="NAME", help="Name or glob; repeatable.")
    ] = None,
    allow_destructive: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-destructive",
            metavar="NAME|all",
            help="Allow destructive operations in project NAME (or all); repeatable.",
        ),
    ] = None,
    allow_data_dependent: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-data-dependent",
            metavar="NAME|all",
            help="Allow data-dependent operations in project NAME (or all); repeatable.",
        ),
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", metavar="FILE", help="Write results as JSON.")
    ] = None,
) -> None:
    """Generate (or --check, or --dry-run) every project of a bulk config in parallel.

    Exit 0 all succeeded, 1 any project has conflicts or is stale (--check), 2 any failed.
    """
    import sys

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from ssot_gen import bulk as runner

    try:
        plan = runner.load_config(config, only, skip)
    except SsotError as error:
        raise _fail(error) from error
    destructive = set(allow_destructive or [])
    data_dependent = set(allow_data_dependent or [])
    options = runner.Options(
        mode="check" if check_only else "dry-run" if dry_run else "generate",
        allow_destructive=destructive,
        allow_data_dependent=data_dependent,
        all_destructive="all" in destructive,
        all_data_dependent="all" in data_dependent,
    )
    if err.is_terminal:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err
        ) as progress:
            tasks = {job.name: progress.add_task(f"{job.name}: queued") for job in plan.jobs}

            def on_stage(name: str, stage: str) -> None:
                progress.update(tasks[name], description=f"{name}: {stage}")

            results = runner.run(plan, options, jobs, on_stage)
    else:

        def on_stage(name: str, stage: str) -> None:
            err.print(f"{name}: {stage}")

        results = runner.run(plan, options, jobs, on_stage)
    table = Table(title=f"ssot-gen bulk ({options.mode})")
    for column in (
        "project", "status", "created", "updated", "identical", "merged", "conflicts",
        "migration", "time",
    ):  # fmt: skip
        table.add_column(column)
    for result in results:
        counts = result.counts
        migration = ""
        if result.migration:
            migration = f"{Path(result.migration).name} ({', '.join(result.labels)})"
        table.add_row(
            result.name,
            result.status,
            *(
                str(counts.get(k, 0))
                for k in ("create", "update", "identical", "merge", "conflict")
            ),
            migration,
            f"{result.seconds:.2f}s",
        )
    out.print(table)
    for result in results:
        for line in result.errors + result.stale + result.files:
            out.print(f"{result.name}: {line}")
    if report is not None:
        document = {"mode": options.mode, "projects": [r.as_dict() for r in results]}
        report.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    sys.stdout.flush()
    raise typer.Exit(runner.exit_code(results))


if __name__ == "__main__":
    app()
