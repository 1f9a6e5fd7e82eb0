"""The SSOT format published as JSON Schema (``ssot-gen schema``)."""

from __future__ import annotations

from typing import Any

from ssot_gen.schema.models import Schema

SCHEMA_ID = "https://ssot-gen.dev/schema/v1.json"


def schema_json() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a schema file, derived from the pydantic models."""
    document = Schema.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **document}
