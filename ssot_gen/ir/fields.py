"""Field types of the IR: one small class per schema field type (``FIELD_TYPES``).

Each class knows its Python, SQLAlchemy and pydantic forms, its constraints and how to make a
valid sample value from them; a new field type is a new class here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ssot_gen.escape import py
from ssot_gen.ir.field import (
    DECIMAL_PRECISION,
    DECIMAL_SCALE,
    EMAIL_LENGTH,
    ENUM_MIN_LENGTH,
    INT32_MAX,
    INT32_MIN,
    STRING_LENGTH,
    Enum,
    EnumValue,
    Field,
    length_checks,
    text_sample,
)
from ssot_gen.ir.numbers import DecimalField, FloatField, IntField

__all__ = [
    "DECIMAL_PRECISION",
    "DECIMAL_SCALE",
    "EMAIL_LENGTH",
    "ENUM_MIN_LENGTH",
    "FIELD_TYPES",
    "INT32_MAX",
    "INT32_MIN",
    "STRING_LENGTH",
    "Enum",
    "EnumValue",
    "Field",
]


@dataclass(frozen=True)
class StringField(Field):
    type: ClassVar[str] = "string"
    length: int = STRING_LENGTH
    min_len: int | None = None

    @property
    def max_length(self) -> int:  # type: ignore[override]
        return self.length

    @property
    def min_length(self) -> int | None:  # type: ignore[override]
        return self.min_len

    @property
    def sa_type(self) -> str:
        return f"sa.String({self.length})"

    @property
    def server_default(self) -> str | None:
        return py(self.default) if self.has_default else None

    @property
    def constraint_kwargs(self) -> tuple[tuple[str, str], ...]:
        kwargs = [("max_length", str(self.length))]
        if self.min_len is not None:
            kwargs.insert(0, ("min_length", str(self.min_len)))
        return tuple(kwargs)

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        return length_checks(self.name, self.min_len, self.length)

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        values = [f'"x" * {self.length + 1}']
        if self.min_len:
            values.append(f'"x" * {self.min_len - 1}')
        return tuple(values)

    def sample(self, unique: bool = False) -> str:
        return text_sample(self.name, self.min_len or 1, self.length, unique)

    @property
    def sample_json(self) -> Any:
        text = f"{self.name} sample"[: self.length]
        return text.ljust(self.min_len or 0, "x")


@dataclass(frozen=True)
class TextField(Field):
    type: ClassVar[str] = "text"
    input_kind: ClassVar[str] = "textarea"
    min_len: int | None = None

    @property
    def min_length(self) -> int | None:  # type: ignore[override]
        return self.min_len

    @property
    def sa_type(self) -> str:
        return "sa.Text()"

    @property
    def server_default(self) -> str | None:
        return py(self.default) if self.has_default else None

    @property
    def constraint_kwargs(self) -> tuple[tuple[str, str], ...]:
        return (("min_length", str(self.min_len)),) if self.min_len is not None else ()

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        return length_checks(self.name, self.min_len, None)

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        return (f'"x" * {self.min_len - 1}',) if self.min_len else ()

    def sample(self, unique: bool = False) -> str:
        return text_sample(self.name, self.min_len or 1, None, unique)

    @property
    def sample_json(self) -> Any:
        return f"{self.name} text".ljust(self.min_len or 0, "x")


@dataclass(frozen=True)
class EmailField(Field):
    type: ClassVar[str] = "email"
    input_kind: ClassVar[str] = "email"
    length: int = EMAIL_LENGTH

    @property
    def max_length(self) -> int:  # type: ignore[override]
        return self.length

    @property
    def pydantic_type(self) -> str:
        return "pydantic.EmailStr"

    @property
    def sa_type(self) -> str:
        return f"sa.String({self.length})"

    @property
    def server_default(self) -> str | None:
        return py(self.default) if self.has_default else None

    @property
    def constraint_kwargs(self) -> tuple[tuple[str, str], ...]:
        return (("max_length", str(self.length)),) if self.length != EMAIL_LENGTH else ()

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        return length_checks(self.name, None, self.length)

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        return ('"not-an-email"', f'"a" * {self.length} + "@example.com"')

    def sample(self, unique: bool = False) -> str:
        return f"samples.email({self.length})"

    @property
    def sample_json(self) -> Any:
        return "someone@example.com"


@dataclass(frozen=True)
class BoolField(Field):
    type: ClassVar[str] = "bool"
    py_type: ClassVar[str] = "bool"
    js_type: ClassVar[str] = "boolean"
    input_kind: ClassVar[str] = "checkbox"

    @property
    def sa_type(self) -> str:
        return "sa.Boolean()"

    @property
    def server_default(self) -> str | None:
        if not self.has_default:
            return None
        return f"sa.text({py('true' if self.default else 'false')})"

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        return ('"maybe"',)

    def sample(self, unique: bool = False) -> str:
        return "True"

    @property
    def update_sample(self) -> str:
        return "False"

    @property
    def sample_json(self) -> Any:
        return True


@dataclass(frozen=True)
class DateTimeField(Field):
    type: ClassVar[str] = "datetime"
    py_type: ClassVar[str] = "dt.datetime"
    input_kind: ClassVar[str] = "datetime-local"
    comparable: ClassVar[bool] = False

    @property
    def pydantic_type(self) -> str:
        return "UTCDateTime"

    @property
    def output_type(self) -> str:
        return "UTCDateTime"

    @property
    def sa_type(self) -> str:
        return "sa.DateTime(timezone=True)"

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        return ('"2026-13-45T25:00:00"', '"yesterday"')

    def sample(self, unique: bool = False) -> str:
        return "samples.now_iso()"

    @property
    def sample_json(self) -> Any:
        return "2026-01-01T00:00:00Z"


@dataclass(frozen=True)
class UuidField(Field):
    type: ClassVar[str] = "uuid"
    py_type: ClassVar[str] = "UUID"
    comparable: ClassVar[bool] = False

    @property
    def sa_type(self) -> str:
        return "sa.Uuid()"

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        return ('"not-a-uuid"',)

    def sample(self, unique: bool = False) -> str:
        return "samples.new_id()"

    @property
    def sample_json(self) -> Any:
        return "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class JsonField(Field):
    type: ClassVar[str] = "json"
    py_type: ClassVar[str] = "t.Any"
    js_type: ClassVar[str] = "object"
    input_kind: ClassVar[str] = "textarea"
    comparable: ClassVar[bool] = False

    @property
    def sa_type(self) -> str:
        return "sa.JSON()"

    @property
    def default_expr(self) -> str | None:
        return None if not self.has_default else py(self.default)

    @property
    def orm_default(self) -> str:
        """A callable, so rows never share one mutable default."""
        return f"lambda: {py(self.default)}"

    @property
    def create_kwargs(self) -> tuple[tuple[str, str], ...]:
        if self.has_default:
            return (("default_factory", f"lambda: {py(self.default)}"),)
        return (("default", "None"),) if self.nullable else ()

    def sample(self, unique: bool = False) -> str:
        return '{"key": "value"}'

    @property
    def sample_json(self) -> Any:
        return {"key": "value"}


@dataclass(frozen=True)
class EnumField(Field):
    type: ClassVar[str] = "enum"
    input_kind: ClassVar[str] = "select"
    enum: Enum | None = None

    @property
    def _enum(self) -> Enum:
        assert self.enum is not None, "an enum field always has its enum"
        return self.enum

    @property
    def py_type(self) -> str:  # type: ignore[override]
        return self._enum.name

    @property
    def enum_name(self) -> str:  # type: ignore[override]
        return self._enum.name

    @property
    def enum_values(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(v.value for v in self._enum.values)

    @property
    def sa_type(self) -> str:
        return (
            f"sa.Enum({self._enum.name}, native_enum=False, length={self._enum.length}, "
            "values_callable=lambda cls: [member.value for member in cls])"
        )

    def python_default(self, value: Any) -> str:
        return self._enum.member(str(value))

    @property
    def server_default(self) -> str | None:
        return py(str(self.default)) if self.has_default else None

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        return (py("not-" + "-".join(self.enum_values)),)

    def sample(self, unique: bool = False) -> str:
        return py(self.enum_values[-1])

    @property
    def update_sample(self) -> str:
        return py(self.enum_values[0])

    @property
    def sample_json(self) -> Any:
        return self.enum_values[-1]


FIELD_TYPES: dict[str, type[Field]] = {
    cls.type: cls
    for cls in (
        StringField,
        TextField,
        EmailField,
        IntField,
        FloatField,
        DecimalField,
        BoolField,
        DateTimeField,
        UuidField,
        JsonField,
        EnumField,
    )
}
