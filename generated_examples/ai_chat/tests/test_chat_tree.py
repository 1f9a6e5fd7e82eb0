"""The message tree: regenerate and edit make siblings, the prompt and the message list follow
the active branch, ``?branch=all`` with sibling positions, switching branches, legacy rows."""

import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from tests.conftest import Account, create_conversation

USER = "user"
ASSISTANT = "assistant"


class RecordingProvider:
    """Answers ``answer <n>`` (the n-th prompt it was asked) and keeps every prompt it was
    asked, without the system turn: ``[(role, content), ...]``."""

    name = "recording"

    def __init__(self) -> None:
        self.prompts: list[list[tuple[str, str]]] = []

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        from app.chat.providers.base import Completion, Delta, Usage

        turns = [(turn.role, turn.content) for turn in request.messages if turn.role != "system"]
        self.prompts.append(turns)
        yield Delta(f"answer {len(self.prompts)}")
        yield Completion(Usage(1, 1), "stop")


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> RecordingProvider:
    from app.chat import service

    recording = RecordingProvider()
    monkeypatch.setattr(service, "get_provider", lambda _name: recording)
    # no context window (the schema's may be small): every prompt holds its whole branch
    monkeypatch.setattr(service, "MODELS", {})
    return recording


def wait_until_idle() -> None:
    """Wait until no reply streams and no title is being written (polls; never timed)."""
    from app.chat import service

    for _ in range(12000):
        if service.idle():
            return
        time.sleep(0.005)
    raise AssertionError("the chat never became idle")


def until_reply(ws: WebSocketTestSession) -> list[dict[str, Any]]:
    """Every frame up to the ``conversation.updated`` after a reply's final ``message.updated``
    (an ``error`` frame fails at once)."""
    frames: list[dict[str, Any]] = []
    done = False
    while True:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        frames.append(frame)
        if frame["type"] == "message.updated" and frame["data"]["status"] != "streaming":
            done = True
        if done and frame["type"] == "conversation.updated":
            wait_until_idle()
            return frames


def created(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f["data"] for f in frames if f["type"] == "message.created"]


def send(ws: WebSocketTestSession, conversation_id: str, content: str) -> list[dict[str, Any]]:
    ws.send_json(
        {"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}}
    )
    return until_reply(ws)


def regenerate(ws: WebSocketTestSession, message_id: str) -> list[dict[str, Any]]:
    ws.send_json({"type": "message.regenerate", "data": {"message_id": message_id}})
    return until_reply(ws)


def edit(ws: WebSocketTestSession, message_id: str, content: str) -> list[dict[str, Any]]:
    ws.send_json({"type": "message.edit", "data": {"message_id": message_id, "content": content}})
    return until_reply(ws)


def error_of(ws: WebSocketTestSession, frame: dict[str, Any]) -> str:
    """Send ``frame``; the code of the ``error`` frame it answers (other frames skipped)."""
    ws.send_json(frame)
    while True:
        answer = ws.receive_json()
        if answer["type"] == "error":
            return str(answer["data"]["code"])


def messages(
    client: TestClient, account: Account, conversation_id: str, **params: str
) -> dict[str, Any]:
    url = f"/api/conversations/{conversation_id}/messages"
    response = client.get(url, params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def contents(page: dict[str, Any]) -> list[str]:
    return [m["content"] for m in page["data"]]


def positions(page: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(m["content"], m["sibling_index"], m["sibling_count"]) for m in page["data"]]


def switch(client: TestClient, account: Account, conversation_id: str, leaf_id: Any) -> Any:
    url = f"/api/conversations/{conversation_id}/branch"
    return client.put(url, json={"leaf_id": leaf_id}, headers=account.headers)


def test_regenerate_makes_a_sibling_reply_from_the_same_prompt(
    client: TestClient, user: Account, provider: RecordingProvider
) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        question, first = created(send(ws, conversation["id"], "What is a tree?"))
        assert question["parent_id"] is None
        assert first["parent_id"] == question["id"]
        frames = regenerate(ws, first["id"])
    (second,) = created(frames)
    assert second["role"] == ASSISTANT
    assert second["parent_id"] == question["id"]
    assert provider.prompts == [[("user", "What is a tree?")]] * 2
    page = messages(client, user, conversation["id"])
    assert page["count"] == 2
    assert positions(page) == [("What is a tree?", 1, 1), ("answer 2", 2, 2)]
    whole = messages(client, user, conversation["id"], branch="all")
    assert whole["count"] == 3
    assert positions(whole) == [("What is a tree?", 1, 1), ("answer 1", 1, 2), ("answer 2", 2, 2)]
    assert whole["data"][1]["id"] == first["id"]


def test_edit_makes_a_siblingfirst_question_and_the_prompt_follows_the_branch(
    client: TestClient, user: Account, provider: RecordingProvider
) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        first_question, reply = created(send(ws, conversation["id"], "one"))
        asked, answer_two = created(send(ws, conversation["id"], "two"))
        assert asked["parent_id"] == reply["id"]
        edited, edited_reply = created(edit(ws, asked["id"], "two, edited"))
        assert edited["parent_id"] == reply["id"]
        assert edited["role"] == USER
        assert edited_reply["parent_id"] == edited["id"]
        assert provider.prompts[-1] == [
            ("user", "one"),
            ("assistant", "answer 1"),
            ("user", "two, edited"),
        ]
        assert contents(messages(client, user, conversation["id"])) == [
            "one",
            "answer 1",
            "two, edited",
            "answer 3",
        ]
        whole = messages(client, user, conversation["id"], branch="all")
        assert positions(whole) == [
            ("one", 1, 1),
            ("answer 1", 1, 1),
            ("two", 1, 2),
            ("answer 2", 1, 1),
            ("two, edited", 2, 2),
            ("answer 3", 1, 1),
        ]
        # back to the first question: its branch down to its newest descendant
        response = switch(client, user, conversation["id"], asked["id"])
        assert response.status_code == 200, response.text
        assert contents(response.json()) == ["one", "answer 1", "two", "answer 2"]
        while True:  # the user's sockets hear of it (frames of the replies may come first)
            frame = ws.receive_json()
            if (
                frame["type"] == "conversation.updated"
                and frame["data"]["id"] == conversation["id"]
            ):
                if frame["data"]["active_leaf_id"] == answer_two["id"]:
                    break
        assert contents(messages(client, user, conversation["id"])) == [
            "one",
            "answer 1",
            "two",
            "answer 2",
        ]
        third, _ = created(send(ws, conversation["id"], "three"))
        assert provider.prompts[-1] == [
            ("user", "one"),
            ("assistant", "answer 1"),
            ("user", "two"),
            ("assistant", "answer 2"),
            ("user", "three"),
        ]
        # an edit of the first message is a second root
        root, _ = created(edit(ws, first_question["id"], "one, edited"))
        assert root["parent_id"] is None
        assert provider.prompts[-1] == [("user", "one, edited")]
    assert contents(messages(client, user, conversation["id"])) == ["one, edited", "answer 5"]
    response = switch(client, user, conversation["id"], first_question["id"])
    assert response.status_code == 200, response.text
    assert contents(response.json()) == ["one", "answer 1", "two, edited", "answer 3"]
    assert response.json()["data"][0]["sibling_count"] == 2
    assert third["parent_id"] == answer_two["id"]


def test_branch_errors(
    client: TestClient, user: Account, other_user: Account, provider: RecordingProvider
) -> None:
    del provider
    conversation = create_conversation(client, user)
    elsewhere = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        question, reply = created(send(ws, conversation["id"], "hello"))
        foreign, _ = created(send(ws, elsewhere["id"], "elsewhere"))
        assert (
            error_of(ws, {"type": "message.regenerate", "data": {"message_id": question["id"]}})
            == "not_a_reply"
        )
        assert (
            error_of(
                ws, {"type": "message.edit", "data": {"message_id": reply["id"], "content": "x"}}
            )
            == "not_a_user_message"
        )
        unknown = str(uuid.uuid4())
        assert (
            error_of(ws, {"type": "message.regenerate", "data": {"message_id": unknown}})
            == "not_found"
        )
        assert (
            error_of(ws, {"type": "message.edit", "data": {"message_id": unknown, "content": "x"}})
            == "not_found"
        )
        assert (
            error_of(ws, {"type": "message.regenerate", "data": {"message_id": "not-a-uuid"}})
            == "invalid_payload"
        )
    from app.core.config import settings

    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        too_long = "x" * (settings.max_message_chars + 1)
        assert (
            error_of(
                ws,
                {
                    "type": "message.edit",
                    "data": {"message_id": question["id"], "content": too_long},
                },
            )
            == "message_too_long"
        )
    with client.websocket_connect(f"/ws?token={other_user.token}") as ws:
        assert (
            error_of(ws, {"type": "message.regenerate", "data": {"message_id": reply["id"]}})
            == "not_found"
        )
        assert (
            error_of(
                ws, {"type": "message.edit", "data": {"message_id": question["id"], "content": "x"}}
            )
            == "not_found"
        )
    # another user's conversation: 404, whatever the message
    assert switch(client, other_user, conversation["id"], question["id"]).status_code == 404
    url = f"/api/conversations/{conversation['id']}/messages"
    assert client.get(url, headers=other_user.headers).status_code == 404
    # a message of another conversation, not a message at all, a bad id or body: 422
    for leaf in (foreign["id"], str(uuid.uuid4()), "not-a-uuid", None):
        response = switch(client, user, conversation["id"], leaf)
        assert response.status_code == 422, (leaf, response.text)
        assert isinstance(response.json()["detail"], list)
    bad = client.put(
        f"/api/conversations/{conversation['id']}/branch", json={}, headers=user.headers
    )
    assert bad.status_code == 422
    assert client.get(url, params={"branch": "some"}, headers=user.headers).status_code == 422
    # nothing changed
    assert contents(messages(client, user, conversation["id"])) == ["hello", "answer 1"]


def test_legacy_rows_keep_their_history(
    client: TestClient, user: Account, provider: RecordingProvider
) -> None:
    """Rows stored before messages had parents (parent NULL, no active leaf) read as before:
    one branch in the old order, and the next message goes below the newest."""
    from app.chat import bindings
    from app.core.db import SessionLocal

    conversation = create_conversation(client, user)
    legacy = [
        (USER, "old one"),
        (ASSISTANT, "old answer one"),
        (USER, "old two"),
        (ASSISTANT, "old answer two"),
    ]
    ids: list[str] = []
    base = uuid.uuid4().int & ~0xFFFF  # increasing ids: the order of a schema without timestamps
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)

    async def store_legacy() -> None:
        async with SessionLocal() as session:
            row = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))
            assert row is not None
            for number, (role, content) in enumerate(legacy):
                message = bindings.new_message(row, bindings.RoleEnum(role), content, bindings.DONE)
                message.id = uuid.UUID(int=base + number)
                message.created_at = start + dt.timedelta(seconds=number)
                session.add(message)
                ids.append(str(message.id))
            await session.commit()

    assert client.portal is not None
    client.portal.call(store_legacy)
    page = messages(client, user, conversation["id"])
    assert contents(page) == [content for _role, content in legacy]
    assert all(m["parent_id"] is None for m in page["data"])
    whole = messages(client, user, conversation["id"], branch="all")
    assert [(m["sibling_index"], m["sibling_count"]) for m in whole["data"]] == [(1, 1)] * 4
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        asked, _reply = created(send(ws, conversation["id"], "new three"))
        assert asked["parent_id"] == ids[-1]
        assert provider.prompts[-1] == [
            ("user", "old one"),
            ("assistant", "old answer one"),
            ("user", "old two"),
            ("assistant", "old answer two"),
            ("user", "new three"),
        ]
        (again,) = created(regenerate(ws, ids[1]))  # a legacy reply: its prompt is what it had
        assert again["parent_id"] == ids[0]
        assert provider.prompts[-1] == [("user", "old one")]
        edited, _ = created(edit(ws, ids[2], "old two, edited"))
        assert edited["parent_id"] == ids[1]
        assert provider.prompts[-1] == [
            ("user", "old one"),
            ("assistant", "old answer one"),
            ("user", "old two, edited"),
        ]
    assert contents(messages(client, user, conversation["id"])) == [
        "old one",
        "old answer one",
        "old two, edited",
        "answer 3",
    ]

    # the active leaf deleted (a dangling id): the newest message's branch
    async def dangle() -> None:
        import sqlalchemy as sa

        async with SessionLocal() as session:
            await session.execute(
                sa.update(bindings.ConversationModel)
                .where(bindings.ConversationModel.id == uuid.UUID(conversation["id"]))
                .values(active_leaf_id=uuid.uuid4())
            )
            await session.commit()

    client.portal.call(dangle)
    assert contents(messages(client, user, conversation["id"]))[-2:] == [
        "old two, edited",
        "answer 3",
    ]
