"""Anthropic messages through the official SDK (``anthropic.AsyncAnthropic``).

``messages.create(stream=True)`` yields the raw server-sent events (SDK type
``RawMessageStreamEvent``): ``message_start`` (``message.usage``: ``input_tokens``,
``cache_read_input_tokens``, ``cache_creation_input_tokens``), ``content_block_start``,
``content_block_delta`` (``text_delta`` text; ``thinking_delta`` is not reply text),
``content_block_stop``, ``message_delta`` (``delta.stop_reason`` and ``usage`` whose
``output_tokens`` is CUMULATIVE: the last value is kept, never summed), ``message_stop``.
``ping`` is skipped by the SDK; an ``error`` event raises ``APIStatusError`` there.

Usage classes: ``input_tokens`` EXCLUDES cache reads and writes (they are separate fields).
``output_tokens`` includes extended-thinking tokens; the API reports them apart only in
``usage.output_tokens_details.thinking_tokens`` (SDK type ``OutputTokensDetails``, "always
<= output_tokens"): when present, reasoning = thinking tokens and output = output_tokens -
thinking tokens, otherwise reasoning is None and output is all of ``output_tokens``.
``max_tokens`` is required by the API: ``DEFAULT_MAX_TOKENS`` when the request has none.
The request's ``temperature`` is not sent (see ``AnthropicProvider.request_body``).
"""

import asyncio
import base64
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import anthropic

from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    ProviderConfig,
    ProviderError,
    Sleep,
    StreamEvent,
    Usage,
    check_images,
    connection_error,
    parse_retry_after,
    retrying,
    safe_kind,
    status_error,
    transport_error,
)

LABEL = "Anthropic"
DEFAULT_MAX_TOKENS = 4096
#: ``error.type`` of an Anthropic error body (API "errors" page) -> HTTP status it stands
#: for; used for an ``error`` event inside a 200 stream.
ERROR_TYPES = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "overloaded_error": 529,
}
FINISH = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length"}
USAGE_FIELDS = (
    "input_tokens",
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
    "output_tokens",
)


def anthropic_messages(turns: tuple[ChatTurn, ...]) -> tuple[str | None, list[dict[str, Any]]]:
    """``(system, messages)`` for ``messages.create``: system turns joined by a blank line
    into ``system=`` (None if there are none); images as ``{"type": "image", "source":
    {"type": "base64", "media_type", "data"}}`` blocks before the text (SDK type
    ``ImageBlockParam``); an empty text block is left out (the API refuses it)."""
    system = [turn.content for turn in turns if turn.role == "system"]
    messages: list[dict[str, Any]] = []
    for turn in turns:
        if turn.role == "system":
            continue
        if not turn.images:
            messages.append({"role": turn.role, "content": turn.content})
            continue
        blocks: list[dict[str, Any]] = [
            {
                "type": "image",
                "source": {
                    "type": "base64",
                    "media_type": image.media_type,
                    "data": base64.b64encode(image.data).decode("ascii"),
                },
            }
            for image in turn.images
        ]
        if turn.content:
            blocks.append({"type": "text", "text": turn.content})
        messages.append({"role": turn.role, "content": blocks})
    return ("\n\n".join(system) if system else None), messages


def merge_usage(seen: dict[str, int], usage: Any) -> None:
    """Keep the latest non-null value of each usage field of ``usage`` (``Usage`` from
    ``message_start`` or the cumulative ``MessageDeltaUsage`` of ``message_delta``)."""
    if usage is None:
        return
    for key in USAGE_FIELDS:
        value = getattr(usage, key, None)
        if value is not None:
            seen[key] = value
    thinking = getattr(getattr(usage, "output_tokens_details", None), "thinking_tokens", None)
    if thinking is not None:
        seen["thinking_tokens"] = thinking


def anthropic_usage(seen: dict[str, int]) -> Usage | None:
    """The five usage classes from merged fields (see the module docstring); None if the
    stream carried no usage at all."""
    if not seen:
        return None
    thinking = seen.get("thinking_tokens")
    output = seen.get("output_tokens")
    return Usage(
        input_tokens=seen.get("input_tokens"),
        cache_read_tokens=seen.get("cache_read_input_tokens"),
        cache_write_tokens=seen.get("cache_creation_input_tokens"),
        output_tokens=None if output is None else output - (thinking or 0),
        reasoning_tokens=thinking,
    )


def anthropic_error(err: anthropic.AnthropicError, *, started: bool) -> ProviderError:
    """The ProviderError for an SDK exception (``anthropic._exceptions``); ``started``: some
    text was already streamed."""
    if isinstance(err, anthropic.APIStatusError):
        kind = safe_kind(err.type)
        status = err.status_code
        retry_after = parse_retry_after(err.response.headers)
        if status < 400:  # an ``error`` event inside a streamed 200 response
            code = status_error(LABEL, ERROR_TYPES.get(kind or "", 500)).code
            why = f" ({kind})" if kind else ""
            message = f"{LABEL} reported an error while streaming{why}"
            return ProviderError(code, message, retry_after=retry_after)
        return status_error(LABEL, status, retry_after=retry_after, detail=kind)
    if isinstance(err, anthropic.APIConnectionError):  # a timeout too
        return connection_error(LABEL, err, started=started)
    if isinstance(err, anthropic.APIError):
        return ProviderError("provider_error", f"{LABEL} sent an answer that could not be read")
    return ProviderError("unavailable", f"the {LABEL} client could not be used")


class AnthropicProvider:
    """Streams Anthropic messages.

    ``config``: key, ``base_url`` (None: the SDK's default, which honours
    ``ANTHROPIC_BASE_URL``), connect and idle timeouts in seconds (``anthropic.Timeout``),
    our retries (the SDK's own are off: ``max_retries=0``). ``sleep`` waits between retries.
    """

    def __init__(
        self,
        name: str,
        config: ProviderConfig,
        *,
        accepts_images: bool = True,
        image_models: frozenset[str] | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.name = name
        self.config = config
        self.accepts_images = accepts_images
        self.image_models = image_models
        self.sleep = sleep

    async def stream(self, request: CompletionRequest) -> AsyncIterator[StreamEvent]:
        """Yield Deltas then one Completion. Raises ProviderError (images refused before
        any request; retries only before the first delta)."""
        check_images(self, request)
        attempts = retrying(
            lambda: self._attempt(request), max_retries=self.config.max_retries, sleep=self.sleep
        )
        async with contextlib.aclosing(attempts):  # a consumer that stops closes the request
            async for event in attempts:
                yield event

    def request_body(self, request: CompletionRequest) -> dict[str, Any]:
        """Keyword arguments of ``messages.create`` for ``request``; ``options`` go verbatim
        into the JSON body (``extra_body``), e.g. ``{"output_config": {"effort": "low"}}``
        or ``{"thinking": {"type": "adaptive"}}``.

        ``temperature`` is not sent: the Messages API of the installed SDK (anthropic 2.x,
        ``MessageCreateParams``) has no sampling parameters; a model that still takes one
        can get it through ``options`` (``{"temperature": 0.2}``)."""
        system, messages = anthropic_messages(request.messages)
        body: dict[str, Any] = {
            "model": request.model,
            "max_tokens": request.max_tokens or DEFAULT_MAX_TOKENS,
            "messages": messages,
            "stream": True,
        }
        if system is not None:
            body["system"] = system
        if request.options:
            body["extra_body"] = dict(request.options)
        return body

    async def _attempt(self, request: CompletionRequest) -> AsyncGenerator[StreamEvent, None]:
        config = self.config
        started = False
        stopped = False
        finish = "stop"
        seen: dict[str, int] = {}
        try:
            async with anthropic.AsyncAnthropic(
                api_key=config.api_key,
                base_url=config.base_url,
                timeout=anthropic.Timeout(config.idle_timeout, connect=config.connect_timeout),
                max_retries=0,
            ) as client:
                events = await client.messages.create(**self.request_body(request))
                async for event in events:
                    if event.type == "message_start":
                        merge_usage(seen, getattr(event.message, "usage", None))
                    elif event.type == "content_block_delta":
                        if event.delta.type == "text_delta" and event.delta.text:
                            started = True
                            yield Delta(event.delta.text)
                    elif event.type == "message_delta":
                        merge_usage(seen, getattr(event, "usage", None))
                        reason = event.delta.stop_reason
                        if reason:
                            finish = FINISH.get(reason, reason.lower())
                    elif event.type == "message_stop":
                        stopped = True
        except anthropic.AnthropicError as err:
            raise anthropic_error(err, started=started) from err
        except Exception as err:  # transport errors the SDK lets through while streaming
            if not transport_error(err):
                raise
            raise connection_error(LABEL, err, started=started) from err
        if not stopped:
            raise ProviderError("interrupted", f"the {LABEL} stream ended before message_stop")
        yield Completion(usage=anthropic_usage(seen), finish_reason=finish)
