"""Resume offsets: UTF-16 code units (a browser's string length) to Python indexes and back."""

from __future__ import annotations

import pytest

from app.chat.stream import text_after, utf16_index, utf16_len

SMILE = "\U0001f600"  # outside the Basic Multilingual Plane: two UTF-16 code units
TEXT = f"ab{SMILE}c\u00e9{SMILE}{SMILE}d"


def units(text: str) -> bytes:
    return text.encode("utf-16-le")


@pytest.mark.parametrize(
    ("offset", "index", "start"),
    [
        (0, 0, 0),
        (1, 1, 1),
        (2, 2, 2),  # just before the emoji
        (3, 2, 2),  # inside the surrogate pair: rounded down to its start
        (4, 3, 4),  # just after it
        (5, 4, 5),
        (6, 5, 6),  # \u00e9 is one code unit
        (7, 5, 6),
        (8, 6, 8),
        (9, 6, 8),
        (10, 7, 10),
        (11, 8, 11),  # the end
        (12, 8, 11),  # past the end
        (10**9, 8, 11),
    ],
)
def test_utf16_index(offset: int, index: int, start: int) -> None:
    assert utf16_len(TEXT) == 11
    assert utf16_index(TEXT, offset) == (index, start)
    assert utf16_len(TEXT[:index]) == start


def test_every_offset_gives_the_units_after_the_boundary_at_or_before_it() -> None:
    encoded = units(TEXT)
    for offset in range(utf16_len(TEXT) + 1):
        rest, start = text_after(TEXT, offset)
        assert start <= offset
        assert offset - start <= 1  # only half a character is ever given again
        assert units(rest) == encoded[2 * start :]


@pytest.mark.parametrize("text", ["", "ascii", "\u00e9t\u00e9", SMILE * 3, "x" * 1000 + SMILE])
def test_the_end_and_beyond(text: str) -> None:
    assert text_after(text, utf16_len(text)) == ("", utf16_len(text))
    assert text_after(text, utf16_len(text) + 5) == ("", utf16_len(text))
    assert text_after(text, 0) == (text, 0)


def test_ascii_is_not_walked() -> None:
    text = "a" * 100_000
    assert utf16_index(text, 70_000) == (70_000, 70_000)
    assert utf16_index(text, 200_000) == (100_000, 100_000)
