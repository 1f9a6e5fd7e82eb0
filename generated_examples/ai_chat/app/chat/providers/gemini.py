"""Google Gemini through the official ``google-genai`` SDK.

``genai.Client(api_key, http_options=HttpOptions(base_url=...)).aio.models
.generate_content_stream(model, contents, config=GenerateContentConfig(...))`` posts to
``/v1/models/{model}:streamGenerateContent?alt=sse`` (``v1``: the SDK's default
``api_version``) and yields
``GenerateContentResponse`` chunks: text in ``candidates[0].content.parts[].text`` (parts
with ``thought=True`` are thought summaries, not reply text), the finish in
``candidates[0].finish_reason``, usage in ``usage_metadata`` (cumulative or last-chunk-only
depending on the model: the last non-null value is kept, never summed).

Usage classes (``GenerateContentResponseUsageMetadata``): ``prompt_token_count`` INCLUDES
``cached_content_token_count`` -> input = prompt - cached, cache read = cached;
``candidates_token_count`` = output; ``thoughts_token_count`` = reasoning (apart from the
candidates, billed as output). Gemini reports no cache writes (None).

Timeouts: the SDK's ``HttpOptions.timeout`` is one deadline for the whole request and is
also sent to the server (``X-Server-Timeout``), which would cut long replies; so the
connect and idle timeouts are enforced here around each awaited chunk instead. The SDK's
retries are off (``HttpRetryOptions(attempts=1)``).
"""

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import pydantic
from google import genai
from google.genai import errors, types

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

LABEL = "Gemini"
FINISH = {"STOP": "stop", "MAX_TOKENS": "length"}


def gemini_contents(turns: tuple[ChatTurn, ...]) -> tuple[str | None, list[types.Content]]:
    """``(system_instruction, contents)``: system turns joined by a blank line; assistant
    turns have role ``model``; images are inline-data parts (``Part(inline_data=Blob(
    mime_type, data))``, sent base64-encoded as ``inlineData``) before the text."""
    system = [turn.content for turn in turns if turn.role == "system"]
    contents: list[types.Content] = []
    for turn in turns:
        if turn.role == "system":
            continue
        parts = [
            types.Part(inline_data=types.Blob(mime_type=image.media_type, data=image.data))
            for image in turn.images
        ]
        if turn.content or not parts:
            parts.append(types.Part(text=turn.content))
        contents.append(
            types.Content(role="model" if turn.role == "assistant" else "user", parts=parts)
        )
    return ("\n\n".join(system) if system else None), contents


def gemini_usage(metadata: Any) -> Usage:
    """The five usage classes of a ``GenerateContentResponseUsageMetadata`` (see the module
    docstring); a count the API left out is None."""
    prompt = metadata.prompt_token_count
    cached = metadata.cached_content_token_count
    return Usage(
        input_tokens=None if prompt is None else prompt - (cached or 0),
        cache_read_tokens=cached,
        output_tokens=metadata.candidates_token_count,
        reasoning_tokens=metadata.thoughts_token_count,
    )


def retry_delay(details: Any) -> float | None:
    """Seconds from a ``google.rpc.RetryInfo`` in an error body's ``details``
    (``{"@type": ".../google.rpc.RetryInfo", "retryDelay": "1.5s"}``), else None."""
    error = details.get("error", details) if isinstance(details, dict) else None
    items = error.get("details") if isinstance(error, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and str(item.get("@type", "")).endswith("RetryInfo"):
            delay = str(item.get("retryDelay", ""))
            try:
                return float(delay.removesuffix("s"))
            except ValueError:
                return None
    return None


def gemini_error(err: Exception, *, started: bool) -> ProviderError:
    """The ProviderError for an SDK or transport exception; ``started``: some text was
    already streamed."""
    if isinstance(err, errors.APIError):
        headers = getattr(err.response, "headers", None)
        retry_after = parse_retry_after(dict(headers) if headers is not None else None)
        if retry_after is None:
            retry_after = retry_delay(err.details)
        code = err.code if isinstance(err.code, int) and err.code >= 400 else 500
        return status_error(LABEL, code, retry_after=retry_after, detail=safe_kind(err.status))
    if isinstance(err, pydantic.ValidationError | ValueError | TypeError):
        return ProviderError("bad_request", f"{LABEL} options or answer are not valid")
    return connection_error(LABEL, err, started=started)


class GeminiProvider:
    """Streams Gemini replies.

    ``config``: key, ``base_url`` (None: the SDK's default endpoint), connect and idle
    timeouts in seconds (enforced here, see the module docstring), our retries.
    ``sleep`` waits between retries.
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

    def generation_config(self, request: CompletionRequest) -> types.GenerateContentConfig:
        """``GenerateContentConfig`` for ``request``: system instruction, temperature,
        ``max_output_tokens`` and the model's ``options`` as further config fields (e.g.
        ``{"thinking_config": {"thinking_budget": 1024}}``). Raises ProviderError
        ("bad_request") for options the SDK does not know."""
        system, _ = gemini_contents(request.messages)
        fields: dict[str, Any] = dict(request.options)
        if system is not None:
            fields["system_instruction"] = system
        if request.temperature is not None:
            fields["temperature"] = request.temperature
        if request.max_tokens is not None:
            fields["max_output_tokens"] = request.max_tokens
        try:
            return types.GenerateContentConfig(**fields)
        except (pydantic.ValidationError, TypeError) as err:
            raise ProviderError("bad_request", f"invalid {LABEL} options for this model") from err

    async def _attempt(self, request: CompletionRequest) -> AsyncGenerator[StreamEvent, None]:
        config = self.config
        _, contents = gemini_contents(request.messages)
        generation = self.generation_config(request)
        started = False
        finish: str | None = None
        metadata: Any = None
        client = genai.Client(
            vertexai=False,
            api_key=config.api_key,
            http_options=types.HttpOptions(
                base_url=config.base_url, retry_options=types.HttpRetryOptions(attempts=1)
            ),
        )
        try:
            async with client.aio as aio:
                chunks = aiter(
                    await aio.models.generate_content_stream(
                        model=request.model, contents=contents, config=generation
                    )
                )
                # the request is sent on the first read: allow it connect + idle seconds
                wait = config.connect_timeout + config.idle_timeout
                while True:
                    try:
                        async with asyncio.timeout(wait):
                            chunk = await anext(chunks)
                    except StopAsyncIteration:
                        break
                    wait = config.idle_timeout
                    if chunk.usage_metadata is not None:
                        metadata = chunk.usage_metadata  # the last one wins; never summed
                    candidate = chunk.candidates[0] if chunk.candidates else None
                    if candidate is None:
                        continue
                    parts = candidate.content.parts if candidate.content is not None else None
                    for part in parts or []:
                        if part.text and not part.thought:
                            started = True
                            yield Delta(part.text)
                    if candidate.finish_reason is not None:
                        reason = str(
                            getattr(candidate.finish_reason, "value", candidate.finish_reason)
                        )
                        finish = FINISH.get(reason, reason.lower())
        except TimeoutError as err:
            what = "stopped answering" if started else "did not answer in time"
            raise ProviderError("timeout", f"{LABEL} {what}") from err
        except errors.APIError as err:
            raise gemini_error(err, started=started) from err
        except errors.UnknownApiResponseError as err:  # a chunk that is not JSON
            raise ProviderError(
                "provider_error", f"{LABEL} sent an answer that could not be read"
            ) from err
        except Exception as err:
            if not transport_error(err):
                raise
            raise gemini_error(err, started=started) from err
        finally:
            client.close()
        if finish is None:
            raise ProviderError("interrupted", f"the {LABEL} stream ended before its finish")
        yield Completion(
            usage=None if metadata is None else gemini_usage(metadata), finish_reason=finish
        )
