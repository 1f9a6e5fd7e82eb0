"""The shapes of the names a schema gives (regular expressions, whole-string matches).

The validator (:mod:`ssot_gen.schema.checks`) and the published JSON Schema both use these,
so an editor and ``ssot-gen validate`` agree on what a valid name is.
"""

from __future__ import annotations

import re

PASCAL = r"^[A-Z][A-Za-z0-9]*$"
"""Models and enums: ``OrderLine``."""
SNAKE = r"^[a-z][a-z0-9_]*$"
"""Fields, relations, enum values, plurals, the project name: ``unit_price``."""
PROVIDER = r"^[a-z][a-z0-9_-]*$"
"""Provider keys: ``openai``, ``my-proxy``."""
ENV_VAR = r"^[A-Z_][A-Z0-9_]*$"
"""Environment variable names: ``OPENAI_API_KEY``."""
DECIMAL_TEXT = r"^[0-9]+(\.[0-9]+)?$"
"""A non-negative decimal written as a string: ``"0.10"``."""

STYLES = {PASCAL: "PascalCase", SNAKE: "snake_case", PROVIDER: "lowercase"}


def matches(pattern: str, name: object) -> bool:
    """Whether ``name`` is a string that matches ``pattern`` as a whole (never a prefix)."""
    return isinstance(name, str) and re.fullmatch(pattern, name) is not None
