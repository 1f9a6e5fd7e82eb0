"""The AI SDK's UI message stream: a reply as the chunks ``useChat`` reads.

The two AI SDK transports (``app.api.routes.chat_sse``: ``DefaultChatTransport`` over
server-sent events; ``app.api.routes.ws_chat``: ``WebSocketChatTransport``) share this module.
A request of either becomes a call of the chat service (``send_message``, ``edit``,
``regenerate``) with a :class:`Sink` as its connection: the sink receives the hub's frames of
the conversation like any websocket, and :func:`ui_chunks` turns those of one reply into UI
message chunks (``ai`` 7.x, ``ui-message-chunks.ts``). The reply is the service's own: stored
as it streams, visible live on ``/ws``, and it keeps generating when the client goes away.

Chunks of a reply, in order::

    start {messageId, messageMetadata: {status: "streaming"}} · start-step · text-start {id}
    · text-delta {id, delta}... · text-end {id} · finish-step
    · message-metadata {messageMetadata: {status, usage, cost, model, finishReason}}
    · finish {finishReason, messageMetadata: {status: "done"}}   (a reply that ended done)
    | abort {reason: "cancelled"}                                 (a reply that was stopped)
    | error {errorText}                                           (a reply that failed)

``messageId`` is the assistant message's UUID, the text part's ``id`` the same string. A
resume is a replay: the same ``start``, then the text so far as one ``text-delta``, then the
live deltas. ``usage`` holds the token counts the schema records, by ``Usage`` attribute name
(``input_tokens``, ``output_tokens``, ``total_tokens``, ...) plus ``estimated``; ``cost`` is
the stored exact cost in USD as a decimal string (None when the model has no price).
"""

import asyncio
import collections
import json
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field
from starlette.websockets import WebSocket

from app.chat import bindings, service
from app.chat.connection import QUEUE_LIMIT, Connection, Frame
from app.chat.hub import hub
from app.chat.stream import utf16_len
from app.core.db import SessionLocal

logger = logging.getLogger(__name__)

Chunk = dict[str, Any]
"""One UI message chunk: ``{"type": ..., ...}`` (JSON-ready)."""

FINISH_REASONS = {
    "stop": "stop",
    "end_turn": "stop",
    "stop_sequence": "stop",
    "length": "length",
    "max_tokens": "length",
    "content_filter": "content-filter",
    "content-filter": "content-filter",
    "safety": "content-filter",
    "tool_calls": "tool-calls",
    "tool_use": "tool-calls",
    "error": "error",
}
"""Provider finish reasons (lower-cased) -> the client's ``finishReason`` enum; any other
reason is ``other``."""

STATUS_CODES = {
    "not_found": 404,
    "rate_limited": 429,
    "too_many_generations": 429,
    "budget_exceeded": 429,
    "not_implemented": 501,
}
"""HTTP status of a ``service.ChatError`` code refused before a stream starts; any other code
(a message too long, an unusable provider or model, ...) is 422."""

MAX_ID_CHARS = 200  # characters of a client-side id (chat or message)


class RequestError(Exception):
    """A request refused before its stream starts: HTTP ``status`` and a ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class UIMessage(BaseModel):
    """A message as ``useChat`` sends it: ``{id, role, parts: [{type: "text", text}, ...]}``.

    Only ``text`` parts are read; other parts (``step-start``, files, tools) are ignored."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(max_length=MAX_ID_CHARS)
    role: Literal["system", "user", "assistant"]
    parts: list[dict[str, Any]]

    def text(self) -> str:
        """The message's text parts, joined."""
        return "".join(
            part["text"]
            for part in self.parts
            if part.get("type") == "text" and isinstance(part.get("text"), str)
        )


class ChatRequest(BaseModel):
    """The body ``DefaultChatTransport`` posts (and the fields of a websocket ``send`` frame).

    ``id`` is the conversation's id; ``messages`` the client's history, whose last element
    is the new (or edited) user message; ``messageId`` names the user message an edit
    replaces (``submit-message``) or the reply to regenerate (``regenerate-message``; absent:
    the conversation's latest reply). Extra top-level keys are allowed and ignored."""

    model_config = ConfigDict(extra="allow")

    id: uuid.UUID
    messages: list[UIMessage] = Field(min_length=1, max_length=10_000)
    trigger: Literal["submit-message", "regenerate-message"]
    messageId: str | None = Field(default=None, max_length=MAX_ID_CHARS)


class Sink(Connection):
    """A connection that keeps the hub's frames for one request, to be read with :meth:`get`.

    A request that lags ``QUEUE_LIMIT`` frames behind is closed (its stream ends with an
    ``error`` chunk: resume it)."""

    def __init__(self, user_id: uuid.UUID) -> None:
        super().__init__(cast(WebSocket, None), user_id)  # no socket: frames stay here
        self._inbox: collections.deque[Frame] = collections.deque()
        self._ready = asyncio.Event()
        hub.subscribe(hub.connection_channel(self.id), self)  # answers meant for it alone

    def send(self, frame: Frame | str | bytes) -> None:
        """Keep ``frame`` (the hub calls this; a frame already serialized to JSON is read
        back); on overflow drop everything and close."""
        if self.closed:
            return
        item: Frame = json.loads(frame) if isinstance(frame, str | bytes) else frame
        if len(self._inbox) >= QUEUE_LIMIT:
            logger.warning("UI message stream of %s lags; closing it", self.user_id)
            self.overflowed = True
            self._inbox.clear()
            self.close()
            return
        self._inbox.append(item)
        self._ready.set()

    def close(self) -> None:
        """Stop receiving; :meth:`get` returns None once the kept frames are read."""
        self.closed = True
        self._ready.set()

    def push_front(self, frame: Frame) -> None:
        """Put ``frame`` before every kept frame (a snapshot read after the subscription)."""
        self._inbox.appendleft(frame)
        self._ready.set()

    def mentions(self, message_id: uuid.UUID) -> bool:
        """Whether a kept frame is about the message ``message_id``."""
        return any(_about(frame, str(message_id)) for frame in self._inbox)

    async def get(self) -> Frame | None:
        """The next frame; None when the sink is closed and empty."""
        while not self._inbox:
            if self.closed:
                return None
            self._ready.clear()
            await self._ready.wait()
        return self._inbox.popleft()

    def release(self) -> None:
        """Leave every hub channel and stop receiving (idempotent)."""
        hub.unsubscribe_all(self)
        self.close()


def _about(frame: Frame, message_id: str) -> bool:
    data = frame.get("data")
    if not isinstance(data, dict):
        return False
    return message_id in (data.get("message_id"), data.get("id"))


def _value(member: Any) -> Any:
    return getattr(member, "value", member)


def chat_error(err: service.ChatError) -> RequestError:
    """The HTTP refusal of a chat service error."""
    return RequestError(STATUS_CODES.get(err.code, 422), err.message)


def _message_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        message = "messageId: not a message of this server (load the messages over the API)"
        raise RequestError(422, message) from None


async def owned(user_id: uuid.UUID, conversation_id: uuid.UUID) -> Any:
    """The conversation if the user may see it; raises RequestError 404."""
    async with SessionLocal() as session:
        user = await session.get(bindings.UserModel, user_id)
        conversation = None
        if user is not None:
            statement = bindings.owned_conversation(conversation_id, user)
            conversation = (await session.scalars(statement)).first()
    if conversation is None:
        raise RequestError(404, bindings.CONVERSATION_NOT_FOUND)
    return conversation


async def streaming_replies(user_id: uuid.UUID, conversation_id: uuid.UUID) -> list[uuid.UUID]:
    """Ids of the conversation's replies still streaming, newest first; raises RequestError
    404 when the user may not see the conversation."""
    await owned(user_id, conversation_id)
    async with SessionLocal() as session:
        return list(await session.scalars(bindings.streaming_replies(conversation_id)))


async def _latest_reply(conversation: Any) -> uuid.UUID:
    """The reply ``regenerate-message`` without ``messageId`` means: the conversation's active
    leaf (``active_leaf_id``), else its newest assistant message. Raises RequestError 422
    when it has none."""
    leaf = getattr(conversation, "active_leaf_id", None)
    if leaf is not None:
        return cast(uuid.UUID, leaf)
    async with SessionLocal() as session:
        reply = await session.scalar(bindings.latest_reply(conversation.id))
    if reply is None:
        raise RequestError(422, "messageId: the conversation has no reply to regenerate")
    return cast(uuid.UUID, reply)


async def start_reply(sink: Sink, request: ChatRequest) -> uuid.UUID:
    """Start the reply ``request`` asks for, with ``sink`` subscribed to its conversation;
    returns the reply's id. ``submit-message``: a new user message (the last one's text),
    or with ``messageId`` an edit of that user message; ``regenerate-message``: a new reply
    beside ``messageId`` (or the latest reply). Raises RequestError (404 for a conversation
    the user may not see, 422 for a request without text, 429 for a limit, ...)."""
    conversation = await owned(sink.user_id, request.id)
    try:
        if request.trigger == "regenerate-message":
            if request.messageId is None:
                target = await _latest_reply(conversation)
            else:
                target = _message_id(request.messageId)
            return await service.regenerate(sink, target)
        last = request.messages[-1]
        if last.role != "user":
            raise RequestError(422, "messages: the last message must be the user's")
        text = last.text()
        if not text.strip():
            raise RequestError(422, "messages: the last message has no text")
        if request.messageId is not None:
            return await service.edit(sink, _message_id(request.messageId), text)
        return await service.send_message(sink, request.id, text)
    except service.ChatError as err:
        raise chat_error(err) from err


async def follow(sink: Sink, conversation_id: uuid.UUID, reply_id: uuid.UUID) -> None:
    """Subscribe ``sink`` to the reply ``reply_id`` for a replay: its text so far, then its
    live deltas (``service.resume``; where it is not available, the conversation's
    subscription and its snapshot). A reply that is no longer in the snapshot is read from
    the database, so a replay always ends. Raises RequestError 404."""
    try:
        try:
            await service.resume(sink, reply_id, 0)
        except service.ChatError as err:
            if err.code != "not_implemented":
                raise
            await service.subscribe(sink, conversation_id)
    except service.ChatError as err:
        raise chat_error(err) from err
    if sink.mentions(reply_id):
        return
    async with SessionLocal() as session:  # it ended, or streams in another process
        message = await session.get(bindings.MessageModel, reply_id)
        if message is None:
            raise RequestError(404, "message not found")
        data = bindings.public_message(message).model_dump(mode="json")
    sink.push_front({"type": "message.updated", "data": data})


def _cut_units(text: str, units: int) -> str:
    """``text`` without its first ``units`` UTF-16 code units (rounded down to a code point)."""
    skipped = 0
    for index, char in enumerate(text):
        if skipped >= units:
            return text[index:]
        skipped += 2 if ord(char) > 0xFFFF else 1
    return ""


def _metadata(data: dict[str, Any]) -> dict[str, Any]:
    """``messageMetadata`` of a finished reply from its public fields."""
    status = data.get(bindings.STATUS_COLUMN)
    names = {
        _value(bindings.DONE): "done",
        _value(bindings.CANCELLED): "cancelled",
        _value(bindings.ERROR): "error",
        _value(bindings.STREAMING): "streaming",
    }
    usage = {attr: data.get(column) for attr, column in bindings.USAGE_COLUMNS.items()}
    if bindings.ESTIMATED_COLUMN is not None:
        usage["estimated"] = data.get(bindings.ESTIMATED_COLUMN)
    metadata: dict[str, Any] = {"status": names.get(status, str(status)), "usage": usage}
    if bindings.COST_COLUMN is not None:
        cost = data.get(bindings.COST_COLUMN)
        metadata["cost"] = None if cost is None else str(cost)
    if bindings.MODEL_COLUMN is not None:
        metadata["model"] = data.get(bindings.MODEL_COLUMN)
    metadata["finishReason"] = _finish_reason(data)
    return metadata


def _finish_reason(data: dict[str, Any]) -> str:
    if bindings.FINISH_REASON_COLUMN is None:
        return "stop"
    reason = data.get(bindings.FINISH_REASON_COLUMN)
    return FINISH_REASONS.get(str(reason).lower(), "other") if reason else "stop"


def _ending(data: dict[str, Any], text_id: str) -> list[Chunk]:
    """The chunks that close a reply that ended as ``data`` says (done, cancelled, error)."""
    metadata = _metadata(data)
    chunks: list[Chunk] = [
        {"type": "text-end", "id": text_id},
        {"type": "finish-step"},
        {"type": "message-metadata", "messageMetadata": metadata},
    ]
    status = metadata["status"]
    if status == "done":
        finish = {"status": "done"}
        chunks.append(
            {"type": "finish", "finishReason": metadata["finishReason"], "messageMetadata": finish}
        )
    elif status == "cancelled":
        chunks.append({"type": "abort", "reason": "cancelled"})
    else:
        error = data.get(bindings.ERROR_COLUMN) if bindings.ERROR_COLUMN else None
        chunks.append({"type": "error", "errorText": str(error or "the reply failed")})
    return chunks


async def ui_chunks(sink: Sink, reply_id: uuid.UUID) -> AsyncIterator[Chunk]:
    """The UI message chunks of reply ``reply_id`` from the frames ``sink`` receives, from
    ``start`` to the reply's end (``finish``, ``abort`` or ``error``).

    Deltas are placed by their ``offset`` (UTF-16 code units): text the client already has is
    never sent twice, and the final stored text completes what a lagging stream missed, so
    the client ends with exactly the stored reply. A sink closed before the end (it lagged)
    ends with an ``error`` chunk."""
    text_id = str(reply_id)
    streaming = _value(bindings.STREAMING)
    yield {"type": "start", "messageId": text_id, "messageMetadata": {"status": "streaming"}}
    yield {"type": "start-step"}
    yield {"type": "text-start", "id": text_id}
    sent = ""
    units = 0  # UTF-16 code units of ``sent``
    while (frame := await sink.get()) is not None:
        if not _about(frame, text_id):
            continue
        data = frame["data"]
        if frame.get("type") == "message.streaming":
            offset, delta = int(data.get("offset", 0)), str(data.get("delta", ""))
            end = offset + utf16_len(delta)
            if end <= units:
                continue  # already sent
            if offset < units:
                delta = _cut_units(delta, units - offset)
            elif offset > units:
                logger.debug("reply %s: gap at %d (sent %d units)", reply_id, offset, units)
            sent, units = sent + delta, units + utf16_len(delta)
            yield {"type": "text-delta", "id": text_id, "delta": delta}
        elif frame.get("type") == "message.updated":
            content = str(data.get(bindings.CONTENT_COLUMN) or "")
            if content.startswith(sent) and len(content) > len(sent):
                rest = content[len(sent) :]
                sent, units = content, utf16_len(content)
                yield {"type": "text-delta", "id": text_id, "delta": rest}
            if data.get(bindings.STATUS_COLUMN) != streaming:
                for chunk in _ending(data, text_id):
                    yield chunk
                return
    yield {"type": "error", "errorText": "the stream fell behind: resume it"}
