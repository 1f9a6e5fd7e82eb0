"""Name conversions (snake, Pascal, kebab, plural) used by the IR and the checks."""

from __future__ import annotations

import re

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """``OrderLine`` -> ``order_line``; ``HTTPLog`` -> ``http_log``."""
    return _WORD_BOUNDARY.sub("_", name).replace("-", "_").lower()


def pascal(name: str) -> str:
    """``order_line`` -> ``OrderLine``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-]", name) if part)


def kebab(name: str) -> str:
    """``chat_settings`` -> ``chat-settings``."""
    return snake(name).replace("_", "-")


def plural_of(model_name: str, explicit: str | None = None) -> str:
    """The snake_case plural of a model name (``explicit`` wins): Category -> categories."""
    if explicit:
        return explicit
    word = snake(model_name)
    if word.endswith(("ss", "us", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in set("aeiou"):
        return word[:-1] + "ies"
    return word + "s"
