"""Fake OpenAI, Anthropic and Gemini servers for tests: real HTTP on 127.0.0.1.

Each ``FakeProvider(kind)`` runs a small HTTP/1.1 server (stdlib ``asyncio``, in a thread
of its own, on a random port) that answers the provider's streaming endpoint in the
provider's real wire format, as its official SDK parses it:

- ``"openai"``: ``POST /v1/chat/completions``; server-sent events ``data:
  {chat.completion.chunk}`` ... then, when the request asked for
  ``stream_options.include_usage``, one chunk with ``choices: []`` and ``usage``, then
  ``data: [DONE]`` (SDK types ``ChatCompletionChunk``, ``CompletionUsage``). Errors:
  ``{"error": {"message", "type", "param", "code"}}``.
- ``"anthropic"``: ``POST /v1/messages``; events ``message_start``,
  ``content_block_start``, ``ping``, ``content_block_delta`` (``text_delta``; a
  ``thinking`` block first when asked), ``content_block_stop``, ``message_delta`` (usage
  cumulative), ``message_stop``; ``event: error`` mid-stream (SDK type
  ``RawMessageStreamEvent``). Errors: ``{"type": "error", "error": {"type", "message"}}``.
- ``"gemini"``: ``POST /v1/models/{model}:streamGenerateContent?alt=sse`` (``v1`` is
  google-genai 3.x's default API version; ``/v1beta/...`` is answered too); ``data:
  {GenerateContentResponse}`` lines in the API's camelCase JSON (``candidates``,
  ``usageMetadata`` in every chunk, the last one complete, ``finishReason`` on the last).
  Errors: ``{"error": {"code", "message", "status", "details"}}``; a 429 carries a
  ``google.rpc.RetryInfo`` ``retryDelay`` instead of a ``retry-after`` header.

Use::

    with FakeProvider("openai") as fake:
        fake.script(status(429, retry_after=1), ok(["Hel", "lo"], usage=Tokens(input=9)))
        # point the SDK at fake.base_url (openai: ".../v1"; the others: the server root)
        ...
        fake.requests[-1].json["messages"]   # what the provider received, as JSON

Scenarios (one per request, in order; when none is left, ``fake.default`` answers):
``ok(chunks, usage=Tokens(...) or a raw usage dict, thinking=None)``, ``no_usage(chunks)``
(no usage anywhere), ``error_mid_stream(chunks)`` (the provider's error event after the
chunks), ``cut(chunks)`` (the connection drops before the finish), ``status(code,
retry_after=None)`` (an HTTP error in the provider's JSON shape), ``stall(seconds,
chunks=())`` (headers and chunks, then silence for ``seconds``, then the connection
drops). ``Tokens`` gives the five disjoint usage classes; each fake encodes them in its
provider's own, overlapping, fields (e.g. OpenAI's ``prompt_tokens`` include cached
tokens). A raw dict is sent as the provider's usage object verbatim.

Only the standard library is used: this file is copied into every generated project.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

Kind = Literal["openai", "anthropic", "gemini"]
KINDS: tuple[Kind, ...] = ("openai", "anthropic", "gemini")
REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    529: "Overloaded",
}


@dataclass(frozen=True)
class Tokens:
    """Usage in five disjoint classes (tokens): uncached input, cache reads, cache writes,
    output without reasoning, reasoning. Gemini has no cache writes (left out)."""

    input: int = 0
    output: int = 0
    cache_read: int = 0
    cache_write: int = 0
    reasoning: int = 0


@dataclass(frozen=True)
class Scenario:
    """One scripted answer; build it with ``ok``, ``no_usage``, ``error_mid_stream``,
    ``cut``, ``status`` or ``stall``."""

    chunks: tuple[str, ...] = ()
    usage: Tokens | dict[str, Any] | None = None
    thinking: str | None = None
    finish: bool = True
    error: bool = False
    status: int = 200
    retry_after: float | None = None
    stall: float = 0.0


def ok(
    chunks: list[str] | tuple[str, ...],
    usage: Tokens | dict[str, Any] | None = None,
    *,
    thinking: str | None = None,
) -> Scenario:
    """A complete reply streaming ``chunks`` with ``usage`` (default: 7 input tokens, one
    output token per chunk). ``thinking``: reasoning text first (Anthropic ``thinking``
    block, Gemini ``thought`` part, ``reasoning_content`` delta on OpenAI-compatible
    servers), which is not reply text."""
    return Scenario(
        chunks=tuple(chunks),
        usage=usage if usage is not None else Tokens(input=7, output=len(chunks)),
        thinking=thinking,
    )


def no_usage(chunks: list[str] | tuple[str, ...]) -> Scenario:
    """A complete reply without any usage: OpenAI leaves out the usage chunk, Gemini
    ``usageMetadata``; Anthropic's ``message_start`` and ``message_delta`` go without
    ``usage`` (the real API always sends it, a compatible proxy may not; the SDK does not
    validate streamed events, so this tests the adapter's fallback)."""
    return Scenario(chunks=tuple(chunks), usage=None)


def error_mid_stream(chunks: list[str] | tuple[str, ...]) -> Scenario:
    """``chunks``, then the provider's error event (overloaded / server error)."""
    usage = Tokens(input=7, output=len(chunks))
    return Scenario(chunks=tuple(chunks), usage=usage, error=True, finish=False)


def cut(chunks: list[str] | tuple[str, ...]) -> Scenario:
    """``chunks``, then the connection drops without the provider's finish."""
    return Scenario(chunks=tuple(chunks), finish=False)


def status(code: int, retry_after: float | None = None) -> Scenario:
    """An HTTP error ``code`` with the provider's JSON error body; ``retry_after`` seconds
    as a ``retry-after`` header (OpenAI, Anthropic) or a ``RetryInfo`` (Gemini)."""
    return Scenario(status=code, retry_after=retry_after, finish=False)


def stall(seconds: float, chunks: list[str] | tuple[str, ...] = ()) -> Scenario:
    """The response headers and ``chunks``, then nothing for ``seconds``, then the
    connection drops."""
    return Scenario(chunks=tuple(chunks), stall=seconds, finish=False)


@dataclass
class Recorded:
    """A request the fake received: ``headers`` with lower-case names, ``json`` the parsed
    body (None if it was not JSON), ``query`` the query string's values."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any


def _sse(data: Any, event: str | None = None) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {text}\n\n".encode()


@dataclass
class _Reply:
    """The wire events of one scenario: ``head`` before the chunks, one per chunk, the
    ``finish`` events and the ``error`` event."""

    head: list[bytes] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    finish: list[bytes] = field(default_factory=list)
    error: list[bytes] = field(default_factory=list)


def _openai_usage(usage: Tokens | dict[str, Any]) -> dict[str, Any]:
    if isinstance(usage, dict):
        return usage
    prompt = usage.input + usage.cache_read + usage.cache_write
    completion = usage.output + usage.reasoning
    details: dict[str, Any] = {"cached_tokens": usage.cache_read, "audio_tokens": 0}
    if usage.cache_write:
        details["cache_write_tokens"] = usage.cache_write
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": details,
        "completion_tokens_details": {
            "reasoning_tokens": usage.reasoning,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _openai(scenario: Scenario, request: dict[str, Any]) -> _Reply:
    base = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": request.get("model", "fake"),
        "service_tier": "default",
        "system_fingerprint": "fp_fake",
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return _sse({**base, "choices": [choice], "usage": None})

    reply = _Reply(head=[chunk({"role": "assistant", "content": "", "refusal": None})])
    if scenario.thinking:
        reply.head.append(chunk({"reasoning_content": scenario.thinking}))
    reply.chunks = [chunk({"content": text}) for text in scenario.chunks]
    reply.finish = [chunk({}, "stop")]
    include = (request.get("stream_options") or {}).get("include_usage")
    if scenario.usage is not None and include:
        usage = _openai_usage(scenario.usage)
        reply.finish.append(_sse({**base, "choices": [], "usage": usage}))
    reply.finish.append(_sse("[DONE]"))
    error = {"message": "The server had an error.", "type": "server_error"}
    reply.error = [_sse({"error": {**error, "param": None, "code": None}})]
    return reply


def _anthropic_usage(usage: Tokens | dict[str, Any], *, start: bool) -> dict[str, Any]:
    if isinstance(usage, dict):
        return usage
    fields: dict[str, Any] = {
        "input_tokens": usage.input,
        "cache_creation_input_tokens": usage.cache_write,
        "cache_read_input_tokens": usage.cache_read,
        "output_tokens": 1 if start else usage.output + usage.reasoning,
    }
    if usage.reasoning and not start:
        fields["output_tokens_details"] = {"thinking_tokens": usage.reasoning}
    return fields


def _anthropic(scenario: Scenario, request: dict[str, Any]) -> _Reply:
    message: dict[str, Any] = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": request.get("model", "fake"),
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
    }
    if scenario.usage is not None:
        message["usage"] = _anthropic_usage(scenario.usage, start=True)
    reply = _Reply(head=[_sse({"type": "message_start", "message": message}, "message_start")])
    index = 0
    if scenario.thinking:
        block = {"type": "thinking", "thinking": "", "signature": ""}
        thought = {"type": "thinking_delta", "thinking": scenario.thinking}
        signature = {"type": "signature_delta", "signature": "c2lnbmF0dXJl"}
        reply.head += [
            _sse(
                {"type": "content_block_start", "index": 0, "content_block": block},
                "content_block_start",
            ),
            _sse(
                {"type": "content_block_delta", "index": 0, "delta": thought}, "content_block_delta"
            ),
            _sse(
                {"type": "content_block_delta", "index": 0, "delta": signature},
                "content_block_delta",
            ),
            _sse({"type": "content_block_stop", "index": 0}, "content_block_stop"),
        ]
        index = 1
    text_block = {"type": "text", "text": ""}
    reply.head += [
        _sse(
            {"type": "content_block_start", "index": index, "content_block": text_block},
            "content_block_start",
        ),
        _sse({"type": "ping"}, "ping"),
    ]
    reply.chunks = [
        _sse(
            {
                "type": "content_block_delta",
                "index": index,
                "delta": {"type": "text_delta", "text": text},
            },
            "content_block_delta",
        )
        for text in scenario.chunks
    ]
    delta: dict[str, Any] = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
    }
    if scenario.usage is not None:
        delta["usage"] = _anthropic_usage(scenario.usage, start=False)
    reply.finish = [
        _sse({"type": "content_block_stop", "index": index}, "content_block_stop"),
        _sse(delta, "message_delta"),
        _sse({"type": "message_stop"}, "message_stop"),
    ]
    error = {"type": "overloaded_error", "message": "Overloaded"}
    reply.error = [_sse({"type": "error", "error": error}, "error")]
    return reply


def _gemini_usage(usage: Tokens | dict[str, Any]) -> dict[str, Any]:
    if isinstance(usage, dict):
        return usage
    prompt = usage.input + usage.cache_read
    fields: dict[str, Any] = {
        "promptTokenCount": prompt,
        "candidatesTokenCount": usage.output,
        "totalTokenCount": prompt + usage.output + usage.reasoning,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": prompt}],
    }
    if usage.cache_read:
        fields["cachedContentTokenCount"] = usage.cache_read
    if usage.reasoning:
        fields["thoughtsTokenCount"] = usage.reasoning
    return fields


def _gemini(scenario: Scenario, request: dict[str, Any], model: str) -> _Reply:
    def chunk(parts: list[dict[str, Any]], usage: dict[str, Any] | None, **extra: Any) -> bytes:
        candidate = {"content": {"parts": parts, "role": "model"}, "index": 0, **extra}
        body: dict[str, Any] = {"candidates": [candidate]}
        if usage is not None:
            body["usageMetadata"] = usage
        body.update({"modelVersion": model, "responseId": "fake-response"})
        return _sse(body)

    final = None if scenario.usage is None else _gemini_usage(scenario.usage)

    def partial(count: int) -> dict[str, Any] | None:  # what the API sends mid-stream
        if final is None:
            return None
        prompt = final.get("promptTokenCount", 0)
        return {
            "promptTokenCount": prompt,
            "candidatesTokenCount": count,
            "totalTokenCount": prompt + count,
        }

    reply = _Reply()
    if scenario.thinking:
        reply.head = [chunk([{"text": scenario.thinking, "thought": True}], partial(0))]
    reply.chunks = [
        chunk([{"text": text}], partial(number)) for number, text in enumerate(scenario.chunks, 1)
    ]
    reply.finish = [chunk([{"text": ""}], final, finishReason="STOP")]
    error = {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}
    reply.error = [_sse({"error": error})]
    return reply


OPENAI_ERRORS = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "unsupported_country_region_territory"),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
}
ANTHROPIC_ERRORS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    529: "overloaded_error",
}
GEMINI_ERRORS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def error_body(kind: Kind, code: int, retry_after: float | None = None) -> dict[str, Any]:
    """The JSON body ``kind``'s API sends with HTTP status ``code``."""
    message = f"Fake {REASONS.get(code, 'error')}."
    if kind == "openai":
        error_type, error_code = OPENAI_ERRORS.get(code, ("server_error", None))
        return {
            "error": {"message": message, "type": error_type, "param": None, "code": error_code}
        }
    if kind == "anthropic":
        error_type = ANTHROPIC_ERRORS.get(code, "api_error")
        return {
            "type": "error",
            "error": {"type": error_type, "message": message},
            "request_id": "req_fake",
        }
    error: dict[str, Any] = {
        "code": code,
        "message": message,
        "status": GEMINI_ERRORS.get(code, "UNKNOWN"),
    }
    if retry_after is not None:
        error["details"] = [
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{retry_after:g}s"}
        ]
    return {"error": error}


class FakeProvider:
    """A fake ``kind`` server on 127.0.0.1 (see the module docstring).

    ``base_url``: what to give the SDK; ``requests``: every request received, in order;
    ``script(*scenarios)``: queue answers; ``default``: the answer when none is queued.
    Start and stop it with ``with`` (or ``start()`` / ``close()``).
    """

    def __init__(self, kind: Kind, *, default: Scenario | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown provider kind {kind!r}")
        self.kind = kind
        self.default = default or ok(["Hello", " from", " the fake."])
        self.requests: list[Recorded] = []
        self.port = 0
        self._queue: deque[Scenario] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        """The server's root URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The SDK's base URL: ``<url>/v1`` for OpenAI, the root for the others."""
        return f"{self.url}/v1" if self.kind == "openai" else self.url

    def script(self, *scenarios: Scenario) -> FakeProvider:
        """Queue ``scenarios``: each answers one request, in order."""
        self._queue.extend(scenarios)
        return self

    def start(self) -> FakeProvider:
        """Start serving (returns when the port is open). Raises RuntimeError if not."""
        self._thread = threading.Thread(target=self._run, name=f"fake-{self.kind}", daemon=True)
        self._thread.start()
        if not self._ready.wait(10) or self._error is not None:
            raise RuntimeError(f"fake {self.kind} server did not start: {self._error!r}")
        return self

    def close(self) -> None:
        """Stop serving, dropping open connections (a stalled one too)."""
        if self._loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already stopped
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FakeProvider:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as err:  # reported by start()
            self._error = err
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        tasks: set[asyncio.Task[None]] = set()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            if task is not None:
                tasks.add(task)
            try:
                await self._handle(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
                pass
            finally:
                writer.close()
                if task is not None:
                    tasks.discard(task)

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stop.wait()
        server.close()
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line = (await reader.readline()).decode("latin-1").strip()
        if not request_line:
            return
        method, target, _ = request_line.split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            line = (await reader.readline()).decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
        path, _, query = target.partition("?")
        try:
            parsed: Any = json.loads(body) if body else None
        except ValueError:
            parsed = None
        self.requests.append(
            Recorded(method, path, dict(urllib.parse.parse_qsl(query)), headers, parsed)
        )
        model = self._route(method, path)
        if model is None:
            await self._send_error(writer, 404, None)
            return
        scenario = self._queue.popleft() if self._queue else self.default
        if scenario.status != 200:
            await self._send_error(writer, scenario.status, scenario.retry_after)
            return
        request = parsed if isinstance(parsed, dict) else {}
        if self.kind == "openai":
            reply = _openai(scenario, request)
        elif self.kind == "anthropic":
            reply = _anthropic(scenario, request)
        else:
            reply = _gemini(scenario, request, model)
        await self._stream(writer, scenario, reply)

    def _route(self, method: str, path: str) -> str | None:
        """The model named by the path (or "" when the body names it); None: not found."""
        if method != "POST":
            return None
        if self.kind == "openai":
            return "" if path == "/v1/chat/completions" else None
        if self.kind == "anthropic":
            return "" if path == "/v1/messages" else None
        suffix = ":streamGenerateContent"
        for prefix in ("/v1/models/", "/v1beta/models/"):
            if path.startswith(prefix) and path.endswith(suffix):
                return path[len(prefix) : -len(suffix)]
        return None

    async def _send_error(
        self, writer: asyncio.StreamWriter, code: int, retry_after: float | None
    ) -> None:
        body = json.dumps(error_body(self.kind, code, retry_after)).encode()
        lines = [
            f"HTTP/1.1 {code} {REASONS.get(code, 'Error')}",
            "content-type: application/json",
            f"content-length: {len(body)}",
            "connection: close",
        ]
        if retry_after is not None and self.kind != "gemini":
            lines.append(f"retry-after: {retry_after:g}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()

    async def _stream(
        self, writer: asyncio.StreamWriter, scenario: Scenario, reply: _Reply
    ) -> None:
        head = [
            "HTTP/1.1 200 OK",
            "content-type: text/event-stream",
            "cache-control: no-cache",
            "transfer-encoding: chunked",
            "connection: close",
        ]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())

        async def send(events: list[bytes]) -> None:
            for event in events:
                writer.write(f"{len(event):x}\r\n".encode() + event + b"\r\n")
                await writer.drain()

        await send(reply.head + reply.chunks)
        if scenario.stall:
            await asyncio.sleep(scenario.stall)
            return  # the connection drops
        if scenario.error:
            await send(reply.error)
        elif scenario.finish:
            await send(reply.finish)
        else:
            return  # cut: the connection drops before the finish
        writer.write(b"0\r\n\r\n")
        await writer.drain()
