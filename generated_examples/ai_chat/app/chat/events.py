"""Websocket frames: ``{"type": ..., "data": {...}}`` in both directions."""

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app import asyncapi
from app.schemas import ConversationPublic, MessagePublic

ServerEventType = Literal[
    "message.created",
    "message.streaming",
    "message.updated",
    "conversation.created",
    "conversation.updated",
    "error",
]


class MessageCreatedEvent(BaseModel):
    """``message.created``: A message was stored (the user's turn, then the assistant's placeholder)."""

    type: Literal["message.created"] = "message.created"
    data: MessagePublic


class MessageStreamingEventData(BaseModel):
    """Payload of ``message.streaming``: ``delta``, the reply's text from ``offset`` on.

    ``offset`` counts UTF-16 code units (a browser's string length) of the reply's text before
    ``delta``. ``seq`` numbers the frames of one message published on its conversation's
    channel: from 0, +1 per frame (a socket may see numbers skipped: ``app.chat.connection``
    coalesces the frames queued for it). The catch-up frame that answers ``stream.resume`` goes to
    one socket, carries the ``seq`` of the last frame whose text it includes and does not
    advance it; its ``offset`` is at most the one asked for (rounded down to a character
    boundary). A client applies a frame when ``offset <= len(text) < offset + len(delta)``
    (``text = text[:offset] + delta``) and ignores text it already has.
    """

    message_id: uuid.UUID
    seq: int
    offset: int
    delta: str


class MessageStreamingEvent(BaseModel):
    """``message.streaming``: A piece of the assistant's reply; offset is the length of the text before it in UTF-16 code units."""

    type: Literal["message.streaming"] = "message.streaming"
    data: MessageStreamingEventData


class MessageUpdatedEvent(BaseModel):
    """``message.updated``: A message changed; sent with status done when a reply is complete."""

    type: Literal["message.updated"] = "message.updated"
    data: MessagePublic


class ConversationCreatedEvent(BaseModel):
    """``conversation.created``: A conversation was created."""

    type: Literal["conversation.created"] = "conversation.created"
    data: ConversationPublic


class ConversationUpdatedEvent(BaseModel):
    """``conversation.updated``: A conversation changed (totals after each reply); also the answer to subscribe."""

    type: Literal["conversation.updated"] = "conversation.updated"
    data: ConversationPublic


class AuthOkData(BaseModel):
    """Payload of ``auth.ok``: the socket is authenticated as ``user_id`` until ``expires_at``
    (the token's expiry; send a fresh ``auth`` frame before then to keep the socket)."""

    user_id: uuid.UUID
    expires_at: dt.datetime


class ErrorData(BaseModel):
    """Payload of ``error``: a stable ``code`` and a human-readable ``message``."""

    code: str
    message: str


class AuthData(BaseModel):
    """``auth``: the access token that authenticates the socket."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=8192)


class ClientFrame(BaseModel):
    """Any frame a client sends; ``data`` is validated per type."""

    model_config = ConfigDict(extra="forbid")

    type: str
    data: dict[str, Any] = Field(default_factory=dict)


class SubscribeData(BaseModel):
    """``conversation.subscribe``: receive the events of one conversation."""

    model_config = ConfigDict(extra="forbid")

    conversation_id: uuid.UUID


class SendData(BaseModel):
    """``message.send``: post a user message and stream the reply (new conversation if no id).

    The content's maximum length is the ``MAX_MESSAGE_CHARS`` setting, checked when the message
    is sent (``app.chat.service.send_message``: error ``message_too_long``)."""

    model_config = ConfigDict(extra="forbid")

    conversation_id: uuid.UUID | None = None
    content: str = Field(min_length=1)

    @field_validator("content")
    @classmethod
    def _no_nul_characters(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class StopData(BaseModel):
    """``generation.stop``: stop a reply that is streaming (it ends ``cancelled``, keeping its
    text and the usage so far)."""

    model_config = ConfigDict(extra="forbid")

    message_id: uuid.UUID


class ResumeData(BaseModel):
    """``stream.resume``: the reply's text after ``offset`` (UTF-16 code units, as a browser's
    strings count: the length of the text the client has), then its live deltas.

    Answered with one ``message.streaming`` frame holding all the text after ``offset`` (none
    when nothing is after it; an ``offset`` inside a surrogate pair is rounded down and the
    frame's ``offset`` says where it starts), then the live frames, or ``message.updated``
    when the reply is no longer streaming; ``error`` ``not_found`` for another user's message.
    """

    model_config = ConfigDict(extra="forbid")

    message_id: uuid.UUID
    offset: int = Field(default=0, ge=0, le=2**53 - 1)


class RegenerateData(BaseModel):
    """``message.regenerate``: a new reply beside the assistant reply ``message_id``."""

    model_config = ConfigDict(extra="forbid")

    message_id: uuid.UUID


class EditData(BaseModel):
    """``message.edit``: a new user message with ``content`` beside the user message
    ``message_id`` (same parent), and its reply (``MAX_MESSAGE_CHARS`` as for a send)."""

    model_config = ConfigDict(extra="forbid")

    message_id: uuid.UUID
    content: str = Field(min_length=1)

    @field_validator("content")
    @classmethod
    def _no_nul_characters(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


CLIENT_FRAMES: dict[str, type[BaseModel]] = {
    "auth": AuthData,
    "conversation.subscribe": SubscribeData,
    "message.send": SendData,
    "generation.stop": StopData,
    "stream.resume": ResumeData,
    "message.regenerate": RegenerateData,
    "message.edit": EditData,
}
"""The frames a client sends on ``/ws``: type -> the model of its ``data``."""

SERVER_FRAMES: dict[str, type[BaseModel]] = {
    "auth.ok": AuthOkData,
    "message.created": MessagePublic,
    "message.streaming": MessageStreamingEventData,
    "message.updated": MessagePublic,
    "conversation.created": ConversationPublic,
    "conversation.updated": ConversationPublic,
    "error": ErrorData,
}
"""The frames the app sends on ``/ws``: type -> the model of its ``data``."""


def asyncapi_document() -> dict[str, Any]:
    """The AsyncAPI 3.1 document of ``/ws`` (``app.asyncapi``), served at ``/asyncapi.yaml``."""
    return asyncapi.document(
        "AI Chat",
        "0.1.0",
        CLIENT_FRAMES,
        SERVER_FRAMES,
        "Chat with OpenAI, Anthropic, Gemini or an offline mock model, streamed live.",
    )
