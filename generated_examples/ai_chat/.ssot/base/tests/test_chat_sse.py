"""The AI SDK transports: ``POST /api/chat`` (UI message stream over SSE), its resume and stop
routes, and ``/ws/chat`` (``WebSocketChatTransport`` frames)."""

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from tests.conftest import Account, create_conversation

CHAT = "/api/chat"
STREAMING = "streaming"


def body(conversation_id: str, text: str = "Hello, useChat", **extra: Any) -> dict[str, Any]:
    """A body as ``DefaultChatTransport`` posts it."""
    message = {"id": "Wq1b2c3d4e5f6g7h", "role": "user", "parts": [{"type": "text", "text": text}]}
    return {"id": conversation_id, "messages": [message], "trigger": "submit-message", **extra}


def chunks_of(text: str) -> list[dict[str, Any]]:
    """The chunks of an SSE body, which must end with ``data: [DONE]``."""
    events = [event for event in text.split("\n\n") if event.strip()]
    assert all(event.startswith("data: ") for event in events), events
    assert events[-1] == "data: [DONE]", events[-1]
    return [json.loads(event[6:]) for event in events[:-1]]


def messages(client: TestClient, user: Account, conversation_id: str) -> list[dict[str, Any]]:
    url = f"/api/conversations/{conversation_id}/messages"
    response = client.get(url, headers=user.headers)
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


def wait_idle() -> None:
    from app.chat import service

    deadline = time.monotonic() + 30
    while not service.idle():
        assert time.monotonic() < deadline, "a reply never ended"
        time.sleep(0.01)


class GatedProvider:
    """Streams ``before``, waits until the test sets ``opened``, then streams ``after``;
    ``reached`` is set at the gate."""

    name = "gated"

    def __init__(self, before: list[str], after: list[str]) -> None:
        self.before, self.after = before, after
        self.reached = threading.Event()
        self.opened = threading.Event()

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        from app.chat.providers.base import Completion, Delta, Usage

        del request
        for word in self.before:
            yield Delta(word)
        self.reached.set()
        while not self.opened.is_set():
            await asyncio.sleep(0.005)
        for word in self.after:
            yield Delta(word)
        yield Completion(Usage(1, len(self.before) + len(self.after)), "stop")


def test_a_reply_streams_as_ui_message_chunks(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    response = client.post(CHAT, json=body(conversation["id"]), headers=user.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["x-vercel-ai-ui-message-stream"] == "v1"
    chunks = chunks_of(response.text)
    types = [chunk["type"] for chunk in chunks]
    deltas = types.count("text-delta")
    assert deltas > 0
    assert types == ["start", "start-step", "text-start"] + ["text-delta"] * deltas + [
        "text-end",
        "finish-step",
        "message-metadata",
        "finish",
    ]
    wait_idle()
    stored = messages(client, user, conversation["id"])
    reply = stored[-1]
    assert stored[-2]["content"] == "Hello, useChat"
    assert chunks[0]["messageId"] == reply["id"]
    text = "".join(chunk["delta"] for chunk in chunks if chunk["type"] == "text-delta")
    assert text == reply["content"]
    assert {chunk["id"] for chunk in chunks if "id" in chunk} == {reply["id"]}
    metadata = chunks[-2]["messageMetadata"]
    assert metadata["status"] == "done"
    assert chunks[-1]["finishReason"] == "stop"
    assert metadata["usage"]["total_tokens"] == reply["total_tokens"] > 0
    assert metadata["cost"] == reply["cost"]


def test_the_stream_routes_need_a_token(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    assert client.post(CHAT, json=body(conversation["id"])).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.post(CHAT, json=body(conversation["id"]), headers=bad).status_code == 401
    assert client.get(f"{CHAT}/{conversation['id']}/stream").status_code == 401
    assert client.post(f"{CHAT}/{conversation['id']}/stop").status_code == 401


def test_another_users_conversation_is_not_found(
    client: TestClient, user: Account, other_user: Account
) -> None:
    conversation = create_conversation(client, user)
    headers = other_user.headers
    assert client.post(CHAT, json=body(conversation["id"]), headers=headers).status_code == 404
    assert client.get(f"{CHAT}/{conversation['id']}/stream", headers=headers).status_code == 404
    assert client.post(f"{CHAT}/{conversation['id']}/stop", headers=headers).status_code == 404
    assert messages(client, user, conversation["id"]) == []


@pytest.mark.parametrize(
    "change",
    [
        {"messages": []},
        {"trigger": "resume-stream"},
        {"id": "Zx8Qn2ClientChatId"},
        {
            "messages": [
                {"id": "a1", "role": "assistant", "parts": [{"type": "text", "text": "hi"}]}
            ]
        },
        {"messages": [{"id": "u1", "role": "user", "parts": [{"type": "file", "url": "data:,x"}]}]},
        {"messageId": "not-a-server-id"},
    ],
)
def test_a_bad_body_is_refused_before_the_stream(
    client: TestClient, user: Account, change: dict[str, Any]
) -> None:
    conversation = create_conversation(client, user)
    response = client.post(CHAT, json={**body(conversation["id"]), **change}, headers=user.headers)
    assert response.status_code == 422, response.text
    assert messages(client, user, conversation["id"]) == []


def test_nothing_to_resume_is_204(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    response = client.get(f"{CHAT}/{conversation['id']}/stream", headers=user.headers)
    assert response.status_code == 204
    assert client.post(f"{CHAT}/{conversation['id']}/stop", headers=user.headers).status_code == 204


def _subscribers(conversation_id: str) -> int:
    import uuid

    from app.chat.hub import hub

    channel = hub.conversation_channel(uuid.UUID(conversation_id))
    return len(hub._channels.get(channel, ()))


def test_resume_replays_the_streaming_reply_then_follows_it(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service

    provider = GatedProvider(["Ready ", "🦄 "], ["steady ", "go"])
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    conversation = create_conversation(client, user)
    url = f"{CHAT}/{conversation['id']}/stream"
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json(
            {
                "type": "message.send",
                "data": {"conversation_id": conversation["id"], "content": "Go"},
            }
        )
        assert provider.reached.wait(30), "the reply never reached the gate"
        resumed: list[Any] = []
        reader = threading.Thread(
            target=lambda: resumed.append(client.get(url, headers=user.headers))
        )
        reader.start()
        deadline = time.monotonic() + 30
        while _subscribers(conversation["id"]) < 2:  # the resume follows the reply now
            assert time.monotonic() < deadline and reader.is_alive(), resumed
            time.sleep(0.005)
        provider.opened.set()
        reader.join(30)
    wait_idle()
    response = resumed[0]
    assert response.status_code == 200, response.text
    chunks = chunks_of(response.text)
    reply = messages(client, user, conversation["id"])[-1]
    assert chunks[0] == {
        "type": "start",
        "messageId": reply["id"],
        "messageMetadata": {"status": "streaming"},
    }
    deltas = [chunk["delta"] for chunk in chunks if chunk["type"] == "text-delta"]
    assert deltas[0] == "Ready 🦄 "  # the text so far, in one delta
    assert "".join(deltas) == reply["content"] == "Ready 🦄 steady go"
    assert [chunk["type"] for chunk in chunks[-2:]] == ["message-metadata", "finish"]


def test_stop_ends_the_streaming_reply_cancelled(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service

    provider = GatedProvider(["Half ", "a "], ["reply"])
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json(
            {
                "type": "message.send",
                "data": {"conversation_id": conversation["id"], "content": "Go"},
            }
        )
        assert provider.reached.wait(30), "the reply never reached the gate"
        stop = client.post(f"{CHAT}/{conversation['id']}/stop", headers=user.headers)
        assert stop.status_code == 204
        while True:  # until the reply is stored as it ended
            frame = ws.receive_json()
            if frame["type"] == "message.updated" and frame["data"]["status"] != STREAMING:
                break
    reply = messages(client, user, conversation["id"])[-1]
    assert reply["status"] == "cancelled"
    assert reply["content"] == "Half a "


# --- /ws/chat: WebSocketChatTransport ------------------------------------------------------


def send_frame(conversation_id: str, request_id: str = "r1", **extra: Any) -> dict[str, Any]:
    """A ``send`` frame as ``WebSocketChatTransport`` sends it."""
    frame = {"type": "send", "requestId": request_id, "headers": {}, "body": {}}
    return {**frame, **body(conversation_id), **extra}


def until_end(ws: WebSocketTestSession, request_id: str) -> list[dict[str, Any]]:
    """The frames of ``request_id`` up to its ``end`` (an ``error`` fails)."""
    frames: list[dict[str, Any]] = []
    while True:
        frame = ws.receive_json()
        assert frame["requestId"] == request_id, frame
        assert frame["type"] != "error", frame
        frames.append(frame)
        if frame["type"] == "end":
            return frames


def test_ws_chat_streams_numbered_chunks(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws/chat?token={user.token}") as ws:
        ws.send_json(send_frame(conversation["id"]))
        frames = until_end(ws, "r1")
    chunks = [frame for frame in frames if frame["type"] == "chunk"]
    assert [frame["sequence"] for frame in chunks] == list(range(len(chunks)))
    assert len(chunks) == len(frames) - 1
    types = [frame["chunk"]["type"] for frame in chunks]
    assert types[:3] == ["start", "start-step", "text-start"]
    assert types[-4:] == ["text-end", "finish-step", "message-metadata", "finish"]
    wait_idle()
    reply = messages(client, user, conversation["id"])[-1]
    assert chunks[0]["chunk"]["messageId"] == reply["id"]
    text = "".join(f["chunk"]["delta"] for f in chunks if f["chunk"]["type"] == "text-delta")
    assert text == reply["content"]


def test_ws_chat_takes_the_token_from_the_frame_headers(client: TestClient, user: Account) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect("/ws/chat") as ws:
        ws.send_json(send_frame(conversation["id"], "nope"))
        refused = ws.receive_json()
        assert refused["type"] == "error" and refused["requestId"] == "nope"
        assert refused["errorText"].startswith("unauthorized")
        headers = {"authorization": f"Bearer {user.token}"}
        ws.send_json(send_frame(conversation["id"], "r2", headers=headers))
        assert until_end(ws, "r2")[-2]["chunk"]["type"] == "finish"
    wait_idle()


def test_ws_chat_refusals_are_errors_of_their_request(
    client: TestClient, user: Account, other_user: Account
) -> None:
    from app.chat import bindings

    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws/chat?token={other_user.token}") as ws:
        ws.send_json(send_frame(conversation["id"], "a"))
        refused = ws.receive_json()
        assert refused == {
            "type": "error",
            "requestId": "a",
            "errorText": f"not found: {bindings.CONVERSATION_NOT_FOUND}",
        }
        ws.send_json({"type": "ping", "requestId": "b"})
        frame = ws.receive_json()
        assert frame["type"] == "error" and frame["requestId"] == "b"
        ws.send_json(
            {
                "type": "resume",
                "requestId": "c",
                "id": conversation["id"],
                "headers": {},
                "body": {},
            }
        )
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"type": "abort", "requestId": "unknown"})  # nothing to abort: no answer
        ws.send_json({"type": "send"})  # no requestId: the client could not place an answer
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 1008
    assert messages(client, user, conversation["id"]) == []


def test_ws_chat_resume_without_a_streaming_reply_is_no_active(
    client: TestClient, user: Account
) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws/chat?token={user.token}") as ws:
        ws.send_json(
            {
                "type": "resume",
                "requestId": "r",
                "id": conversation["id"],
                "headers": {},
                "body": {},
            }
        )
        assert ws.receive_json() == {"type": "no-active", "requestId": "r"}


def test_ws_chat_abort_stops_the_reply(
    client: TestClient, user: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service

    provider = GatedProvider(["Half ", "a "], ["reply"])
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws/chat?token={user.token}") as ws:
        ws.send_json(send_frame(conversation["id"]))
        assert provider.reached.wait(30), "the reply never reached the gate"
        ws.send_json({"type": "abort", "requestId": "r1"})
        frames = until_end(ws, "r1")
    assert frames[-2]["chunk"] == {"type": "abort", "reason": "cancelled"}
    wait_idle()
    reply = messages(client, user, conversation["id"])[-1]
    assert reply["status"] == "cancelled"
    assert reply["content"] == "Half a "
