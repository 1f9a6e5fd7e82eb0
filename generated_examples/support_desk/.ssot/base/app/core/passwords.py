"""Password rules that need no settings: the list of common passwords shipped with the app.

``common_passwords.txt`` beside this module is Django's list of the 19,640 most common
passwords (lower-cased, one per line, most common first), from
``django/contrib/auth/common-passwords.txt.gz``: Copyright (c) Django Software Foundation and
individual contributors, BSD-3-Clause. It is read once, on first use; no network is needed.
"""

from functools import cache
from pathlib import Path

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """Every password of the shipped list, lower-cased (read from disk once)."""
    text = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def is_common(password: str) -> bool:
    """True if ``password`` (compared case-insensitively, surrounding spaces ignored) is in
    the list of common passwords."""
    return password.strip().lower() in common_passwords()


def not_common(password: str) -> str:
    """``password`` unchanged; raises ValueError (a pydantic validation error, hence 422) if
    it is a common password."""
    if is_common(password):
        raise ValueError("this password is too common; choose one that is harder to guess")
    return password
