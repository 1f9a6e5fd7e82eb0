"""Valid sample values for the generated tests, within each field's schema constraints.

Values of unique fields carry a per-session counter, so short unique columns never collide.
"""

import datetime as dt
import itertools
import uuid

_COUNTER = itertools.count(1)
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _token() -> str:
    """A short string unique within this test session (base 36 of a counter)."""
    number, digits = next(_COUNTER), ""
    while number:
        number, digit = divmod(number, len(_DIGITS))
        digits = _DIGITS[digit] + digits
    return digits


def text(name: str, min_length: int, max_length: int | None, unique: bool = False) -> str:
    """Text of ``min_length``..``max_length`` characters (unique in the session if asked)."""
    token = f"{_token()}-{uuid.uuid4().hex[:8]}" if unique else uuid.uuid4().hex[:8]
    value = f"{name[:8]}-{token}"
    if max_length is not None and len(value) > max_length:
        value = token[:max_length] if unique else value[:max_length]
    return value.ljust(min_length, "x")


def email(max_length: int) -> str:
    """A unique address of at most ``max_length`` characters."""
    domain = "@example.com"
    local = f"{_token()}-{uuid.uuid4().hex[:8]}"
    return local[: max(1, max_length - len(domain))] + domain


def integer(low: int, high: int) -> int:
    """An integer in ``low``..``high``, different on each call while the range lasts."""
    start = min(max(1, low), high)
    return start + next(_COUNTER) % (high - start + 1)


def now_iso() -> str:
    """The current time as ISO 8601, with its offset."""
    return dt.datetime.now(dt.UTC).isoformat()


def new_id() -> str:
    """A random UUID, as JSON sends it."""
    return str(uuid.uuid4())
