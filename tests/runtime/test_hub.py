"""The event hub: fan-out, order, snapshot before live events, slow clients."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from app.chat.connection import CLOSE_TRY_AGAIN_LATER
from app.chat.hub import Connection, Hub, frame
from tests.runtime.conftest import FakeWebSocket


def connect(hub: Hub, *channels: str, limit: int = 100) -> tuple[Connection, FakeWebSocket]:
    websocket = FakeWebSocket()
    connection = Connection(websocket, uuid.uuid4(), limit=limit)  # type: ignore[arg-type]
    for channel in channels:
        hub.subscribe(channel, connection)
    return connection, websocket


async def drain(*connections: Connection) -> None:
    """Close each connection and let its sender send everything queued."""
    for connection in connections:
        connection.close()
    await asyncio.gather(*(connection.run_sender() for connection in connections))


def types_of(websocket: FakeWebSocket) -> list[str]:
    return [sent["type"] for sent in websocket.sent]


def test_a_publish_reaches_every_channel_member_once() -> None:
    async def scenario() -> None:
        hub = Hub()
        both, ws_both = connect(hub, "a", "b")
        only_a, ws_a = connect(hub, "a")
        other, ws_other = connect(hub, "c")
        await hub.publish("x", {"n": 1}, "a", "b")
        await drain(both, only_a, other)
        assert ws_both.sent == [{"type": "x", "data": {"n": 1}}]
        assert ws_a.sent == [{"type": "x", "data": {"n": 1}}]
        assert ws_other.sent == []

    asyncio.run(scenario())


def test_events_arrive_in_publish_order() -> None:
    async def scenario() -> None:
        hub = Hub()
        connection, websocket = connect(hub, "a")
        sender = asyncio.create_task(connection.run_sender())
        for n in range(500):
            await hub.publish("n", {"n": n}, "a")
            if n % 7 == 0:
                await asyncio.sleep(0)  # let the sender interleave
        connection.close()
        await sender
        assert [sent["data"]["n"] for sent in websocket.sent] == list(range(500))

    asyncio.run(scenario())


def test_the_snapshot_comes_before_any_live_event() -> None:
    async def scenario() -> None:
        hub = Hub()
        first, _ = connect(hub, "conv")
        late_ws = FakeWebSocket()
        late = Connection(late_ws, uuid.uuid4())  # type: ignore[arg-type]

        async def stream() -> None:
            for n in range(200):
                await hub.publish("message.streaming", {"seq": n}, "conv")
                await asyncio.sleep(0)

        async def join() -> None:
            for _ in range(50):
                await asyncio.sleep(0)  # join mid-stream
            snapshot = [frame("conversation.updated", {}), frame("message.updated", {})]
            hub.subscribe("conv", late, snapshot)

        await asyncio.gather(stream(), join())
        await drain(first, late)
        kinds = types_of(late_ws)
        assert kinds[:2] == ["conversation.updated", "message.updated"]
        seqs = [sent["data"]["seq"] for sent in late_ws.sent[2:]]
        assert seqs == list(range(seqs[0], 200))  # live events continue without a gap

    asyncio.run(scenario())


def test_a_client_that_falls_behind_is_disconnected_not_sent_a_gap() -> None:
    async def scenario() -> None:
        hub = Hub()
        slow, slow_ws = connect(hub, "a", limit=3)
        fast, fast_ws = connect(hub, "a", limit=100)
        for n in range(5):
            await hub.publish("n", {"n": n}, "a")
        assert slow.closed and slow.overflowed
        await drain(slow, fast)
        assert slow_ws.sent == []  # dropped whole, never with a hole in the middle
        assert slow_ws.closed_with == CLOSE_TRY_AGAIN_LATER
        assert [sent["data"]["n"] for sent in fast_ws.sent] == list(range(5))
        assert fast_ws.closed_with is None

    asyncio.run(scenario())


def test_unsubscribe_all_leaves_every_channel() -> None:
    async def scenario() -> None:
        hub = Hub()
        gone, gone_ws = connect(hub, "a", "b")
        stays, stays_ws = connect(hub, "a")
        hub.unsubscribe_all(gone)
        await hub.publish("x", {}, "a", "b")
        await drain(gone, stays)
        assert gone_ws.sent == []
        assert types_of(stays_ws) == ["x"]

    asyncio.run(scenario())


def test_a_failed_send_ends_the_sender() -> None:
    async def scenario() -> None:
        websocket = FakeWebSocket(fail_after=1)
        connection = Connection(websocket, uuid.uuid4())  # type: ignore[arg-type]
        for n in range(3):
            connection.send({"n": n})
        await connection.run_sender()  # returns instead of raising
        assert websocket.sent == [{"n": 0}]

    asyncio.run(scenario())


def test_frame_makes_json_ready_payloads() -> None:
    from decimal import Decimal

    from pydantic import BaseModel

    class Payload(BaseModel):
        id: uuid.UUID
        cost: Decimal

    ident = uuid.UUID(int=1)
    data: Any = frame("t", Payload(id=ident, cost=Decimal("0.10")))
    assert data == {"type": "t", "data": {"id": str(ident), "cost": "0.10"}}


class RecordingBus:
    """A shared bus that records what the hub asks of it (no transport)."""

    shared = True

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.payloads: list[tuple[str, bytes]] = []
        self.deliver: Any = None

    async def start(self, deliver: Any) -> None:
        self.deliver = deliver

    async def stop(self) -> None:
        self.calls.append(("stop", ""))

    def publish(self, channel: str, payload: bytes) -> None:
        self.payloads.append((channel, payload))

    def subscribe(self, channel: str) -> None:
        self.calls.append(("subscribe", channel))

    def unsubscribe(self, channel: str) -> None:
        self.calls.append(("unsubscribe", channel))

    async def settle(self) -> None:
        self.calls.append(("settle", ""))


def test_the_bus_subscribes_for_the_first_socket_and_unsubscribes_after_the_last() -> None:
    async def scenario() -> None:
        bus = RecordingBus()
        hub = Hub(lambda: bus)
        await hub.start()
        first, _ = connect(hub, "conversation:1")
        second, _ = connect(hub, "conversation:1")
        hub.unsubscribe_all(first)
        hub.unsubscribe_all(second)
        own = [hub.connection_channel(c.id) for c in (first, second)]
        assert bus.calls == [
            ("subscribe", "control"),
            ("subscribe", own[0]),
            ("subscribe", "conversation:1"),
            ("subscribe", own[1]),
            ("unsubscribe", own[0]),
            ("unsubscribe", own[1]),
            ("unsubscribe", "conversation:1"),
        ]
        await hub.stop()

    asyncio.run(scenario())


def test_a_publish_is_serialized_once_and_other_processes_events_delivered_once() -> None:
    async def scenario() -> None:
        bus = RecordingBus()
        hub = Hub(lambda: bus)
        await hub.start()
        both, ws_both = connect(hub, "a", "b")
        await hub.publish("x", {"n": 1}, "a", "b")
        (channel_a, payload_a), (channel_b, payload_b) = bus.payloads
        assert (channel_a, channel_b) == ("a", "b")
        assert payload_a is payload_b  # one serialization for every channel
        for channel, payload in bus.payloads:  # as another process receives them
            bus.deliver(channel, payload)
        bus.deliver("a", b'{"frame":{"type":"y","data":{}}}')
        bus.deliver("a", b"not json")  # ignored (logged)
        await hub.stop()
        await drain(both)
        assert types_of(ws_both) == ["x", "x", "y"]  # its own publish, then the copy once

    asyncio.run(scenario())


def test_local_delivery_does_not_serialize() -> None:
    async def scenario() -> None:
        hub = Hub()  # LocalBus until started
        connection, _ = connect(hub, "a")
        await hub.publish("x", {"id": uuid.UUID(int=1)}, "a")  # not JSON: never serialized
        connection.close()
        assert connection.frames[0] == {"type": "x", "data": {"id": uuid.UUID(int=1)}}

    asyncio.run(scenario())


def test_control_calls_the_local_handler_with_json_values_and_sends_to_the_others() -> None:
    async def scenario() -> None:
        bus = RecordingBus()
        hub = Hub(lambda: bus)
        seen: list[tuple[uuid.UUID, dict[str, Any]]] = []

        async def handler(message_id: uuid.UUID, command: dict[str, Any]) -> None:
            seen.append((message_id, command))

        hub.on_control(handler)
        await hub.start()
        message_id, other = uuid.uuid4(), uuid.uuid4()
        await hub.control(message_id, {"op": "resume", "connection": other})
        assert seen == [(message_id, {"op": "resume", "connection": str(other)})]
        assert bus.calls[-1] == ("settle", "")  # subscriptions in force before it leaves
        channel, payload = bus.payloads[-1]
        assert channel == "control"
        bus.deliver(channel, payload)  # as the other processes receive it
        bus.deliver(channel, b'{"message_id": "nope"}')  # malformed: ignored
        await asyncio.sleep(0)
        assert seen[1] == seen[0]
        await hub.stop()

    asyncio.run(scenario())
