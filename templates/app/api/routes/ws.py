"""The websocket ``/ws``: JSON frames ``{"type": ..., "data": {...}}`` in both directions.

Client -> server: ``auth {token}``, ``conversation.subscribe {conversation_id}``,
``message.send {conversation_id?, content, attachments?}``. Server -> client: ``auth.ok
{user_id, expires_at}``, the schema's events and ``error {code, message}``.

Authentication. A client connects to ``/ws`` and sends ``{"type": "auth", "data": {"token":
<JWT>}}`` as its first frame, within ``AUTH_TIMEOUT_S`` seconds; it is answered ``auth.ok``.
Clients that connect to ``/ws?token=<JWT>`` (the older way) are authenticated at once and get
no ``auth.ok``, as before; the token is never written to a log (``install_token_redaction``),
and only the literal parameter name ``token`` is read, the name the redaction matches. A bad
token, or a first frame that is missing, late or not ``auth``, closes the socket with 1008 and
a reason. A later ``auth`` frame with a fresh token of the same user replaces the socket's
token (answered ``auth.ok`` again; a bad one gets an ``invalid_token`` error and changes
nothing), so a client that renews its token keeps its socket.

Expiry and revocation. The socket is closed with 4401 ``token expired`` when its token
expires (a deadline on every receive), and with 4401 ``token revoked`` once its version is no
longer its user's (logout, a new password; ``deps.claims_hold``): checked before every valid
client frame and, on an idle socket, every ``REVALIDATE_S`` seconds. The checks of all sockets
at one moment share one statement, in autocommit (one round trip), read after they were asked.

Origin. A handshake whose ``Origin`` header is neither the app's own origin nor one of
``settings.cors_origins`` is refused before it is accepted (HTTP 403, close code 1008).
Clients that send no ``Origin`` (not browsers) are not concerned.

Hostile frames. A frame is at most ``settings.ws_max_frame_bytes`` of UTF-8 text
(``frame_too_large``; uvicorn's ``--ws-max-size``, 16 MiB by default, bounds what is read at
all); it holds one JSON object nested at most ``MAX_DEPTH`` deep, with finite numbers,
integers of at most ``MAX_INT_DIGITS`` digits and no lone surrogates (``invalid_json``). Every
bad frame and any failure while handling one answers an ``error`` frame, and the socket stays
open. Only the deliberate closes above end it, and an unexpected failure outside a frame
closes it with 1011: the handler never ends without a close frame.
"""

import asyncio
import json
import logging
import math
import uuid
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

import app.api.deps as deps  # a module attribute: tests replace its functions
from app.chat import service
from app.chat.events import (
    AuthData,
    ClientFrame,
    EditData,
    ErrorData,
    RegenerateData,
    ResumeData,
    SendData,
    StopData,
    SubscribeData,
)
from app.chat.hub import Connection, frame, hub
from app.core import headers, security
from app.core.config import settings
from app.core.db import engine
from app.core.limits import RateLimited
from app.core.logging import install_token_redaction

logger = logging.getLogger(__name__)
router = APIRouter(tags=["websocket"])

install_token_redaction()  # the JWT in ``/ws?token=...`` never reaches a log

AUTH_TIMEOUT_S = 10.0  # seconds a socket without ``?token=`` has to send its ``auth`` frame
REVALIDATE_S = 60.0  # seconds between checks that an idle socket's token is not revoked
SENDER_DRAIN_S = 5.0  # seconds the queued frames get to leave before a deliberate close
MAX_DEPTH = 32  # nesting of arrays and objects in one frame
MAX_INT_DIGITS = 64  # digits of one JSON integer
MAX_TEXT_CHARS = 200  # characters of client input quoted back in an error message
CLOSE_POLICY = status.WS_1008_POLICY_VIOLATION  # bad token, no auth frame, origin refused
CLOSE_TOKEN = 4401  # the socket's token expired or was revoked: sign in again
CLOSE_INTERNAL = status.WS_1011_INTERNAL_ERROR  # an unexpected failure outside a frame

AsgiEvent = MutableMapping[str, Any]  # what ``websocket.receive()`` returns


@dataclass
class SocketAuth:
    """Who a socket speaks for, with which token, until when (aware UTC)."""

    user_id: uuid.UUID
    token: str
    expires_at: datetime
    claims: security.AccessClaims  # decoded once, when the socket signed in


class BadFrame(Exception):
    """A client frame that is refused with an ``error {code, message}``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Closing(Exception):
    """A deliberate close of the socket: websocket close ``code`` and ``reason``."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _short(text: str) -> str:
    """``text`` cut to MAX_TEXT_CHARS characters (client input quoted in a message)."""
    return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS] + "..."


def _error(connection: Connection, code: str, message: str) -> None:
    connection.send(frame("error", ErrorData(code=code, message=_short(message))))


def _auth_ok(auth: SocketAuth) -> dict[str, Any]:
    data = {"user_id": str(auth.user_id), "expires_at": auth.expires_at.isoformat()}
    return frame("auth.ok", data)


# --- reading a frame ----------------------------------------------------------------------


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"integers have at most {MAX_INT_DIGITS} digits")
    return int(digits)


def _parse_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("numbers must be finite")
    return number


def _parse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a frame may hold")


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise BadFrame("invalid_json", "strings must not hold lone surrogates") from err


def _check_value(value: object) -> None:
    """Raise BadFrame for nesting deeper than MAX_DEPTH or a string that is not Unicode text.

    Iterative, so a hostile structure cannot exhaust the stack here."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise BadFrame("invalid_json", f"frames are nested at most {MAX_DEPTH} deep")
            if isinstance(item, dict):
                for key in item:
                    _check_text(key)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


def _frame_bytes(text: str) -> int:
    """The UTF-8 size of ``text``, computed only when its length leaves it in doubt."""
    limit = settings.ws_max_frame_bytes
    if len(text) > limit or len(text) * 4 <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def load_json(text: str) -> Any:
    """The JSON value of a client frame's ``text``, read with the limits above: at most
    ``settings.ws_max_frame_bytes`` bytes of UTF-8, nested at most ``MAX_DEPTH`` deep, finite
    numbers, integers of at most ``MAX_INT_DIGITS`` digits, no lone surrogates. Raises
    BadFrame ``frame_too_large`` or ``invalid_json``. Shared by ``/ws`` and ``/ws/chat``."""
    limit = settings.ws_max_frame_bytes
    if _frame_bytes(text) > limit:
        raise BadFrame("frame_too_large", f"a frame is at most {limit} bytes")
    try:
        value = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except RecursionError as err:
        raise BadFrame("invalid_json", f"frames are nested at most {MAX_DEPTH} deep") from err
    except json.JSONDecodeError as err:
        raise BadFrame("invalid_json", "frames must be JSON objects") from err
    except ValueError as err:  # from the parse hooks
        raise BadFrame("invalid_json", str(err)) from err
    _check_value(value)
    return value


def parse_frame(incoming: AsgiEvent) -> ClientFrame:
    """The client frame in the ASGI message ``incoming``; raises BadFrame (``frame_too_large``,
    ``invalid_json`` or ``invalid_frame``) for anything else."""
    limit = settings.ws_max_frame_bytes
    text = incoming.get("text")
    if text is None:
        if len(incoming.get("bytes") or b"") > limit:
            raise BadFrame("frame_too_large", f"a frame is at most {limit} bytes")
        raise BadFrame("invalid_json", "frames must be text: JSON objects")
    value = load_json(text)
    try:
        return ClientFrame.model_validate(value)
    except ValidationError as err:
        detail = err.errors()[0]["msg"]
        raise BadFrame("invalid_frame", f"expected {{type, data}}: {detail}") from err


# --- authentication -----------------------------------------------------------------------


async def authenticate(token: str) -> SocketAuth | None:
    """The socket authentication of ``token``; None if it is bad, expired or revoked."""
    claims = security.decode_access_token(token)
    if claims is None:
        return None
    async with engine.connect() as connection:  # autocommit: no BEGIN / ROLLBACK round trips
        quick = await connection.execution_options(isolation_level="AUTOCOMMIT")
        async with AsyncSession(bind=quick) as session:
            user_id = await deps.token_user_id(session, token)
    if user_id is None or user_id != claims.user_id:
        return None
    return SocketAuth(
        user_id=claims.user_id, token=token, expires_at=claims.expires_at, claims=claims
    )


async def _still_valid(auth: SocketAuth) -> None:
    """Raise Closing (4401) if the socket's token expired or was revoked. The token was decoded
    when the socket signed in; its version is checked with the other sockets' checks of the
    moment, in one statement (``deps.claims_hold``)."""
    if datetime.now(UTC) < auth.expires_at and await deps.claims_hold(auth.claims):
        return
    expired = datetime.now(UTC) >= auth.expires_at  # it may have expired while checked
    raise Closing(CLOSE_TOKEN, "token expired" if expired else "token revoked")


def query_token(websocket: WebSocket) -> str | None:
    """The value of the literal ``token`` query parameter (not a percent-encoded spelling of
    its name, which the log redaction would not recognise); None without one."""
    raw = websocket.scope.get("query_string", b"").decode("latin-1")
    for part in raw.split("&"):
        name, _, value = part.partition("=")
        if name == "token":
            return unquote_plus(value)
    return None


async def _first_auth(websocket: WebSocket) -> tuple[SocketAuth, bool]:
    """Who the socket speaks for, and whether to answer ``auth.ok`` (first-frame auth).

    Raises Closing (1008) for a bad token or a missing, late or wrong first frame, and
    WebSocketDisconnect if the client leaves first."""
    token = query_token(websocket)
    if token is not None:
        auth = await authenticate(token) if token else None
        if auth is None:
            raise Closing(CLOSE_POLICY, "invalid or missing token")
        return auth, False
    try:
        async with asyncio.timeout(AUTH_TIMEOUT_S):
            incoming = await websocket.receive()
    except TimeoutError as err:
        raise Closing(CLOSE_POLICY, "no auth frame in time") from err
    if incoming["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(incoming.get("code", status.WS_1000_NORMAL_CLOSURE))
    try:
        message = parse_frame(incoming)
        if message.type != "auth":
            raise BadFrame("auth_required", "the first frame must be auth")
        token = AuthData.model_validate(message.data).token
    except (BadFrame, ValidationError) as err:
        raise Closing(CLOSE_POLICY, "the first frame must be {type: auth, data: {token}}") from err
    auth = await authenticate(token)
    if auth is None:
        raise Closing(CLOSE_POLICY, "invalid token")
    return auth, True


async def _reauthenticate(connection: Connection, auth: SocketAuth, data: dict[str, Any]) -> None:
    """A later ``auth`` frame: take its token if it is good and the same user's."""
    renewed = await authenticate(AuthData.model_validate(data).token)
    if renewed is None:
        raise BadFrame("invalid_token", "the token is invalid, expired or revoked")
    if renewed.user_id != auth.user_id:
        raise BadFrame("invalid_token", "the token is another user's")
    auth.token, auth.expires_at = renewed.token, renewed.expires_at
    connection.send(_auth_ok(auth))


# --- serving ------------------------------------------------------------------------------


async def _dispatch(connection: Connection, auth: SocketAuth, message: ClientFrame) -> None:
    if message.type == "auth":
        await _reauthenticate(connection, auth, message.data)
        return
    await _still_valid(auth)
    if message.type == "conversation.subscribe":
        subscribe = SubscribeData.model_validate(message.data)
        await service.subscribe(connection, subscribe.conversation_id)
    elif message.type == "message.send":
        send = SendData.model_validate(message.data)
        attachments = getattr(send, "attachments", ())  # with chat.attachments only
        await service.send_message(connection, send.conversation_id, send.content, attachments)
    elif message.type == "generation.stop":
        stop = StopData.model_validate(message.data)
        await service.stop_generation(connection.user_id, stop.message_id)
    elif message.type == "stream.resume":
        resume = ResumeData.model_validate(message.data)
        await service.resume(connection, resume.message_id, resume.offset)
    elif message.type == "message.regenerate":
        regenerate = RegenerateData.model_validate(message.data)
        await service.regenerate(connection, regenerate.message_id)
    elif message.type == "message.edit":
        edit = EditData.model_validate(message.data)
        await service.edit(connection, edit.message_id, edit.content)
    else:
        raise BadFrame("unknown_type", f"unknown frame type {message.type!r}")


async def handle_frame(connection: Connection, auth: SocketAuth, incoming: AsgiEvent) -> None:
    """Handle one client frame. Every failure becomes an ``error`` frame; only Closing (a
    deliberate close) propagates."""
    kind = "?"
    try:
        message = parse_frame(incoming)
        kind = message.type
        await _dispatch(connection, auth, message)
    except Closing:
        raise
    except BadFrame as err:
        _error(connection, err.code, err.message)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        _error(connection, "invalid_payload", f"{where}: {first['msg']}")
    except service.ChatError as err:
        _error(connection, err.code, err.message)
    except RateLimited as err:
        _error(connection, "rate_limited", str(err))
    except Exception:  # keep the socket open; the cause is in the log
        logger.exception("websocket frame %s failed", _short(repr(kind)))
        _error(connection, "internal_error", "the frame could not be processed")


async def _receive(websocket: WebSocket, auth: SocketAuth) -> AsgiEvent:
    """The next ASGI message; raises Closing (4401) when the token expires or, after
    REVALIDATE_S idle seconds, turns out revoked."""
    while True:
        left = (auth.expires_at - datetime.now(UTC)).total_seconds()
        if left <= 0:
            raise Closing(CLOSE_TOKEN, "token expired")
        try:
            async with asyncio.timeout(min(left, REVALIDATE_S)):
                return await websocket.receive()
        except TimeoutError:
            if left <= REVALIDATE_S:  # the deadline was the expiry (timers may fire early)
                raise Closing(CLOSE_TOKEN, "token expired") from None
            await _still_valid(auth)


async def stop_sender(sender: "asyncio.Task[None]") -> None:
    """Wait up to SENDER_DRAIN_S for the sender to send what is queued, then cancel it."""
    _done, pending = await asyncio.wait({sender}, timeout=SENDER_DRAIN_S)
    for task in pending:
        task.cancel()
    await asyncio.gather(sender, return_exceptions=True)


async def _serve(websocket: WebSocket) -> None:
    """Check the origin, authenticate, then serve frames until the client leaves. Raises
    Closing for a deliberate close (after the queued frames are sent)."""
    if not headers.origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host")):
        raise Closing(CLOSE_POLICY, "origin not allowed")
    await websocket.accept()
    auth, announce = await _first_auth(websocket)
    connection = Connection(websocket, auth.user_id, coalesce_ms=settings.stream_coalesce_ms)
    hub.subscribe(hub.user_channel(auth.user_id), connection)
    hub.subscribe(hub.connection_channel(connection.id), connection)  # a resume's catch-up
    sender = asyncio.create_task(connection.run_sender())
    try:
        if announce:
            connection.send(_auth_ok(auth))
        while True:
            incoming = await _receive(websocket, auth)
            if incoming["type"] == "websocket.disconnect":
                return
            await handle_frame(connection, auth, incoming)
    finally:
        hub.unsubscribe_all(connection)
        connection.close()
        await stop_sender(sender)


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    """Close with ``code``; before the handshake is accepted this refuses it (HTTP 403)."""
    try:
        await websocket.close(code=code, reason=reason)
    except Exception:  # the socket is closed already (the client left, or a lagging close)
        logger.debug("closing a websocket with %s failed", code, exc_info=True)


@router.websocket("/ws")
async def websocket_endpoint(websocket: WebSocket) -> None:
    """Serve one socket (see the module docstring); it always ends with a close frame."""
    try:
        await _serve(websocket)
    except WebSocketDisconnect:
        pass
    except Closing as closing:
        await _close(websocket, closing.code, closing.reason)
    except Exception:
        logger.exception("websocket failed")
        await _close(websocket, CLOSE_INTERNAL, "internal error")
