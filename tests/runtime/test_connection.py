"""Frame coalescing of one connection (``app.chat.connection``): streaming frames of one message
queued back to back go out as one, with the text unchanged and the offsets exact."""

from __future__ import annotations

import asyncio
import copy
import uuid
from typing import Any

import pytest

from app.chat.connection import Connection, Frame
from app.chat.stream import utf16_len
from tests.runtime.conftest import FakeWebSocket

MESSAGE = "m-1"


def streaming(deltas: list[str], message_id: str = MESSAGE, start: int = 0) -> list[Frame]:
    """``message.streaming`` frames of ``deltas``, with their seq and UTF-16 offsets."""
    frames, offset = [], start
    for seq, delta in enumerate(deltas):
        data = {"message_id": message_id, "seq": seq, "offset": offset, "delta": delta}
        frames.append({"type": "message.streaming", "data": data})
        offset += utf16_len(delta)
    return frames


def sent_after(frames: list[Frame], coalesce_ms: int = 0) -> list[dict[str, Any]]:
    """What a connection sends when ``frames`` are all queued before its sender runs."""
    websocket = FakeWebSocket()
    connection = Connection(websocket, uuid.uuid4(), coalesce_ms=coalesce_ms)  # type: ignore[arg-type]
    for item in frames:
        connection.send(item)
    connection.close()
    asyncio.run(connection.run_sender())
    return websocket.sent


def test_queued_deltas_of_one_message_go_out_as_one_frame() -> None:
    frames = streaming(["Hello", ", ", "\U0001f600", " world"])
    before = copy.deepcopy(frames)
    sent = sent_after(frames)
    assert sent == [
        {
            "type": "message.streaming",
            "data": {
                "message_id": MESSAGE,
                "seq": 3,
                "offset": 0,
                "delta": "Hello, \U0001f600 world",
            },
        }
    ]
    assert frames == before  # the queued frames (shared with other sockets) are unchanged


def test_only_contiguous_deltas_of_the_same_message_merge() -> None:
    first = streaming(["a", "b"])
    other = streaming(["x", "y"], message_id="m-2")
    updated = {"type": "message.updated", "data": {"id": MESSAGE}}
    later = streaming(["c", "d"], start=2)
    overlap = streaming(["cd"], start=2)  # e.g. a resume's catch-up: overlaps, never merged
    sent = sent_after([*first, *other, updated, *later, *overlap])
    summary = [(f["type"], f["data"].get("offset"), f["data"].get("delta")) for f in sent]
    assert summary == [
        ("message.streaming", 0, "ab"),
        ("message.streaming", 0, "xy"),
        ("message.updated", None, None),
        ("message.streaming", 2, "cd"),
        ("message.streaming", 2, "cd"),
    ]


def test_frames_without_a_delta_are_sent_as_they_are() -> None:
    frames = [{"type": "message.streaming", "data": {"seq": n}} for n in range(3)]
    assert sent_after(frames) == frames


def test_the_concatenated_text_and_offsets_survive_any_interleaving() -> None:
    """The sender takes frames while they are published: whatever it merged, the text is the
    same and every frame's offset is where the text so far ends."""

    async def scenario() -> list[dict[str, Any]]:
        websocket = FakeWebSocket()
        connection = Connection(websocket, uuid.uuid4())  # type: ignore[arg-type]
        sender = asyncio.create_task(connection.run_sender())
        for n, item in enumerate(streaming([f"w{n}\u00e9\U0001f600 " for n in range(300)])):
            connection.send(item)
            if n % 7 == 0:
                await asyncio.sleep(0)
        connection.close()
        await sender
        return websocket.sent

    sent = asyncio.run(scenario())
    text, seq = "", -1
    for item in sent:
        assert item["data"]["offset"] == utf16_len(text)
        assert item["data"]["seq"] > seq  # increasing; numbers may be skipped
        text += item["data"]["delta"]
        seq = item["data"]["seq"]
    assert text == "".join(f"w{n}\u00e9\U0001f600 " for n in range(300))
    assert sent[-1]["data"]["seq"] == 299
    assert 1 < len(sent) < 300  # merged some, not all


def test_a_delta_soon_after_a_frame_waits_for_more_when_coalescing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With ``coalesce_ms`` a delta that comes less than that after the last streaming frame
    waits for the rest of the interval (the first of a reply, offset 0, never waits); what
    arrives meanwhile goes in the same frame."""
    first, second, third = streaming(["a", "b", "c"])
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def scenario() -> list[dict[str, Any]]:
        websocket = FakeWebSocket()
        connection = Connection(websocket, uuid.uuid4(), coalesce_ms=40)  # type: ignore[arg-type]

        async def sleep(seconds: float) -> None:
            waits.append(seconds)
            connection.send(third)  # arrives during the wait
            connection.close()
            await real_sleep(0)

        monkeypatch.setattr("app.chat.connection.asyncio.sleep", sleep)
        connection.send(first)
        sender = asyncio.create_task(connection.run_sender())
        while not websocket.sent:
            await real_sleep(0)
        connection.send(second)
        await sender
        return websocket.sent

    sent = asyncio.run(scenario())
    assert len(waits) == 1 and 0 < waits[0] <= 0.04  # not before the first delta
    assert [(f["data"]["offset"], f["data"]["delta"], f["data"]["seq"]) for f in sent] == [
        (0, "a", 0),
        (1, "bc", 2),
    ]


def test_a_delta_after_a_quiet_interval_goes_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Coalescing bounds the rate of frames, it adds no wait: a delta that comes more than
    ``coalesce_ms`` after the last streaming frame is sent without waiting."""
    first, second = streaming(["a", "b"])
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await real_sleep(0)

    async def scenario() -> list[dict[str, Any]]:
        websocket = FakeWebSocket()
        connection = Connection(websocket, uuid.uuid4(), coalesce_ms=40)  # type: ignore[arg-type]
        sender = asyncio.create_task(connection.run_sender())
        connection.send(first)
        while not websocket.sent:
            await real_sleep(0)
        connection._streamed_at -= 1.0  # as if a second had passed since that frame
        connection.send(second)
        while len(websocket.sent) < 2:
            await real_sleep(0)
        connection.close()
        await sender
        return websocket.sent

    monkeypatch.setattr("app.chat.connection.asyncio.sleep", sleep)
    sent = asyncio.run(scenario())
    assert [f["data"]["delta"] for f in sent] == ["a", "b"]
    assert waits == []
