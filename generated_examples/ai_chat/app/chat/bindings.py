"""The schema's side of the chat engine (``app.chat.service``): which models, columns and enum
members it uses, as plain data and small accessors. The engine is the same for every schema."""

import datetime as dt
import decimal
import functools
import uuid
from collections.abc import Callable
from typing import Any, cast

import fastapi
import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy import orm

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
    """Select ``(role, content)`` of the ancestors of the reply ``exclude`` (its branch of the
    conversation's tree, without the reply itself), NEWEST first: the engine reads only as many
    as the model's context window takes."""
    return _prompt_rows().params(conversation_id=conversation_id, start=exclude)


@functools.cache
def _prompt_rows() -> sa.Select[Any, Any]:
    """``prompt_rows`` with bind parameters, built once: building the recursive CTE costs
    about 2 ms of CPU, which every reply would pay before its first delta."""
    chain = ancestors(sa.bindparam("conversation_id"), sa.bindparam("start"))
    return (
        sa.select(MessageModel.role, MessageModel.content)
        .join(chain, MessageModel.id == chain.c.id)
        .where(chain.c.depth > 0)
        .order_by(chain.c.depth)
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


def sent_values(added: int = 2, *, fresh: bool = False) -> dict[str, Any]:
    """Columns of the conversation to update in SQL when ``added`` messages are added (a user
    message and its reply; a regenerated reply alone). ``fresh``: the conversation is being
    inserted with them, so the values are plain (no SQL of its own columns)."""
    return {
        "message_count": added if fresh else ConversationModel.message_count + added,
        "last_message_at": dt.datetime.now(dt.UTC),
    }


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


def added_totals(usage: Usage | None, cost: decimal.Decimal | None) -> dict[str, Any]:
    """The parameters of ``add_totals`` for one finished reply: what it adds to its
    conversation's totals (0 where not known) and, where kept, the time of its last message."""
    values: dict[str, Any] = {}
    values["b_total_tokens"] = usage.total_tokens if usage is not None else 0
    values["b_total_cost"] = quantize(cost if cost is not None else decimal.Decimal(0), 10)
    values["b_last_message_at"] = dt.datetime.now(dt.UTC)
    return values


@functools.cache
def add_totals() -> sa.Update | None:
    """``totals_values`` as one statement for many replies at once (executemany): bind
    parameters ``b_id`` (the conversation) and those of ``added_totals``. None when the schema
    keeps no totals."""
    table = cast("sa.Table", ConversationModel.__table__)
    values = totals_set(lambda name: sa.bindparam(f"b_{name}", type_=table.c[name].type))
    if not values:
        return None
    return sa.update(table).where(table.c.id == sa.bindparam("b_id")).values(values)


def totals_set(added: Callable[[str], Any]) -> dict[str, Any]:
    """The SET clause of ``add_totals``: each total column plus what ``added(column)`` reads
    (a bind parameter, or a column of a VALUES list), the time of the last message set to it.
    Empty when the schema keeps no totals."""
    table = cast("sa.Table", ConversationModel.__table__)
    values: dict[str, Any] = {}
    values["total_tokens"] = table.c["total_tokens"] + added("total_tokens")
    values["total_cost"] = table.c["total_cost"] + added("total_cost")
    values["last_message_at"] = added("last_message_at")
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


def retitle(conversation_id: uuid.UUID, title: str) -> sa.Update | None:
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

ACTIVE_LEAF = "active_leaf_id"
"""The conversation column naming the last message of its active branch (no foreign key: an id
that no longer exists means the newest message's branch)."""
MAX_DEPTH = 1_000_000  # a bound on walks up the tree (parent links are fixed at insert: no cycles)


def _earlier(row: Any, than: Any) -> sa.ColumnElement[bool]:
    """``row`` comes before ``than`` in the conversation's order (oldest first)."""
    return sa.tuple_(row.created_at, row.id) < sa.tuple_(than.created_at, than.id)


def ancestors(
    conversation_id: uuid.UUID | sa.BindParameter[Any], start: uuid.UUID | sa.BindParameter[Any]
) -> sa.CTE:
    """A recursive CTE of ``(id, depth)``: the message ``start`` (depth 0) of the conversation
    and its ancestors (its parent at depth 1, ...), walking the parent links up to the root.
    Both ids are values or bind parameters (a statement built once and bound per call).

    A parent NULL follows the legacy rule of ``app.chat.tree``: the message before it in the
    conversation's order, unless it is the first message or an earlier message has a parent.
    """
    walked = (
        sa.select(
            MessageModel.id,
            MessageModel.parent_id.label("parent"),
            MessageModel.created_at,
            sa.literal(0).label("depth"),
        )
        .where(MessageModel.id == start, MessageModel.conversation_id == conversation_id)
        .cte("ancestors", recursive=True)
    )
    up = orm.aliased(MessageModel)
    before = orm.aliased(MessageModel)
    linked = orm.aliased(MessageModel)
    previous = (
        sa.select(before.id)
        .where(before.conversation_id == conversation_id, _earlier(before, walked.c))
        .order_by(before.created_at.desc(), before.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rooted = sa.exists().where(
        linked.conversation_id == conversation_id,
        linked.parent_id.is_not(None),
        _earlier(linked, walked.c),
    )
    link = sa.func.coalesce(walked.c.parent, sa.case((~rooted, previous)))
    return walked.union_all(
        sa.select(
            up.id,
            up.parent_id,
            up.created_at,
            walked.c.depth + 1,
        ).where(
            up.id == link,
            up.conversation_id == conversation_id,
            walked.c.depth < MAX_DEPTH,
        )
    )


def parent_of(conversation_id: uuid.UUID, message_id: uuid.UUID) -> sa.Select[Any]:
    """Select the id of the message's parent (after the legacy rule; no row: a root)."""
    return _parent_of().params(conversation_id=conversation_id, start=message_id)


@functools.cache
def _parent_of() -> sa.Select[Any]:
    """``parent_of`` with bind parameters, built once (see ``_prompt_rows``)."""
    chain = ancestors(sa.bindparam("conversation_id"), sa.bindparam("start"))
    return sa.select(chain.c.id).where(chain.c.depth == 1)


def tree_rows(conversation_id: uuid.UUID) -> sa.Select[Any, Any]:
    """Select ``(id, parent id)`` of the conversation's messages, oldest first."""
    return (
        sa.select(MessageModel.id, MessageModel.parent_id)
        .where(MessageModel.conversation_id == conversation_id)
        .order_by(MessageModel.created_at, MessageModel.id)
    )


def message_in(conversation_id: uuid.UUID, message_id: Any) -> sa.Select[Any]:
    """Select the id of ``message_id`` if it is a message of the conversation."""
    return sa.select(MessageModel.id).where(
        MessageModel.id == message_id, MessageModel.conversation_id == conversation_id
    )


def active_leaf(conversation_id: uuid.UUID) -> sa.Select[Any]:
    """Select the conversation's ``active_leaf_id`` if it names one of its messages (no row:
    it is NULL or the message was deleted)."""
    leaf = (
        sa.select(ConversationModel.active_leaf_id)
        .where(ConversationModel.id == conversation_id)
        .scalar_subquery()
    )
    return message_in(conversation_id, leaf)


def leaf_or_newest(conversation_id: uuid.UUID) -> sa.Select[Any]:
    """Select the conversation's ``active_leaf_id`` if it names one of its messages, else the
    id of its newest message (NULL: it has none), in one statement."""
    return sa.select(
        sa.func.coalesce(
            active_leaf(conversation_id).scalar_subquery(),
            newest_message(conversation_id).scalar_subquery(),
        )
    )


def role_of(message: MessageModel) -> RoleEnum:
    """The message's role."""
    return message.role


def newest_message(conversation_id: uuid.UUID) -> sa.Select[Any]:
    """Select the id of the conversation's newest message."""
    return (
        sa.select(MessageModel.id)
        .where(MessageModel.conversation_id == conversation_id)
        .order_by(MessageModel.created_at.desc(), MessageModel.id.desc())
        .limit(1)
    )


def messages_by_id(ids: list[uuid.UUID]) -> sa.Select[Any]:
    """Select the messages ``ids`` (any order)."""
    return sa.select(MessageModel).where(MessageModel.id.in_(ids))


def public_node(message: MessageModel, index: int, count: int) -> schemas.MessageNodePublic:
    """The public shape of ``message`` in a list of the tree: its 1-based ``sibling_index``
    among the messages with the same parent, and their ``sibling_count``."""
    public = schemas.MessagePublic.model_validate(message)
    return schemas.MessageNodePublic(**dict(public), sibling_index=index, sibling_count=count)


# --- the reply's lifecycle (lease, recovery, stop, resume) --------------------------------

INTERRUPTED_CODE = "interrupted"
INTERRUPTED_ERROR = "the reply was interrupted (the server stopped)"


def is_streaming(message: MessageModel) -> bool:
    """Whether ``message`` is a reply still being generated (status streaming)."""
    return bool(message.status == STREAMING)


def claimable(message_id: uuid.UUID, producer: str, now: dt.datetime) -> sa.ColumnElement[bool]:
    """The reply ``message_id`` if ``producer`` may produce it: still streaming, and its lease
    is ``producer``'s own, free, or expired at ``now``."""
    return sa.and_(
        MessageModel.id == message_id,
        MessageModel.status == STREAMING,
        sa.or_(
            MessageModel.lease_owner == producer,
            MessageModel.lease_owner.is_(None),
            MessageModel.lease_expires_at < now,
        ),
    )


def produced_by(producer: str) -> sa.ColumnElement[bool]:
    """The replies still streaming whose lease ``producer`` holds."""
    return sa.and_(MessageModel.status == STREAMING, MessageModel.lease_owner == producer)


def abandoned(now: dt.datetime) -> sa.ColumnElement[bool]:
    """The replies still streaming that no process produces: lease expired at ``now``, or none
    (rows from before leases existed)."""
    return sa.and_(
        MessageModel.status == STREAMING,
        sa.or_(MessageModel.lease_expires_at.is_(None), MessageModel.lease_expires_at < now),
    )


def interrupted_values() -> dict[str, Any]:
    """Columns of a reply whose producer stopped before it ended (a process that died, or
    could not store the end): status error, code ``interrupted`` where the schema keeps one,
    lease released; the text stored so far is kept."""
    return {
        "status": ERROR,
        "error_code": _cut(INTERRUPTED_CODE, 32),
        "error": _cut(INTERRUPTED_ERROR, None),
        "finish_reason": _cut("error", 32),
        "lease_owner": None,
        "lease_expires_at": None,
    }


# --- persistence at scale (batched writes) ------------------------------------------------
# (``app.chat.writer`` appends to ``CONTENT_COLUMN``, defined with the transports below)


# --- the AI SDK transports (UI message stream) --------------------------------------------

STATUS_COLUMN = "status"
"""The message column (and public field) holding its status (a ``StatusEnum`` member)."""
CONTENT_COLUMN = "content"
"""The message column (and public field) holding its text."""
USAGE_COLUMNS: dict[str, str] = {
    "prompt_tokens": "prompt_tokens",
    "completion_tokens": "completion_tokens",
    "total_tokens": "total_tokens",
    "input_tokens": "input_tokens",
    "output_tokens": "output_tokens",
    "cache_read_tokens": "cache_read_tokens",
    "cache_write_tokens": "cache_write_tokens",
    "reasoning_tokens": "reasoning_tokens",
}
"""``Usage`` attribute -> the public message field recording it (token counts)."""
COST_COLUMN: str | None = "cost"
ESTIMATED_COLUMN: str | None = "usage_estimated"
FINISH_REASON_COLUMN: str | None = "finish_reason"
ERROR_COLUMN: str | None = "error"
MODEL_COLUMN: str | None = "model"


def streaming_replies(conversation_id: uuid.UUID) -> sa.Select[Any]:
    """Select the ids of the conversation's replies still streaming, newest first."""
    return (
        sa.select(MessageModel.id)
        .where(MessageModel.conversation_id == conversation_id, MessageModel.status == STREAMING)
        .order_by(MessageModel.created_at.desc(), MessageModel.id.desc())
    )


def latest_reply(conversation_id: uuid.UUID) -> sa.Select[Any]:
    """Select the id of the conversation's newest assistant message."""
    return (
        sa.select(MessageModel.id)
        .where(MessageModel.conversation_id == conversation_id, MessageModel.role == ASSISTANT)
        .order_by(MessageModel.created_at.desc(), MessageModel.id.desc())
        .limit(1)
    )
