"""The ``ssot-gen`` console script: a regenerate where nothing changed is answered before
the command-line framework loads.

Such a regenerate takes about 4 ms of work (``pipeline.unchanged_source``: the schema file's
bytes and the files on disk hashed against ``.ssot/cache.json``), while importing typer,
rich and pydantic for the full CLI costs about 0.15 s. :func:`main` recognises exactly
``generate SCHEMA --out DIR`` (``-o DIR``, ``--out=DIR``, in any order). When no interrupted
generation waits to be rolled back and nothing changed, it prints what ``ssot-gen generate``
prints for that case and exits 0; in every other case - any other command, flag or
argument, a project that changed, a problem - the full CLI (``ssot_gen.cli.app``) runs and
answers as always.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# SGR codes of the styles ``ssot_gen.cli.STATUS_STYLE`` gives the statuses an unchanged
# project can have (rich renders "dim" as 2 and "cyan" as 36).
STYLES = {"identical": "2", "keep": "36"}


def parse_generate(argv: list[str]) -> tuple[Path, Path] | None:
    """``(schema, out_dir)`` when ``argv`` is ``generate SCHEMA --out DIR`` and nothing else."""
    if not argv or argv[0] != "generate":
        return None
    schema: str | None = None
    out: str | None = None
    rest = argv[1:]
    index = 0
    while index < len(rest):
        arg = rest[index]
        if arg in ("--out", "-o") and index + 1 < len(rest) and out is None:
            out = rest[index + 1]
            index += 2
            continue
        if arg.startswith("--out=") and out is None:
            out = arg.removeprefix("--out=")
        elif arg.startswith("-") or schema is not None:
            return None  # another option or argument: the full CLI decides
        else:
            schema = arg
        index += 1
    if not schema or not out:
        return None
    return Path(schema), Path(out)


def _colour() -> bool:
    """Whether rich would colour standard output (a terminal, NO_COLOR unset, TERM not dumb)."""
    return (
        sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM") != "dumb"
        and "FORCE_COLOR" not in os.environ
    )


def unchanged(argv: list[str]) -> bool:
    """Answer ``argv`` if it is an unchanged regenerate (printing its report); else False."""
    parsed = parse_generate(argv)
    if parsed is None:
        return False
    from ssot_gen.journal import interrupted
    from ssot_gen.pipeline import unchanged_source
    from ssot_gen.write import Report

    schema, out_dir = parsed
    try:
        out_dir = out_dir.resolve()
        if not schema.is_file() or not out_dir.is_dir() or interrupted(out_dir):
            return False
        statuses = unchanged_source(schema, out_dir)
    except (OSError, ValueError):
        return False
    if statuses is None or any(entry.status not in STYLES for entry in statuses):
        return False
    colour = _colour()
    lines = []
    for entry in statuses:
        if entry.path.startswith(".ssot/"):
            continue
        status = f"{entry.status:>10}"
        if colour:
            status = f"\x1b[{STYLES[entry.status]}m{status}\x1b[0m"
        note = f" ({entry.note})" if entry.note else ""
        lines.append(f"{status} {entry.path}{note}\n")
    lines.append(Report(out_dir, statuses, fast_path=True).summary() + "\n")
    sys.stdout.write("".join(lines))
    sys.stdout.flush()
    return True


def main() -> None:
    """The console script: :func:`unchanged`, else the full CLI (for ``generate``, with the
    autogenerate subprocess started first: ``ssot_gen.prestart``)."""
    argv = sys.argv[1:]
    if unchanged(argv):
        return
    if argv[:1] == ["generate"] and "--help" not in argv:
        from ssot_gen import prestart

        prestart.start()
    from ssot_gen.cli import app

    app()
