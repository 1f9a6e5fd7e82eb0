"""The AI SDK's ``WebSocketChatTransport`` (``ai`` >= 7.0.135) on ``/ws/chat``.

Client -> server frames (``websocket-chat-transport.ts``): ``send {requestId, id, trigger,
messageId?, messages, headers, body}``, ``resume {requestId, id, lastSequence?, headers,
body}``, ``abort {requestId}``. Server -> client frames, each with the request's
``requestId``: ``start`` (a resume found a streaming reply), ``chunk {sequence, chunk}`` (a UI
message chunk of ``app.chat.ui_stream``; ``sequence`` counts the request's chunks from 0,
contiguous), ``end``, ``error {errorText}`` (a refused request: unauthorized, not found, a
limit ...) and ``no-active`` (a resume while no reply of the chat streams).

A frame that names no ``requestId`` (or is not JSON, too large or too deep: the hardening of
``app.api.routes.ws``) closes the socket with 1008, as the package's reference server does:
the client cannot tie an answer to it. Authentication: ``?token=<JWT>`` on the URL, or an
``authorization: Bearer <JWT>`` entry in a ``send`` / ``resume`` frame's ``headers`` (browsers
cannot set handshake headers); a frame's own token wins. ``abort`` stops the reply of a
request of this socket (``service.stop_generation``); closing the socket does not stop
anything. ``resume`` replays the chat's streaming reply: ``start``, then its text so far as
one ``text-delta`` and its live deltas, numbered from 0 (a ``lastSequence`` skips the chunks
numbered up to it).
"""

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status
from pydantic import ValidationError

from app.api.routes.ws import (
    AsgiEvent,
    BadFrame,
    authenticate,
    load_json,
    query_token,
    stop_sender,
)
from app.chat import service
from app.chat.ui_stream import (
    ChatRequest,
    RequestError,
    Sink,
    follow,
    start_reply,
    streaming_replies,
    ui_chunks,
)
from app.core import headers
from app.core.config import settings

logger = logging.getLogger(__name__)
router = APIRouter(tags=["websocket"])

CLOSE_POLICY = status.WS_1008_POLICY_VIOLATION  # a frame without requestId, origin refused
SEND_QUEUE = 10_000  # frames queued for the socket before it is closed as lagging (1013)
MAX_ERROR_CHARS = 300  # characters of an ``errorText``
STATUS_WORDS = {404: "not found", 422: "invalid request", 429: "rate limited", 501: "not available"}
"""How an HTTP refusal of ``app.chat.ui_stream`` starts its ``errorText``."""


class Refused(Exception):
    """A request answered with an ``error`` frame carrying ``text``."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text[:MAX_ERROR_CHARS]


@dataclass
class Request:
    """One ``send`` or ``resume`` of the socket: its task, and the reply once known."""

    user_id: uuid.UUID | None = None
    reply_id: uuid.UUID | None = None
    aborted: bool = False
    task: "asyncio.Task[None] | None" = field(default=None, repr=False)


class Socket:
    """One ``/ws/chat`` socket: its frames out (one sender, in order) and its requests."""

    def __init__(self, websocket: WebSocket, token: str | None) -> None:
        self.websocket = websocket
        self.token = token  # from ``?token=``; None: every request brings its own
        self.requests: dict[str, Request] = {}
        self.out: asyncio.Queue[str | None] = asyncio.Queue(SEND_QUEUE)
        self.lagging = False

    def send(self, frame: dict[str, Any]) -> None:
        """Queue ``frame``; a socket that lags ``SEND_QUEUE`` frames is closed (1013)."""
        if self.lagging:
            return
        try:
            self.out.put_nowait(json.dumps(frame, ensure_ascii=False))
        except asyncio.QueueFull:
            logger.warning("/ws/chat queue full; closing the socket")
            self.lagging = True
            while not self.out.empty():
                self.out.get_nowait()
            self.out.put_nowait(None)

    async def run_sender(self) -> None:
        """Send the queued frames in order until the end marker or a failure."""
        while (text := await self.out.get()) is not None:
            try:
                await self.websocket.send_text(text)
            except Exception:  # the client went away; the receive loop cleans up
                return
        if self.lagging:
            try:
                await self.websocket.close(code=status.WS_1013_TRY_AGAIN_LATER)
            except Exception:
                logger.debug("closing a lagging /ws/chat socket failed", exc_info=True)


def _load(incoming: AsgiEvent) -> Any:
    """The JSON value of an ASGI message, with ``/ws``'s limits (size, depth, numbers,
    surrogates); raises BadFrame."""
    limit = settings.ws_max_frame_bytes
    text = incoming.get("text")
    if text is None:
        data = incoming.get("bytes") or b""
        if len(data) > limit:
            raise BadFrame("frame_too_large", f"a frame is at most {limit} bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BadFrame("invalid_json", "frames must be UTF-8 JSON") from err
    return load_json(text)


async def _user(socket: Socket, value: dict[str, Any]) -> uuid.UUID:
    """Who a ``send`` / ``resume`` speaks for: the token in its ``headers``, else the socket's;
    raises Refused ``unauthorized``."""
    frame_headers = value.get("headers")
    if not isinstance(frame_headers, dict) or not isinstance(value.get("body"), dict):
        raise Refused("invalid frame: headers and body must be objects")
    authorization = frame_headers.get("authorization") or frame_headers.get("Authorization")
    if isinstance(authorization, str) and authorization[:7].lower() == "bearer ":
        auth = await authenticate(authorization[7:].strip())
    elif socket.token:
        auth = await authenticate(socket.token)  # checked again: it may have been revoked
    else:
        raise Refused("unauthorized: connect with ?token= or send an authorization header")
    if auth is None:
        raise Refused("unauthorized: the token is invalid, expired or revoked")
    return auth.user_id


def _chat_id(value: dict[str, Any]) -> uuid.UUID:
    try:
        return uuid.UUID(str(value.get("id")))
    except ValueError:
        raise Refused("not found: id must be a conversation's id") from None


async def _stream(socket: Socket, request_id: str, request: Request, sink: Sink, skip: int) -> None:
    """Send the reply's chunks as ``chunk`` frames numbered from 0 (the first ``skip`` are not
    sent), then ``end``."""
    assert request.reply_id is not None
    sequence = 0
    async for chunk in ui_chunks(sink, request.reply_id):
        if sequence >= skip:
            socket.send(
                {"type": "chunk", "requestId": request_id, "sequence": sequence, "chunk": chunk}
            )
        sequence += 1
    socket.send({"type": "end", "requestId": request_id})


async def _send(socket: Socket, request_id: str, request: Request, value: dict[str, Any]) -> None:
    """A ``send``: start the reply, then stream it."""
    user_id = await _user(socket, value)
    request.user_id = user_id
    try:
        body = ChatRequest.model_validate(value)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        if where == "id":
            raise Refused("not found: id must be a conversation's id") from None
        raise Refused(f"invalid request: {where}: {first['msg']}") from None
    sink = Sink(user_id)
    try:
        request.reply_id = await start_reply(sink, body)
        if request.aborted:  # the abort came while the reply was being started
            await service.stop_generation(user_id, request.reply_id)
        await _stream(socket, request_id, request, sink, 0)
    finally:
        sink.release()


async def _resume(socket: Socket, request_id: str, request: Request, value: dict[str, Any]) -> None:
    """A ``resume``: ``no-active``, or ``start`` and the replay of the streaming reply."""
    user_id = await _user(socket, value)
    request.user_id = user_id
    last = value.get("lastSequence")
    if last is not None and (not isinstance(last, int) or isinstance(last, bool) or last < 0):
        raise Refused("invalid request: lastSequence must be a non-negative integer")
    chat_id = _chat_id(value)
    replies = await streaming_replies(user_id, chat_id)
    if not replies:
        socket.send({"type": "no-active", "requestId": request_id})
        return
    request.reply_id = replies[0]
    sink = Sink(user_id)
    try:
        await follow(sink, chat_id, replies[0])
        socket.send({"type": "start", "requestId": request_id})
        await _stream(socket, request_id, request, sink, 0 if last is None else last + 1)
    finally:
        sink.release()


async def _run(socket: Socket, request_id: str, request: Request, value: dict[str, Any]) -> None:
    """Serve one request; every refusal or failure is an ``error`` frame of it."""
    try:
        if value["type"] == "send":
            await _send(socket, request_id, request, value)
        else:
            await _resume(socket, request_id, request, value)
    except Refused as err:
        socket.send({"type": "error", "requestId": request_id, "errorText": err.text})
    except RequestError as err:
        text = f"{STATUS_WORDS.get(err.status, 'refused')}: {err.message}"[:MAX_ERROR_CHARS]
        socket.send({"type": "error", "requestId": request_id, "errorText": text})
    except Exception:
        logger.exception("/ws/chat request failed")
        socket.send({"type": "error", "requestId": request_id, "errorText": "internal error"})
    finally:
        socket.requests.pop(request_id, None)


async def _abort(socket: Socket, request_id: str) -> None:
    """An ``abort``: stop the reply of this socket's request ``request_id`` (unknown: nothing)."""
    request = socket.requests.get(request_id)
    if request is None:
        return
    request.aborted = True
    if request.reply_id is not None and request.user_id is not None:
        try:
            await service.stop_generation(request.user_id, request.reply_id)
        except service.ChatError as err:
            logger.debug("abort of %s: %s", request.reply_id, err.message)


async def _handle(socket: Socket, incoming: AsgiEvent) -> bool:
    """Handle one client frame; False when the socket must close (no ``requestId``)."""
    try:
        value = _load(incoming)
    except BadFrame:
        return False
    if not isinstance(value, dict) or not isinstance(value.get("requestId"), str):
        return False
    request_id: str = value["requestId"]
    kind = value.get("type")
    if kind == "abort":
        await _abort(socket, request_id)
        return True
    if kind not in ("send", "resume"):
        text = f"unknown frame type {str(kind)[:50]!r}: expected send, resume or abort"
        socket.send({"type": "error", "requestId": request_id, "errorText": text})
        return True
    if request_id in socket.requests:
        text = "requestId is already in use on this socket"
        socket.send({"type": "error", "requestId": request_id, "errorText": text})
        return True
    request = Request()
    socket.requests[request_id] = request
    request.task = asyncio.create_task(_run(socket, request_id, request, value))
    return True


@router.websocket("/ws/chat")
async def websocket_chat_endpoint(websocket: WebSocket) -> None:
    """Serve one ``WebSocketChatTransport`` socket (see the module docstring)."""
    if not headers.origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host")):
        await websocket.close(code=CLOSE_POLICY, reason="origin not allowed")
        return
    await websocket.accept()
    socket = Socket(websocket, query_token(websocket))
    sender = asyncio.create_task(socket.run_sender())
    close_reason = None
    try:
        while True:
            incoming = await websocket.receive()
            if incoming["type"] == "websocket.disconnect":
                break
            if not await _handle(socket, incoming):
                close_reason = "invalid frame"
                break
    except WebSocketDisconnect:
        pass
    finally:
        tasks = [r.task for r in socket.requests.values() if r.task is not None]
        for task in tasks:  # the replies themselves go on
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if not socket.lagging:
            try:
                socket.out.put_nowait(None)
            except asyncio.QueueFull:
                sender.cancel()
        await stop_sender(sender)
    if close_reason is not None:
        try:
            await websocket.close(code=CLOSE_POLICY, reason=close_reason)
        except Exception:
            logger.debug("closing /ws/chat failed", exc_info=True)
