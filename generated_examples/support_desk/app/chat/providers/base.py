"""The provider interface: ``stream(request)`` yields text ``Delta``s, then one ``Completion``.

This is the shape every provider's streaming API reduces to: OpenAI chat completions
(``choices[0].delta.content``, then a last chunk with ``usage`` when
``stream_options.include_usage``), Anthropic messages (``content_block_delta`` text,
``message_delta.usage.output_tokens`` cumulative) and Gemini
(``candidates[0].content.parts[].text``, ``usage_metadata``).

Also here, shared by every adapter: the error type (``ProviderError`` with a small set of
codes), the retry policy (``retrying``: only before the first delta, with backoff that
honours ``retry-after``), the ``retry-after`` parser and the offline token estimate.
"""

import asyncio
import contextlib
import datetime
import email.utils
import math
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
)
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Role = Literal["system", "user", "assistant"]

#: Every ``ProviderError.code``.
ERROR_CODES = frozenset(
    {
        "auth",  # the key was refused (HTTP 401/403)
        "rate_limited",  # HTTP 429; ``retry_after`` from the provider when it said
        "provider_error",  # HTTP 5xx, overloaded, an error event, connection refused/reset
        "timeout",  # no connection within connect_timeout, or no byte within idle_timeout
        "interrupted",  # the stream ended (or broke) before the provider said it finished
        "bad_request",  # HTTP 400/404/413/422: the provider refused what was asked
        "unavailable",  # unknown provider kind, no API key set, SDK not installed
        "unsupported_input",  # images sent to a provider or model without image input
    }
)
#: Codes retried (before the first delta) unless the error says otherwise.
RETRYABLE_CODES = frozenset({"rate_limited", "provider_error"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})


class ProviderError(Exception):
    """A provider failed or is not usable.

    ``code`` is one of ``ERROR_CODES``; ``message`` is safe to show to the end user (it
    never holds a key or a raw response body); ``retry_after`` is in seconds (from the
    provider's ``retry-after`` header or equivalent) or None; ``retryable`` defaults to
    ``code in RETRYABLE_CODES`` (a connect timeout is raised with ``retryable=True``).
    Raises ValueError for a code outside ``ERROR_CODES``.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retry_after: float | None = None,
        retryable: bool | None = None,
    ) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown provider error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.retryable = code in RETRYABLE_CODES if retryable is None else retryable

    def __repr__(self) -> str:
        return f"ProviderError({self.code!r}, {self.message!r})"


@dataclass(frozen=True)
class Image:
    """An image sent to the model: ``media_type`` image/png|jpeg|webp|gif, raw bytes."""

    media_type: str
    data: bytes


@dataclass(frozen=True)
class ChatTurn:
    """One message of the prompt: ``role`` is system, user or assistant; images, if any."""

    role: Role
    content: str
    images: tuple[Image, ...] = ()


@dataclass(frozen=True)
class CompletionRequest:
    """What to ask.

    ``messages``: system turns first (if any); each adapter maps them to its provider's own
    form (OpenAI ``system`` messages, Anthropic ``system=``, Gemini ``system_instruction``).
    ``temperature`` and ``max_tokens`` (output tokens) are None for the provider's default.
    ``options`` are the model's provider-specific options from the schema, passed through
    verbatim (OpenAI/Anthropic: extra JSON body fields such as ``reasoning_effort`` or
    ``thinking``; Gemini: ``GenerateContentConfig`` fields such as ``thinking_config``).
    """

    model: str
    messages: tuple[ChatTurn, ...]
    temperature: float | None = None
    max_tokens: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def images(self) -> tuple[Image, ...]:
        """Every image of every turn, in order."""
        return tuple(image for turn in self.messages for image in turn.images)


@dataclass(frozen=True)
class Usage:
    """Token counts of one reply in five disjoint classes (None: not reported).

    ``input_tokens`` uncached input; ``cache_read_tokens`` input read from the provider's
    cache; ``cache_write_tokens`` input written to it; ``output_tokens`` output WITHOUT
    reasoning; ``reasoning_tokens`` reasoning/thinking output. ``estimated``: no usage came
    from the provider and ``estimate_tokens`` (ceil(UTF-8 bytes / 4)) was used.
    """

    input_tokens: int | None = None
    output_tokens: int | None = None
    cache_read_tokens: int | None = None
    cache_write_tokens: int | None = None
    reasoning_tokens: int | None = None
    estimated: bool = False

    @property
    def prompt_tokens(self) -> int:
        """Input + cache read + cache write tokens (None counted as 0)."""
        return (
            (self.input_tokens or 0)
            + (self.cache_read_tokens or 0)
            + (self.cache_write_tokens or 0)
        )

    @property
    def completion_tokens(self) -> int:
        """Output + reasoning tokens (None counted as 0)."""
        return (self.output_tokens or 0) + (self.reasoning_tokens or 0)

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
    """The end of a reply: usage (None: the provider sent none) and why it stopped.

    ``finish_reason`` is normalised: ``stop`` (natural end or stop sequence), ``length``
    (max tokens reached), otherwise the provider's own reason in lower case (e.g.
    ``content_filter``, ``refusal``, ``safety``).
    """

    usage: Usage | None
    finish_reason: str


StreamEvent = Delta | Completion


@dataclass(frozen=True)
class ProviderConfig:
    """How to reach a provider: key, endpoint and limits (seconds).

    ``base_url`` None: the SDK's default endpoint. ``idle_timeout``: seconds without a byte
    while streaming. ``max_retries``: retries before the first delta (``retrying``).
    """

    api_key: str | None = None
    base_url: str | None = None
    connect_timeout: float = 10.0
    idle_timeout: float = 60.0
    max_retries: int = 2


class Provider(Protocol):
    """A streaming chat model.

    ``accepts_images`` is False when no model of this provider takes image input (set by
    the registry from the catalogue). The adapters also have ``image_models``
    (``frozenset[str] | None``): when not None, the only models that take images.
    """

    name: str
    accepts_images: bool

    def stream(self, request: CompletionRequest) -> AsyncIterator[StreamEvent]:
        """Yield ``Delta``s, then exactly one ``Completion``. Raises ProviderError."""
        ...


def estimate_tokens(text: str) -> int:
    """Offline estimate when a provider gives no usage: ceil(UTF-8 bytes / 4)."""
    return math.ceil(len(text.encode("utf-8")) / 4)


def estimate_usage(prompt: Iterable[ChatTurn], reply: str) -> Usage:
    """The usage to record when a provider reported none: input = ``estimate_tokens`` of
    every prompt turn's text, output = that of the reply text, ``estimated=True``."""
    return Usage(
        input_tokens=sum(estimate_tokens(turn.content) for turn in prompt),
        output_tokens=estimate_tokens(reply),
        estimated=True,
    )


def check_images(provider: Provider, request: CompletionRequest) -> None:
    """Refuse images the provider or model cannot take, before anything is sent.

    Raises ProviderError("unsupported_input") for images sent to a provider without image
    input, to a model outside ``provider.image_models``, or of a type other than PNG,
    JPEG, WebP or GIF.
    """
    images = request.images
    if not images:
        return
    image_models: frozenset[str] | None = getattr(provider, "image_models", None)
    if not provider.accepts_images or (
        image_models is not None and request.model not in image_models
    ):
        raise ProviderError(
            "unsupported_input",
            f"model '{request.model}' of provider '{provider.name}' does not accept images",
        )
    for image in images:
        if image.media_type not in IMAGE_TYPES:
            raise ProviderError(
                "unsupported_input", f"image type {image.media_type!r} is not supported"
            )


def parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from HTTP headers: ``retry-after-ms``, then ``retry-after`` (seconds or
    an HTTP date, RFC 9110 section 10.2.3). None when absent or unreadable."""
    if not headers:
        return None
    lowered = {key.lower(): value for key, value in headers.items()}
    try:
        if "retry-after-ms" in lowered:
            return max(float(lowered["retry-after-ms"]) / 1000, 0.0)
    except ValueError:
        pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = datetime.datetime.now(when.tzinfo or datetime.UTC)
    return max((when - now).total_seconds(), 0.0)


def status_error(
    provider: str, status: int, *, retry_after: float | None = None, detail: str | None = None
) -> ProviderError:
    """The ProviderError for an HTTP error status of ``provider`` (its display name).

    401/403 auth, 429 rate_limited (with ``retry_after``), 408 timeout (retryable), 5xx and
    529 (Anthropic's "overloaded") provider_error, other 4xx bad_request. ``detail`` is a
    short machine word from the provider (an error type such as ``overloaded_error``),
    never a raw body.
    """
    why = f"HTTP {status}, {detail}" if detail else f"HTTP {status}"
    if status == 401:
        return ProviderError("auth", f"{provider} refused the API key ({why})")
    if status == 403:
        return ProviderError("auth", f"{provider} denied access with this API key ({why})")
    if status == 429:
        return ProviderError(
            "rate_limited", f"{provider} rate limit reached ({why})", retry_after=retry_after
        )
    if status == 408:
        return ProviderError("timeout", f"{provider} timed out ({why})", retryable=True)
    if status >= 500:
        return ProviderError(
            "provider_error", f"{provider} failed ({why})", retry_after=retry_after
        )
    return ProviderError("bad_request", f"{provider} refused the request ({why})")


Sleep = Callable[[float], Awaitable[None]]


def backoff_delay(attempt: int, retry_after: float | None, *, cap: float = 30.0) -> float:
    """Seconds before retry number ``attempt`` (0-based): the provider's ``retry_after`` if
    it gave one, else 0.5 s x 2^attempt; capped at ``cap`` seconds."""
    delay = retry_after if retry_after is not None else 0.5 * 2**attempt
    return min(max(delay, 0.0), cap)


async def retrying(
    attempt: Callable[[], AsyncGenerator[StreamEvent, None]],
    *,
    max_retries: int,
    sleep: Sleep = asyncio.sleep,
    cap: float = 30.0,
) -> AsyncGenerator[StreamEvent, None]:
    """Run ``attempt()`` and re-run it after a retryable ProviderError, at most
    ``max_retries`` times, and only while it has not yielded its first Delta (text already
    shown is never asked for twice). Waits ``backoff_delay`` seconds between attempts
    (through ``sleep``, injectable for tests). Raises the last ProviderError."""
    tries = 0
    while True:
        started = False
        try:
            async with contextlib.aclosing(attempt()) as events:
                async for event in events:
                    if isinstance(event, Delta):
                        started = True
                    yield event
            return
        except ProviderError as err:
            if started or not err.retryable or tries >= max_retries:
                raise
            await sleep(backoff_delay(tries, err.retry_after, cap=cap))
            tries += 1


def transport_error(err: BaseException) -> bool:
    """True for an HTTP client's transport error (httpx, httpx2, aiohttp): connection
    refused, reset or broken while reading, raised as is by some SDK code paths."""
    for cls in type(err).__mro__:
        root = (cls.__module__ or "").partition(".")[0]
        if root in ("httpx", "httpx2", "aiohttp", "httpcore", "h11"):
            return True
    return isinstance(err, ConnectionError)


def connection_error(provider: str, err: BaseException, *, started: bool) -> ProviderError:
    """The ProviderError for a transport failure (see ``transport_error``) or an SDK's
    wrapper of one: a timeout is ``timeout`` (retryable when it is a connect timeout before
    any text), a connection that breaks after some text is ``interrupted``, one that
    cannot be made is ``provider_error`` (retryable)."""
    names = {cls.__name__ for cls in type(err).__mro__}
    if err.__cause__ is not None:
        names |= {cls.__name__ for cls in type(err.__cause__).__mro__}
    if names & {"TimeoutException", "APITimeoutError", "TimeoutError", "ServerTimeoutError"}:
        connect = bool(names & {"ConnectTimeout", "PoolTimeout", "ConnectionTimeoutError"})
        what = "did not accept the connection in time" if connect else "stopped answering"
        return ProviderError("timeout", f"{provider} {what}", retryable=connect and not started)
    if started:
        return ProviderError("interrupted", f"the connection to {provider} broke")
    return ProviderError("provider_error", f"could not connect to {provider}")


def safe_kind(value: object) -> str | None:
    """A provider's short error kind (``overloaded_error``, ``RESOURCE_EXHAUSTED``) if it
    looks like one word, else None: shown to users, so no free text from a body."""
    if isinstance(value, str) and 0 < len(value) <= 64 and value.replace("_", "").isalnum():
        return value
    return None
