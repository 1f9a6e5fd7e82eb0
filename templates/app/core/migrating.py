"""TEMPORARY stub (lead): replaced by the envpy helper's module."""

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa


def options(
    metadata: sa.MetaData, dialect: str, owned_tables: Iterable[str] | None = None
) -> dict[str, Any]:
    owned = set(metadata.tables if owned_tables is None else owned_tables)

    def include_object(obj: Any, name: Any, type_: str, reflected: bool, other: Any) -> bool:
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
        return table in owned or not reflected

    return {
        "target_metadata": metadata,
        "compare_type": True,
        "compare_server_default": _compare_server_default,
        "include_object": include_object,
        "render_as_batch": dialect == "sqlite",
        "autogenerate_plugins": ["alembic.autogenerate.*", "alembic.ext.checkconstraint_byname"],
    }


def _normal(text: str | None) -> str | None:
    import re

    if text is None:
        return None
    text = re.sub(r"^\((.*)\)$", r"\1", text.strip())
    return re.sub(r"^'(.*)'$", r"\1", text)


def _compare_server_default(
    context: Any,
    inspected_column: Any,
    metadata_column: Any,
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    if context.dialect.name != "sqlite":
        return None
    return _normal(inspected_default) != _normal(rendered_metadata_default)
