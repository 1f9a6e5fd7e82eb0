"""Limits that keep the server responsive: the request body limit (413), the message length,
the per-user send rate, replies generating at once and the daily budget (``error`` frames)."""

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from tests.conftest import Account, create_ticket

REGISTER_URL = "/api/auth/register"
LOGIN_URL = "/api/auth/login"
HUGE = 50 * 1024 * 1024  # bytes: far over the default limit of the request body
CHUNK = 64 * 1024


class Chunks:
    """A request body of ``total`` bytes in ``CHUNK``-byte pieces; ``sent`` counts the bytes
    the client took from it (what it managed to send, plus at most one chunk)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        while self.sent < self.total:
            piece = b"x" * min(CHUNK, self.total - self.sent)
            self.sent += len(piece)
            yield piece


@contextmanager
def served() -> Iterator[str]:
    """The app on a real uvicorn on 127.0.0.1 (a free port, no lifespan, the logging left as
    it is); yields its URL."""
    from app.main import app

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        for _ in range(6000):  # polls until the server listens; never a timed assertion
            if server.started:
                break
            time.sleep(0.005)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)
        listener.close()


def test_a_body_declared_over_the_limit_is_refused_unread(client: TestClient) -> None:
    from app.core.config import settings

    response = client.post(
        REGISTER_URL,
        content=b"{" + b" " * HUGE + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"request body larger than {settings.max_body_bytes} bytes"
    }


def test_a_chunked_body_over_the_limit_is_refused(client: TestClient) -> None:
    body = Chunks(HUGE)
    response = client.post(
        REGISTER_URL, content=iter(body), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "detail" in response.json()


def test_a_chunked_body_under_the_limit_is_served(client: TestClient) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"username": '
        yield b'"nobody", "password": "not-the-password"}'

    response = client.post(
        LOGIN_URL, content=pieces(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code not in (413, 500), response.text


def test_the_body_limit_is_read_at_each_request(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.config import settings

    monkeypatch.setattr(settings, "max_body_bytes", 2048)
    response = client.post(REGISTER_URL, json={"padding": "x" * 4096})
    assert response.status_code == 413
    assert response.json() == {"detail": "request body larger than 2048 bytes"}


def test_a_real_server_refuses_a_chunked_body_without_reading_it() -> None:
    body = Chunks(HUGE)
    with served() as url, httpx.Client(base_url=url, timeout=60) as http:
        response = http.post(
            REGISTER_URL, content=iter(body), headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 413
    assert "detail" in response.json()
    assert body.sent < HUGE // 2, f"the server read {body.sent} bytes of the body"


def test_a_real_server_refuses_a_declared_length_at_once() -> None:
    body = Chunks(HUGE)
    headers = {"Content-Type": "application/json", "Content-Length": str(HUGE)}
    with served() as url, httpx.Client(base_url=url, timeout=60) as http:
        response = http.post(REGISTER_URL, content=iter(body), headers=headers)
    assert response.status_code == 413
    assert body.sent < HUGE // 2, f"the server read {body.sent} bytes of the body"


MESSAGES_URL = "/api/tickets/{id}/replies"


def send(ws: WebSocketTestSession, conversation_id: str, content: str) -> None:
    ws.send_json(
        {"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}}
    )


def until_error(ws: WebSocketTestSession) -> dict[str, Any]:
    """The data of the next ``error`` frame (other frames are skipped)."""
    while True:
        frame = ws.receive_json()
        if frame["type"] == "error":
            return dict(frame["data"])


def replies(ws: WebSocketTestSession, count: int) -> list[dict[str, Any]]:
    """The final ``message.updated`` of the next ``count`` replies (an ``error`` frame fails)."""
    finished: list[dict[str, Any]] = []
    while len(finished) < count:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        if frame["type"] == "message.updated" and frame["data"]["state"] != "typing":
            finished.append(dict(frame["data"]))
    return finished


def stored(client: TestClient, account: Account, conversation_id: str) -> int:
    """How many messages the conversation has."""
    response = client.get(MESSAGES_URL.format(id=conversation_id), headers=account.headers)
    assert response.status_code == 200, response.text
    return int(response.json()["count"])


def wait_until_idle() -> None:
    """Wait until no reply streams and no title is being written (polls; never timed)."""
    from app.chat import service

    for _ in range(12000):
        if service.idle():
            return
        time.sleep(0.005)
    raise AssertionError("the chat never became idle")


class HeldProvider:
    """Streams one word, then holds every reply at a gate until the test opens ``opened``;
    reports ``usage`` tokens (input, output). ``calls`` counts the replies asked for."""

    name = "held"

    def __init__(self, usage: tuple[int, int] = (1, 2), held: bool = True) -> None:
        self.usage = usage
        self.calls = 0
        self.opened = threading.Event()
        if not held:
            self.opened.set()

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        import asyncio

        from app.chat.providers.base import Completion, Delta, Usage

        del request
        self.calls += 1
        yield Delta("held ")
        while not self.opened.is_set():
            await asyncio.sleep(0.005)
        yield Delta("reply")
        yield Completion(Usage(*self.usage), "stop")


def test_a_message_over_the_length_limit_is_refused(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.config import settings

    monkeypatch.setattr(settings, "max_message_chars", 12)
    conversation = create_ticket(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "x" * 13)
        error = until_error(ws)
        assert error == {"code": "message_too_long", "message": "content: at most 12 characters"}
        assert stored(client, user, conversation["id"]) == 0
        send(ws, conversation["id"], "x" * 12)
        replies(ws, 1)
    assert stored(client, user, conversation["id"]) == 2
    wait_until_idle()


def test_sends_over_the_rate_limit_are_refused(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.config import settings

    monkeypatch.setattr(settings, "rate_limit_send", "2/minute")
    conversation = create_ticket(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        for number in range(2):
            send(ws, conversation["id"], f"message {number}")
            replies(ws, 1)
        send(ws, conversation["id"], "one too many")
        error = until_error(ws)
    assert error["code"] == "rate_limited"
    assert "retry in" in error["message"]
    assert stored(client, user, conversation["id"]) == 4
    wait_until_idle()


def test_replies_generating_at_once_are_capped(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from app.core.config import settings

    provider = HeldProvider()
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    monkeypatch.setattr(settings, "max_concurrent_generations", 2)
    conversation = create_ticket(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "first")
        send(ws, conversation["id"], "second")
        send(ws, conversation["id"], "third")
        error = until_error(ws)
        assert error["code"] == "too_many_generations"
        assert stored(client, user, conversation["id"]) == 4
        assert provider.calls <= 2
        provider.opened.set()
        replies(ws, 2)
        wait_until_idle()
        send(ws, conversation["id"], "a slot is free again")
        replies(ws, 1)
    assert stored(client, user, conversation["id"]) == 6
    wait_until_idle()


def test_two_sends_at_once_never_both_take_the_last_slot(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from app.core.config import settings

    provider = HeldProvider()
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    monkeypatch.setattr(settings, "max_concurrent_generations", 1)
    first = create_ticket(client, user)
    second = create_ticket(client, user)
    url = f"/ws?token={user.token}"
    with client.websocket_connect(url) as one, client.websocket_connect(url) as two:
        send(one, first["id"], "at once")
        send(two, second["id"], "at once")
        outcomes: list[str] = []
        for ws in (one, two):
            while True:
                frame = ws.receive_json()
                if frame["type"] == "error":
                    outcomes.append(frame["data"]["code"])
                    break
                if frame["type"] == "message.streaming":
                    outcomes.append("streaming")
                    break
        assert sorted(outcomes) == ["streaming", "too_many_generations"]
        provider.opened.set()
    wait_until_idle()
    counts = sorted(stored(client, user, c["id"]) for c in (first, second))
    assert counts == [0, 2]


class RecordingProvider:
    """Answers "ok" at once and records each request's prompt."""

    name = "recording"

    def __init__(self) -> None:
        self.prompts: list[tuple[Any, ...]] = []

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        from app.chat.providers.base import Completion, Delta, Usage

        self.prompts.append(tuple(request.messages))
        yield Delta("ok")
        yield Completion(Usage(1, 1), "stop")


def test_a_long_conversation_reads_only_what_the_context_window_takes(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from app.chat import catalog, service, stream
    from app.core.config import settings

    conversation = create_ticket(client, user)
    provider = RecordingProvider()
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    key = (
        conversation["ai_provider"] or settings.default_provider,
        conversation["ai_model"] or settings.default_model,
    )
    reserve = 0
    models = dict(catalog.MODELS)
    models[key] = dataclasses.replace(models[key], context_window=reserve + 1200)  # tokens
    monkeypatch.setattr(service, "MODELS", models)
    read: list[int] = []
    build_prompt = stream.build_prompt

    def counting(rows: Any, *args: Any) -> Any:
        rows = list(rows)
        read.append(len(rows))
        return build_prompt(rows, *args)

    monkeypatch.setattr(service, "build_prompt", counting)
    questions = [f"{number} " + "x" * 1998 for number in range(8)]  # 500 tokens each
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        for question in questions:
            send(ws, conversation["id"], question)
            replies(ws, 1)
    wait_until_idle()
    assert stored(client, user, conversation["id"]) == 16
    assert read[-1] <= 5, f"the last reply read {read[-1]} of 15 earlier messages"
    last = [turn for turn in provider.prompts[-1] if turn.role != "system"]
    assert last[-1].content == questions[-1]
    assert [turn.content for turn in last if turn.role == "user"] == questions[-2:]


def test_a_spent_token_budget_refuses_the_next_reply(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from app.core.config import settings

    provider = HeldProvider(usage=(600, 500), held=False)
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    monkeypatch.setattr(settings, "budget_tokens_per_day", 1000)
    conversation = create_ticket(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "within the budget")
        replies(ws, 1)
        wait_until_idle()
        send(ws, conversation["id"], "over the budget")
        error = until_error(ws)
    assert error["code"] == "budget_exceeded"
    assert "1000 tokens" in error["message"]
    assert provider.calls == 1, "a reply over the budget was generated"
    assert stored(client, user, conversation["id"]) == 2


def test_a_spent_usd_budget_refuses_the_next_reply(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from app.core.config import settings

    provider = HeldProvider(usage=(1_000_000, 1_000_000), held=False)
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    monkeypatch.setattr(settings, "budget_usd_per_day", Decimal("0.000001"))
    conversation = create_ticket(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "within the budget")
        [final] = replies(ws, 1)
        wait_until_idle()
        if not final["price"] or not Decimal(final["price"]):
            pytest.skip("the default model has no price: its replies cost nothing")
        send(ws, conversation["id"], "over the budget")
        error = until_error(ws)
    assert error["code"] == "budget_exceeded"
    assert "USD" in error["message"]
    assert provider.calls == 1, "a reply over the budget was generated"
    assert stored(client, user, conversation["id"]) == 2


def test_another_users_spending_does_not_count(
    client: TestClient, user: Account, other_user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from app.core.config import settings

    provider = HeldProvider(usage=(1_000_000, 1_000_000), held=False)
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    monkeypatch.setattr(settings, "budget_usd_per_day", Decimal("0.000001"))
    for account in (user, other_user):
        conversation = create_ticket(client, account)
        with client.websocket_connect(f"/ws?token={account.token}") as ws:
            send(ws, conversation["id"], "my own budget")
            replies(ws, 1)
        wait_until_idle()
    assert provider.calls == 2
