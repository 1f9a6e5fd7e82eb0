"""Numeric field types of the IR: int, float and decimal, with their ranges and samples."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from ssot_gen.escape import py
from ssot_gen.ir.field import (
    DECIMAL_PRECISION,
    DECIMAL_SCALE,
    INT32_MAX,
    INT32_MIN,
    Field,
    range_checks,
)


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

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        low, high = self.bounds
        return (str(low - 1), str(high + 1), "1.5")

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

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        values = []
        if self.low is not None:
            values.append(repr(float(self.low) - 1))
        if self.high is not None:
            values.append(repr(float(self.high) + 1))
        return tuple(values)

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

    @property
    def invalid_samples(self) -> tuple[str, ...]:
        step = Decimal(1).scaleb(-self.scale - 1)  # one digit too many after the point
        values = [py(str(self._value() + step))]
        if self.low is not None:
            values.append(py(str(Decimal(str(self.low)) - 1)))
        if self.high is not None:
            values.append(py(str(Decimal(str(self.high)) + 1)))
        return tuple(values)

    def sample(self, unique: bool = False) -> str:
        return py(str(self._value()))

    @property
    def sample_json(self) -> Any:
        return str(self._value())
