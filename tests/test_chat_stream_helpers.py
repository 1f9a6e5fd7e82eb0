"""The verbatim ``templates/app/chat/stream.py`` helpers issue 9 added: the prompt bounded by
the model's context window, and titles (the mock's derived title, a model's answer cleaned).

Imported where they are written, as ``tests/runtime`` does (``templates/`` on ``sys.path``).
"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
sys.dont_write_bytecode = True  # no __pycache__ inside templates/ (it is copied as is)
if str(TEMPLATES) not in sys.path:
    sys.path.insert(0, str(TEMPLATES))

from app.chat.providers.base import ChatTurn  # noqa: E402
from app.chat.stream import clean_title, derive_title, fit_context  # noqa: E402

SYSTEM = ChatTurn("system", "s" * 40)  # 10 tokens
OLD = ChatTurn("user", "o" * 400)  # 100 tokens
ANSWER = ChatTurn("assistant", "a" * 40)  # 10 tokens
NEW = ChatTurn("user", "n" * 200)  # 50 tokens


def test_no_window_keeps_everything() -> None:
    turns = (SYSTEM, OLD, ANSWER, NEW)
    assert fit_context(turns, None, 1000) == turns


def test_oldest_turns_go_first_and_the_system_prompt_stays() -> None:
    turns = (SYSTEM, OLD, ANSWER, NEW)
    assert fit_context(turns, 170, 0) == turns  # exactly fits: 10 + 100 + 10 + 50
    assert fit_context(turns, 169, 0) == (SYSTEM, ANSWER, NEW)
    assert fit_context(turns, 170, 100) == (SYSTEM, ANSWER, NEW)  # max_tokens is kept free
    assert fit_context(turns, 169, 100) == (SYSTEM, NEW)


def test_the_newest_turn_is_always_sent() -> None:
    assert fit_context((SYSTEM, OLD, NEW), 1, 0) == (SYSTEM, NEW)
    assert fit_context((NEW,), 1, 1000) == (NEW,)


def test_derived_titles_are_the_first_words() -> None:
    assert derive_title("  Plan a\n weekend ") == "Plan a weekend"
    assert derive_title("Plan a weekend in Lisbon with good food please") == (
        "Plan a weekend in Lisbon with"
    )
    assert derive_title("   ") == "Untitled"
    assert len(derive_title("x" * 500)) == 60


def test_model_answers_are_cleaned() -> None:
    assert clean_title('"Trip to Lisbon."\nMore text') == "Trip to Lisbon"
    assert clean_title("Title: **Budget   planning**") == "Budget planning"
    assert clean_title("\n\n  `Code review`  ") == "Code review"
    assert clean_title("") == ""
    assert clean_title("nul\x00here") == "nulhere"
