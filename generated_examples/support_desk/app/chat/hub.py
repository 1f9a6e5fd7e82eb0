"""In-process fan-out of server events to websocket connections.

Channels are ``user:<id>`` (every socket of a user) and ``conversation:<id>`` (sockets that
subscribed, after their ownership was checked). A publish to several channels reaches each
connection once, and every connection receives the events in the order they were published.
Each connection has its own queue and sender task, so a slow client never blocks a stream; a
client too slow to drain ``QUEUE_LIMIT`` frames is disconnected rather than sent a stream with
a gap in it.
"""

import asyncio
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from starlette.websockets import WebSocket

logger = logging.getLogger(__name__)

QUEUE_LIMIT = 10_000
CLOSE_TRY_AGAIN_LATER = 1013  # websocket close code: the server dropped a client that lagged

Frame = dict[str, Any]


class Connection:
    """One websocket of one user, with an outgoing queue of frames."""

    def __init__(self, websocket: WebSocket, user_id: uuid.UUID, limit: int = QUEUE_LIMIT) -> None:
        self.websocket = websocket
        self.user_id = user_id
        self.queue: asyncio.Queue[Frame | None] = asyncio.Queue(limit)
        self.overflowed = False
        self.closed = False

    def send(self, frame: Frame) -> None:
        """Queue ``frame``; on overflow the queued frames are dropped and the socket is closed."""
        if self.closed:
            return
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            logger.warning("websocket queue full; closing the connection of %s", self.user_id)
            self.overflowed = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.close()

    def close(self) -> None:
        """Stop the sender after the frames already queued (idempotent)."""
        if self.closed:
            return
        self.closed = True
        if self.queue.full():  # make room for the end marker: the socket is closing anyway
            self.overflowed = True
            while not self.queue.empty():
                self.queue.get_nowait()
        self.queue.put_nowait(None)

    async def run_sender(self) -> None:
        """Send queued frames in order until closed or the socket fails.

        After an overflow the websocket is closed with code 1013 (try again later), so the
        client reconnects and resubscribes instead of following a stream with a gap.
        """
        while (frame := await self.queue.get()) is not None:
            try:
                await self.websocket.send_json(frame)
            except Exception:  # the client went away; the receive loop cleans up
                return
        if self.overflowed:
            try:
                await self.websocket.close(code=CLOSE_TRY_AGAIN_LATER)
            except Exception:  # already closed by the client
                logger.debug("closing an overflowed websocket failed", exc_info=True)


def frame(event_type: str, data: BaseModel | dict[str, Any]) -> Frame:
    """``{"type": event_type, "data": ...}`` with JSON-ready values (UUIDs, decimals as str)."""
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return {"type": event_type, "data": payload}


class Hub:
    """Channels of connections.

    Every method is synchronous at heart (``publish`` never awaits), so within one event loop
    a publish is never interleaved with a subscribe: a subscriber gets its snapshot, then
    exactly the events published after it.
    """

    def __init__(self) -> None:
        self._channels: dict[str, set[Connection]] = defaultdict(set)

    @staticmethod
    def user_channel(user_id: uuid.UUID) -> str:
        """The channel of every socket of ``user_id``."""
        return f"user:{user_id}"

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
