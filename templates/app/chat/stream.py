"""The schema-independent pieces of a chat turn: the flush policy, a reply being generated,
and the prompt built from stored messages."""

import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.chat.providers.base import ChatTurn, Role

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
    seq: int = 0
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
