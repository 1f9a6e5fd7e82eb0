"""The AI SDK's ``DefaultChatTransport`` (``useChat``): the UI message stream over SSE.

``POST /chat`` takes the body ``useChat`` posts (``{id, messages, trigger, messageId}``, see
``app.chat.ui_stream.ChatRequest``) and answers ``text/event-stream`` with the header
``x-vercel-ai-ui-message-stream: v1``: one ``data: <chunk JSON>`` event per UI message chunk
(``app.chat.ui_stream``), then ``data: [DONE]``. A request refused before its stream starts is
an ordinary JSON error (401, 404 for a conversation of another user, 422, 429 ...); a failure
after it started is an ``error`` chunk. A client that goes away does not stop the reply: it
is stored complete, and ``GET /chat/{id}/stream`` replays it while it streams (204 once
nothing streams). ``POST /chat/{id}/stop`` stops the conversation's streaming replies
(``useChat``'s ``stop()`` only aborts the fetch). Every route takes ``Authorization: Bearer``.
"""

import json
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import fastapi
import fastapi.security
from fastapi import APIRouter, HTTPException, Response, status
from fastapi.responses import StreamingResponse

import app.api.deps as deps  # a module attribute: tests replace user_from_token
from app.chat import service
from app.chat.ui_stream import (
    ChatRequest,
    Chunk,
    RequestError,
    Sink,
    follow,
    start_reply,
    streaming_replies,
    ui_chunks,
)
from app.core.db import SessionLocal

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/chat", tags=["chat"])

HEADERS = {
    "cache-control": "no-cache",
    "x-vercel-ai-ui-message-stream": "v1",
    "x-accel-buffering": "no",  # no proxy buffering (nginx)
}
"""Response headers of a UI message stream (with ``content-type: text/event-stream``)."""
STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The UI message stream: ``data: <chunk>`` events, then ``data: [DONE]``",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    },
}

Credentials = Annotated[
    fastapi.security.HTTPAuthorizationCredentials | None, fastapi.Depends(deps.bearer)
]


async def _user_id(credentials: Credentials) -> uuid.UUID:
    """The id of the bearer token's user; 401 like every other route. The session is closed
    at once: a stream does not hold a database connection."""
    user = None
    if credentials is not None:
        async with SessionLocal() as session:
            user = await deps.user_from_token(session, credentials.credentials)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Could not validate credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user_id: uuid.UUID = user.id
    return user_id


UserId = Annotated[uuid.UUID, fastapi.Depends(_user_id)]


def _event(chunk: Chunk) -> str:
    return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"


async def _events(sink: Sink, reply_id: uuid.UUID) -> AsyncIterator[str]:
    """The SSE events of the reply; the sink leaves the hub however the stream ends (the
    reply itself goes on when the client disconnects)."""
    try:
        async for chunk in ui_chunks(sink, reply_id):
            yield _event(chunk)
    except Exception:  # the stream has started: the failure becomes an error chunk
        logger.exception("UI message stream of %s failed", reply_id)
        yield _event({"type": "error", "errorText": "the stream failed"})
    finally:
        sink.release()
    yield "data: [DONE]\n\n"


def _stream(sink: Sink, reply_id: uuid.UUID) -> StreamingResponse:
    return StreamingResponse(
        _events(sink, reply_id), media_type="text/event-stream", headers=HEADERS
    )


def _refused(sink: Sink, err: RequestError) -> HTTPException:
    sink.release()
    return HTTPException(status_code=err.status, detail=err.message)


@router.post("", response_class=StreamingResponse, responses=STREAM_RESPONSES)
async def send_chat_message(body: ChatRequest, user_id: UserId) -> StreamingResponse:
    """Send a message (or edit one, or regenerate a reply) and stream the reply."""
    sink = Sink(user_id)
    try:
        reply_id = await start_reply(sink, body)
    except RequestError as err:
        raise _refused(sink, err) from err
    except BaseException:
        sink.release()
        raise
    return _stream(sink, reply_id)


@router.get(
    "/{chat_id}/stream",
    response_class=StreamingResponse,
    responses={**STREAM_RESPONSES, 204: {"description": "No reply of the chat is streaming"}},
)
async def resume_chat_stream(chat_id: uuid.UUID, user_id: UserId) -> Response:
    """Replay the chat's reply that is still streaming (the newest): its text so far, then
    its live deltas; 204 when none streams."""
    replies = await _replies(user_id, chat_id)
    if not replies:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    sink = Sink(user_id)
    try:
        await follow(sink, chat_id, replies[0])
    except RequestError as err:
        raise _refused(sink, err) from err
    except BaseException:
        sink.release()
        raise
    return _stream(sink, replies[0])


@router.post("/{chat_id}/stop", status_code=status.HTTP_204_NO_CONTENT)
async def stop_chat_stream(chat_id: uuid.UUID, user_id: UserId) -> None:
    """Stop the chat's streaming replies: each ends ``cancelled`` with its text so far."""
    for reply_id in await _replies(user_id, chat_id):
        try:
            await service.stop_generation(user_id, reply_id)
        except service.ChatError as err:  # deleted meanwhile
            logger.debug("stopping %s: %s", reply_id, err.message)


async def _replies(user_id: uuid.UUID, chat_id: uuid.UUID) -> list[uuid.UUID]:
    try:
        return await streaming_replies(user_id, chat_id)
    except RequestError as err:
        raise HTTPException(status_code=err.status, detail=err.message) from err
