"""The ``ssot-gen`` command line: the only place an exception becomes a message and exit code."""

from __future__ import annotations

import json
import os
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ssot_gen import __version__
from ssot_gen.errors import SchemaError, SsotError

app = typer.Typer(
    help="Generate a runnable FastAPI + WebSocket AI chat backend from one YAML schema.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SchemaArg = Annotated[Path, typer.Argument(help="The SSOT schema (YAML).", show_default=False)]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="The project directory to write.", show_default=False)
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


def _fail(error: SsotError) -> typer.Exit:
    if isinstance(error, SchemaError):
        for issue in error.issues:
            err.print(str(issue), markup=False)
        err.print(f"{_plural(len(error.issues), 'error')} in the schema", style="red")
    else:
        err.print(f"error: {error}", style="red", markup=False)
    return typer.Exit(Exit.ERROR)


@app.command()
def validate(schema: SchemaArg) -> None:
    """Check a schema; print every error with file:line:column. Exit 0 valid, 2 invalid."""
    from ssot_gen.pipeline import load_project

    try:
        project = load_project(schema)
    except SsotError as error:
        raise _fail(error) from error
    models, providers = len(project.models), len(project.providers)
    out.print(
        f"{schema}: valid ({_plural(models, 'model')}, {_plural(providers, 'provider')})",
        markup=False,
    )


@app.command("schema")
def json_schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the SSOT format (for editor completion and checks)."""
    from ssot_gen.schema.jsonschema import schema_json

    text = json.dumps(schema_json(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def generate(
    schema: SchemaArg,
    out_dir: OutOption,
    allow_destructive: Annotated[
        bool, typer.Option(help="Allow migrations that drop columns or tables.")
    ] = False,
) -> None:
    """Generate (or regenerate) the project in OUT; print one status word per file."""
    from ssot_gen.pipeline import generate as run

    try:
        report = run(schema, out_dir, allow_destructive=allow_destructive)
    except SsotError as error:
        raise _fail(error) from error
    for entry in report.files:
        if entry.path.startswith(".ssot/"):
            continue
        style = STATUS_STYLE.get(entry.status, "")
        note = f" ({entry.note})" if entry.note else ""
        out.print(f"[{style}]{entry.status:>10}[/] {entry.path}{note}")
    if report.migration:
        out.print(f"new migration {report.migration}:", markup=False)
        for change in report.changes:
            out.print(f"  - {change}", markup=False)
    out.print(report.summary(), markup=False)
    if report.conflicts:
        err.print(
            f"{_plural(len(report.conflicts), 'conflict')}: resolve the <<<<<<< markers in "
            + ", ".join(report.conflicts),
            style="red",
            markup=False,
        )
        raise typer.Exit(Exit.CHANGES)


@app.command()
def check(schema: SchemaArg, out_dir: OutOption) -> None:
    """Exit 0 if code, migrations and docs in OUT are up to date with SCHEMA, 1 if stale.

    Writes nothing and needs no database. Exit 2 on error.
    """
    from ssot_gen.pipeline import check as run

    try:
        result = run(schema, out_dir)
    except SsotError as error:
        raise _fail(error) from error
    if result.stale:
        for line in result.stale:
            out.print(line, markup=False)
        out.print(f"{out_dir}: stale ({_plural(len(result.stale), 'problem')})", markup=False)
        raise typer.Exit(Exit.CHANGES)
    out.print(f"{out_dir}: up to date", markup=False)


@app.command()
def diff(schema: SchemaArg, out_dir: OutOption) -> None:
    """Show, without writing, the diff of every file that would change and the migration
    operations that would be generated (each labelled safe or destructive)."""
    from ssot_gen.pipeline import diff as run

    try:
        text, changes = run(schema, out_dir)
    except SsotError as error:
        raise _fail(error) from error
    typer.echo(text, nl=False)
    if changes:
        typer.echo("migration operations:")
        for change in changes:
            typer.echo(f"  - {change}")


@app.command("run")
def run_command(
    schema: SchemaArg,
    out_dir: OutOption,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Generate, migrate (SQLite unless DATABASE_URL is set) and serve the project with uvicorn.

    Runs with APP_ENV=development (a random JWT secret unless JWT_SECRET is set) and the
    schema's default provider (the offline mock in the examples).
    """
    from ssot_gen.pipeline import generate as run
    from ssot_gen.run import run_project

    try:
        report = run(schema, out_dir)
        out.print(report.summary(), markup=False)
        out.print(f"serving on http://{host}:{port}/ (Ctrl+C to stop)", markup=False)
        app_env = os.environ.get("APP_ENV", "development")
        code = run_project(out_dir, host=host, port=port, env={"APP_ENV": app_env})
    except SsotError as error:
        raise _fail(error) from error
    raise typer.Exit(code)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)
