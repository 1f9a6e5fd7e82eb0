"""The pipeline: load -> validate -> IR -> render -> format -> write."""

from __future__ import annotations

from pathlib import Path

from ssot_gen import ir
from ssot_gen.schema.checks import check_schema
from ssot_gen.schema.load import load_schema


def load_project(schema_path: Path) -> ir.Project:
    """Load, validate and check a schema file; return its IR. Raises SchemaError."""
    schema, marks = load_schema(schema_path)
    check_schema(schema, marks)
    return ir.build(schema)
