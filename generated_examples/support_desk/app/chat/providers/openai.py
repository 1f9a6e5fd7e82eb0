"""OpenAI chat completions, and any OpenAI-compatible server, through the official SDK.

``openai.AsyncOpenAI(...).chat.completions.create(stream=True,
stream_options={"include_usage": True})``: text arrives in ``choices[0].delta.content``,
the finish in ``choices[0].finish_reason``, and one extra chunk with ``choices: []`` carries
``usage`` before ``data: [DONE]`` (SDK types ``ChatCompletionChunk``, ``CompletionUsage``).

A ``base_url`` makes any OpenAI-compatible server work: Ollama
(``http://localhost:11434/v1``), vLLM (``http://localhost:8000/v1``), LM Studio
(``http://localhost:1234/v1``); they take any non-empty API key.

Usage classes (``CompletionUsage``): ``prompt_tokens`` INCLUDES
``prompt_tokens_details.cached_tokens`` (and ``cache_write_tokens``, "prompt tokens
written to cache"), ``completion_tokens`` INCLUDES
``completion_tokens_details.reasoning_tokens``; so input = prompt - cached - cache writes,
output = completion - reasoning. Servers that send no details give None for those classes.
"""

import asyncio
import base64
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import openai

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

LABEL = "OpenAI"


def openai_messages(turns: tuple[ChatTurn, ...]) -> list[dict[str, Any]]:
    """Chat turns as chat-completions messages: system turns as ``system`` messages, images
    as ``image_url`` parts holding ``data:<media type>;base64,...`` URLs (OpenAI vision
    guide; SDK type ``ChatCompletionContentPartImageParam``)."""
    messages: list[dict[str, Any]] = []
    for turn in turns:
        if not turn.images:
            messages.append({"role": turn.role, "content": turn.content})
            continue
        parts: list[dict[str, Any]] = []
        if turn.content:
            parts.append({"type": "text", "text": turn.content})
        for image in turn.images:
            url = f"data:{image.media_type};base64,{base64.b64encode(image.data).decode('ascii')}"
            parts.append({"type": "image_url", "image_url": {"url": url}})
        messages.append({"role": turn.role, "content": parts})
    return messages


def openai_usage(usage: Any) -> Usage:
    """The five usage classes of a ``CompletionUsage`` (see the module docstring)."""
    prompt = usage.prompt_tokens or 0
    completion = usage.completion_tokens or 0
    prompt_details = getattr(usage, "prompt_tokens_details", None)
    completion_details = getattr(usage, "completion_tokens_details", None)
    cached = getattr(prompt_details, "cached_tokens", None)
    written = getattr(prompt_details, "cache_write_tokens", None)
    reasoning = getattr(completion_details, "reasoning_tokens", None)
    return Usage(
        input_tokens=prompt - (cached or 0) - (written or 0),
        cache_read_tokens=cached,
        cache_write_tokens=written,
        output_tokens=completion - (reasoning or 0),
        reasoning_tokens=reasoning,
    )


def openai_error(err: openai.OpenAIError, *, started: bool) -> ProviderError:
    """The ProviderError for an SDK exception (``openai._exceptions``); ``started``: some
    text was already streamed."""
    if isinstance(err, openai.APIStatusError):
        return status_error(
            LABEL,
            err.status_code,
            retry_after=parse_retry_after(err.response.headers),
            detail=safe_kind(err.code) or safe_kind(err.type),
        )
    if isinstance(err, openai.APIConnectionError):  # a timeout too
        return connection_error(LABEL, err, started=started)
    if isinstance(err, openai.APIError):  # an error event inside the stream
        kind = safe_kind(err.code) or safe_kind(err.type)
        suffix = f" ({kind})" if kind else ""
        return ProviderError("provider_error", f"{LABEL} reported an error while streaming{suffix}")
    return ProviderError("unavailable", f"the {LABEL} client could not be used")


class OpenAIProvider:
    """Streams chat completions from OpenAI or an OpenAI-compatible server.

    ``config``: key, ``base_url`` (None: the SDK's default, which honours
    ``OPENAI_BASE_URL``), connect and idle timeouts in seconds (``openai.Timeout``), our
    retries (the SDK's own are off: ``max_retries=0``). ``sleep`` waits between retries.
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
        """Keyword arguments of ``chat.completions.create`` for ``request``.

        ``max_tokens`` is sent as ``max_completion_tokens`` (``max_tokens`` is deprecated by
        OpenAI and refused by reasoning models); ``options`` go verbatim into the JSON body
        (``extra_body``), e.g. ``{"reasoning_effort": "low"}``."""
        body: dict[str, Any] = {
            "model": request.model,
            "messages": openai_messages(request.messages),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if request.temperature is not None:
            body["temperature"] = request.temperature
        if request.max_tokens is not None:
            body["max_completion_tokens"] = request.max_tokens
        if request.options:
            body["extra_body"] = dict(request.options)
        return body

    async def _attempt(self, request: CompletionRequest) -> AsyncGenerator[StreamEvent, None]:
        config = self.config
        started = False
        finish: str | None = None
        usage: Any = None
        try:
            async with openai.AsyncOpenAI(
                api_key=config.api_key,
                base_url=config.base_url,
                timeout=openai.Timeout(config.idle_timeout, connect=config.connect_timeout),
                max_retries=0,
            ) as client:
                chunks = await client.chat.completions.create(**self.request_body(request))
                async for chunk in chunks:
                    if chunk.usage is not None:
                        usage = chunk.usage  # the last one wins; never summed
                    for choice in chunk.choices:
                        if choice.index != 0:
                            continue
                        delta = choice.delta
                        text = (delta.content or delta.refusal) if delta is not None else None
                        if text:
                            started = True
                            yield Delta(text)
                        if choice.finish_reason:
                            finish = choice.finish_reason
        except openai.OpenAIError as err:
            raise openai_error(err, started=started) from err
        except Exception as err:  # transport errors the SDK lets through while streaming
            if not transport_error(err):
                raise
            raise connection_error(LABEL, err, started=started) from err
        if finish is None:
            raise ProviderError("interrupted", f"the {LABEL} stream ended before its finish")
        yield Completion(usage=None if usage is None else openai_usage(usage), finish_reason=finish)
