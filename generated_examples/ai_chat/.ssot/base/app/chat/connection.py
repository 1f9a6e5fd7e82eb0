"""One websocket of one user: an outgoing queue of frames and the task that sends them.

Each connection has its own queue and sender task, so a slow client never blocks a stream; a
client too slow to drain ``QUEUE_LIMIT`` frames is disconnected (1013) rather than sent a
stream with a gap in it.

Coalescing. When the sender takes a ``message.streaming`` frame and the frames queued right
behind it are ``message.streaming`` frames of the same message that continue it (each one's
``offset`` is where the previous one's text ends), it sends them as one frame: the deltas
concatenated, the first frame's ``offset``, the last frame's ``seq``. A slow socket thus gets
fewer, larger frames, and the text is unchanged. After coalescing, ``seq`` may skip numbers:
a client must rely on ``offset`` (UTF-16 code units), which stays exact, to place a delta, and
on ``seq`` only to order frames. With ``coalesce_ms`` (``STREAM_COALESCE_MS``) above 0, a socket
gets at most one streaming frame per ``coalesce_ms``: a delta that comes sooner after the last
streaming frame waits until that interval is over, gathering those that arrive meanwhile; one
that comes later, and the first delta of a reply (``offset`` 0), goes out at once. A steady
stream thus gets a frame every ``coalesce_ms`` (not a wait added to the time between deltas);
0 sends every frame as soon as the socket takes it.
"""

import asyncio
import logging
import uuid
from collections import deque
from typing import Any

from pydantic import BaseModel
from starlette.websockets import WebSocket

from app.chat.stream import utf16_len

logger = logging.getLogger(__name__)

QUEUE_LIMIT = 10_000
CLOSE_TRY_AGAIN_LATER = 1013  # websocket close code: the server dropped a client that lagged
STREAMING = "message.streaming"

Frame = dict[str, Any]


def _delta(item: Frame) -> tuple[Any, int, str] | None:
    """``(message_id, offset, delta)`` of a ``message.streaming`` frame; None for any other."""
    if item.get("type") != STREAMING:
        return None
    data = item.get("data")
    if not isinstance(data, dict):
        return None
    message_id, offset, delta = data.get("message_id"), data.get("offset"), data.get("delta")
    if message_id is None or not isinstance(offset, int) or not isinstance(delta, str):
        return None
    return message_id, offset, delta


class Connection:
    """One websocket of one user, with an outgoing queue of frames (at most ``limit``);
    ``coalesce_ms`` is the wait before a lone streaming frame is sent (milliseconds, 0: none).
    """

    def __init__(
        self,
        websocket: WebSocket,
        user_id: uuid.UUID,
        limit: int = QUEUE_LIMIT,
        coalesce_ms: int = 0,
    ) -> None:
        self.websocket = websocket
        self.user_id = user_id
        self.id = uuid.uuid4()  # its own channel: ``hub.connection_channel(self.id)``
        self.limit = limit
        self.coalesce = coalesce_ms / 1000
        self.frames: deque[Frame | None] = deque()  # None: the end marker of ``close``
        self._ready = asyncio.Event()
        self._streamed_at = float("-inf")  # event-loop time of the last streaming frame sent
        self.overflowed = False
        self.closed = False

    def send(self, frame: Frame) -> None:
        """Queue ``frame``; on overflow the queued frames are dropped and the socket is closed."""
        if self.closed:
            return
        if len(self.frames) >= self.limit:
            logger.warning("websocket queue full; closing the connection of %s", self.user_id)
            self.overflowed = True
            self.frames.clear()
            self.close()
            return
        self.frames.append(frame)
        self._ready.set()

    def close(self) -> None:
        """Stop the sender after the frames already queued (idempotent)."""
        if self.closed:
            return
        self.closed = True
        if len(self.frames) >= self.limit:  # no room left: the client lagged anyway
            self.overflowed = True
            self.frames.clear()
        self.frames.append(None)
        self._ready.set()

    async def _next(self) -> Frame | None:
        """The next frame to send (coalesced), or None once the connection is closed."""
        while not self.frames:
            self._ready.clear()
            await self._ready.wait()
        item = self.frames.popleft()
        if item is None:
            return None
        first = _delta(item)
        if first is None:
            return item
        if self.coalesce and first[1] > 0:
            wait = self._streamed_at + self.coalesce - asyncio.get_running_loop().time()
            if wait > 0:
                await asyncio.sleep(wait)  # let a few more deltas arrive
        self._streamed_at = asyncio.get_running_loop().time()
        return self._coalesce(item, first)

    def _coalesce(self, item: Frame, first: tuple[Any, int, str]) -> Frame:
        """``item`` merged with the streaming frames queued behind it that continue it (a
        new frame: the queued ones are shared with other connections and never changed)."""
        message_id, offset, delta = first
        end = offset + utf16_len(delta)
        parts, last = [delta], item
        while self.frames and (queued := self.frames[0]) is not None:
            following = _delta(queued)
            if following is None or following[0] != message_id or following[1] != end:
                break
            self.frames.popleft()
            parts.append(following[2])
            end += utf16_len(following[2])
            last = queued
        if last is item:
            return item
        data = {**item["data"], "delta": "".join(parts), "seq": last["data"].get("seq")}
        return {**item, "data": data}

    async def run_sender(self) -> None:
        """Send queued frames in order until closed or the socket fails.

        After an overflow the websocket is closed with code 1013 (try again later), so the
        client reconnects and resubscribes instead of following a stream with a gap.
        """
        while (item := await self._next()) is not None:
            try:
                await self.websocket.send_json(item)
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
