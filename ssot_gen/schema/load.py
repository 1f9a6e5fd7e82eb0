"""Load a schema file: YAML -> plain data with every node's line/column kept -> pydantic models.

Errors of every stage are collected and raised together as one :class:`SchemaError`.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from ssot_gen.errors import Location, SchemaError, SchemaIssue
from ssot_gen.schema.models import Schema

PathKey = tuple[str | int, ...]


@dataclass
class Marks:
    """Where each node of a loaded YAML document starts.

    ``values[path]`` is the value's location, ``keys[path]`` the location of the mapping key
    that names it. Paths are tuples of mapping keys and list indexes.
    """

    file: str
    values: dict[PathKey, Location] = field(default_factory=dict)
    keys: dict[PathKey, Location] = field(default_factory=dict)

    def at(self, path: PathKey, *, key: bool = False) -> Location:
        """The location of ``path`` (its key if ``key``), else of its closest known ancestor."""
        probe = tuple(path)
        while probe:
            found = (self.keys if key else self.values).get(probe) or self.values.get(probe)
            if found:
                return found
            probe = probe[:-1]
        return self.values.get((), Location(self.file, 1, 1))


def dotted(path: PathKey) -> str:
    """``("models", "Order", "fields", "state")`` -> ``"models.Order.fields.state"``."""
    return ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in path).replace(
        ".[", "["
    )


def did_you_mean(name: str, known: typing.Iterable[str]) -> str | None:
    """A hint naming the known name closest to ``name``, or None if none is close."""
    matches = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def _location(mark: yaml.Mark, file: str) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed YAML node tree into Python data, recording marks and duplicate keys."""

    def __init__(self, file: str) -> None:
        self.marks = Marks(file)
        self.issues: list[SchemaIssue] = []
        self._constructor = yaml.SafeLoader("")
        self._open: set[int] = set()  # nodes being built: an alias to one of them is a cycle

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.marks.values[path] = _location(node.start_mark, self.marks.file)
        if id(node) in self._open:
            self._issue(node, path, "invalid YAML: an alias refers to a node that contains it")
            return None
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self._open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self._open.discard(id(node))
        return self._scalar(node, path)

    def _collection(self, node: yaml.Node, path: PathKey) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | bool | float):
                self._issue(key_node, path, "mapping keys must be plain names")
                continue
            key = str(key) if not isinstance(key, str) else key
            child = (*path, key)
            if key in result:
                self._issue(key_node, child, f"duplicate key '{key}'")
                continue
            self.marks.keys[child] = _location(key_node.start_mark, self.marks.file)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        try:
            return self._constructor.construct_object(node)
        except yaml.MarkedYAMLError as err:  # an unknown or unsafe tag: !!python/name:...
            self._issue(node, path, f"invalid YAML: {err.problem}")
        except (ValueError, TypeError):  # a tag the value does not fit: !!int abc
            tag = node.tag.removeprefix("tag:yaml.org,2002:")
            self._issue(node, path, f"invalid YAML: {node.value!r} is not a valid {tag}")
        return None

    def _issue(self, node: yaml.Node, path: PathKey, message: str) -> None:
        location = _location(node.start_mark, self.marks.file)
        self.issues.append(SchemaIssue(location, dotted(path), message))


def parse_yaml(text: str, file: str) -> tuple[Any, Marks]:
    """Parse YAML ``text``; return its data and marks. Raises SchemaError on bad YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        location = _location(mark, file) if mark else Location(file, 1, 1)
        message = f"invalid YAML: {err.problem or err.context}"
        raise SchemaError([SchemaIssue(location, "", message)]) from err
    except yaml.YAMLError as err:
        raise SchemaError([SchemaIssue(Location(file, 1, 1), "", f"invalid YAML: {err}")]) from err
    if node is None:
        raise SchemaError([SchemaIssue(Location(file, 1, 1), "", "the schema file is empty")])
    builder = _Builder(file)
    data = builder.build(node, ())
    if builder.issues:
        raise SchemaError(builder.issues)
    return data, builder.marks


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


def _issue_from_error(error: Any, resolved: _Resolved, marks: Marks) -> SchemaIssue:
    path = resolved.path
    kind = error["type"]
    hint = None
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        location = marks.at(path, key=True)
        message = f"unknown key '{name}'"
        hint = did_you_mean(name, _known_keys(path[:-1]))
    elif kind == "missing":
        location = marks.at(path[:-1])
        message = f"missing required key '{path[-1]}'" if path else "missing required key"
    elif kind == "literal_error":
        location = marks.at(path)
        value = error.get("input")
        shown = f"'{value}'" if isinstance(value, str) else repr(value)
        message = f"{shown} is not one of: {error['ctx']['expected']}"
        hint = did_you_mean(str(value), _literal_values(resolved.annotation))
        if path and str(path[-1]) == value:  # a mapping key with a closed set of names
            location = marks.at(path, key=True)
    else:
        location = marks.at(path)
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
    return SchemaIssue(location, dotted(path), message, hint)


def validate_data(data: Any, marks: Marks) -> Schema:
    """Validate loaded data as a :class:`Schema`; raise SchemaError listing every problem."""
    if not isinstance(data, dict):
        raise SchemaError([SchemaIssue(marks.at(()), "", "the schema must be a YAML mapping")])
    try:
        return Schema.model_validate(data)
    except ValidationError as err:
        errors = [(error, _resolve(data, tuple(error["loc"]))) for error in err.errors()]
        fitting = [r.path for _, r in errors if r.branch is None]

        def relevant(resolved: _Resolved) -> bool:
            # A union alternative the data cannot be (``payload: str`` for a mapping) only
            # matters when no alternative that fits has errors of its own.
            at = resolved.branch
            return at is None or not any(p[: len(at)] == at for p in fitting)

        issues = [_issue_from_error(e, r, marks) for e, r in errors if relevant(r)]
        raise SchemaError(_dedupe(issues)) from err


def _dedupe(issues: list[SchemaIssue]) -> list[SchemaIssue]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for issue in issues:
        if (issue.path, issue.message) not in seen:
            seen.add((issue.path, issue.message))
            unique.append(issue)
    return unique


def load_schema(path: Path) -> tuple[Schema, Marks]:
    """Read and validate the schema at ``path`` (structure only; see checks.check_schema).

    Raises SchemaError with every problem found, each with file:line:column.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        location = Location(str(path), 1, 1)
        raise SchemaError([SchemaIssue(location, "", f"cannot read file: {err}")]) from err
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        location = Location(str(path), line, column)
        message = f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x})"
        raise SchemaError([SchemaIssue(location, "", message)]) from err
    data, marks = parse_yaml(text, str(path))
    _mark_shorthands(data, marks)
    return validate_data(data, marks), marks


def _mark_shorthands(data: Any, marks: Marks) -> None:
    """Give the long-form paths of shorthand enums (``Role: [a, b]``) the shorthand's marks.

    Checks name the model's path (``enums.Role.values[1]``); the text has ``enums.Role[1]``.
    """
    enums = data.get("enums") if isinstance(data, dict) else None
    if not isinstance(enums, dict):
        return
    for name, spec in enums.items():
        if isinstance(spec, list):
            base = ("enums", name)
            marks.values[(*base, "values")] = marks.values[base]
            for index in range(len(spec)):
                marks.values[(*base, "values", index)] = marks.values[(*base, index)]
