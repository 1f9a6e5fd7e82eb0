"""The flush policy, a reply's length limit, and the prompt built from stored rows."""

from __future__ import annotations

import uuid

import pytest

from app.chat.providers.base import ChatTurn
from app.chat.stream import ActiveStream, FlushPolicy, build_prompt

POLICY = FlushPolicy(interval=0.1, max_bytes=16, on_sentence=True)


def stream(limit: int | None = None, policy: FlushPolicy = POLICY) -> ActiveStream:
    return ActiveStream(uuid.uuid4(), uuid.uuid4(), policy, limit=limit, last_flush=0.0)


@pytest.mark.parametrize(
    ("pending", "delta", "elapsed", "due"),
    [
        ("", "", 9.0, False),  # nothing to write
        ("a few", "few ", 0.0, False),
        ("a few", "few ", 0.1, True),  # the interval passed
        ("end.", "end.", 0.0, True),  # a sentence ended
        ("end.  ", "end.  ", 0.0, True),
        ("\u3002", "\u3002", 0.0, True),
        ("x" * 16, "x", 0.0, True),  # max_bytes reached
        ("\u00e9" * 8, "\u00e9", 0.0, True),  # bytes, not characters: 8 x 2 bytes
        ("\u00e9" * 7, "\u00e9", 0.0, False),
    ],
)
def test_flush_policy(pending: str, delta: str, elapsed: float, due: bool) -> None:
    assert POLICY.due(pending, delta, elapsed) is due


def test_sentences_do_not_flush_when_the_policy_says_so() -> None:
    policy = FlushPolicy(interval=10, max_bytes=1000, on_sentence=False)
    assert not policy.due("end.", "end.", 0.0)


def test_pending_text_follows_the_flushes() -> None:
    s = stream()
    s.accept("Hello ")
    assert s.flush_due("Hello ", now=0.05) is False
    assert s.flush_due("Hello ", now=0.2) is True
    s.mark_flushed(len(s.text), now=0.2)
    assert s.pending == ""
    s.accept("world.")
    assert s.pending == "world."
    assert s.flush_due("world.", now=0.21) is True


def test_a_reply_is_cut_at_the_limit() -> None:
    s = stream(limit=10)
    assert s.accept("0123456") == "0123456"
    assert not s.full
    assert s.accept("789abc") == "789"
    assert s.full
    assert s.accept("more") == ""
    assert s.text == "0123456789"


def test_nul_characters_are_replaced() -> None:
    s = stream()
    assert s.accept("a\x00b") == "a\ufffdb"


def test_the_prompt_skips_roles_the_chat_does_not_bind() -> None:
    roles = {"system": "system", "human": "user", "bot": "assistant"}
    rows = [("human", "hi"), ("tool", "{}"), ("bot", "hello"), ("moderator", "x")]
    prompt = build_prompt(rows, roles, "Be brief.")  # type: ignore[arg-type]
    assert prompt == (
        ChatTurn("system", "Be brief."),
        ChatTurn("user", "hi"),
        ChatTurn("assistant", "hello"),
    )
    assert build_prompt([], roles, None) == ()  # type: ignore[arg-type]
    assert build_prompt([], roles, "") == ()  # type: ignore[arg-type]


def test_offsets_are_utf16_code_units() -> None:
    from app.chat.stream import utf16_len

    assert utf16_len("") == 0
    assert utf16_len("abc é") == 5
    assert utf16_len("\U0001f600") == 2  # a surrogate pair in the browser
    assert utf16_len("a\U0001d11eb") == len("a\U0001d11eb".encode("utf-16-le")) // 2 == 4
    active = stream(limit=4)
    active.accept("\U0001f600 ")
    assert (active.text, active.units) == ("\U0001f600 ", 3)
    active.accept("\U0001f389\U0001f389\U0001f389")  # cut at the limit of 4 characters
    assert (active.text, active.units) == ("\U0001f600 \U0001f389\U0001f389", 7)
