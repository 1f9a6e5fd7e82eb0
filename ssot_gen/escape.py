"""One escaping helper per target language, for every literal a schema puts into generated code.

Each function takes schema text (any Unicode, quotes, backslashes, newlines) and returns a
literal or fragment that means exactly that text in its target. The Jinja environment exposes
them as the filters ``py``, ``pydoc``, ``toml``, ``js``, ``html`` and ``md``.
"""

from __future__ import annotations

import html as _html
import json
import re
from decimal import Decimal
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def py(value: Any) -> str:
    """A Python literal of ``value`` (str, int, float, bool, None, Decimal, list, dict).

    Strings always use double quotes (as ruff format prints them). Raises TypeError for a type
    with no literal.
    """
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise TypeError(f"no Python literal for {value!r}")
        return repr(value)
    if isinstance(value, Decimal):
        return f"decimal.Decimal({py(str(value))})"
    if isinstance(value, str):
        return (
            json.dumps(value, ensure_ascii=False)
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )
    if isinstance(value, list | tuple):
        items = ", ".join(py(item) for item in value)
        return (
            f"[{items}]"
            if isinstance(value, list)
            else f"({items}{',' if len(value) == 1 else ''})"
        )
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Python literal for {type(value).__name__}")


def pydoc(text: str) -> str:
    """The body of a ``\"\"\"docstring\"\"\"`` reading as ``text``: backslashes, runs of quotes,
    control characters escaped, a space after a final quote, so nothing can end it early."""
    body = text.strip().replace("\\", "\\\\")
    body = re.sub(r'"{2,}', lambda m: '\\"' * len(m.group()), body)
    if body.endswith('"'):
        body += " "  # as black writes it: a final quote never touches the closing ones
    body = _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        body,
    )
    return body or "."


def toml(value: str) -> str:
    """A TOML basic string (double-quoted, escaped)."""
    return json.dumps(value, ensure_ascii=False)


def js(value: Any) -> str:
    """A JavaScript literal (JSON), safe inside an HTML ``<script>`` element as well."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def html(value: str) -> str:
    """Text for HTML element content or a quoted attribute value."""
    return _html.escape(value, quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md(value: str) -> str:
    """Markdown inline text: one line, punctuation that could start markup backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def md_code(value: str) -> str:
    """A Markdown code span holding ``value`` verbatim (fence longer than any backtick run)."""
    runs = [len(run) for run in re.findall(r"`+", value)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def dotenv(value: str) -> str:
    """A double-quoted ``.env`` value (python-dotenv unescapes ``\\\\``, ``\\"`` and ``\\n``)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
