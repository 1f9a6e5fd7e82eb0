"""Checks of one field's options and default: each either enforced end to end or refused.

The generated project turns a field's options into a column, pydantic constraints and API
validation; an option a type ignores, bounds that cannot hold or a default the database
would round are refused here, with the field's dotted path.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from ssot_gen.ir.field import (
    DECIMAL_PRECISION,
    DECIMAL_SCALE,
    EMAIL_LENGTH,
    INT32_MAX,
    INT32_MIN,
    STRING_LENGTH,
)
from ssot_gen.schema.base import CheckerBase
from ssot_gen.schema.models import FieldSpec
from ssot_gen.schema.source import PathKey, did_you_mean

NUMERIC = {"int", "float", "decimal"}
UNIQUE_REFUSED = {
    "bool": "it would allow two rows at most",
    "enum": "it would allow one row per value; use a relation with unique: true instead",
    "float": "floating-point values are not compared exactly",
    "decimal": "store a string or an int key instead",
}
"""Types whose values make a poor unique key, with the reason given to the user."""
DECIMAL_DEFAULT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def digits(value: Decimal) -> tuple[int, int]:
    """``(digits before the point, digits after it)`` of a finite decimal: 12.345 -> (2, 3)."""
    if value == 0:
        return 0, 0
    _sign, numbers, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    after = max(0, -exponent)
    before = max(0, len(numbers) + exponent)
    return before, after


def as_decimal(value: float) -> Decimal:
    """A bound read from YAML as a decimal: 1000.0 -> 1000, 0.1 -> 0.1."""
    return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))


def json_problem(value: Any) -> str | None:
    """Why ``value`` cannot be stored in a JSON column (NaN, infinity), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a JSON number"
    if isinstance(value, dict):
        return next((p for v in value.values() if (p := json_problem(v))), None)
    if isinstance(value, list):
        return next((p for v in value if (p := json_problem(v))), None)
    return None


class ValueChecks(CheckerBase):
    """Field options (lengths, bounds, precision, enum, index) and defaults."""

    def field(self, path: PathKey, spec: FieldSpec) -> None:
        t = spec.type
        self.lengths(path, spec)
        for key in ("min", "max"):
            if getattr(spec, key) is not None and t not in NUMERIC:
                self.error((*path, key), f"{key} applies to int, float and decimal, not {t}")
        if t in NUMERIC:
            self.bounds(path, spec)
        for key in ("precision", "scale"):
            if getattr(spec, key) is not None and t != "decimal":
                self.error((*path, key), f"{key} applies to decimal, not {t}")
        if t == "decimal":
            precision, scale = self.precision(spec)
            if scale > precision:
                which = "scale" if spec.scale is not None else "precision"
                self.error(
                    (*path, which),
                    f"scale {scale} exceeds precision {precision}",
                    hint=None if spec.scale is not None else f"the default scale is {scale}",
                )
        if t == "enum":
            if spec.enum is None:
                self.error(path, "type enum needs enum: <name of an entry in enums>")
            else:
                self.reference((*path, "enum"), spec.enum, self.schema.enums, "enum", ("enums",))
        elif spec.enum is not None:
            self.error((*path, "enum"), f"enum applies to type enum, not {t}")
        if t == "json":
            for key in ("unique", "index"):
                if getattr(spec, key):
                    self.error(
                        (*path, key),
                        f"a json field cannot have {key}: true",
                        hint="PostgreSQL cannot index or compare json values",
                    )
        if t in UNIQUE_REFUSED and spec.unique:
            self.error(
                (*path, "unique"),
                f"a {t} field cannot be unique",
                hint=UNIQUE_REFUSED[t],
            )
        if spec.read_only and not spec.nullable and "default" not in spec.model_fields_set:
            self.error(path, "a read-only field needs a default or nullable: true")
        if "default" in spec.model_fields_set:
            self.default((*path, "default"), spec)

    @staticmethod
    def precision(spec: FieldSpec) -> tuple[int, int]:
        """The decimal's (precision, scale), defaults filled in."""
        precision = spec.precision if spec.precision is not None else DECIMAL_PRECISION
        return precision, spec.scale if spec.scale is not None else DECIMAL_SCALE

    def lengths(self, path: PathKey, spec: FieldSpec) -> None:
        t = spec.type
        if spec.max_length is not None and t != "string":
            if t == "email":
                hint = f"email addresses are capped at {EMAIL_LENGTH} characters"
            elif t == "text":
                hint = "text has no length limit; use type string for a bounded one"
            else:
                hint = None
            self.error((*path, "max_length"), f"max_length applies to string, not {t}", hint=hint)
        if spec.min_length is not None and t not in {"string", "text"}:
            self.error((*path, "min_length"), f"min_length applies to string and text, not {t}")
        elif spec.min_length is not None and t == "string":
            limit = spec.max_length or STRING_LENGTH
            if spec.min_length > limit:
                self.error(
                    (*path, "min_length"),
                    f"min_length {spec.min_length} exceeds max_length {limit}",
                    hint=None if spec.max_length else f"the default max_length is {limit}",
                )

    def bounds(self, path: PathKey, spec: FieldSpec) -> None:
        for key in ("min", "max"):
            value = getattr(spec, key)
            if value is None:
                continue
            if spec.type == "int":
                if value != int(value):
                    self.error((*path, key), f"{key} of an int field must be whole, not {value}")
                elif not INT32_MIN <= value <= INT32_MAX:
                    self.error(
                        (*path, key),
                        f"{key} {int(value)} is outside the 32-bit integer range "
                        f"{INT32_MIN}..{INT32_MAX}",
                    )
            elif spec.type == "decimal":
                self.fits_decimal((*path, key), as_decimal(value), spec, key)
        if spec.min is not None and spec.max is not None and spec.min > spec.max:
            self.error((*path, "min"), f"min {spec.min:g} exceeds max {spec.max:g}")

    def fits_decimal(self, path: PathKey, value: Decimal, spec: FieldSpec, what: str) -> bool:
        precision, scale = self.precision(spec)
        before, after = digits(value)
        if after > scale:
            self.error(path, f"{what} {value} has {after} digits after '.'; scale is {scale}")
            return False
        if before > precision - scale:
            self.error(
                path,
                f"{what} {value} has {before} digits before '.'; precision {precision} with "
                f"scale {scale} allows {precision - scale}",
            )
            return False
        return True

    def default(self, path: PathKey, spec: FieldSpec) -> None:
        value = spec.default
        if value is None:
            if not spec.nullable:
                self.error(path, "default null needs nullable: true")
            return
        t = spec.type
        if t in {"string", "text", "email"}:
            if not isinstance(value, str):
                self.wrong_default(path, value, t, "a string")
                return
            limit = {"string": spec.max_length or STRING_LENGTH, "email": EMAIL_LENGTH}.get(t)
            if limit is not None and len(value) > limit:
                self.error(path, f"default is {len(value)} characters long; max_length is {limit}")
            if spec.min_length is not None and len(value) < spec.min_length:
                self.error(
                    path,
                    f"default is {len(value)} characters long; min_length is {spec.min_length}",
                )
            return
        if t == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                self.wrong_default(path, value, t, "an integer")
                return
            if not INT32_MIN <= value <= INT32_MAX:
                self.error(path, f"default {value} is outside the 32-bit integer range")
                return
            self.in_bounds(path, Decimal(value), spec)
        elif t == "float":
            if not isinstance(value, int | float) or isinstance(value, bool):
                self.wrong_default(path, value, t, "a number")
                return
            if not math.isfinite(value):
                self.error(path, f"default {value} is not a finite number")
                return
            self.in_bounds(path, Decimal(str(value)), spec)
        elif t == "decimal":
            self.decimal_default(path, value, spec)
        elif t == "bool":
            if not isinstance(value, bool):
                self.wrong_default(path, value, t, "true or false")
        elif t == "json":
            problem = json_problem(value)
            if problem:
                self.error(path, f"default: {problem}")
        elif t == "enum":
            values = self.schema.enums[spec.enum].values if spec.enum in self.schema.enums else []
            if values and value not in values:
                shown = f"'{value}'" if isinstance(value, str) else repr(value)
                self.error(
                    path,
                    f"default {shown} is not a value of enum {spec.enum} "
                    f"(allowed: {', '.join(values)})",
                    hint=self.quote_hint(path, value) or did_you_mean(str(value), values),
                )
        else:
            self.error(path, f"a {t} field cannot have a default")

    def decimal_default(self, path: PathKey, value: Any, spec: FieldSpec) -> None:
        if isinstance(value, float):
            self.error(
                path,
                f"default {value!r} of a decimal field is a float, which would be rounded",
                hint=f"write it as a string, e.g. '{value!r}'",
            )
            return
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, str) and DECIMAL_DEFAULT.fullmatch(value))
        ):
            self.wrong_default(path, value, "decimal", "a decimal string such as '0.10'")
            return
        number = Decimal(str(value))
        if self.fits_decimal(path, number, spec, "default"):
            self.in_bounds(path, number, spec)

    def in_bounds(self, path: PathKey, number: Decimal, spec: FieldSpec) -> None:
        if spec.min is not None and number < Decimal(str(spec.min)):
            self.error(path, f"default {number} is below min {spec.min:g}")
        if spec.max is not None and number > Decimal(str(spec.max)):
            self.error(path, f"default {number} is above max {spec.max:g}")

    def wrong_default(self, path: PathKey, value: Any, t: str, expected: str) -> None:
        shown = f"'{value}'" if isinstance(value, str) else repr(value)
        if isinstance(value, bool):
            shown = "true" if value else "false"
        self.error(
            path,
            f"default {shown} is not valid for type {t}: it must be {expected}",
            hint=self.quote_hint(path, value),
        )

    def quote_hint(self, path: PathKey, value: Any) -> str | None:
        """ "quote it" when YAML read an unquoted word as a boolean, number or null."""
        raw = self.marks.plain.get(path)
        if raw is None or isinstance(value, str) or raw == "":
            return None
        return f"YAML reads {raw} as {type(value).__name__}; quote it: '{raw}'"
