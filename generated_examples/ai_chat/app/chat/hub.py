"""Fan-out of server events to websocket connections, in this process and the others.

Channels are ``user:<id>`` (every socket of a user), ``conversation:<id>`` (sockets that
subscribed, after their ownership was checked) and ``connection:<id>`` (one socket: answers
meant for it alone; every subscribed socket is on its own). A publish to several channels
reaches each connection once, and every connection receives the events of one publisher in
the order they were published. The connections themselves (queue, sender, overflow) are in
``app.chat.connection``.

With more than one process (``REDIS_URL`` set: ``app.chat.bus.RedisBus``) a publish is
delivered to this process's sockets at once, then serialized once and handed to the bus,
and every other process delivers it to its own sockets of those channels. ``control``
commands (stop, resume, ...) go to every process over the bus's ``control`` channel; each
process's handler acts only on the replies it produces.

Subscriptions on the bus follow the sockets: the process subscribes to a channel on the bus
when its first local socket joins it and unsubscribes when the last one leaves, rather than
subscribing once to every channel of the app (``{prefix}:*``) and filtering. With 500 replies
streaming across the app's processes, a pattern subscription would make every process
receive, parse and throw away every delta of every conversation; per-channel subscriptions
let Redis send a process only the conversations its sockets follow, at the cost of one
``SUBSCRIBE`` / ``UNSUBSCRIBE`` per channel joined / left (cheap for Redis, and sent by the
bus without blocking the join).
"""

import asyncio
import json
import logging
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from pydantic import BaseModel

from app.chat.bus import Bus, LocalBus, from_settings
from app.chat.connection import QUEUE_LIMIT, Connection, Frame, frame

__all__ = [
    "CONTROL_CHANNEL",
    "QUEUE_LIMIT",
    "Connection",
    "ControlHandler",
    "Frame",
    "Hub",
    "frame",
    "hub",
]

logger = logging.getLogger(__name__)
ControlHandler = Callable[[uuid.UUID, dict[str, Any]], Awaitable[None]]
"""Handles a command for a reply this process produces: ``(message_id, command)``."""

CONTROL_CHANNEL = "control"
"""The bus channel of ``control`` commands; every process subscribes to it."""
RECENT_LIMIT = 256  # multi-channel events remembered to deliver each once per connection


class Hub:
    """Channels of connections, shared with the app's other processes through a bus.

    Every method that touches the channels is synchronous at heart (``publish`` delivers
    locally before its first await), so within one event loop a publish is never interleaved
    with a subscribe: a subscriber gets its snapshot, then exactly the events published
    after it. ``bus`` makes the bus when the hub starts (default: ``bus.from_settings``).
    """

    def __init__(self, bus: Callable[[], Bus] = from_settings) -> None:
        self._channels: dict[str, set[Connection]] = {}
        self._joined: dict[Connection, dict[str, None]] = {}  # connection -> its channels
        self._control: ControlHandler | None = None
        self._make_bus = bus
        self._bus: Bus = LocalBus()
        self._id = uuid.uuid4().hex  # names this process's multi-channel events
        self._sent = 0  # multi-channel events published
        self._recent: OrderedDict[bytes, tuple[Frame, set[Connection]]] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()  # control commands being handled

    def on_control(self, handler: ControlHandler) -> None:
        """Register the handler of commands (``{"op": "stop"}``, ...) for the replies this
        process produces (the chat service registers it at import)."""
        self._control = handler

    async def start(self) -> None:
        """Make the bus and start delivering what other processes publish (``REDIS_URL``);
        with no Redis (``LocalBus``) there is nothing to start."""
        bus = self._make_bus()
        self._bus = bus
        for channel in (CONTROL_CHANNEL, *self._channels):
            bus.subscribe(channel)
        await bus.start(self._receive)

    async def stop(self) -> None:
        """Stop delivering events from other processes and release what ``start`` took
        (the hub then serves this process alone until started again)."""
        bus, self._bus = self._bus, LocalBus()
        await bus.stop()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._recent.clear()

    async def settle(self) -> None:
        """Return once every subscription made so far is in force in the other processes'
        view too (the bus confirmed it), so what they publish next reaches its sockets."""
        await self._bus.settle()

    async def control(self, message_id: uuid.UUID, command: dict[str, Any]) -> None:
        """Deliver ``command`` to the process producing ``message_id``, whichever it is (a
        producer that does not know the message ignores it).

        ``command`` must be JSON values (a UUID or other value is sent as its ``str``); the
        handler receives it decoded from JSON in every process, this one included, so it
        sees one shape wherever the reply is produced. Before the command goes to other
        processes the hub waits for its subscriptions to be in force: a producer elsewhere
        that answers on a channel a socket of this process just joined reaches it.
        """
        decoded: dict[str, Any] = json.loads(json.dumps(command, default=str))
        if self._control is not None:
            await self._control(message_id, decoded)
        if self._bus.shared:
            await self._bus.settle()
            payload = {"message_id": str(message_id), "command": decoded}
            self._bus.publish(CONTROL_CHANNEL, json.dumps(payload).encode())

    @staticmethod
    def user_channel(user_id: uuid.UUID) -> str:
        """The channel of every socket of ``user_id``."""
        return f"user:{user_id}"

    @staticmethod
    def connection_channel(connection_id: uuid.UUID) -> str:
        """The channel of one socket (answers meant for it alone, e.g. a resume's catch-up)."""
        return f"connection:{connection_id}"

    @staticmethod
    def conversation_channel(conversation_id: uuid.UUID) -> str:
        """The channel of the sockets that follow ``conversation_id``."""
        return f"conversation:{conversation_id}"

    def subscribe(
        self, channel: str, connection: Connection, snapshot: Iterable[Frame] = ()
    ) -> None:
        """Queue ``snapshot`` for ``connection``, then add it to ``channel`` (and to its own
        ``connection_channel``).

        Both happen without yielding to the event loop, so every event published later in
        this process reaches the connection after its snapshot, and none is lost in between.
        Events of other processes reach it once the bus has the subscription (``settle``).
        """
        for item in snapshot:
            connection.send(item)
        self._join(self.connection_channel(connection.id), connection)
        self._join(channel, connection)

    def _join(self, channel: str, connection: Connection) -> None:
        members = self._channels.get(channel)
        if members is None:
            members = self._channels[channel] = set()
            self._bus.subscribe(channel)
        members.add(connection)
        self._joined.setdefault(connection, {})[channel] = None  # in joining order

    def unsubscribe_all(self, connection: Connection) -> None:
        """Remove ``connection`` from every channel."""
        for channel in self._joined.pop(connection, ()):
            members = self._channels.get(channel)
            if members is None:
                continue
            members.discard(connection)
            if not members:
                del self._channels[channel]
                self._bus.unsubscribe(channel)

    async def publish(
        self, event_type: str, data: BaseModel | dict[str, Any], *channels: str
    ) -> None:
        """Send one event to every connection on any of ``channels`` (each connection once),
        here and, through the bus, in the other processes.

        Raises TypeError when ``data`` is a dict that is not JSON values and the bus is
        shared (a ``BaseModel`` is always made JSON-ready by ``frame``).
        """
        message = frame(event_type, data)
        targets: dict[Connection, None] = {}  # ordered, without duplicates
        for channel in channels:
            targets.update(dict.fromkeys(self._channels.get(channel, ())))
        for connection in targets:
            connection.send(message)
        if self._bus.shared and channels:
            envelope: dict[str, Any] = {"frame": message}
            if len(channels) > 1:  # sent once per channel: the receivers deliver it once
                self._sent += 1
                envelope["id"] = f"{self._id}:{self._sent}"
            payload = json.dumps(envelope, separators=(",", ":")).encode()
            for channel in channels:
                self._bus.publish(channel, payload)

    async def publish_to_user(
        self, user_id: uuid.UUID, event_type: str, data: BaseModel | dict[str, Any]
    ) -> None:
        """Send one event to every socket of ``user_id``."""
        await self.publish(event_type, data, self.user_channel(user_id))

    def _receive(self, channel: str, payload: bytes) -> None:
        """Deliver what another process published on ``channel`` (called by the bus, in the
        order that process published). An event it published to several channels arrives
        once per channel; each connection gets it once (the hub remembers the last
        ``RECENT_LIMIT`` such events)."""
        if channel == CONTROL_CHANNEL:
            self._receive_control(payload)
            return
        members = self._channels.get(channel)
        if not members:
            return
        recent = self._recent.get(payload)
        if recent is None:
            try:
                envelope = json.loads(payload)
                message: Frame = envelope["frame"]
            except (ValueError, KeyError, TypeError):
                logger.warning("event bus: ignored a malformed event on %s", channel)
                return
            delivered: set[Connection] | None = None
            if "id" in envelope:
                delivered = set()
                self._recent[payload] = (message, delivered)
                if len(self._recent) > RECENT_LIMIT:
                    self._recent.popitem(last=False)
        else:
            message, delivered = recent
        for connection in members:
            if delivered is None:
                connection.send(message)
            elif connection not in delivered:
                delivered.add(connection)
                connection.send(message)

    def _receive_control(self, payload: bytes) -> None:
        """Hand a command from another process to this process's handler (in a task)."""
        try:
            data = json.loads(payload)
            message_id = uuid.UUID(data["message_id"])
            command = data["command"]
            if not isinstance(command, dict):
                raise TypeError("a command is an object")
        except (ValueError, KeyError, TypeError):
            logger.warning("event bus: ignored a malformed control command")
            return
        if self._control is None:
            return
        task = asyncio.create_task(self._run_control(self._control, message_id, command))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _run_control(
        handler: ControlHandler, message_id: uuid.UUID, command: dict[str, Any]
    ) -> None:
        try:
            await handler(message_id, command)
        except Exception:
            logger.exception("control command %s for %s failed", command.get("op"), message_id)


hub = Hub()
