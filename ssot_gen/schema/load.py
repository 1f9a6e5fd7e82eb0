"""Load a schema file: YAML -> plain data with marks -> pydantic models -> cross checks.

Every stage reports all it can: a node that fails the structure is reported and pruned (with
what depends on it), the rest is still validated and cross-checked, and every problem is
raised together as one :class:`SchemaError`.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ssot_gen.errors import Location, SchemaError, SchemaIssue
from ssot_gen.schema.checks import collect_issues
from ssot_gen.schema.models import Schema
from ssot_gen.schema.source import Marks, PathKey, did_you_mean, dotted, parse_yaml

__all__ = ["Marks", "PathKey", "did_you_mean", "dotted", "load_schema", "validate_data"]

MAX_ROUNDS = 8  # structural validation rounds, each pruning what the previous one refused


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of a union annotation (or the annotation itself)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return [arg for arg in get_args(annotation) if arg is not type(None)]
    return [annotation]


def _walk(annotation: Any, part: str | int) -> Any:
    """The annotation of ``part`` inside a value annotated ``annotation`` (None if unknown)."""
    for option in _unwrap(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            info = option.model_fields.get(str(part))
            if info is not None:
                return info.annotation
        elif get_origin(option) is dict:
            return get_args(option)[1]
        elif get_origin(option) is list and isinstance(part, int):
            return get_args(option)[0]
    return None


def _annotation_at(path: PathKey) -> Any:
    annotation: Any = Schema
    for part in path:
        annotation = _walk(annotation, part)
        if annotation is None:
            return None
    return annotation


def _known_keys(path: PathKey) -> list[str]:
    """Keys allowed in the mapping at ``path`` (for did-you-mean hints)."""
    keys: list[str] = []
    for option in _unwrap(_annotation_at(path)):
        if isinstance(option, type) and issubclass(option, BaseModel):
            keys.extend(option.model_fields)
        elif get_origin(option) is dict:
            for key_option in _unwrap(get_args(option)[0]):
                if get_origin(key_option) is typing.Literal:
                    keys.extend(str(arg) for arg in get_args(key_option))
    return keys


def _literal_values(annotation: Any) -> list[str]:
    values: list[str] = []
    for option in _unwrap(annotation):
        if get_origin(option) is typing.Literal:
            values.extend(str(arg) for arg in get_args(option))
    return values


@dataclass(frozen=True)
class _Resolved:
    """A pydantic error ``loc`` read against the data and the models."""

    path: PathKey  # the parts that name real data (union branch tags dropped)
    annotation: Any  # the annotation of the value in error (None if unknown)
    branch: PathKey | None  # where a union alternative the data's type does not fit was tried


def _branch(annotation: Any, tag: str) -> Any:
    """The union alternative pydantic names ``tag`` ("str", "dict[str,FieldSpec]"), or None."""
    options = _unwrap(annotation)
    if len(options) < 2:
        return None
    for option in options:
        name = getattr(get_origin(option) or option, "__name__", "")
        if name and (tag == name or tag.startswith(f"{name}[")):
            return option
    return None


def _fits(option: Any, value: Any) -> bool:
    """Whether ``value`` has the Python type the union alternative ``option`` takes."""
    if isinstance(option, type) and issubclass(option, BaseModel):
        return isinstance(value, dict)
    origin = get_origin(option) or option
    return not isinstance(origin, type) or isinstance(value, origin)


def _resolve(data: Any, loc: tuple[Any, ...]) -> _Resolved:
    """Follow a pydantic ``loc`` through the data and the annotations together."""
    path: list[str | int] = []
    current = data
    annotation: Any = Schema
    parent: Any = None
    branch: PathKey | None = None
    for part in loc:
        if part == "[key]":  # the error is about the mapping key named by the previous part
            keys = [get_args(o)[0] for o in _unwrap(parent) if get_origin(o) is dict]
            annotation = keys[0] if keys else None
            continue
        in_data = isinstance(current, dict) and part in current
        option = None if in_data or not isinstance(part, str) else _branch(annotation, part)
        if option is not None:
            if branch is None and not _fits(option, current):
                branch = tuple(path)
            annotation = option
            continue
        parent, annotation = annotation, _walk(annotation, part)
        if in_data:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and "[" not in part:
            # A key pydantic looked for but the data lacks: "missing" errors point at it.
            path.append(part)
            current = None
    return _Resolved(tuple(path), annotation, branch)


def _relevant(resolved: _Resolved, fitting: list[PathKey]) -> bool:
    """A union alternative the data cannot be (``payload: str`` for a mapping) only matters
    when no alternative that fits has errors of its own."""
    at = resolved.branch
    return at is None or not any(p[: len(at)] == at for p in fitting)


def _new(error: Any, resolved: _Resolved, marks: Marks) -> bool:
    """Whether an error is news: not under a node already reported, and not an emptiness
    that only dropping such a node caused (``providers`` empty once its entry was dropped)."""
    if marks.is_broken(resolved.path):
        return False
    if error["type"] in {"too_short", "missing"}:
        at = resolved.path
        return not any(b[: len(at)] == at for b in marks.broken)
    return True


def _scope(path: PathKey) -> PathKey:
    """What a problem at ``path`` makes unreliable: the entry of a named collection holding it
    (``models.X.fields.y`` for ``models.X.fields.y.nullable``), or the top-level key."""
    probe = path
    while len(probe) > 1:
        parent = _annotation_at(probe[:-1])
        options = _unwrap(parent)
        if any(get_origin(o) is dict for o in options) and isinstance(probe[-1], str):
            return probe
        if any(isinstance(o, type) and issubclass(o, BaseModel) for o in options):
            return probe[:-1] if len(probe) > 2 else probe
        probe = probe[:-1]
    return probe


def _removable(path: PathKey) -> PathKey | None:
    """The closest node at or above ``path`` that can be dropped from the data so the rest
    still validates: a collection entry or an optional key. None if only required nodes."""
    probe = path
    while probe:
        options = _unwrap(_annotation_at(probe[:-1]))
        if any(get_origin(o) is dict for o in options) and isinstance(probe[-1], str):
            return probe
        for option in options:
            if isinstance(option, type) and issubclass(option, BaseModel):
                info = option.model_fields.get(str(probe[-1]))
                if info is None or not info.is_required():
                    return probe
        probe = probe[:-1]
    return None


def _drop(data: Any, path: PathKey) -> bool:
    """Remove ``path`` from ``data``; True if something was removed."""
    parent = data
    for part in path[:-1]:
        if isinstance(parent, dict) and part in parent:
            parent = parent[part]
        elif isinstance(parent, list) and isinstance(part, int) and part < len(parent):
            parent = parent[part]
        else:
            return False
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    return False


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


EXPECTED = {
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "string_type": "a string",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "decimal_type": "a decimal number",
    "decimal_parsing": "a decimal number",
    "literal_error": "",
}


def _type_issue(kind: str, value: Any, path: PathKey, marks: Marks) -> tuple[str, str | None]:
    """The message and hint for a value of the wrong type."""
    expected = EXPECTED[kind]
    message = f"must be {expected}, not {_type_name(value)}"
    hint = None
    raw = marks.plain.get(path)
    if value is None and raw == "":
        message = f"needs a value ({expected})"
    elif raw is not None and kind == "string_type":
        hint = f"YAML reads {raw} as {_type_name(value).removeprefix('a ')}; quote it: '{raw}'"
    elif isinstance(value, str) and kind in {"int_type", "float_type"}:
        try:
            number = int(value, 0) if kind == "int_type" else float(value)
        except ValueError:
            pass
        else:
            plain = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value.strip())
            hint = f"write {value.strip()} without quotes" if plain else f"write {number}"
    elif (
        isinstance(value, str)
        and kind == "bool_type"
        and value.lower() in {"yes", "no", "on", "off", "true", "false"}
    ):
        hint = "write true or false without quotes"
    elif isinstance(value, float) and kind == "int_type":
        message = f"must be an integer, not {value!r}"
    return message, hint


def _issue_from_error(error: Any, resolved: _Resolved, marks: Marks) -> SchemaIssue:
    path = resolved.path
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    hint = None
    location = marks.at(path)
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        location = marks.at(path, key=True)
        message = f"unknown key '{name}'"
        hint = did_you_mean(name, _known_keys(path[:-1]))
    elif kind == "missing":
        location = marks.at(path[:-1])
        message = f"missing required key '{path[-1]}'" if path else "missing required key"
    elif kind == "literal_error":
        shown = f"'{value}'" if isinstance(value, str) else repr(value)
        message = f"{shown} is not one of: {ctx['expected']}"
        hint = did_you_mean(str(value), _literal_values(resolved.annotation))
        raw = marks.plain.get(path)
        if raw is not None and raw in _literal_values(resolved.annotation):
            hint = f"YAML reads {raw} as {_type_name(value).removeprefix('a ')}; quote it: '{raw}'"
        if path and str(path[-1]) == value:  # a mapping key with a closed set of names
            location = marks.at(path, key=True)
    elif kind in EXPECTED:
        message, hint = _type_issue(kind, value, path, marks)
    elif kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        word = "at least" if kind == "greater_than_equal" else "greater than"
        message = f"must be {word} {bound}, not {value}"
    elif kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        word = "at most" if kind == "less_than_equal" else "less than"
        message = f"must be {word} {bound}, not {value}"
    elif kind == "too_short":
        wanted = ctx.get("min_length", 1)
        message = "must not be empty" if wanted == 1 else f"needs at least {wanted} entries"
    elif kind == "finite_number":
        message = "must be a finite number, not NaN or infinity"
    elif kind == "string_pattern_mismatch":
        message = f"'{value}' does not match {ctx.get('pattern')}"
    else:
        message = error["msg"].removeprefix("Value error, ").replace("Input should be", "must be")
    return SchemaIssue(location, dotted(path), message, hint)


def validate_data(data: Any, marks: Marks) -> tuple[Schema | None, list[SchemaIssue]]:
    """Validate loaded data as a :class:`Schema`, pruning what fails; never raises.

    Returns the schema built from what remains (None when a required part is broken) and
    every structural problem. Nodes under ``marks.broken`` are skipped (already reported);
    pruned nodes are added to it (their scope: see ``_scope``).
    """
    if not isinstance(data, dict):
        return None, [SchemaIssue(marks.at(()), "", "the schema must be a YAML mapping")]
    for path in list(marks.broken):
        marks.broken.add(_scope(path))
    issues: list[SchemaIssue] = []
    for _ in range(MAX_ROUNDS):
        try:
            return Schema.model_validate(data), _dedupe(issues)
        except ValidationError as err:
            errors = [(error, _resolve(data, tuple(error["loc"]))) for error in err.errors()]
        fitting = [r.path for _, r in errors if r.branch is None]
        kept = [(e, r) for e, r in errors if _relevant(r, fitting)]
        issues += [_issue_from_error(e, r, marks) for e, r in kept if _new(e, r, marks)]
        pruned = False
        for _, resolved in kept:
            target = _removable(resolved.path)
            if target is None:
                continue
            marks.broken.add(target)
            marks.broken.add(_scope(target))
            pruned = _drop(data, target) or pruned
        if not pruned:
            break
    return None, _dedupe(issues)


def _dedupe(issues: list[SchemaIssue]) -> list[SchemaIssue]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for issue in issues:
        if (issue.path, issue.message) not in seen:
            seen.add((issue.path, issue.message))
            unique.append(issue)
    return unique


def read_text(path: Path) -> str:
    """The schema file's text. Raises SchemaError if unreadable or not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        location = Location(str(path), 1, 1)
        reason = err.strerror or str(err)
        raise SchemaError([SchemaIssue(location, "", f"cannot read the file: {reason}")]) from err
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        location = Location(str(path), line, column)
        message = f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x})"
        raise SchemaError([SchemaIssue(location, "", message)]) from err


def load_schema(path: Path) -> tuple[Schema, Marks]:
    """Read, validate and cross-check the schema at ``path``.

    Raises SchemaError with every problem found in every stage (YAML, structure, cross
    references, names the generated code binds), each with file:line:column and dotted path.
    """
    data, marks, issues = parse_yaml(read_text(path), str(path))
    mark_shorthands(data, marks)
    schema, structural = validate_data(data, marks)
    issues += structural
    if schema is not None:
        issues += collect_issues(schema, marks)
    if issues or schema is None:
        raise SchemaError(_dedupe(issues) or [SchemaIssue(marks.at(()), "", "invalid schema")])
    return schema, marks


def mark_shorthands(data: Any, marks: Marks) -> None:
    """Give the long-form paths of shorthand enums (``Role: [a, b]``) the shorthand's marks.

    Checks name the model's path (``enums.Role.values[1]``); the text has ``enums.Role[1]``.
    """
    enums = data.get("enums") if isinstance(data, dict) else None
    if not isinstance(enums, dict):
        return
    for name, spec in enums.items():
        if isinstance(spec, list) and ("enums", name) in marks.values:
            base = ("enums", name)
            marks.values[(*base, "values")] = marks.values[base]
            for index in range(len(spec)):
                if (*base, index) in marks.values:
                    marks.values[(*base, "values", index)] = marks.values[(*base, index)]
                if (*base, index) in marks.plain:
                    marks.plain[(*base, "values", index)] = marks.plain[(*base, index)]
