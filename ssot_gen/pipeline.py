"""The pipeline: load -> validate -> IR -> render -> format -> migrate -> write."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ssot_gen import ir, migrate
from ssot_gen.errors import OutputError
from ssot_gen.render import plan
from ssot_gen.schema.checks import check_schema
from ssot_gen.schema.load import load_schema
from ssot_gen.write import Report, apply, classify, format_tree, read_tree, write_tree


def load_project(schema_path: Path) -> ir.Project:
    """Load, validate and check a schema file; return its IR. Raises SchemaError."""
    schema, marks = load_schema(schema_path)
    check_schema(schema, marks)
    return ir.build(schema)


def stage_project(project: ir.Project, stage: Path, out_dir: Path) -> dict[str, str]:
    """Render, format and migrate ``project`` into the empty directory ``stage``.

    Existing revisions in ``out_dir`` are kept; the initial revision is added when there is
    none. Returns the staged tree as {relative path: text}.
    """
    write_tree(stage, {f.path: f.text for f in plan(project)})
    for revision in migrate.existing_revisions(out_dir):
        target = stage / migrate.VERSIONS / revision.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(revision, target)
    if not migrate.existing_revisions(stage):
        initial = migrate.initial_revision(stage)
        if initial is not None:
            write_tree(stage, {initial.path: initial.text})
    format_tree(stage)
    return read_tree(stage)


def generate(schema_path: Path, out_dir: Path, *, allow_destructive: bool = False) -> Report:
    """Generate the project of ``schema_path`` into ``out_dir``; return a status per file.

    Nothing in ``out_dir`` changes unless every stage succeeds. Raises SchemaError,
    GenerationError or OutputError.
    """
    del allow_destructive  # destructive migrations come with schema-diff revisions
    project = load_project(schema_path)
    out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "exists and is not a directory")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ssot-", dir=out_dir.parent) as tmp:
        stage = Path(tmp) / "project"
        stage.mkdir()
        staged = stage_project(project, stage, out_dir)
        report = Report(out_dir, classify(staged, out_dir))
        apply(stage, out_dir, report.files)
    return report
