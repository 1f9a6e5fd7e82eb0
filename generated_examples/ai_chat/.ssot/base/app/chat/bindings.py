"""The schema's side of the chat engine (``app.chat.service``): which models, columns and enum
members it uses, as plain data and small accessors. The engine is the same for every schema."""

import datetime as dt
import decimal
import uuid
from typing import Any

import fastapi
import sqlalchemy as sa
from pydantic import BaseModel

from app import enums, models, schemas
from app.api import access
from app.chat import events
from app.chat.catalog import choice_error
from app.chat.pricing import quantize
from app.chat.providers.base import Role, Usage
from app.chat.stream import ConversationSettings, FlushPolicy
from app.core.config import settings

UserModel = models.User
ConversationModel = models.Conversation
MessageModel = models.Message
RoleEnum = enums.MessageRole
StatusEnum = enums.MessageStatus

CONVERSATION_NOT_FOUND = "Conversation not found"
FLUSH = FlushPolicy(
    interval=100 / 1000,
    max_bytes=16384,
    on_sentence=True,
)
CONTENT_MAX_LENGTH: int | None = None

USER = enums.MessageRole.USER
ASSISTANT = enums.MessageRole.ASSISTANT
PROMPT_ROLES: dict[str, Role] = {
    enums.MessageRole.SYSTEM: "system",
    enums.MessageRole.USER: "user",
    enums.MessageRole.ASSISTANT: "assistant",
}
STREAMING = enums.MessageStatus.STREAMING
DONE = enums.MessageStatus.DONE
ERROR = enums.MessageStatus.ERROR
CANCELLED = enums.MessageStatus.CANCELLED

PROVIDER_FIELD = "provider"
MODEL_FIELD = "model"
PROVIDER_DEFAULT: str | None = "mock"
MODEL_DEFAULT: str | None = "mock-echo"
HAS_TITLE = True
TITLE_DEFAULT: str | None = "New conversation"
"""A conversation still titled this gets a generated title (a renamed one never does)."""


def _cut(text: str | None, limit: int | None) -> str | None:
    """``text`` without NUL characters, at most ``limit`` characters."""
    if text is None:
        return None
    text = text.replace("\x00", "\ufffd")
    return text if limit is None else text[:limit]


def _float(value: float | decimal.Decimal | None) -> float | None:
    return None if value is None else float(value)


def owned_conversation(conversation_id: uuid.UUID, user: UserModel) -> sa.Executable:
    """Select the conversation ``conversation_id`` if ``user`` may see it."""
    statement = sa.select(ConversationModel).where(ConversationModel.id == conversation_id)
    return access.scope_conversation(statement, user)


def new_conversation(owner: UserModel, provider: str, model: str) -> ConversationModel | None:
    """A new conversation of ``owner``; ``provider``/``model`` fill fields without a default.

    None when the conversation is owned through a parent row (it must be created over REST,
    with that parent).
    """
    del provider, model  # the schema's defaults apply
    return ConversationModel(owner_id=owner.id)


def catalog_problem(
    values: dict[str, Any], row: ConversationModel | None = None
) -> fastapi.HTTPException | None:
    """A 422 when the provider and model a conversation would use after ``values`` (a create
    body, or the changes of an update to ``row``) are not offered: a provider the schema does
    not enable or that is not configured, or a model the schema does not list for it. Its
    detail names the field and the allowed values, in FastAPI's validation-error shape. None
    when the choice is fine, or when an update changes neither."""
    if row is not None and PROVIDER_FIELD not in values and MODEL_FIELD not in values:
        return None
    current = conversation_settings(row) if row is not None else None
    provider = values.get(PROVIDER_FIELD)
    if provider is None:
        provider = (current.provider if current else PROVIDER_DEFAULT) or settings.default_provider
    model = values.get(MODEL_FIELD)
    if model is None:
        model = (current.model if current else MODEL_DEFAULT) or settings.default_model
    problem = choice_error(provider, model)
    if problem is None:
        return None
    which, message = problem
    field, value = (PROVIDER_FIELD, provider) if which == "provider" else (MODEL_FIELD, model)
    detail = [{"type": "value_error", "loc": ["body", field], "msg": message, "input": value}]
    return fastapi.HTTPException(status_code=422, detail=detail)


def conversation_settings(conversation: ConversationModel) -> ConversationSettings:
    """What ``conversation`` asks of its model."""
    return ConversationSettings(
        provider=conversation.provider,
        model=conversation.model,
        temperature=_float(conversation.temperature),
        max_tokens=conversation.max_tokens,
        system_prompt=conversation.system_prompt,
        title=conversation.title,
    )


CONVERSATION_FK = "conversation_id"
"""The message column pointing at its conversation."""
PARENT_COLUMN = "parent_id"
"""The message column linking a message to its parent (messages form a tree)."""


def parent_id(message: MessageModel) -> uuid.UUID | None:
    """The id of ``message``'s parent message (None: the first of its conversation, or a
    message stored before messages had parents)."""
    return message.parent_id


def new_message(
    conversation: ConversationModel,
    role: RoleEnum,
    content: str,
    status: StatusEnum,
    model: str | None = None,
    parent: uuid.UUID | None = None,
) -> MessageModel:
    """A message of ``conversation`` below ``parent`` (a message id; None: a first message);
    ``model`` is the model that writes a reply."""
    return MessageModel(
        conversation_id=conversation.id,
        parent_id=parent,
        role=role,
        content=content,
        status=status,
        model=_cut(model, 100),
    )


def prompt_rows(conversation_id: uuid.UUID, exclude: uuid.UUID) -> sa.Select[Any, Any]:
    """Select ``(role, content)`` of a conversation's messages, NEWEST first, except the reply
    ``exclude`` (the engine reads only as many as the model's context window takes)."""
    return (
        sa.select(MessageModel.role, MessageModel.content)
        .where(MessageModel.conversation_id == conversation_id, MessageModel.id != exclude)
        .order_by(MessageModel.created_at.desc(), MessageModel.id.desc())
    )


COUNTS_TOKENS = True  # a tokens-per-day budget can be counted
COUNTS_COST = True  # a USD-per-day budget can be counted


def spent_since(user: UserModel, since: dt.datetime) -> sa.Select[Any]:
    """Select ``(tokens, cost)``: the usage recorded on the messages of ``user``'s
    conversations created at or after ``since`` (total tokens, USD; None for none, or when
    the schema does not record it: see COUNTS_TOKENS / COUNTS_COST)."""
    statement: Any = (  # two columns: the access scope takes any select
        sa.select(
            sa.func.sum(sa.func.coalesce(MessageModel.total_tokens, 0)),
            sa.func.sum(MessageModel.cost),
        )
        .select_from(MessageModel)
        .join(ConversationModel, MessageModel.conversation_id == ConversationModel.id)
        .where(MessageModel.created_at >= since)
    )
    return access.scope_conversation(statement, user)


def sent_values() -> dict[str, Any]:
    """Columns of the conversation to update in SQL when a user message and its reply are added."""
    return {
        "message_count": ConversationModel.message_count + 2,
        "last_message_at": dt.datetime.now(dt.UTC),
    }


def appended_values(pending: str) -> dict[str, Any]:
    """Columns of the message that append ``pending`` to the stored reply (linear in its length)."""
    return {"content": MessageModel.content + pending}


def finished_values(
    text: str,
    status: StatusEnum,
    usage: Usage | None,
    cost: decimal.Decimal | None,
    finish_reason: str | None,
    error: str | None,
    error_code: str | None = None,
) -> dict[str, Any]:
    """Columns of the message of a finished reply (``cost`` exact, rounded here to the column;
    token counts of a class the provider did not report stay NULL)."""
    values: dict[str, Any] = {
        "content": _cut(text, None),
        "status": status,
        "finish_reason": _cut(finish_reason, 32),
        "error": _cut(error, None),
        "error_code": _cut(error_code, 32),
    }
    if usage is not None:
        values["prompt_tokens"] = usage.prompt_tokens
        values["completion_tokens"] = usage.completion_tokens
        values["total_tokens"] = usage.total_tokens
        values["input_tokens"] = usage.input_tokens
        values["output_tokens"] = usage.output_tokens
        values["cache_read_tokens"] = usage.cache_read_tokens
        values["cache_write_tokens"] = usage.cache_write_tokens
        values["reasoning_tokens"] = usage.reasoning_tokens
        values["usage_estimated"] = usage.estimated
    if cost is not None:
        values["cost"] = quantize(cost, 10)
    return values


def totals_values(usage: Usage | None, cost: decimal.Decimal | None) -> dict[str, Any]:
    """Columns of the conversation to add to in SQL after a reply (never lost between replies)."""
    values: dict[str, Any] = {}
    if usage is not None:
        values["total_tokens"] = ConversationModel.total_tokens + usage.total_tokens
    if cost is not None:
        values["total_cost"] = ConversationModel.total_cost + quantize(cost, 10)
    values["last_message_at"] = dt.datetime.now(dt.UTC)
    return values


def first_user_message(conversation_id: uuid.UUID) -> sa.Executable:
    """Select the content of the conversation's first user message."""
    return (
        sa.select(MessageModel.content)
        .where(MessageModel.conversation_id == conversation_id, MessageModel.role == USER)
        .order_by(MessageModel.created_at, MessageModel.id)
        .limit(1)
    )


def earlier_replies(conversation_id: uuid.UUID, exclude: uuid.UUID) -> sa.Executable:
    """Count the conversation's finished replies other than ``exclude``."""
    return sa.select(sa.func.count()).where(
        MessageModel.conversation_id == conversation_id,
        MessageModel.id != exclude,
        MessageModel.role == ASSISTANT,
        MessageModel.status == DONE,
    )


def retitle(conversation_id: uuid.UUID, title: str) -> sa.Executable | None:
    """Set a generated ``title`` only if the conversation still has the default title (one
    statement: a rename that lands first wins). None when the schema binds no title."""
    still_default = ConversationModel.title == TITLE_DEFAULT
    return (
        sa.update(ConversationModel)
        .where(ConversationModel.id == conversation_id, still_default)
        .values(title=_cut(title, 200))
    )


def public_conversation(conversation: ConversationModel) -> BaseModel:
    """The public shape of ``conversation`` (``conversation.*`` events)."""
    return schemas.ConversationPublic.model_validate(conversation)


def public_message(message: MessageModel, content: str | None = None) -> BaseModel:
    """The public shape of ``message``, with ``content`` instead of the stored text if given."""
    public = schemas.MessagePublic.model_validate(message)
    if content is None:
        return public
    return public.model_copy(update={"content": content})


def streaming_data(message_id: uuid.UUID, seq: int, offset: int, delta: str) -> BaseModel:
    """The payload of ``message.streaming``."""
    return events.MessageStreamingEventData(
        message_id=message_id, seq=seq, offset=offset, delta=delta
    )


# --- the message tree (branches, regenerate, edit) ----------------------------------------


# --- the reply's lifecycle (lease, recovery, stop, resume) --------------------------------


# --- persistence at scale (batched writes) ------------------------------------------------
