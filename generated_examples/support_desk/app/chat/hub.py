"""Fan-out of server events to websocket connections.

Channels are ``user:<id>`` (every socket of a user) and ``conversation:<id>`` (sockets that
subscribed, after their ownership was checked). A publish to several channels reaches each
connection once, and every connection receives the events in the order they were published.
The connections themselves (queue, sender, overflow) are in ``app.chat.connection``.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from pydantic import BaseModel

from app.chat.connection import QUEUE_LIMIT, Connection, Frame, frame

__all__ = ["QUEUE_LIMIT", "Connection", "ControlHandler", "Frame", "Hub", "frame", "hub"]

logger = logging.getLogger(__name__)
ControlHandler = Callable[[uuid.UUID, dict[str, Any]], Awaitable[None]]
"""Handles a command for a reply this process produces: ``(message_id, command)``."""


class Hub:
    """Channels of connections.

    Every method is synchronous at heart (``publish`` never awaits), so within one event loop
    a publish is never interleaved with a subscribe: a subscriber gets its snapshot, then
    exactly the events published after it.
    """

    def __init__(self) -> None:
        self._channels: dict[str, set[Connection]] = defaultdict(set)
        self._control: ControlHandler | None = None

    def on_control(self, handler: ControlHandler) -> None:
        """Register the handler of commands (``{"op": "stop"}``, ...) for the replies this
        process produces (the chat service registers it at import)."""
        self._control = handler

    async def start(self) -> None:
        """Start delivering events published by other processes (nothing to do in process)."""

    async def stop(self) -> None:
        """Stop delivering events from other processes and release what ``start`` took."""

    async def control(self, message_id: uuid.UUID, command: dict[str, Any]) -> None:
        """Deliver ``command`` to the process producing ``message_id``, whichever it is (a
        producer that does not know the message ignores it)."""
        if self._control is not None:
            await self._control(message_id, command)

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
        """Queue ``snapshot`` for ``connection``, then add it to ``channel``.

        Both happen without yielding to the event loop, so every event published later reaches
        the connection after its snapshot, and none is lost in between.
        """
        for item in snapshot:
            connection.send(item)
        self._channels[channel].add(connection)

    def unsubscribe_all(self, connection: Connection) -> None:
        """Remove ``connection`` from every channel."""
        for channel in list(self._channels):
            self._channels[channel].discard(connection)
            if not self._channels[channel]:
                del self._channels[channel]

    async def publish(
        self, event_type: str, data: BaseModel | dict[str, Any], *channels: str
    ) -> None:
        """Send one event to every connection on any of ``channels`` (each connection once)."""
        message = frame(event_type, data)
        targets: dict[Connection, None] = {}  # ordered, without duplicates
        for channel in channels:
            targets.update(dict.fromkeys(self._channels.get(channel, ())))
        for connection in targets:
            connection.send(message)

    async def publish_to_user(
        self, user_id: uuid.UUID, event_type: str, data: BaseModel | dict[str, Any]
    ) -> None:
        """Send one event to every socket of ``user_id``."""
        await self.publish(event_type, data, self.user_channel(user_id))


hub = Hub()
