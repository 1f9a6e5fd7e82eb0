"""The websocket chat: streaming, persistence, usage and cost, subscriptions, bad frames."""

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from tests.conftest import Account, create_conversation


def frames_until_reply(ws: WebSocketTestSession) -> list[dict[str, Any]]:
    """Every frame up to the ``conversation.updated`` that follows the final message.

    An ``error`` frame fails at once (the reply it stands for will never come)."""
    frames: list[dict[str, Any]] = []
    done = False
    while True:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        frames.append(frame)
        if frame["type"] == "message.updated" and frame["data"]["status"] != "streaming":
            done = True
        if done and frame["type"] == "conversation.updated":
            return frames


def final_message(frames: list[dict[str, Any]]) -> dict[str, Any]:
    return next(f["data"] for f in frames if f["type"] == "message.updated")


def expected_cost(
    conversation: dict[str, Any], prompt: int, completion: int, scale: int
) -> Decimal:
    """The price list's cost of a reply in ``conversation`` (``prompt`` uncached input and
    ``completion`` output tokens, at today's price), rounded to ``scale`` places."""
    import datetime

    from app.chat.catalog import MODELS
    from app.chat.pricing import price_on
    from app.core.config import settings

    provider = conversation["provider"] or settings.default_provider
    model = conversation["model"] or settings.default_model
    price = price_on(MODELS[(provider, model)], datetime.datetime.now(datetime.UTC).date())
    assert price is not None
    exact = (prompt * price.input + completion * price.output) / 1_000_000
    return exact.quantize(Decimal(1).scaleb(-scale))


def send(ws: WebSocketTestSession, conversation_id: str | None, content: str) -> None:
    ws.send_json(
        {"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}}
    )


def test_reply_streams_and_is_stored(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Hello, streaming world")
        frames = frames_until_reply(ws)
    created = [f["data"] for f in frames if f["type"] == "message.created"]
    assert [m["role"] for m in created] == ["user", "assistant"]
    assert created[1]["status"] == "streaming"
    deltas = [f["data"] for f in frames if f["type"] == "message.streaming"]
    assert deltas, "no message.streaming frames"
    text, seq = "", -1
    for delta in deltas:
        assert delta["message_id"] == created[1]["id"]
        assert delta["seq"] > seq  # increasing; coalesced frames may skip numbers
        assert delta["offset"] == len(text)
        seq = delta["seq"]
        text += delta["delta"]
    final = next(f["data"] for f in frames if f["type"] == "message.updated")
    assert final["status"] == "done"
    assert final["content"] == text
    assert final["completion_tokens"] == seq + 1  # the mock: a token per delta
    assert final["prompt_tokens"] > 0
    assert final["cost"] is not None
    assert Decimal(final["cost"]) == expected_cost(
        conversation, final["prompt_tokens"], final["completion_tokens"], 10
    )
    stored = client.get(
        f"/api/conversations/{conversation['id']}/messages", headers=user.headers
    ).json()
    assert [m["content"] for m in stored["data"]] == ["Hello, streaming world", text]
    totals = [f["data"] for f in frames if f["type"] == "conversation.updated"][-1]
    assert totals["total_tokens"] == final["total_tokens"]
    # The two columns may round to different scales: compare the amounts, not the strings.
    coarser = Decimal(1).scaleb(-10)
    assert abs(Decimal(totals["total_cost"]) - Decimal(final["cost"])) < coarser
    assert totals["message_count"] == 2


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: what ``offset`` counts (a browser's string length)."""
    return len(text.encode("utf-16-le")) // 2


def test_offsets_count_utf16_code_units(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "\U0001f600 \U0001d11e \u00e9 \U0001f389")
        frames = frames_until_reply(ws)
    deltas = [f["data"] for f in frames if f["type"] == "message.streaming"]
    text = ""
    for delta in deltas:
        assert delta["offset"] == utf16_len(text), (delta, text)
        text += delta["delta"]
    assert "\U0001f600" in text and "\U0001f389" in text
    assert utf16_len(text) > len(text)  # the astral characters count twice
    assert final_message(frames)["content"] == text


class GatedProvider:
    """Streams ``before``, waits at a gate the test opens, then streams ``after``.

    ``reached`` is set once every delta before the gate was published and written: the engine
    asks for the next event only after it handled the last one, which comes after a pause of
    the flush interval; the batched writer is then asked to write all pending text.
    """

    name = "gated"

    def __init__(self, before: list[str], after: list[str]) -> None:
        self.before = before
        self.after = after
        self.reached = threading.Event()
        self.opened = threading.Event()

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        from app.chat.bindings import FLUSH
        from app.chat.providers.base import Completion, Delta, Usage

        del request
        for number, word in enumerate(self.before, 1):
            if number == len(self.before):
                await asyncio.sleep(FLUSH.interval)
            yield Delta(word)
        from app.chat.service import writer

        await writer.flush(everything=True)
        self.reached.set()
        while not self.opened.is_set():
            await asyncio.sleep(0.005)
        for word in self.after:
            yield Delta(word)
        yield Completion(Usage(1, len(self.before) + len(self.after)), "stop")


def test_partial_reply_is_stored_while_streaming(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service

    provider = GatedProvider(["a ", "b ", "c "], ["d ", "e"])
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    conversation = create_conversation(client, user)
    messages_url = f"/api/conversations/{conversation['id']}/messages"
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Please answer slowly")
        assert provider.reached.wait(60), "the reply never reached the gate"
        stored = client.get(messages_url, headers=user.headers).json()["data"][-1]
        assert stored["status"] == "streaming"
        assert stored["content"] == "a b c "
        with client.websocket_connect(f"/ws?token={user.token}") as late:
            late.send_json(
                {"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}}
            )
            assert late.receive_json()["type"] == "conversation.updated"
            resumed = late.receive_json()
            assert resumed["type"] == "message.updated"
            assert resumed["data"]["status"] == "streaming"
            assert resumed["data"]["content"] == "a b c "
            provider.opened.set()
            late_frames = frames_until_reply(late)
        frames = frames_until_reply(ws)
    live = [f["data"] for f in late_frames if f["type"] == "message.streaming"]
    text = "a b c "
    for data in live:  # queued deltas may be coalesced into one frame: the offsets stay exact
        assert data["offset"] == len(text)
        text += data["delta"]
    assert text == "a b c d e"
    final = final_message(frames)
    assert final["content"] == "a b c d e"
    assert final_message(late_frames) == final
    stored = client.get(messages_url, headers=user.headers).json()["data"][-1]
    assert stored["content"] == final["content"]


class BusyProvider:
    """Streams ``before`` with a pause after each delta, holds at a gate until the test opens
    ``opened``, then streams ``after``; ``started`` is set after the first delta."""

    name = "busy"

    def __init__(self, before: list[str], after: list[str]) -> None:
        self.before = before
        self.after = after
        self.started = threading.Event()
        self.opened = threading.Event()

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        from app.chat.providers.base import Completion, Delta, Usage

        del request
        for word in self.before:
            yield Delta(word)
            self.started.set()
            await asyncio.sleep(0.002)
        while not self.opened.is_set():
            await asyncio.sleep(0.005)
        for word in self.after:
            yield Delta(word)
        yield Completion(Usage(1, len(self.before) + len(self.after)), "stop")


def test_joining_mid_stream_gives_a_snapshot_then_every_later_delta(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service

    provider = BusyProvider(["ab "] * 300, ["z"])
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Keep talking")
        assert provider.started.wait(60), "the reply never started"
        with client.websocket_connect(f"/ws?token={user.token}") as late:
            late.send_json(
                {"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}}
            )
            assert late.receive_json()["type"] == "conversation.updated"
            snapshot = late.receive_json()
            assert snapshot["type"] == "message.updated", snapshot
            assert snapshot["data"]["status"] == "streaming"
            seen = snapshot["data"]["content"]
            while seen != "".join(provider.before):  # every delta up to the gate, none twice
                frame = late.receive_json()
                assert frame["type"] == "message.streaming", frame
                assert frame["data"]["offset"] == len(seen)
                seen += frame["data"]["delta"]
            provider.opened.set()
            final = final_message(frames_until_reply(late))
        frames_until_reply(ws)
    assert final["content"] == seen + "z"


class FailingProvider:
    """Streams one delta, then fails the way a broken network or SDK does."""

    name = "failing"

    accepts_images = False

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        from app.chat.providers.base import Delta

        del request
        yield Delta("partial ")
        raise self.error


def test_a_failing_provider_ends_the_reply_as_error(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from app.chat.providers.base import ProviderError

    failing = FailingProvider(ProviderError("interrupted", "boom"))
    monkeypatch.setattr(service, "get_provider", lambda _name: failing)
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Fail, please")
        final = final_message(frames_until_reply(ws))
    assert final["status"] == "error"
    assert final["content"] == "partial "
    assert final["error"] == "boom"[:4]
    assert final["error_code"] == "interrupted"[:32]
    assert final["finish_reason"] == "error"[:32]
    assert final["usage_estimated"] is True


def test_an_internal_failure_is_stored_without_its_details(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service

    failing = FailingProvider(RuntimeError("secret internals"))
    monkeypatch.setattr(service, "get_provider", lambda _name: failing)
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Fail inside, please")
        final = final_message(frames_until_reply(ws))
    assert final["status"] == "error"
    assert final["content"] == "partial "
    assert "secret internals" not in final["error"]
    assert final["error_code"] == "internal_error"[:32]


def test_every_tab_of_the_owner_gets_the_events(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    with (
        client.websocket_connect(f"/ws?token={user.token}") as tab1,
        client.websocket_connect(f"/ws?token={user.token}") as tab2,
    ):
        tab2.send_json(
            {"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}}
        )
        snapshot = tab2.receive_json()
        assert snapshot["type"] == "conversation.updated"
        assert snapshot["data"]["id"] == conversation["id"]
        send(tab1, conversation["id"], "Two tabs")
        first = frames_until_reply(tab1)
        second = frames_until_reply(tab2)
    assert final_message(first) == final_message(second)


def test_new_conversation_from_send(client: TestClient, user: Account) -> None:
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, None, "Start something new")
        frames = frames_until_reply(ws)
    assert frames[0]["type"] == "conversation.created"
    conversation_id = frames[0]["data"]["id"]
    assert (
        client.get(f"/api/conversations/{conversation_id}", headers=user.headers).status_code == 200
    )


def test_others_cannot_subscribe_or_send(
    client: TestClient, user: Account, other_user: Account
) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={other_user.token}") as ws:
        ws.send_json(
            {"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}}
        )
        assert ws.receive_json() == {
            "type": "error",
            "data": {"code": "not_found", "message": "Conversation not found"},
        }
        send(ws, conversation["id"], "not mine")
        assert ws.receive_json()["data"]["code"] == "not_found"


def test_bad_frames_get_errors_and_the_socket_stays_open(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_text("not json")
        assert ws.receive_json()["data"]["code"] == "invalid_json"
        ws.send_json({"type": "no.such.type", "data": {}})
        assert ws.receive_json()["data"]["code"] == "unknown_type"
        ws.send_json({"type": "message.send", "data": {"conversation_id": conversation["id"]}})
        assert ws.receive_json()["data"]["code"] == "invalid_payload"
        send(ws, conversation["id"], "nul \x00 character")
        assert ws.receive_json()["data"]["code"] == "invalid_payload"
        ws.send_json({"type": "conversation.subscribe", "data": {"conversation_id": "nope"}})
        assert ws.receive_json()["data"]["code"] == "invalid_payload"
        ws.send_json(
            {"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}}
        )
        assert ws.receive_json()["type"] == "conversation.updated"


# Without ``?token=`` a socket authenticates with its first frame (tests/test_ws_security.py).
@pytest.mark.parametrize("query", ["?token=", "?token=not-a-jwt"])
def test_bad_token_closes_with_1008(client: TestClient, query: str) -> None:
    with (
        client.websocket_connect(f"/ws{query}") as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_json()
    assert closed.value.code == 1008


def test_new_conversations_use_the_default_provider_and_model(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:

    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, None, "Which model answers?")
        frames = frames_until_reply(ws)
    conversation = frames[0]["data"]
    final = final_message(frames)
    assert final["status"] == "done"
    assert conversation["model"]


def test_the_websocket_token_never_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    import app.main  # noqa: F401  (installs the redaction)

    caplog.set_level(logging.INFO)
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1:5000",
        "GET",
        "/ws?token=secret.jwt.value&x=1",
        "1.1",
        101,
    )
    assert "secret.jwt.value" not in caplog.text
    assert "/ws?token=[redacted]&x=1" in caplog.text
