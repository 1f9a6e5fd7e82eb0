"""A reply's lifecycle: stop, resume at an offset, delete mid-stream, recovery, concurrency."""

import asyncio
import contextlib
import datetime as dt
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from tests.conftest import Account, create_conversation

STREAMING = "streaming"
MESSAGES = "messages"


def utf16(text: str) -> bytes:
    """``text`` as UTF-16 code units (two bytes each): what a browser's string holds."""
    return text.encode("utf-16-le", "surrogatepass")


def apply(units: bytes, data: dict[str, Any]) -> bytes:
    """A browser client's text after a ``message.streaming`` frame: applied when it continues
    (or overlaps the end of) what it has, ignored when it holds nothing new."""
    start = data["offset"] * 2
    delta = utf16(data["delta"])
    if start <= len(units) < start + len(delta):
        return units[:start] + delta
    return units


def send(ws: WebSocketTestSession, conversation_id: str, content: str) -> None:
    ws.send_json(
        {"type": "message.send", "data": {"conversation_id": conversation_id, "content": content}}
    )


def reply_id(ws: WebSocketTestSession) -> str:
    """The id of the reply whose placeholder the socket is told of next."""
    while True:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        if frame["type"] == "message.created" and frame["data"]["role"] == "assistant":
            return str(frame["data"]["id"])


def until_final(ws: WebSocketTestSession, message_id: str) -> list[dict[str, Any]]:
    """Every frame up to the ``message.updated`` that ends ``message_id`` (included)."""
    frames: list[dict[str, Any]] = []
    while True:
        frame = ws.receive_json()
        assert frame["type"] != "error", frame
        frames.append(frame)
        data = frame["data"]
        if (
            frame["type"] == "message.updated"
            and data["id"] == message_id
            and data["status"] != STREAMING
        ):
            return frames


def fence(ws: WebSocketTestSession) -> list[dict[str, Any]]:
    """The frames queued for ``ws`` before the answer to a frame sent now (an unknown type's
    ``error``): what the server had sent it so far, with nothing left out."""
    ws.send_json({"type": "lifecycle.fence", "data": {}})
    frames = []
    while (frame := ws.receive_json())["type"] != "error":
        frames.append(frame)
    assert frame["data"]["code"] == "unknown_type"
    return frames


def wait_idle(client: TestClient) -> None:
    """Wait until no reply is streaming or being stored in the app (a bound against hangs)."""
    from app.chat import service

    deadline = time.monotonic() + 60
    while not service.idle():
        assert time.monotonic() < deadline, "the replies never ended"
        time.sleep(0.01)


def stored(client: TestClient, account: Account, conversation_id: str) -> list[dict[str, Any]]:
    """Every message of the conversation (all branches), in its public shape (without the
    list's tree positions, so it compares equal to the events' payloads)."""
    url = f"/api/conversations/{conversation_id}/{MESSAGES}?branch=all&limit=100"
    response = client.get(url, headers=account.headers)
    assert response.status_code == 200, response.text
    tree_keys = {"sibling_index", "sibling_count"}
    return [
        {key: value for key, value in item.items() if key not in tree_keys}
        for item in response.json()["data"]
    ]


def by_id(messages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {message["id"]: message for message in messages}


def run(client: TestClient, function: Callable[..., Any], *args: Any) -> Any:
    """Run ``await function(*args)`` on the app's event loop (where its database pool lives)."""
    assert client.portal is not None
    return client.portal.call(function, *args)


class HeldMock:
    """The mock provider's reply, held after the first delta that contains ``marker`` until
    the test opens ``opened``; ``reached`` is set once every delta before the hold was handled
    (the engine asks for the next event only after it published the last one)."""

    name = "held"

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.before = ""
        self.deltas = 0
        self.reached = threading.Event()
        self.opened = threading.Event()

    async def stream(self, request: Any) -> AsyncIterator[Any]:
        from app.chat.providers.base import Delta
        from app.chat.providers.mock import MockProvider

        held = False
        async for event in MockProvider("mock", 0).stream(request):
            yield event
            if not held and isinstance(event, Delta):
                self.before += event.text
                self.deltas += 1
                if self.marker in self.before:
                    held = True
                    self.reached.set()
                    while not self.opened.is_set():
                        await asyncio.sleep(0.005)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldMock:
    from app.chat import service

    provider = HeldMock("\U0001f389")
    monkeypatch.setattr(service, "get_provider", lambda _name: provider)
    return provider


def start_held(
    client: TestClient, user: Account, held: HeldMock, ws: WebSocketTestSession
) -> tuple[str, str]:
    """Send a message whose mock reply quotes emoji; return (conversation id, reply id) once
    the reply is held mid-stream."""
    conversation = create_conversation(client, user)
    send(ws, conversation["id"], "Smile \U0001f600 then party \U0001f389 and go on")
    message_id = reply_id(ws)
    assert held.reached.wait(60), "the reply never reached the hold"
    return conversation["id"], message_id


def test_stop_keeps_the_partial_text_and_records_usage(
    client: TestClient, user: Account, held: HeldMock
) -> None:
    from app.chat import bindings, service

    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        conversation_id, message_id = start_held(client, user, held, ws)

        async def lease() -> tuple[Any, Any]:
            from app.core.db import SessionLocal

            async with SessionLocal() as session:
                row = await session.get(bindings.MessageModel, uuid.UUID(message_id))
                assert row is not None
                return row.lease_owner, row.lease_expires_at

        owner, expires = run(client, lease)
        assert owner == service.PRODUCER
        run(client, service._renew_leases)  # the renewer's work: a silent provider keeps its lease
        assert run(client, lease)[1] > expires
        ws.send_json({"type": "generation.stop", "data": {"message_id": message_id}})
        frames = until_final(ws, message_id)
    final = frames[-1]["data"]
    assert final["status"] == "cancelled"
    assert final["content"] == held.before
    assert final["finish_reason"] == "cancelled"[:32]
    assert final["completion_tokens"] > 0
    assert final["usage_estimated"] is True  # the provider never reported usage
    assert run(client, lease) == (None, None)
    assert by_id(stored(client, user, conversation_id))[message_id] == final


def test_only_the_owner_stops_and_a_finished_reply_stays(
    client: TestClient, user: Account, other_user: Account
) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Finish, then be stopped")
        message_id = reply_id(ws)
        final = until_final(ws, message_id)[-1]["data"]
        assert final["status"] == "done"
        wait_idle(client)
        ws.send_json({"type": "generation.stop", "data": {"message_id": message_id}})
        # no error, nothing changed (the reply's totals and title came before the fence)
        assert [f for f in fence(ws) if f["type"] != "conversation.updated"] == []
    with client.websocket_connect(f"/ws?token={other_user.token}") as ws:
        for frame_type in ("generation.stop", "stream.resume"):
            ws.send_json({"type": frame_type, "data": {"message_id": message_id}})
            assert ws.receive_json()["data"]["code"] == "not_found"
        ws.send_json({"type": "generation.stop", "data": {"message_id": str(uuid.uuid4())}})
        assert ws.receive_json()["data"]["code"] == "not_found"
    assert by_id(stored(client, user, conversation["id"]))[message_id] == final


def test_resume_at_any_offset_ends_with_exactly_the_text(
    client: TestClient, user: Account, held: HeldMock
) -> None:
    from app.chat.stream import utf16_len

    with contextlib.ExitStack() as stack:
        ws = stack.enter_context(client.websocket_connect(f"/ws?token={user.token}"))
        _conversation_id, message_id = start_held(client, user, held, ws)
        before = held.before
        assert utf16_len(before) > len(before)  # astral characters: two code units each
        emoji = utf16_len(before[: before.index("\U0001f600")])
        total = utf16_len(before)
        # offset asked -> where the catch-up starts (the middle of an emoji rounds down)
        cases = {
            0: 0,
            5: 5,
            emoji: emoji,
            emoji + 1: emoji,
            emoji + 2: emoji + 2,
            total - 1: total - 1,
            total: None,
            total + 9: None,
        }
        sockets: dict[int, tuple[WebSocketTestSession, list[dict[str, Any]]]] = {}
        for offset, start in cases.items():
            resumed = stack.enter_context(client.websocket_connect(f"/ws?token={user.token}"))
            resumed.send_json(
                {"type": "stream.resume", "data": {"message_id": message_id, "offset": offset}}
            )
            frames = fence(resumed)
            if start is None:
                assert frames == [], (offset, frames)  # nothing after the offset: no frame
            else:
                assert len(frames) == 1, (offset, frames)
                data = frames[0]["data"]
                assert data["offset"] == start
                assert utf16(before)[2 * start :] == utf16(data["delta"])
                assert data["seq"] == held.deltas - 1  # the last live frame it includes
            sockets[offset] = (resumed, frames)
        held.opened.set()
        final = until_final(ws, message_id)[-1]["data"]["content"]
        for offset, (resumed, catch_up) in sockets.items():
            units = utf16(before)[: 2 * offset]  # what this client had: maybe half an emoji
            frames = until_final(resumed, message_id)
            for frame in catch_up + frames:
                if (
                    frame["type"] == "message.streaming"
                    and frame["data"]["message_id"] == message_id
                ):
                    units = apply(units, frame["data"])
            assert frames[-1]["data"]["content"] == final
            if offset <= total:
                assert units.decode("utf-16-le") == final, offset
    assert final.startswith(before) and len(final) > len(before)


def test_reconnecting_mid_stream_and_resuming_gives_the_full_text(
    client: TestClient, user: Account, held: HeldMock
) -> None:
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        _conversation_id, message_id = start_held(client, user, held, ws)
        had = b""
        while had.decode("utf-16-le", "surrogatepass") != held.before:
            frame = ws.receive_json()
            if frame["type"] == "message.streaming":
                had = apply(had, frame["data"])
    # the tab is gone; a new one resumes at the length of what it had
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json(
            {"type": "stream.resume", "data": {"message_id": message_id, "offset": len(had) // 2}}
        )
        assert fence(ws) == []  # it had everything so far
        held.opened.set()
        frames = until_final(ws, message_id)
    for frame in frames:
        if frame["type"] == "message.streaming":
            had = apply(had, frame["data"])
    assert had.decode("utf-16-le") == frames[-1]["data"]["content"]


def test_resuming_a_finished_reply_sends_the_stored_message(
    client: TestClient, user: Account
) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "Done soon \U0001f600")
        message_id = reply_id(ws)
        until_final(ws, message_id)
        wait_idle(client)
    final = by_id(stored(client, user, conversation["id"]))[message_id]
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json({"type": "stream.resume", "data": {"message_id": message_id, "offset": 3}})
        assert fence(ws) == [{"type": "message.updated", "data": final}]


def test_deleting_a_conversation_mid_stream_stops_its_reply(
    client: TestClient, user: Account, held: HeldMock, caplog: pytest.LogCaptureFixture
) -> None:
    from app.chat import bindings

    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        conversation_id, message_id = start_held(client, user, held, ws)
        response = client.delete(f"/api/conversations/{conversation_id}", headers=user.headers)
        assert response.status_code == 204
        wait_idle(client)

    async def row() -> Any:
        from app.core.db import SessionLocal

        async with SessionLocal() as session:
            return await session.get(bindings.MessageModel, uuid.UUID(message_id))

    assert run(client, row) is None  # nothing resurrected
    assert (
        client.get(f"/api/conversations/{conversation_id}", headers=user.headers).status_code == 404
    )
    failures = [r for r in caplog.records if r.name.startswith("app.") and r.levelname == "ERROR"]
    assert failures == []


def test_recovery_interrupts_expired_replies_and_leaves_live_ones(
    client: TestClient, user: Account
) -> None:
    from app.chat import bindings, service

    conversation = create_conversation(client, user)
    now = dt.datetime.now(dt.UTC)
    leases = {  # name -> (lease owner, lease expiry)
        "dead": ("a-dead-process", now - dt.timedelta(seconds=1)),
        "legacy": (None, None),  # streaming from before leases existed
        "live": ("another-live-process", now + dt.timedelta(minutes=10)),
    }

    async def insert() -> dict[str, str]:
        from app.core.db import SessionLocal

        ids = {}
        async with SessionLocal() as session:
            row = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))
            assert row is not None
            for name, (owner, expires) in leases.items():
                message = bindings.new_message(
                    row, bindings.ASSISTANT, f"partial {name} \U0001f600", bindings.STREAMING
                )
                message.lease_owner, message.lease_expires_at = owner, expires
                session.add(message)
                await session.flush()
                ids[name] = str(message.id)
            await session.commit()
        return ids

    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json(
            {"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}}
        )
        assert ws.receive_json()["type"] == "conversation.updated"
        ids = run(client, insert)
        run(client, service._recover)
        updated = {f["data"]["id"]: f["data"] for f in fence(ws) if f["type"] == "message.updated"}
    rows = by_id(stored(client, user, conversation["id"]))
    for name in ("dead", "legacy"):
        interrupted = rows[ids[name]]
        assert updated[ids[name]] == interrupted
        assert interrupted["status"] == "error"
        assert interrupted["content"] == f"partial {name} \U0001f600"
        assert interrupted["error_code"] == "interrupted"[:32]
    assert rows[ids["live"]]["status"] == STREAMING
    assert ids["live"] not in updated
    client.delete(f"/api/conversations/{conversation['id']}", headers=user.headers)


def test_a_batch_of_ends_stores_each_as_it_ended_and_adds_only_what_it_wrote(
    client: TestClient, user: Account
) -> None:
    """One batch of ends (``service._end_batch``) holding a finished reply, a failed one (they
    write different columns: on PostgreSQL two statements) and one that another process now
    produces: the first two are stored and published as they ended, the third is left to its
    producer, and the conversation's totals add only the replies written."""
    from decimal import Decimal

    from app.chat import bindings, service
    from app.chat.providers.base import Usage

    conversation = create_conversation(client, user)
    owners = {
        "done": service.PRODUCER,
        "failed": service.PRODUCER,
        "elsewhere": "another-live-process",
    }
    usage = Usage(input_tokens=30, output_tokens=12)
    values = {
        "done": bindings.finished_values(
            "All done \U0001f600", bindings.DONE, usage, Decimal("0.25"), "stop", None
        ),
        "failed": bindings.finished_values(
            "Half", bindings.ERROR, None, None, "error", "It broke", "provider_error"
        ),
        "elsewhere": bindings.finished_values(
            "Not mine", bindings.DONE, usage, Decimal("0.25"), "stop", None
        ),
    }

    async def insert() -> dict[str, uuid.UUID]:
        from app.core.db import SessionLocal

        ids = {}
        async with SessionLocal() as session:
            row = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))
            assert row is not None
            for name, owner in owners.items():
                message = bindings.new_message(row, bindings.ASSISTANT, "", bindings.STREAMING)
                message.lease_owner = owner
                message.lease_expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
                session.add(message)
                await session.flush()
                ids[name] = message.id
            await session.commit()
        return ids

    async def end(ids: dict[str, uuid.UUID]) -> dict[str, tuple[Any, Any]]:
        loop = asyncio.get_running_loop()
        pairs: list[tuple[Any, asyncio.Future[Any]]] = []
        for name, message_id in ids.items():
            ending = service._Ending(
                message_id,
                uuid.UUID(conversation["id"]),
                uuid.UUID(user.id),
                values[name],
                usage if name != "failed" else None,
                Decimal("0.25") if name != "failed" else None,
            )
            pairs.append((ending, loop.create_future()))
        await service._end_batch(pairs)
        return {name: future.result() for name, (_, future) in zip(ids, pairs, strict=True)}

    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        ws.send_json(
            {"type": "conversation.subscribe", "data": {"conversation_id": conversation["id"]}}
        )
        assert ws.receive_json()["type"] == "conversation.updated"
        ids = run(client, insert)
        results = run(client, end, ids)
        updated = {f["data"]["id"]: f["data"] for f in fence(ws) if f["type"] == "message.updated"}
    assert results["elsewhere"] == (None, None)
    assert all(part is not None for name in ("done", "failed") for part in results[name])
    rows = by_id(stored(client, user, conversation["id"]))
    assert updated == {str(ids[name]): rows[str(ids[name])] for name in ("done", "failed")}
    assert rows[str(ids["done"])]["status"] == "done"
    assert rows[str(ids["done"])]["content"] == values["done"]["content"]
    assert rows[str(ids["failed"])]["status"] == "error"
    assert rows[str(ids["failed"])]["content"] == values["failed"]["content"]
    assert rows[str(ids["elsewhere"])]["status"] == STREAMING
    read = client.get(f"/api/conversations/{conversation['id']}", headers=user.headers).json()
    before = conversation["total_tokens"] or 0
    assert read["total_tokens"] == before + usage.total_tokens  # not the failed or the other
    client.delete(f"/api/conversations/{conversation['id']}", headers=user.headers)


def test_only_one_process_claims_a_reply(client: TestClient, user: Account) -> None:
    from app.chat import bindings, service

    conversation = create_conversation(client, user)
    now = dt.datetime.now(dt.UTC)

    async def claims() -> list[tuple[bool, Any]]:
        from app.core.db import SessionLocal

        rows = [  # (status, lease owner, lease expiry)
            (bindings.STREAMING, "another-live-process", now + dt.timedelta(minutes=10)),
            (bindings.STREAMING, "a-dead-process", now - dt.timedelta(seconds=1)),
            (bindings.STREAMING, None, None),
            (bindings.DONE, None, None),
        ]
        async with SessionLocal() as session:
            parent = await session.get(bindings.ConversationModel, uuid.UUID(conversation["id"]))
            assert parent is not None
            messages = []
            for status, owner, expires in rows:
                message = bindings.new_message(parent, bindings.ASSISTANT, "", status)
                message.lease_owner, message.lease_expires_at = owner, expires
                messages.append(message)
            session.add_all(messages)
            await session.commit()
        results = []
        for message in messages:
            claimed = await service._claim(message.id)
            async with SessionLocal() as session:
                stored = await session.get(bindings.MessageModel, message.id)
                assert stored is not None
                results.append((claimed, stored.lease_owner))
            if claimed:  # give it back as a finished reply: no task produces it here
                async with SessionLocal() as session:
                    await service._store_end(
                        session,
                        message.id,
                        bindings.finished_values("", bindings.DONE, None, None, None, None),
                    )
                    await session.commit()
        return results

    assert run(client, claims) == [
        (False, "another-live-process"),  # its producer is alive: never taken
        (True, service.PRODUCER),  # its lease expired
        (True, service.PRODUCER),  # no lease at all
        (False, None),  # not streaming
    ]
    client.delete(f"/api/conversations/{conversation['id']}", headers=user.headers)


def test_two_sends_at_once_in_one_conversation_both_complete(
    client: TestClient, user: Account
) -> None:
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        send(ws, conversation["id"], "First question")
        send(ws, conversation["id"], "Second question")
        texts: dict[str, bytes] = {}
        finals: dict[str, dict[str, Any]] = {}
        while len(finals) < 2:
            frame = ws.receive_json()
            assert frame["type"] != "error", frame
            data = frame["data"]
            if frame["type"] == "message.streaming":
                texts[data["message_id"]] = apply(texts.get(data["message_id"], b""), data)
            elif frame["type"] == "message.updated" and data["status"] != STREAMING:
                finals[data["id"]] = data
    assert {m["status"] for m in finals.values()} == {"done"}
    for message_id, final in finals.items():
        assert texts[message_id].decode("utf-16-le") == final["content"]
    wait_idle(client)
    assert len(stored(client, user, conversation["id"])) == 4


def _hold_first_batch(monkeypatch: pytest.MonkeyPatch, batches: Any, total: int) -> list[int]:
    """Hold the first batch of ``batches`` (an ``app.core.batching.Batches``) until the other
    items of the ``total`` expected queue behind it, so that they make a batch of several;
    returns the sizes of the batches run, as they run."""
    real, sizes = batches._run_batch, []
    monkeypatch.setattr(batches, "_max_running", 1)  # the items behind wait for the first batch

    async def recorded(batch: list[Any]) -> None:
        sizes.append(len(batch))
        if len(sizes) == 1:
            deadline = time.monotonic() + 30  # a bound against a hang, never a measured time
            while len(batch) + len(batches._pending) < total and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
        await real(batch)

    monkeypatch.setattr(batches, "_run_batch", recorded)
    return sizes


def _first_messages_at_once(client: TestClient, accounts: list[Account]) -> dict[str, str]:
    """Each account sends the first message of a new conversation, all at once (one socket
    each); returns conversation id -> the reply's final text, once every reply ended."""
    with contextlib.ExitStack() as stack:
        sockets = [
            stack.enter_context(client.websocket_connect(f"/ws?token={a.token}")) for a in accounts
        ]
        for index, ws in enumerate(sockets):
            ws.send_json({"type": "message.send", "data": {"content": f"Opening question {index}"}})
        finals: dict[str, str] = {}
        for ws in sockets:
            conversation_id = None
            while True:
                frame = ws.receive_json()
                assert frame["type"] != "error", frame
                data = frame["data"]
                if frame["type"] == "conversation.created":
                    conversation_id = data["id"]
                if frame["type"] == "message.updated" and data["status"] != STREAMING:
                    assert data["status"] == "done", data
                    assert conversation_id is not None
                    finals[conversation_id] = data["content"]
                    break
    wait_idle(client)
    return finals


def test_first_messages_at_once_open_one_conversation_each(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """New conversations of the same moment are stored in one batch (``service._start_new``):
    each sender gets its own conversation, holding its question and its reply."""
    from app.chat import service
    from tests.conftest import register

    sizes = _hold_first_batch(monkeypatch, service._new_starts, 4)
    accounts = [register(client) for _ in range(4)]
    finals = _first_messages_at_once(client, accounts)
    assert sum(sizes) == 4 and len(sizes) <= 2 and max(sizes) >= 2, sizes
    assert "at once failed" not in caplog.text  # the batch was written, not each alone
    assert len(finals) == len(accounts)
    for account in accounts:
        listed = client.get("/api/conversations", headers=account.headers).json()["data"]
        assert len(listed) == 1
        messages = stored(client, account, listed[0]["id"])
        assert [m["role"] for m in messages] == ["user", "assistant"]
        assert messages[1]["content"] == finals[listed[0]["id"]]


def test_a_failed_batch_of_new_conversations_stores_each_alone(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from tests.conftest import register

    real, calls = service._store, []

    async def fails_once(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("the batch's transaction failed")
        return await real(*args)

    monkeypatch.setattr(service, "_store", fails_once)
    accounts = [register(client) for _ in range(3)]
    finals = _first_messages_at_once(client, accounts)
    assert len(finals) == len(accounts)
    for account in accounts:
        listed = client.get("/api/conversations", headers=account.headers).json()["data"]
        assert len(listed) == 1  # nothing of the failed transaction was kept


def test_replies_ending_at_once_are_stored_in_one_batch(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Ends of replies of the same moment are written in one transaction (``service._end_batch``):
    each reply and each conversation's totals come out as they would one by one."""
    from app.chat import service
    from tests.conftest import register

    sizes = _hold_first_batch(monkeypatch, service._ends, 4)
    accounts = [register(client) for _ in range(4)]
    finals = _first_messages_at_once(client, accounts)
    assert sum(sizes) == 4 and len(sizes) <= 2 and max(sizes) >= 2, sizes
    assert "at once failed" not in caplog.text  # the batch was written, not each alone
    for account in accounts:
        conversation = client.get("/api/conversations", headers=account.headers).json()["data"][0]
        reply = stored(client, account, conversation["id"])[1]
        assert reply["status"] == "done"
        assert reply["content"] == finals[conversation["id"]]
        assert conversation["total_tokens"] == reply["total_tokens"]
        assert conversation["message_count"] == 2


def test_replies_of_one_conversation_ending_in_one_batch_add_up(
    client: TestClient,
    user: Account,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A batch holding two ends of one conversation adds both to its totals (on PostgreSQL
    they are summed before the one UPDATE of the conversation): the first of three replies is
    held in a batch of its own until the two others queue behind it, in a batch of two."""
    from app.chat import service

    sizes = _hold_first_batch(monkeypatch, service._ends, 3)
    conversation = create_conversation(client, user)
    with client.websocket_connect(f"/ws?token={user.token}") as ws:
        for question in ("First question", "Second question", "Third question"):
            send(ws, conversation["id"], question)
        ended = 0
        while ended < 3:
            frame = ws.receive_json()
            assert frame["type"] != "error", frame
            if frame["type"] == "message.updated" and frame["data"]["status"] != STREAMING:
                assert frame["data"]["status"] == "done", frame
                ended += 1
    wait_idle(client)
    assert sizes == [1, 2], sizes
    assert "at once failed" not in caplog.text  # the batch was written, not each alone
    messages = stored(client, user, conversation["id"])
    assert len(messages) == 6
    listed = client.get("/api/conversations", headers=user.headers).json()["data"][0]
    replies = [m for m in messages if m["role"] == "assistant"]
    assert listed["total_tokens"] == sum(r["total_tokens"] for r in replies)


def test_a_failed_batch_of_ends_stores_each_alone(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.chat import service
    from tests.conftest import register

    _hold_first_batch(monkeypatch, service._ends, 3)
    real, calls = service._write_ends, []

    async def fails_once(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("the batch's transaction failed")
        return await real(*args)

    monkeypatch.setattr(service, "_write_ends", fails_once)
    accounts = [register(client) for _ in range(3)]
    finals = _first_messages_at_once(client, accounts)
    assert calls, "no batch of several ends was written"
    for account in accounts:
        conversation = client.get("/api/conversations", headers=account.headers).json()["data"][0]
        assert (
            stored(client, account, conversation["id"])[1]["content"] == finals[conversation["id"]]
        )
