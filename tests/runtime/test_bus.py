"""``app/chat/bus.py``: the in-process bus, and Redis pub/sub between two buses (two
"processes" in one event loop) against a real Redis (database 3)."""

from __future__ import annotations

import asyncio
import logging
import sys
import types
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from app.chat import bus as bus_module
from app.chat.bus import LocalBus, RedisBus
from app.chat.hub import Connection, Hub
from tests.conftest import need_service
from tests.runtime.conftest import FakeWebSocket

REDIS_URL = "redis://127.0.0.1:6379/3"


@pytest.fixture
def redis_url() -> str:
    need_service("Redis", 6379)
    return REDIS_URL


def prefix() -> str:
    return f"bus-test-{uuid.uuid4().hex[:8]}"


class Inbox:
    """What a bus delivered: ``[(channel, payload)]``, with a wait for the n-th item."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []
        self._changed = asyncio.Event()

    def __call__(self, channel: str, payload: bytes) -> None:
        self.items.append((channel, payload))
        self._changed.set()

    async def wait_for(self, count: int) -> list[tuple[str, bytes]]:
        async with asyncio.timeout(10):
            while len(self.items) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.items


class SlowSubscriber(RedisBus):
    """A bus whose ``SUBSCRIBE`` commands leave late, as on a busy process or network: what
    is published right after a join would miss the joining socket unless the hub waits."""

    async def _send_commands(self, pubsub: Any) -> None:
        subscribe = pubsub.subscribe

        async def slow(*channels: str) -> None:
            await asyncio.sleep(0.05)
            await subscribe(*channels)

        pubsub.subscribe = slow
        await super()._send_commands(pubsub)


async def until(condition: Callable[[], Awaitable[bool]]) -> None:
    """Wait for ``condition`` (a state of Redis or of the bus), polling; fail after 10 s."""
    async with asyncio.timeout(10):
        while not await condition():
            await asyncio.sleep(0.02)


async def numsub(url: str, channel: str) -> int:
    from redis.asyncio import Redis

    async with Redis.from_url(url) as client:
        counts = await client.pubsub_numsub(channel)
        return int(counts[0][1])


async def kill(url: str, name: str) -> None:
    """``CLIENT KILL`` the connection named ``name`` (this test's own, nobody else's)."""
    from redis.asyncio import Redis

    async with Redis.from_url(url) as client:
        clients = await client.client_list()
        ids = [entry["id"] for entry in clients if entry["name"] == name]
        assert ids, f"no client named {name}"
        for client_id in ids:
            await client.client_kill_filter(_id=client_id)


def test_local_bus_carries_nothing_and_is_always_settled() -> None:
    async def scenario() -> None:
        bus = LocalBus()
        inbox = Inbox()
        await bus.start(inbox)
        bus.subscribe("a")
        bus.publish("a", b"x")
        await bus.settle()
        await bus.stop()
        assert inbox.items == []
        assert bus.shared is False

    asyncio.run(scenario())


def test_the_prefix_names_the_app_and_the_database() -> None:
    assert RedisBus("redis://127.0.0.1:6379/3", "chat").prefix == "chat:3:"
    assert RedisBus("redis://127.0.0.1:6379", "chat").prefix == "chat:0:"


def test_the_settings_choose_the_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    config = types.ModuleType("app.core.config")
    config.settings = types.SimpleNamespace(  # type: ignore[attr-defined]
        redis_url=None, redis_channel_prefix="chat"
    )
    monkeypatch.setitem(sys.modules, "app.core.config", config)
    assert isinstance(bus_module.from_settings(), LocalBus)
    config.settings.redis_url = "redis://127.0.0.1:6379/3"  # type: ignore[attr-defined]
    chosen = bus_module.from_settings()
    assert isinstance(chosen, RedisBus)
    assert chosen.prefix == "chat:3:"


def test_a_payload_reaches_the_other_process_in_order_but_not_its_own(redis_url: str) -> None:
    async def scenario() -> None:
        name = prefix()
        one, two = RedisBus(redis_url, name), RedisBus(redis_url, name)
        inbox_one, inbox_two = Inbox(), Inbox()
        for bus in (one, two):
            bus.subscribe("a")
        await one.start(inbox_one)
        await two.start(inbox_two)
        await one.settle()
        await two.settle()
        for n in range(300):
            one.publish("a", str(n).encode())
        two.publish("a", b"from two")
        items = await inbox_two.wait_for(300)
        assert items == [("a", str(n).encode()) for n in range(300)]
        assert await inbox_one.wait_for(1) == [("a", b"from two")]  # its own: skipped
        await one.stop()
        await two.stop()

    asyncio.run(scenario())


def test_stop_publishes_what_is_queued_first(redis_url: str) -> None:
    async def scenario() -> None:
        name = prefix()
        one, two = RedisBus(redis_url, name), RedisBus(redis_url, name)
        inbox = Inbox()
        two.subscribe("a")
        await one.start(Inbox())
        await two.start(inbox)
        await two.settle()
        for n in range(100):  # e.g. the replies a graceful shutdown stored as cancelled
            one.publish("a", str(n).encode())
        await one.stop()
        one.publish("a", b"after stop")  # dropped: the bus is closed
        assert [payload for _, payload in await inbox.wait_for(100)] == [
            str(n).encode() for n in range(100)
        ]
        await two.stop()
        assert len(inbox.items) == 100

    asyncio.run(scenario())


def test_settle_makes_a_new_subscription_visible_to_the_next_publish(redis_url: str) -> None:
    async def scenario() -> None:
        name = prefix()
        one, two = RedisBus(redis_url, name), SlowSubscriber(redis_url, name)
        inbox = Inbox()
        await one.start(Inbox())
        await two.start(inbox)
        for n in range(20):  # each a channel joined just now, then answered at once
            two.subscribe(f"c{n}")
            await two.settle()
            one.publish(f"c{n}", b"answer")
        assert [channel for channel, _ in await inbox.wait_for(20)] == [f"c{n}" for n in range(20)]
        two.unsubscribe("c0")
        await two.settle()
        assert await numsub(redis_url, f"{name}:3:c0") == 0
        await one.stop()
        await two.stop()

    asyncio.run(scenario())


def test_apps_with_other_prefixes_never_mix(redis_url: str) -> None:
    async def scenario() -> None:
        mine_name, other_name = prefix(), prefix()
        mine, mine_peer = RedisBus(redis_url, mine_name), RedisBus(redis_url, mine_name)
        other, other_peer = RedisBus(redis_url, other_name), RedisBus(redis_url, other_name)
        inbox, other_inbox = Inbox(), Inbox()
        for bus in (mine, other_peer):
            bus.subscribe("a")
        await mine.start(inbox)
        await other_peer.start(other_inbox)
        await other.start(Inbox())
        await mine_peer.start(Inbox())
        await mine.settle()
        await other_peer.settle()
        other.publish("a", b"not for you")
        await other_inbox.wait_for(1)  # Redis has handled it
        mine_peer.publish("a", b"for you")  # so it reached ``mine`` before this, if at all
        assert await inbox.wait_for(1) == [("a", b"for you")]
        for bus in (mine, mine_peer, other, other_peer):
            await bus.stop()

    asyncio.run(scenario())


def test_the_subscriber_reconnects_after_client_kill(
    redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        name = prefix()
        one, two = RedisBus(redis_url, name, origin="one"), RedisBus(redis_url, name)
        inbox = Inbox()
        one.subscribe("a")
        await one.start(inbox)
        await two.start(Inbox())
        await one.settle()
        channel = f"{name}:3:a"
        await kill(redis_url, f"{name}:3:one:subscriber")
        await until(lambda: _reconnected(one))
        assert await numsub(redis_url, channel) == 1  # the subscription was restored
        await one.settle()
        two.publish("a", b"after the kill")
        assert await inbox.wait_for(1) == [("a", b"after the kill")]
        await one.stop()
        await two.stop()

    async def _reconnected(bus: RedisBus) -> bool:
        return bus.sessions == 2

    with caplog.at_level(logging.WARNING, logger="app.chat.bus"):
        asyncio.run(scenario())
    lost = [r for r in caplog.records if "lost the Redis subscriber" in r.getMessage()]
    assert len(lost) == 1


class Gate:
    """A TCP proxy on 127.0.0.1 to Redis that a test closes (every connection through it cut,
    new ones refused) and opens again on the same port: an outage that a client cannot
    paper over. A ``CLIENT KILL`` is not one: redis-py checks a pooled connection before
    each command and reconnects at once if it has seen the server close it, so whether the
    next command fails depends on whether the event loop has read that close yet."""

    def __init__(self, target: str) -> None:
        parts = target.split("://", 1)[1].split("/", 1)
        self.host, port = parts[0].rsplit(":", 1)
        self.target_port = int(port)
        self.database = parts[1] if len(parts) > 1 else "0"
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/{self.database}"

    async def open(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()  # new connections are refused from now on
        for writer in list(self._writers):
            writer.transport.abort()
        await self._server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(
            self.host, self.target_port
        )
        self._writers.update((writer, upstream_writer))

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()
                self._writers.discard(sink)

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


def test_the_publisher_drops_while_redis_is_gone_then_resumes(
    redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        gate = Gate(redis_url)
        await gate.open()
        name = prefix()
        one, two = RedisBus(gate.url, name, origin="one"), RedisBus(redis_url, name)
        inbox = Inbox()
        two.subscribe("a")
        await one.start(Inbox())
        await two.start(inbox)
        await two.settle()
        one.publish("a", b"first")
        await inbox.wait_for(1)
        await gate.close()  # Redis is gone for ``one``
        one.publish("a", b"lost")  # its pipeline fails: dropped, logged
        await until(lambda: _outages(one, 1))
        assert one._publisher_down
        one.publish("a", b"dropped while down")
        await gate.open()
        await until(lambda: _back(one))
        one.publish("a", b"back")
        items = await inbox.wait_for(2)
        assert items == [("a", b"first"), ("a", b"back")]
        await one.stop()
        await two.stop()
        await gate.close()

    async def _outages(bus: RedisBus, count: int) -> bool:
        return bus.outages == count

    async def _back(bus: RedisBus) -> bool:
        return not bus._publisher_down

    with caplog.at_level(logging.WARNING, logger="app.chat.bus"):
        asyncio.run(scenario())
    failed = [r for r in caplog.records if "publishing to Redis failed" in r.getMessage()]
    assert len(failed) == 1


def test_an_unreachable_redis_is_logged_and_publishes_are_dropped(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(bus_module, "FIRST_CONNECT_WAIT_S", 0.2)

    async def scenario() -> None:
        from tests.live import free_port

        bus = RedisBus(f"redis://127.0.0.1:{free_port()}/3", prefix())
        bus.subscribe("a")
        await bus.start(Inbox())  # returns although nothing answers
        bus.publish("a", b"x")
        await bus.settle()  # returns at once: nothing can be in force
        await until(lambda: _failed(bus))
        bus.publish("a", b"y")
        await bus.stop()

    async def _failed(bus: RedisBus) -> bool:
        return bus.outages == 1

    with caplog.at_level(logging.WARNING, logger="app.chat.bus"):
        asyncio.run(scenario())
    messages = [r.getMessage() for r in caplog.records]
    assert sum("lost the Redis subscriber" in m for m in messages) == 1
    assert sum("publishing to Redis failed" in m for m in messages) == 1


# -- two hubs on one Redis: what two processes of the app do -----------------------------


def hub_pair(url: str, viewer_bus: type[RedisBus] = RedisBus) -> tuple[Hub, Hub]:
    name = prefix()
    return Hub(lambda: RedisBus(url, name)), Hub(lambda: viewer_bus(url, name))


def connect(hub: Hub, *channels: str) -> tuple[Connection, FakeWebSocket]:
    websocket = FakeWebSocket()
    connection = Connection(websocket, uuid.uuid4())  # type: ignore[arg-type]
    for channel in channels:
        hub.subscribe(channel, connection)
    return connection, websocket


async def received(connection: Connection, websocket: FakeWebSocket, count: int) -> list[Any]:
    """The first ``count`` frames the connection sends (its sender runs until then)."""
    sender = asyncio.create_task(connection.run_sender())
    async with asyncio.timeout(10):
        while len(websocket.sent) < count:
            await asyncio.sleep(0.01)
    connection.close()
    await sender
    return websocket.sent


def test_a_hub_delivers_another_process_events_once_and_in_order(redis_url: str) -> None:
    async def scenario() -> None:
        producer, viewer = hub_pair(redis_url)
        await producer.start()
        await viewer.start()
        both, ws_both = connect(viewer, "conversation:1", "user:1")
        local, ws_local = connect(producer, "conversation:1")
        await viewer.settle()
        for n in range(200):
            channels = ("conversation:1", "user:1") if n % 3 == 0 else ("conversation:1",)
            await producer.publish("n", {"n": n}, *channels)
        frames = await received(both, ws_both, 200)
        assert [f["data"]["n"] for f in frames] == list(range(200))
        assert [f["data"]["n"] for f in await received(local, ws_local, 200)] == list(range(200))
        await producer.stop()
        await viewer.stop()

    asyncio.run(scenario())


def test_control_reaches_the_producing_process_with_one_shape(redis_url: str) -> None:
    async def scenario() -> None:
        producer, viewer = hub_pair(redis_url)
        seen: dict[str, list[tuple[uuid.UUID, dict[str, Any]]]] = {"producer": [], "viewer": []}
        arrived = asyncio.Event()

        def handler(name: str) -> Any:
            async def handle(message_id: uuid.UUID, command: dict[str, Any]) -> None:
                seen[name].append((message_id, command))
                if name == "producer":
                    arrived.set()

            return handle

        producer.on_control(handler("producer"))
        viewer.on_control(handler("viewer"))
        await producer.start()
        await viewer.start()
        message_id, connection_id = uuid.uuid4(), uuid.uuid4()
        await viewer.control(message_id, {"op": "resume", "connection": connection_id})
        async with asyncio.timeout(10):
            await arrived.wait()
        expected = (message_id, {"op": "resume", "connection": str(connection_id)})
        assert seen == {"producer": [expected], "viewer": [expected]}
        await producer.stop()
        await viewer.stop()

    asyncio.run(scenario())


def test_a_catch_up_for_another_process_socket_comes_before_the_live_deltas(
    redis_url: str,
) -> None:
    """The resume of a reply produced elsewhere: the viewer's socket joins the conversation
    (and its own channel) and sends the command; the producer answers on the socket's channel,
    then goes on publishing deltas on the conversation's."""

    async def scenario() -> None:
        producer, viewer = hub_pair(redis_url, SlowSubscriber)

        async def answer(message_id: uuid.UUID, command: dict[str, Any]) -> None:
            channel = Hub.connection_channel(uuid.UUID(command["connection"]))
            await producer.publish("message.streaming", {"catch_up": True}, channel)
            for n in range(50):
                await producer.publish("message.streaming", {"n": n}, "conversation:9")

        producer.on_control(answer)
        await producer.start()
        await viewer.start()
        for _attempt in range(5):  # each a fresh socket: no settle before the command
            connection, websocket = connect(viewer, "conversation:9")
            await viewer.control(uuid.uuid4(), {"op": "resume", "connection": connection.id})
            frames = await received(connection, websocket, 51)
            assert frames[0]["data"] == {"catch_up": True}
            assert [f["data"]["n"] for f in frames[1:]] == list(range(50))
            viewer.unsubscribe_all(connection)
        await producer.stop()
        await viewer.stop()

    asyncio.run(scenario())
