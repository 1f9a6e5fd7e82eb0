"""``app/core/body_limit.py``: the request body limit as a pure ASGI middleware, driven with
scripted ASGI messages (the generated suite drives it through a real uvicorn)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from app.core.body_limit import BodyLimitMiddleware, BodyTooLarge

LIMIT = 100


class EchoApp:
    """Reads the whole body, then answers 200 with its length; records what it read."""

    def __init__(self, catch: bool = False, start_first: bool = False) -> None:
        self.calls = 0
        self.read = 0
        self.catch = catch  # swallow BodyTooLarge and answer 400 (as a framework might)
        self.start_first = start_first  # start the response before reading the body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.calls += 1
        if scope["type"] != "http":
            await send({"type": "websocket.accept"})
            return
        if self.start_first:
            await send({"type": "http.response.start", "status": 200, "headers": []})
        try:
            while True:
                message = await receive()
                self.read += len(message.get("body", b""))
                if not message.get("more_body"):
                    break
        except BodyTooLarge:
            if not self.catch:
                raise
            await send({"type": "http.response.start", "status": 400, "headers": []})
            await send({"type": "http.response.body", "body": b"bad"})
            return
        if not self.start_first:
            await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(self.read).encode()})


def run(
    app: EchoApp,
    chunks: list[bytes],
    *,
    path: str = "/api/auth/register",
    length: int | None = None,
    exempt: tuple[str, ...] = (),
    kind: str = "http",
) -> tuple[list[dict[str, Any]], int]:
    """Drive the middleware; returns the messages sent and how many chunks were received."""
    headers = [(b"content-type", b"application/json")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    scope = {"type": kind, "path": path, "headers": headers, "method": "POST"}
    queue = list(chunks)
    taken = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal taken
        if not queue:
            return {"type": "http.disconnect"}
        taken += 1
        body = queue.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(queue)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    middleware = BodyLimitMiddleware(app, max_bytes=lambda: LIMIT, exempt=exempt)  # type: ignore[arg-type]
    asyncio.run(middleware(scope, receive, send))  # type: ignore[arg-type]
    return sent, taken


def status_and_body(sent: list[dict[str, Any]]) -> tuple[int, bytes]:
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, sent
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return starts[0]["status"], body


def test_a_declared_length_over_the_limit_is_refused_before_the_app_runs() -> None:
    app = EchoApp()
    sent, taken = run(app, [b"x" * 10] * 20, length=200)
    status, body = status_and_body(sent)
    assert status == 413
    assert json.loads(body) == {"detail": f"request body larger than {LIMIT} bytes"}
    assert (app.calls, taken) == (0, 0)


def test_a_counted_body_over_the_limit_is_refused_after_one_chunk_too_many() -> None:
    app = EchoApp()
    sent, taken = run(app, [b"x" * 30] * 100)  # no Content-Length: counted as it comes
    status, body = status_and_body(sent)
    assert status == 413
    assert "detail" in json.loads(body)
    assert taken == 4  # 120 bytes > 100: the rest is never asked for
    assert app.read == 90


def test_a_body_within_the_limit_reaches_the_app() -> None:
    app = EchoApp()
    sent, _taken = run(app, [b"x" * 50, b"y" * 50], length=100)
    assert status_and_body(sent) == (200, b"100")


def test_a_lying_content_length_is_still_counted() -> None:
    app = EchoApp()
    sent, taken = run(app, [b"x" * 60] * 5, length=10)
    assert status_and_body(sent)[0] == 413
    assert taken == 2


def test_the_apps_own_answer_after_the_limit_is_dropped() -> None:
    app = EchoApp(catch=True)
    sent, _taken = run(app, [b"x" * 60] * 5)
    assert status_and_body(sent)[0] == 413


def test_a_response_already_started_is_not_answered_twice() -> None:
    app = EchoApp(start_first=True)
    sent, _taken = run(app, [b"x" * 60] * 5)
    assert status_and_body(sent)[0] == 200  # truncated: the server closes the connection


@pytest.mark.parametrize("kind", ["exempt", "websocket"])
def test_exempt_paths_and_websockets_are_not_limited(kind: str) -> None:
    app = EchoApp()
    if kind == "exempt":
        sent, _taken = run(
            app, [b"x" * 60] * 5, exempt=("/api/attachments",), path="/api/attachments"
        )
        assert status_and_body(sent) == (200, b"300")
    else:
        sent, _taken = run(app, [], kind="websocket", path="/ws")
        assert sent == [{"type": "websocket.accept"}]
