"""The provider interface: ``stream(request)`` yields text ``Delta``s, then one ``Completion``.

This is the shape every provider's streaming API reduces to: OpenAI chat completions
(content deltas, then a final chunk with ``usage`` when ``stream_options.include_usage``),
Anthropic messages (``content_block_delta`` text, ``message_delta.usage.output_tokens``
cumulative) and Gemini (``candidates[].content.parts[].text``, ``usage_metadata``).
"""

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Literal, Protocol

Role = Literal["system", "user", "assistant"]


class ProviderError(Exception):
    """The provider failed or is not usable (unknown, unconfigured, bad answer)."""


@dataclass(frozen=True)
class ChatTurn:
    """One message of the prompt: ``role`` is system, user or assistant."""

    role: Role
    content: str


@dataclass(frozen=True)
class CompletionRequest:
    """What to ask: ``max_tokens`` and ``temperature`` are None for the provider's default."""

    model: str
    messages: tuple[ChatTurn, ...]
    temperature: float | None = None
    max_tokens: int | None = None


@dataclass(frozen=True)
class Usage:
    """Token counts of one reply. ``estimated`` when the provider reported none."""

    prompt_tokens: int
    completion_tokens: int
    estimated: bool = False

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Delta:
    """A piece of reply text, in order."""

    text: str


@dataclass(frozen=True)
class Completion:
    """The end of a reply: usage and why it stopped (``stop``, ``length``, ...)."""

    usage: Usage
    finish_reason: str


StreamEvent = Delta | Completion


class Provider(Protocol):
    """A streaming chat model."""

    name: str

    def stream(self, request: CompletionRequest) -> AsyncIterator[StreamEvent]:
        """Yield ``Delta``s, then exactly one ``Completion``. Raises ProviderError."""
        ...


def estimate_tokens(text: str) -> int:
    """Offline estimate when a provider gives no usage: ceil(UTF-8 bytes / 4)."""
    return math.ceil(len(text.encode("utf-8")) / 4)
