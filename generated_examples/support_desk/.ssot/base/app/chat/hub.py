"""In-process fan-out of server events to websocket connections.

Channels are ``user:<id>`` (every socket of a user) and ``conversation:<id>`` (sockets that
subscribed, after their ownership was checked). A publish to several channels reaches each
connection once. Each connection has its own queue and sender task, so a slow client never
blocks a stream.
"""

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from typing import Any

from fastapi import WebSocket
from pydantic import BaseModel

logger = logging.getLogger(__name__)

QUEUE_LIMIT = 10_000


class Connection:
    """One websocket of one user, with an outgoing queue of frames."""

    def __init__(self, websocket: WebSocket, user_id: uuid.UUID) -> None:
        self.websocket = websocket
        self.user_id = user_id
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(QUEUE_LIMIT)

    def send(self, frame: dict[str, Any]) -> None:
        """Queue ``frame``; a client too slow to drain QUEUE_LIMIT frames is disconnected."""
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            logger.warning("websocket queue full; closing the connection of %s", self.user_id)
            self.close()

    def close(self) -> None:
        """Stop the sender after the frames already queued."""
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)

    async def run_sender(self) -> None:
        """Send queued frames in order until closed or the socket fails."""
        while (frame := await self.queue.get()) is not None:
            try:
                await self.websocket.send_json(frame)
            except Exception:  # the client went away; the receive loop cleans up
                return


def frame(event_type: str, data: BaseModel | dict[str, Any]) -> dict[str, Any]:
    """``{"type": event_type, "data": ...}`` with JSON-ready values (UUIDs, decimals as str)."""
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return {"type": event_type, "data": payload}


class Hub:
    """Channels of connections."""

    def __init__(self) -> None:
        self._channels: dict[str, set[Connection]] = defaultdict(set)

    @staticmethod
    def user_channel(user_id: uuid.UUID) -> str:
        return f"user:{user_id}"

    @staticmethod
    def conversation_channel(conversation_id: uuid.UUID) -> str:
        return f"conversation:{conversation_id}"

    def subscribe(self, channel: str, connection: Connection) -> None:
        self._channels[channel].add(connection)

    def unsubscribe_all(self, connection: Connection) -> None:
        for channel in list(self._channels):
            self._channels[channel].discard(connection)
            if not self._channels[channel]:
                del self._channels[channel]

    def subscribers(self, channel: str) -> int:
        """How many connections listen on ``channel``."""
        return len(self._channels.get(channel, ()))

    async def publish(
        self, event_type: str, data: BaseModel | dict[str, Any], *channels: str
    ) -> None:
        """Send one event to every connection on any of ``channels`` (each connection once)."""
        message = frame(event_type, data)
        targets: set[Connection] = set()
        for channel in channels:
            targets |= self._channels.get(channel, set())
        for connection in targets:
            connection.send(message)

    async def publish_to_user(
        self, user_id: uuid.UUID, event_type: str, data: BaseModel | dict[str, Any]
    ) -> None:
        await self.publish(event_type, data, self.user_channel(user_id))


hub = Hub()
