"""One websocket of one user: an outgoing queue of frames and the task that sends them.

Each connection has its own queue and sender task, so a slow client never blocks a stream; a
client too slow to drain ``QUEUE_LIMIT`` frames is disconnected (1013) rather than sent a
stream with a gap in it.
"""

import asyncio
import logging
import uuid
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
        self.id = uuid.uuid4()  # its own channel: ``hub.connection_channel(self.id)``
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
