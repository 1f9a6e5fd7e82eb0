"""A limit on the size of HTTP request bodies (``MAX_BODY_BYTES``), as a pure ASGI middleware.

A request that declares a larger ``Content-Length`` is answered ``413 {"detail": ...}`` before
any of its body is read. A body without ``Content-Length`` (chunked) is counted as it arrives:
once it passes the limit the middleware answers 413 itself, the application gets no more of
the body (reading it raises ``BodyTooLarge``) and whatever the application sends afterwards is
dropped, so at most the limit plus one chunk is ever held in memory. Paths in ``exempt`` (the
attachment upload, which enforces its own per-file limit) and websockets are not limited.
"""

import json
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

Event = MutableMapping[str, Any]  # one ASGI event, as starlette.types defines it


class BodyTooLarge(Exception):
    """Raised to the application when it reads past the body limit (it is answered 413)."""


def _settings_limit() -> int:
    from app.core.config import settings

    limit: int = settings.max_body_bytes
    return limit


class BodyLimitMiddleware:
    """Refuse HTTP request bodies over ``max_bytes()`` bytes (read on every request, so a
    changed setting applies at once) with 413, except on the paths in ``exempt``."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: Callable[[], int] = _settings_limit,
        exempt: Iterable[str] = (),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = frozenset(exempt)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes()
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        state = _Counter(limit, receive, send)
        try:
            await self.app(scope, state.receive, state.send)
        except BodyTooLarge:
            pass
        except Exception:
            if not state.refused:
                raise
        if state.refused and not state.answered and not state.started:
            await _refuse(send, limit)


class _Counter:
    """The request's ``receive``/``send`` wrapped: counts body bytes, refuses past the limit."""

    def __init__(self, limit: int, receive: Receive, send: Send) -> None:
        self.limit = limit
        self.inner_receive = receive
        self.inner_send = send
        self.seen = 0  # body bytes received so far
        self.refused = False  # the body passed the limit
        self.started = False  # the application started its response
        self.answered = False  # the 413 was sent

    async def receive(self) -> Event:
        if self.refused:
            raise BodyTooLarge
        message = await self.inner_receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limit:
                self.refused = True
                if not self.started:
                    self.answered = True
                    await _refuse(self.inner_send, self.limit)
                raise BodyTooLarge
        return message

    async def send(self, message: Event) -> None:
        if self.refused:  # the 413 is (or will be) the answer; drop the application's
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self.inner_send(message)


def _content_length(scope: Scope) -> int | None:
    """The request's declared body length in bytes; None when absent or not a number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body larger than {limit} bytes"}).encode()
    start: dict[str, Any] = {
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
