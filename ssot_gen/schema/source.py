"""The YAML front end: text -> plain data with every node's line/column, never a traceback.

The document is read with PyYAML's C loader where it is installed (the pure-Python one
otherwise); both keep line and column. A hostile or broken file is a located
:class:`~ssot_gen.errors.SchemaIssue`, never an exception of another kind and never a hang:
the file size, the nesting depth and the number of nodes after alias expansion are bounded,
only the YAML core tags are accepted and control characters are refused.
"""

from __future__ import annotations

import bisect
import difflib
import re
import typing
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ssot_gen.errors import Location, SchemaError, SchemaIssue

PathKey = tuple[str | int, ...]

MAX_BYTES = 1024 * 1024
"""Largest schema file accepted (the examples are about 7 KB)."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (the format itself needs 6)."""
MAX_NODES = 100_000
"""Most nodes a document may have once its aliases are expanded (a "billion laughs" bound)."""

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CORE = "tag:yaml.org,2002:"
SCALAR_TAGS = {f"{CORE}{name}" for name in ("str", "int", "float", "bool", "null")}
# YAML 1.1 numbers that YAML 1.2 and people read differently: 017 (octal), 1:30 (base 60).
SURPRISING_NUMBER = re.compile(r"[-+]?0[0-7_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


@dataclass
class Marks:
    """Where each node of a loaded YAML document starts, and what was wrong with it.

    ``values[path]`` is the value's location, ``keys[path]`` the location of the mapping key
    that names it. ``plain[path]`` is the source text of an unquoted scalar that YAML read as
    something other than a string (``yes`` -> True), for "quote it" hints. ``broken`` holds the
    paths already reported, whose values were dropped. Paths are tuples of keys and indexes.
    """

    file: str
    values: dict[PathKey, Location] = field(default_factory=dict)
    keys: dict[PathKey, Location] = field(default_factory=dict)
    plain: dict[PathKey, str] = field(default_factory=dict)
    broken: set[PathKey] = field(default_factory=set)

    def at(self, path: PathKey, *, key: bool = False) -> Location:
        """The location of ``path`` (its key if ``key``), else of its closest known ancestor."""
        probe = tuple(path)
        while probe:
            found = (self.keys if key else self.values).get(probe) or self.values.get(probe)
            if found:
                return found
            probe = probe[:-1]
        return self.values.get((), Location(self.file, 1, 1))

    def is_broken(self, path: PathKey) -> bool:
        """Whether ``path`` or one of its ancestors was already reported and dropped."""
        return any(path[: len(b)] == b for b in self.broken)


def dotted(path: PathKey) -> str:
    """``("models", "Order", "fields", "state")`` -> ``"models.Order.fields.state"``.

    A key with spaces or invisible characters is shown quoted: ``fields.'notes\\n'``.
    """

    def part_text(part: str | int) -> str:
        if isinstance(part, int):
            return f"[{part}]"
        if part and part.isprintable() and " " not in part:
            return part
        return repr(part)

    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part_text(part)
    return text


def did_you_mean(name: str, known: typing.Iterable[str]) -> str | None:
    """A hint naming the known name closest to ``name``, or None if none is close."""
    matches = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


class _Lines:
    """Turns a YAML mark into the location an editor shows. YAML also breaks lines at NEL,
    U+2028 and U+2029 (so its marks' ``line`` and ``column`` count those too); editors and
    the source lines printed under an error break only at ``\\n``. The mark's ``index``
    (characters from the start) is what both agree on."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.newlines = [match.start() for match in re.finditer("\n", text)]

    def location(self, mark: Any) -> Location:
        """``file:line:column`` of ``mark``, 1-based, lines counted at ``\\n`` only."""
        line = bisect.bisect_left(self.newlines, mark.index)
        start = self.newlines[line - 1] + 1 if line else 0
        return Location(self.file, line + 1, mark.index - start + 1)


def _offset_location(text: str, offset: int, file: str) -> Location:
    before = text[: max(0, min(offset, len(text)))]
    return Location(file, before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


def control_character(text: str) -> str | None:
    """The first character of ``text`` that has no place in a schema (``"U+0001"``), or None.

    Control characters other than tab and newlines, and lone surrogates, are refused.
    """
    for char in text:
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) in {"Cc", "Cs"}:
            return f"U+{ord(char):04X}"
    return None


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        self.node = node
        self.message = message


class _Builder:
    """Turns a composed YAML node tree into Python data, recording marks and problems."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.marks = Marks(lines.file)
        self.issues: list[SchemaIssue] = []
        self._constructor = yaml.SafeLoader("")
        self._open: set[int] = set()  # nodes being built: an alias to one of them is a cycle
        self._count = 0

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            message = f"the document expands to more than {MAX_NODES} nodes (through its aliases)"
            raise _TooBig(node, message)
        if len(path) > MAX_DEPTH:  # deeper through aliases than the text itself may be
            raise _TooBig(node, f"the document is nested more than {MAX_DEPTH} levels deep")
        self.marks.values[path] = self.lines.location(node.start_mark)
        if id(node) in self._open:
            return self._issue(
                node, path, "invalid YAML: an alias refers to a node that contains it"
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            expected = "map" if isinstance(node, yaml.MappingNode) else "seq"
            if node.tag != f"{CORE}{expected}":
                return self._issue(node, path, f"unsupported YAML tag {_tag(node.tag)}")
            self._open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self._open.discard(id(node))
        return self._value(node, path)

    def _collection(self, node: yaml.Node, path: PathKey) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{CORE}merge":
                merges.append((key_node, value_node))
                continue
            key = self._key(key_node, path)
            if key is None:
                continue
            child = (*path, key)
            if key in result or child in self.marks.keys:
                self._issue(key_node, child, f"duplicate key '{key}'")
                continue
            self.marks.keys[child] = self.lines.location(key_node.start_mark)
            result[key] = self.build(value_node, child)
        for key_node, value_node in merges:
            self._merge(key_node, value_node, path, result)
        return {k: v for k, v in result.items() if (*path, k) not in self.marks.broken}

    def _merge(self, key_node: Any, value_node: Any, path: PathKey, result: dict[str, Any]) -> None:
        """``<<: *base`` or ``<<: [*a, *b]``: each key the mapping does not set itself, from
        the first source that has it, keeps the marks of where that source wrote it."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._issue(key_node, path, "<< merges a mapping or a list of mappings")
                continue
            main = self.marks
            self.marks = Marks(main.file)
            try:
                built = self.build(source, path)
            finally:
                merged, self.marks = self.marks, main
            if not isinstance(built, dict):
                continue
            fresh = {key for key in built if key not in result}
            for key in fresh:
                result[key] = built[key]
            for table in ("values", "keys", "plain"):
                mine, theirs = getattr(self.marks, table), getattr(merged, table)
                for at, mark in theirs.items():
                    if len(at) > len(path) and at[len(path)] in fresh:
                        mine[at] = mark
            self.marks.broken |= {b for b in merged.broken if len(b) > len(path)}

    def _key(self, node: Any, path: PathKey) -> str | None:
        """A mapping key as written: ``on:`` is the name "on", not the boolean True."""
        if not isinstance(node, yaml.ScalarNode) or (
            node.tag not in SCALAR_TAGS and node.tag != "tag:yaml.org,2002:timestamp"
        ):
            self._issue(node, path, "mapping keys must be plain names")
            return None
        if not node.style and node.tag != f"{CORE}str":
            key = str(node.value)
        else:
            key = self._scalar(node, path)
            if not isinstance(key, str):
                self._issue(node, path, "mapping keys must be plain names")
                return None
        bad = control_character(key)
        if bad:
            self._issue(node, path, f"control character {bad} in a key")
            return None
        return key

    def _value(self, node: Any, path: PathKey) -> Any:
        if node.tag == f"{CORE}timestamp" and not node.style and _implicit(node):
            return str(node.value)  # an unquoted date stays the text it is
        if node.tag not in SCALAR_TAGS:
            hint = "write the value as a quoted string" if node.tag.startswith(CORE) else None
            return self._issue(node, path, f"unsupported YAML tag {_tag(node.tag)}", hint=hint)
        value = self._scalar(node, path)
        if path in self.marks.broken:
            return None
        if isinstance(value, str):
            bad = control_character(value)
            if bad:
                return self._issue(node, path, f"control character {bad} in a string")
            return value
        if (not node.style and value is not None) or node.tag == f"{CORE}null":
            self.marks.plain[path] = str(node.value)
        if isinstance(value, int | float) and not isinstance(value, bool) and not node.style:
            if SURPRISING_NUMBER.fullmatch(str(node.value)) and _implicit(node):
                return self._issue(
                    node,
                    path,
                    f"YAML 1.1 reads {node.value} as the number {value}",
                    hint=f"write {value}, or quote '{node.value}' for text",
                )
        return value

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        try:
            return self._constructor.construct_object(node)
        except Exception:  # every tag's constructor fails its own way: KeyError, IndexError...
            tag = _tag(node.tag)
            return self._issue(node, path, f"invalid YAML: {node.value!r} is not a valid {tag}")

    def _issue(self, node: yaml.Node, path: PathKey, message: str, hint: str | None = None) -> None:
        location = self.lines.location(node.start_mark)
        self.issues.append(SchemaIssue(location, dotted(path), message, hint))
        self.marks.broken.add(path)
        return None


_RESOLVER = yaml.resolver.Resolver()


def _implicit(node: yaml.Node) -> bool:
    """Whether the node's tag came from its text rather than an explicit ``!!tag``."""
    return bool(_RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag)


def _tag(tag: str) -> str:
    return "!!" + tag.removeprefix(CORE) if tag.startswith(CORE) else tag


def _depth_check(text: str, lines: _Lines) -> None:
    """Walk the event stream (no recursion) and refuse documents nested too deep."""
    loader = Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    location = lines.location(event.start_mark)
                    message = f"the document is nested more than {MAX_DEPTH} levels deep"
                    raise SchemaError([SchemaIssue(location, "", message)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def parse_yaml(text: str, file: str) -> tuple[Any, Marks, list[SchemaIssue]]:
    """Parse YAML ``text`` into data, its marks and the problems of individual nodes.

    A node with a problem (a bad tag, a control character) is left out of the data and its
    path added to ``marks.broken``. Raises SchemaError when nothing can be read: bad syntax,
    an empty or too large document, too deep nesting or too many nodes.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        message = f"the file is {size} bytes; a schema may have at most {MAX_BYTES}"
        raise SchemaError([SchemaIssue(Location(file, 1, 1), "", message)])
    # The C loader skips a byte order mark without counting it in its marks' index.
    text = text.removeprefix("\ufeff")
    lines = _Lines(text, file)
    try:
        _depth_check(text, lines)
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        location = lines.location(mark) if mark else Location(file, 1, 1)
        if location.line > text.count("\n") + 1:  # the end of a file without a final newline
            location = _offset_location(text, len(text), file)
        message = f"invalid YAML: {err.problem or err.context}"
        if "nesting depth" in str(err.problem):  # libyaml 0.2.6 stops at 1000 levels itself
            message = f"the document is nested more than {MAX_DEPTH} levels deep"
        raise SchemaError([SchemaIssue(location, "", message)]) from err
    except yaml.reader.ReaderError as err:
        location = _offset_location(text, err.position, file)
        code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1])
        message = f"control character U+{code:04X} is not allowed"
        raise SchemaError([SchemaIssue(location, "", message)]) from err
    except SchemaError:
        raise
    except Exception as err:  # the YAML library's own failure modes must not escape
        message = f"invalid YAML: {err}"
        raise SchemaError([SchemaIssue(Location(file, 1, 1), "", message)]) from err
    if node is None:
        raise SchemaError([SchemaIssue(Location(file, 1, 1), "", "the schema file is empty")])
    builder = _Builder(lines)
    try:
        data = builder.build(node, ())
    except _TooBig as err:
        location = lines.location(err.node.start_mark)
        raise SchemaError([SchemaIssue(location, "", err.message)]) from None
    except RecursionError:
        raise SchemaError(
            [SchemaIssue(Location(file, 1, 1), "", "the document is nested too deeply")]
        ) from None
    return data, builder.marks, builder.issues
