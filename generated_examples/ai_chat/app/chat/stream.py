"""The schema-independent pieces of a chat turn: the flush policy, a reply being generated,
the prompt built from stored messages (bounded by the model's context window) and titles."""

import re
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.chat.providers.base import ChatTurn, Role, estimate_tokens

SENTENCE_ENDS = (".", "!", "?", "\n", "\u3002")


@dataclass(frozen=True)
class FlushPolicy:
    """When a streaming reply's pending text is written to the database, whichever comes
    first: ``interval`` seconds after the last write, ``max_bytes`` UTF-8 bytes pending, or
    (``on_sentence``) a delta that ends a sentence."""

    interval: float
    max_bytes: int
    on_sentence: bool

    def due(self, pending: str, delta: str, elapsed: float) -> bool:
        """Whether ``pending`` text should be written now; ``elapsed`` seconds since the last."""
        if not pending:
            return False
        if len(pending.encode("utf-8")) >= self.max_bytes:
            return True
        if self.on_sentence and delta.rstrip(" ").endswith(SENTENCE_ENDS):
            return True
        return elapsed >= self.interval


@dataclass(frozen=True)
class ConversationSettings:
    """What a conversation asks of its model; None where the conversation leaves it open."""

    provider: str | None
    model: str | None
    temperature: float | None = None
    max_tokens: int | None = None
    system_prompt: str | None = None
    title: str | None = None


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units, as a browser's strings count it (a
    character outside the Basic Multilingual Plane, such as most emoji, is two)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def utf16_index(text: str, offset: int) -> tuple[int, int]:
    """Where ``offset`` (UTF-16 code units from the start, >= 0) falls in ``text``: ``(index,
    units)``, the Python index (code points) of the first character at or after it and that
    character's own offset in code units.

    An offset inside a surrogate pair (the middle of an astral character such as most emoji)
    is rounded down to the start of that character, so ``units <= offset`` and ``text[index:]``
    never starts with half a character; an offset past the end gives ``(len(text),
    utf16_len(text))``. Linear in ``index`` (the text is walked), constant for ASCII text.
    """
    if offset <= 0:
        return 0, 0
    if text.isascii():
        index = min(offset, len(text))
        return index, index
    units = 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > offset:
            return index, units
        units += width
    return len(text), units


def text_after(text: str, offset: int) -> tuple[str, int]:
    """The part of ``text`` after ``offset`` (UTF-16 code units) and the offset it really
    starts at (``offset`` rounded down to a character boundary, see ``utf16_index``); ``("",
    utf16_len(text))`` when nothing is after it."""
    index, units = utf16_index(text, offset)
    return text[index:], units


@dataclass
class ActiveStream:
    """A reply being generated: the text so far (for subscribers who join mid-stream) and how
    much of it is in the database.

    ``limit`` is the content column's maximum length in characters (None: unbounded); text
    beyond it is cut so that the reply can always be stored.
    """

    message_id: uuid.UUID
    conversation_id: uuid.UUID
    policy: FlushPolicy
    limit: int | None = None
    text: str = ""
    units: int = 0  # len(text) in UTF-16 code units: the ``offset`` of the next delta
    seq: int = 0  # the ``seq`` of the next ``message.streaming`` frame (from 0, +1 per frame)
    flushed: int = 0  # characters of ``text`` already in the database
    last_flush: float = field(default_factory=time.monotonic)

    @property
    def full(self) -> bool:
        """True once the text reached ``limit``."""
        return self.limit is not None and len(self.text) >= self.limit

    @property
    def pending(self) -> str:
        """The text not yet written to the database."""
        return self.text[self.flushed :]

    def accept(self, delta: str) -> str:
        """Append as much of ``delta`` as ``limit`` allows and return that part.

        NUL characters, which PostgreSQL cannot store in text, become U+FFFD.
        """
        delta = delta.replace("\x00", "\ufffd")
        if self.limit is not None:
            delta = delta[: max(self.limit - len(self.text), 0)]
        self.text += delta
        self.units += utf16_len(delta)
        return delta

    def flush_due(self, delta: str, now: float | None = None) -> bool:
        """Whether the pending text should be written after ``delta`` (``now``: monotonic s)."""
        elapsed = (time.monotonic() if now is None else now) - self.last_flush
        return self.policy.due(self.pending, delta, elapsed)

    def mark_flushed(self, upto: int, now: float | None = None) -> None:
        """Record that the first ``upto`` characters are in the database."""
        self.flushed = upto
        self.last_flush = time.monotonic() if now is None else now


def build_prompt(
    rows: Iterable[tuple[str, str]], roles: Mapping[str, Role], system_prompt: str | None
) -> tuple[ChatTurn, ...]:
    """The prompt from stored ``(role value, content)`` rows, oldest first.

    ``roles`` maps stored role values to prompt roles; rows with any other role (an enum value
    the chat does not bind) are left out. A non-empty ``system_prompt`` comes first.
    """
    turns = [ChatTurn(roles[role], content) for role, content in rows if role in roles]
    if system_prompt:
        turns.insert(0, ChatTurn("system", system_prompt))
    return tuple(turns)


def fit_context(
    turns: tuple[ChatTurn, ...], context_window: int | None, reserve: int | None
) -> tuple[ChatTurn, ...]:
    """``turns`` without their oldest non-system turns until the prompt fits the model.

    A prompt fits when its estimated tokens (``estimate_tokens`` of each turn's text, the
    offline ``ceil(utf8_bytes / 4)``) plus ``reserve`` (the reply's ``max_tokens``, tokens)
    are at most ``context_window`` (tokens; None: unbounded, nothing is dropped). System
    turns and the newest turn (the user's question) are always kept, so a prompt may still
    exceed the window; the provider then answers with its own error.
    """
    if context_window is None:
        return turns
    budget = context_window - (reserve or 0)
    kept = list(turns)
    used = sum(estimate_tokens(turn.content) for turn in kept)
    index = 0
    while used > budget and index < len(kept) - 1:
        if kept[index].role == "system":
            index += 1
            continue
        used -= estimate_tokens(kept.pop(index).content)
    return tuple(kept)


TITLE_WORDS = 6
TITLE_CHARACTERS = 60
TITLE_INSTRUCTION = (
    "Write a short title (at most 6 words) for a conversation that starts with the user's "
    "message below. Answer with the title only: no quotes, no trailing punctuation."
)


def derive_title(first_message: str) -> str:
    """A deterministic title from a conversation's first user message (the mock's titles):
    its first ``TITLE_WORDS`` words, at most ``TITLE_CHARACTERS`` characters."""
    words = first_message.split()[:TITLE_WORDS]
    return clean_title(" ".join(words)) or "Untitled"


def clean_title(raw: str) -> str:
    """A model's answer to ``TITLE_INSTRUCTION`` as a title: its first non-empty line without
    surrounding quotes, markdown emphasis or a trailing period, at most ``TITLE_CHARACTERS``
    characters ("" when nothing is left)."""
    line = next((part.strip() for part in raw.splitlines() if part.strip()), "")
    line = re.sub(r"^(title\s*:\s*)", "", line, flags=re.IGNORECASE)
    line = line.strip(" \t\"'`*_#").rstrip(".")
    line = " ".join(line.replace("\x00", "").split())
    return line[:TITLE_CHARACTERS].rstrip()
