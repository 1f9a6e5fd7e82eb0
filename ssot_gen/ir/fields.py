"""Field types of the IR: one small class per schema field type (``FIELD_TYPES``).

Each class knows its Python, SQLAlchemy and pydantic forms, its constraints and how to make a
valid sample value from them; a new field type is a new class here.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
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
    range_checks,
    text_sample,
)

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

    def sample(self, unique: bool = False) -> str:
        return f"samples.email({self.length})"

    @property
    def sample_json(self) -> Any:
        return "someone@example.com"


@dataclass(frozen=True)
class _Number(Field):
    js_type: ClassVar[str] = "number"
    input_kind: ClassVar[str] = "number"
    low: float | None = None
    high: float | None = None

    @property
    def minimum(self) -> float | None:  # type: ignore[override]
        return self.low

    @property
    def maximum(self) -> float | None:  # type: ignore[override]
        return self.high


@dataclass(frozen=True)
class IntField(_Number):
    type: ClassVar[str] = "int"
    py_type: ClassVar[str] = "int"

    @property
    def bounds(self) -> tuple[int, int]:
        """The accepted range: the schema's min/max within a 32-bit INTEGER column."""
        low = INT32_MIN if self.low is None else max(int(-(-self.low // 1)), INT32_MIN)
        high = INT32_MAX if self.high is None else min(int(self.high // 1), INT32_MAX)
        return low, high

    @property
    def sa_type(self) -> str:
        return "sa.Integer()"

    @property
    def server_default(self) -> str | None:
        return f"sa.text({py(str(int(self.default)))})" if self.has_default else None

    @property
    def constraint_kwargs(self) -> tuple[tuple[str, str], ...]:
        low, high = self.bounds
        return (("ge", str(low)), ("le", str(high)))

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        low, high = self.bounds
        return range_checks(
            self.name,
            str(low) if self.low is not None else None,
            str(high) if self.high is not None else None,
        )

    def sample(self, unique: bool = False) -> str:
        low, high = self.bounds
        if unique:
            return f"samples.integer({low}, {high})"
        return str(self._value(low, high))

    @staticmethod
    def _value(low: int, high: int) -> int:
        return min(max(1, low), high)

    @property
    def update_sample(self) -> str:
        low, high = self.bounds
        value = self._value(low, high)
        return str(value + 1 if value < high and not self.unique else value)

    @property
    def sample_json(self) -> Any:
        return self._value(*self.bounds)


@dataclass(frozen=True)
class FloatField(_Number):
    type: ClassVar[str] = "float"
    py_type: ClassVar[str] = "float"
    comparable: ClassVar[bool] = False

    @property
    def sa_type(self) -> str:
        return "sa.Float()"

    @property
    def server_default(self) -> str | None:
        return f"sa.text({py(repr(float(self.default)))})" if self.has_default else None

    def python_default(self, value: Any) -> str:
        return repr(float(value))

    @property
    def constraint_kwargs(self) -> tuple[tuple[str, str], ...]:
        kwargs = []
        if self.low is not None:
            kwargs.append(("ge", repr(float(self.low))))
        if self.high is not None:
            kwargs.append(("le", repr(float(self.high))))
        kwargs.append(("allow_inf_nan", "False"))
        return tuple(kwargs)

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        return range_checks(
            self.name,
            None if self.low is None else repr(float(self.low)),
            None if self.high is None else repr(float(self.high)),
        )

    def _value(self) -> float:
        low = self.low if self.low is not None else (self.high - 1 if self.high is not None else 0)
        high = self.high if self.high is not None else low + 1
        return (low + high) / 2

    def sample(self, unique: bool = False) -> str:
        return repr(self._value())

    @property
    def sample_json(self) -> Any:
        return self._value()


@dataclass(frozen=True)
class DecimalField(_Number):
    type: ClassVar[str] = "decimal"
    py_type: ClassVar[str] = "decimal.Decimal"
    input_kind: ClassVar[str] = "number"
    js_type: ClassVar[str] = "string"
    comparable: ClassVar[bool] = False
    precision: int = DECIMAL_PRECISION
    scale: int = DECIMAL_SCALE

    @property
    def output_type(self) -> str:
        return "FixedDecimal"

    @property
    def sa_type(self) -> str:
        return f"sa.Numeric({self.precision}, {self.scale})"

    def python_default(self, value: Any) -> str:
        return py(Decimal(str(value)))

    @property
    def server_default(self) -> str | None:
        return py(str(Decimal(str(self.default)))) if self.has_default else None

    @property
    def constraint_kwargs(self) -> tuple[tuple[str, str], ...]:
        kwargs = []
        if self.low is not None:
            kwargs.append(("ge", self.python_default(self.low)))
        if self.high is not None:
            kwargs.append(("le", self.python_default(self.high)))
        kwargs += [("max_digits", str(self.precision)), ("decimal_places", str(self.scale))]
        return tuple(kwargs)

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        return range_checks(
            self.name,
            None if self.low is None else str(Decimal(str(self.low))),
            None if self.high is None else str(Decimal(str(self.high))),
        )

    def _value(self) -> Decimal:
        """A value inside min/max that fits precision and scale."""
        step = Decimal(1).scaleb(-self.scale)
        largest = Decimal(10) ** (self.precision - self.scale) - step
        low = max(Decimal(str(self.low)) if self.low is not None else -largest, -largest)
        high = min(Decimal(str(self.high)) if self.high is not None else largest, largest)
        value = min(max(Decimal(1), low), high)
        if value == 1 and self.precision == self.scale:
            value = min(max(Decimal("0.5"), low), high)
        value = value.quantize(step, rounding=decimal.ROUND_CEILING)
        return value if value <= high else high.quantize(step, rounding=decimal.ROUND_FLOOR)

    def sample(self, unique: bool = False) -> str:
        return py(str(self._value()))

    @property
    def sample_json(self) -> Any:
        return str(self._value())


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
