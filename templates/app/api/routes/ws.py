"""The websocket: ``/ws?token=<JWT>``; JSON frames ``{"type": ..., "data": {...}}``.

Client -> server: ``conversation.subscribe {conversation_id}``, ``message.send
{conversation_id?, content, attachments?}``. Server -> client: the schema's events and
``error {code, message}``; a bad frame gets an ``error`` and the socket stays open.
"""

import asyncio
import json
import logging
import uuid

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect, status
from pydantic import ValidationError

from app.api.deps import user_from_token
from app.chat import service
from app.chat.events import ClientFrame, ErrorData, SendData, SubscribeData
from app.chat.hub import Connection, frame, hub
from app.core.db import SessionLocal
from app.core.logging import install_token_redaction

logger = logging.getLogger(__name__)
router = APIRouter(tags=["websocket"])

install_token_redaction()  # the JWT in ``/ws?token=...`` never reaches a log


def _error(connection: Connection, code: str, message: str) -> None:
    connection.send(frame("error", ErrorData(code=code, message=message)))


async def _authenticate(token: str | None) -> uuid.UUID | None:
    if not token:
        return None
    async with SessionLocal() as session:
        user = await user_from_token(session, token)
    return user.id if user else None


async def _handle(connection: Connection, raw: str) -> None:
    try:
        message = ClientFrame.model_validate(json.loads(raw))
    except json.JSONDecodeError:
        _error(connection, "invalid_json", "frames must be JSON objects")
        return
    except ValidationError as err:
        _error(connection, "invalid_frame", f"expected {{type, data}}: {err.errors()[0]['msg']}")
        return
    try:
        if message.type == "conversation.subscribe":
            subscribe = SubscribeData.model_validate(message.data)
            await service.subscribe(connection, subscribe.conversation_id)
        elif message.type == "message.send":
            send = SendData.model_validate(message.data)
            attachments = getattr(send, "attachments", ())  # with chat.attachments only
            await service.send_message(connection, send.conversation_id, send.content, attachments)
        else:
            _error(connection, "unknown_type", f"unknown frame type '{message.type}'")
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        _error(connection, "invalid_payload", f"{where}: {first['msg']}")
    except service.ChatError as err:
        _error(connection, err.code, err.message)
    except Exception:  # keep the socket open; the cause is in the log
        logger.exception("websocket frame %s failed", message.type)
        _error(connection, "internal_error", "the frame could not be processed")


@router.websocket("/ws")
async def websocket_endpoint(websocket: WebSocket, token: str | None = Query(default=None)) -> None:
    """Authenticate with the token (close 1008 if bad), then serve frames until disconnect."""
    await websocket.accept()
    user_id = await _authenticate(token)
    if user_id is None:
        await websocket.close(
            code=status.WS_1008_POLICY_VIOLATION, reason="invalid or missing token"
        )
        return
    connection = Connection(websocket, user_id)
    hub.subscribe(hub.user_channel(user_id), connection)
    sender = asyncio.create_task(connection.run_sender())
    try:
        while True:
            incoming = await websocket.receive()
            if incoming["type"] == "websocket.disconnect":
                break
            text = incoming.get("text")
            if text is None:
                _error(connection, "invalid_json", "frames must be text")
                continue
            await _handle(connection, text)
    except WebSocketDisconnect:
        pass
    finally:
        hub.unsubscribe_all(connection)
        connection.close()
        await asyncio.gather(sender, return_exceptions=True)
