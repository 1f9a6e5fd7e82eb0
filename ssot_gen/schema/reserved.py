"""Names a schema may not use because they collide with Python, SQL or JavaScript words."""

from __future__ import annotations

import keyword

PYTHON = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"self", "cls"}

# Reserved in both the SQL standard and PostgreSQL (so they cannot be a bare column or table).
SQL = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization between binary both case
    cast check collate column concurrently constraint create cross current_catalog current_date
    current_role current_schema current_time current_timestamp current_user default deferrable
    desc distinct do else end except false fetch for foreign freeze from full grant group having
    ilike in initially inner intersect into is isnull join lateral leading left like limit
    localtime localtimestamp natural not notnull null offset on only or order outer overlaps
    placing primary references returning right select session_user similar some symmetric table
    tablesample then to trailing true union unique user using variadic verbose when where window
    with
    """.split()
)

JAVASCRIPT = frozenset(
    """
    await break case catch class const continue debugger default delete do else enum export
    extends false finally for function if implements import in instanceof interface let new null
    package private protected public return static super switch this throw true try typeof var
    void while with yield arguments eval undefined NaN Infinity
    """.split()
)

# Attributes of the generated classes (SQLAlchemy declarative models, pydantic schemas).
FRAMEWORK = frozenset(
    {"metadata", "registry", "model_config", "model_fields", "query", "type_annotation_map"}
)


def collisions(name: str, *, sql: bool = True) -> list[str]:
    """The languages whose reserved words include ``name`` (e.g. ``["Python", "SQL"]``)."""
    found = []
    if name in PYTHON:
        found.append("Python")
    if sql and name.lower() in SQL:
        found.append("SQL")
    if name in JAVASCRIPT:
        found.append("JavaScript")
    if name in FRAMEWORK:
        found.append("SQLAlchemy/pydantic")
    return found
