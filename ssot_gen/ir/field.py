"""The base of the IR's field classes, the schema enums and the default sizes.

A field holds structured values (its constraints and default as values, never code); the
properties turn them into what each generated module prints. Annotations and expressions use
the names the generated modules import: ``sa`` (sqlalchemy), ``dt`` (datetime), ``decimal``,
``t`` (typing), ``UUID``, ``pydantic`` and the enum classes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

from ssot_gen.escape import py

STRING_LENGTH = 255  # a string field without max_length
EMAIL_LENGTH = 320  # RFC 5321: 64 + 1 + 255
DECIMAL_PRECISION, DECIMAL_SCALE = 18, 6  # a decimal field without precision/scale
ENUM_MIN_LENGTH = 32  # VARCHAR length of an enum column: room for values added later
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1  # an INTEGER column


@dataclass(frozen=True)
class EnumValue:
    """One enum member: ``member`` is the Python name (``USER``), ``value`` what is stored."""

    member: str
    value: str


@dataclass(frozen=True)
class Enum:
    """A schema enum, emitted as a ``StrEnum`` and stored as a VARCHAR of ``length``."""

    name: str
    values: tuple[EnumValue, ...]
    description: str | None
    length: int

    def member(self, value: str) -> str:
        """``Role.USER`` for value ``user``."""
        return f"{self.name}.{value.upper()}"


@dataclass(frozen=True)
class Field:
    """A column of a model. Subclasses set ``type`` and the per-type forms.

    ``default`` is the schema's default as a value (``None``: no default); constraints are
    numbers. Every ``*_kwargs`` property is a tuple of ``(keyword, Python expression)``.
    """

    type: ClassVar[str] = ""
    py_type: ClassVar[str] = "str"  # annotation without "| None"
    js_type: ClassVar[str] = "string"  # "string" | "number" | "boolean" | "object"
    input_kind: ClassVar[str] = "text"  # HTML input type
    comparable: ClassVar[bool] = True  # its JSON value comes back exactly as sent

    name: str
    description: str | None = None
    nullable: bool = False
    unique: bool = False
    index: bool = False
    read_only: bool = False
    default: Any = None
    renamed_from: str | None = None

    # --- schema facts ---------------------------------------------------------------------

    @property
    def has_default(self) -> bool:
        return self.default is not None

    @property
    def default_value(self) -> Any:
        """The schema's default as written (None: no default)."""
        return self.default

    @property
    def label(self) -> str:
        """A human label: ``max_tokens`` -> ``Max tokens``."""
        return self.name.replace("_", " ").capitalize()

    @property
    def required_on_create(self) -> bool:
        """Must be sent on create: no default, not nullable, not server-managed."""
        return not self.has_default and not self.nullable and not self.read_only

    @property
    def in_sample_payload(self) -> bool:
        """Sent by the generated tests' create bodies: required, or unique (a default or a
        null would repeat across rows and conflict)."""
        return self.required_on_create or (self.unique and not self.read_only)

    @property
    def writable(self) -> bool:
        return not self.read_only

    # constraints shown to the UI (config.js); None where they do not apply
    minimum: ClassVar[float | None] = None
    maximum: ClassVar[float | None] = None
    max_length: ClassVar[int | None] = None
    min_length: ClassVar[int | None] = None
    enum_values: ClassVar[tuple[str, ...]] = ()
    enum_name: ClassVar[str | None] = None

    # --- Python / SQLAlchemy / pydantic ---------------------------------------------------

    @property
    def ts_type(self) -> str:
        """The TypeScript type of the field's JSON value as the API returns it
        (``app/static/types.d.ts``): an enum is the union of its values as string literals,
        a JSON field ``JsonValue``, a nullable one ``... | null``."""
        if self.enum_values:
            base = " | ".join(json.dumps(value) for value in self.enum_values)
        else:
            base = "JsonValue" if self.js_type == "object" else self.js_type
        return f"{base} | null" if self.nullable else base

    @property
    def annotation(self) -> str:
        """The ORM annotation inside ``orm.Mapped[...]``."""
        return f"{self.py_type} | None" if self.nullable else self.py_type

    @property
    def pydantic_type(self) -> str:
        return self.py_type

    @property
    def output_type(self) -> str:
        return self.py_type

    @property
    def input_annotation(self) -> str:
        return f"{self.pydantic_type} | None" if self.nullable else self.pydantic_type

    @property
    def output_annotation(self) -> str:
        return f"{self.output_type} | None" if self.nullable else self.output_type

    @property
    def sa_type(self) -> str:
        raise NotImplementedError

    def python_default(self, value: Any) -> str:
        """The Python expression of a value of this field."""
        return py(value)

    @property
    def default_expr(self) -> str | None:
        return None if not self.has_default else self.python_default(self.default)

    @property
    def server_default(self) -> str | None:
        """The column's ``server_default`` expression (so rows inserted in SQL get it too)."""
        return None

    @property
    def column_kwargs(self) -> tuple[tuple[str, str], ...]:
        """``mapped_column`` keywords after the type."""
        kwargs: list[tuple[str, str]] = []
        if self.unique:
            kwargs.append(("unique", "True"))
        if self.index:
            kwargs.append(("index", "True"))
        if self.has_default:
            kwargs.append(("default", self.orm_default))
        if self.server_default is not None:
            kwargs.append(("server_default", self.server_default))
        return tuple(kwargs)

    @property
    def orm_default(self) -> str:
        return self.default_expr or "None"

    @property
    def constraint_kwargs(self) -> tuple[tuple[str, str], ...]:
        """``pydantic.Field`` keywords enforcing the field's constraints."""
        return ()

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        """Python expressions of JSON values the API must refuse with 422 (for generated tests)."""
        return ()

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        """Database CHECK constraints enforcing the same: ``(name, SQL condition)``.

        NULL passes a CHECK, so nullable columns stay nullable.
        """
        return ()

    @property
    def create_kwargs(self) -> tuple[tuple[str, str], ...]:
        """``pydantic.Field`` keywords in the create schema (default first)."""
        if self.has_default:
            return (("default", self.default_expr or "None"), *self.constraint_kwargs)
        if self.nullable:
            return (("default", "None"), *self.constraint_kwargs)
        return self.constraint_kwargs

    @property
    def update_kwargs(self) -> tuple[tuple[str, str], ...]:
        return (("default", "None"), *self.constraint_kwargs)

    # --- samples for generated tests and docs ---------------------------------------------

    def sample(self, unique: bool = False) -> str:
        """A Python expression (in the generated tests) of a valid JSON value."""
        raise NotImplementedError

    @property
    def sample_expr(self) -> str:
        return self.sample(self.unique)

    @property
    def update_sample(self) -> str:
        """A valid value, different from ``sample_expr`` where it can be."""
        return self.sample_expr

    @property
    def sample_json(self) -> Any:
        """A JSON-able valid value (for docs and the UI)."""
        raise NotImplementedError


def length_checks(name: str, low: int | None, high: int | None) -> tuple[tuple[str, str], ...]:
    """CHECKs on the character length (SQLite does not enforce VARCHAR lengths)."""
    checks = []
    if low:
        checks.append((f"{name}_min_length", f"length({name}) >= {low}"))
    if high is not None:
        checks.append((f"{name}_max_length", f"length({name}) <= {high}"))
    return tuple(checks)


def range_checks(name: str, low: str | None, high: str | None) -> tuple[tuple[str, str], ...]:
    """CHECKs on a numeric range, given as SQL literals."""
    checks = []
    if low is not None:
        checks.append((f"{name}_min", f"{name} >= {low}"))
    if high is not None:
        checks.append((f"{name}_max", f"{name} <= {high}"))
    return tuple(checks)


def text_sample(name: str, low: int, high: int | None, unique: bool) -> str:
    """A conftest helper call producing text of ``low``..``high`` characters."""
    return f"samples.text({py(name)}, {low}, {high}, unique={unique})"
