"""Chat turns: store the user's message, stream the reply, persist it while it streams.

The reply keeps generating when the client disconnects. Its text is appended to the database
in batches (``bindings.FLUSH``: after an interval, at a size, or at the end of a sentence,
whichever comes first) so a reload mid-stream shows the partial reply; the final content
equals the concatenated deltas exactly. A reply is cut at the content column's maximum length
(finish reason ``length``) so it can always be stored, and any failure ends the reply as
``error`` with its partial text: a reply is never left ``streaming``.

The request carries the conversation's system prompt (first), its history bounded by the
model's context window (oldest turns dropped first), temperature, max tokens and the model's
provider options from the schema. Usage is stored in five classes as the provider reported it
(estimated and flagged when it reported none); the cost is exact (``Decimal``) at the price in
force today. A provider failure is data: the reply gets status error, an error code and a
message safe to show, with the text streamed so far. After a conversation's first successful
reply, while its title is still the default, a short title is generated and announced.

Before anything is stored a send is checked against the limits of the settings: the message
length (``MAX_MESSAGE_CHARS``: ``message_too_long``), the per-user send rate
(``RATE_LIMIT_SEND``: ``rate_limited``), the replies a user may have generating at once
(``MAX_CONCURRENT_GENERATIONS``: ``too_many_generations``, counted per process) and the
per-user daily budget (``BUDGET_TOKENS_PER_DAY`` / ``BUDGET_USD_PER_DAY``: ``budget_exceeded``,
the usage recorded on today's (UTC) messages of the user's conversations).

Each reply has exactly one producer: the process that stored it holds its lease from the insert
on (``lease_owner`` / ``lease_expires_at``; ``_claim`` takes a lease in one atomic UPDATE on
any other path), renews the lease while it streams (``_keep_leases``) and releases it with the
final write, which only lands while the lease is still its own. Replies whose lease expired
(their process died) are marked ``error`` / ``interrupted`` with their text (``_recover``, at
startup and periodically); ``shutdown`` waits for every final write. ``stop_generation`` and
``resume`` reach the producing process through ``hub.control`` (``_control``); resume offsets
count UTF-16 code units.

The schema-specific names (models, columns, enum members) come from ``app.chat.bindings``.
"""

import asyncio
import datetime as dt
import functools
import logging
import os
import secrets
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, inspect, orm, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

import app.chat.bindings as bindings  # a module path: the repo-level mypy types it as missing
from app.chat.catalog import MODELS, PROVIDER_KINDS, TITLE_MODEL, choice_error
from app.chat.hub import Connection, Frame, frame, hub
from app.chat.pricing import cost, price_on
from app.chat.providers.base import (
    ChatTurn,
    Completion,
    CompletionRequest,
    Delta,
    ProviderError,
    Usage,
    estimate_tokens,
)
from app.chat.providers.registry import get_provider
from app.chat.stream import (
    TITLE_INSTRUCTION,
    ActiveStream,
    ConversationSettings,
    build_prompt,
    clean_title,
    derive_title,
    fit_context,
    text_after,
)
from app.chat.writer import Writer
from app.core import limits
from app.core.batching import Batches
from app.core.config import settings
from app.core.db import SessionLocal

logger = logging.getLogger(__name__)


class ChatError(Exception):
    """A chat request that cannot be served; ``code`` goes into the ``error`` frame."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Outcome:
    """How a reply ended: what the engine writes in the end."""

    status: Any = bindings.DONE
    error: str | None = None
    error_code: str | None = None  # auth, rate_limited, timeout, ... (ProviderError.code)
    completion: Completion | None = None
    finish_reason: str | None = None  # set when the engine itself stopped the reply
    provider: str | None = None
    model: str | None = None
    prompt: tuple[ChatTurn, ...] = ()
    wants_title: bool = False  # the first reply of a conversation still titled by default
    first_question: str | None = None  # the branch's first user message (read with the prompt)


INTERNAL_ERROR = "the reply failed because of an internal error (details are in the server log)"

active_streams: dict[uuid.UUID, ActiveStream] = {}
_tasks: set[asyncio.Task[None]] = set()
_producing: dict[uuid.UUID, asyncio.Task[None]] = {}  # reply id -> its task, in this process
_begun: set[uuid.UUID] = set()  # replies whose task has started running (a cancel reaches it)
_stop_asked: set[uuid.UUID] = set()  # stops that came before the reply's task began
_finishing: set[asyncio.Task[None]] = set()  # final writes under way: never cancelled
_keeper: asyncio.Task[None] | None = None  # renews leases and recovers (``_keep_leases``)
KEEPER_TASK = "chat-lease-keeper"
"""The name of the ``_keep_leases`` task (its work belongs to no reply in particular)."""
RENEW_BATCH = 500  # reply ids per lease-renewing UPDATE
_titling: set[uuid.UUID] = set()  # conversations whose title is being generated
_unpriced: set[tuple[str, str]] = set()  # models already warned about (no price)
_generating: dict[uuid.UUID, int] = {}  # replies generating per user id, in this process
PROMPT_BATCH = 64  # history rows fetched at a time, newest first
BATCH_ITEMS = 64
"""At most this many sends, ends or titles stored per transaction (``app.core.batching``): a
batch's Python work runs without a pause, and a smaller batch keeps that pause, which every
live stream waits through, short (about 10 ms here). Up to two batches of sends and four of
ends run at once (each on its own pooled connection), so a burst does not queue behind one
transaction at a time."""
PRODUCER = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
"""This process as a reply's producer (``lease_owner``): host, pid and a random part."""


def lease_deadline() -> dt.datetime:
    """When a lease taken or renewed now expires (``STREAM_LEASE_SECONDS`` from now, UTC)."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.stream_lease_seconds)


writer = Writer(
    SessionLocal,
    bindings.MessageModel,
    bindings.CONTENT_COLUMN,
    lease=lease_deadline,
    interval_ms=settings.stream_flush_ms,
    renew_after=settings.stream_lease_seconds / 3,
    owner=PRODUCER,
)
"""Appends the text of this process's streaming replies in batches (``app.chat.writer``)."""


def budget_problem() -> str | None:
    """Why a daily budget of the settings cannot be counted with this schema (its message
    model binds no token counts, no cost, or has no timestamps); None when it can."""
    if settings.budget_tokens_per_day is not None and not bindings.COUNTS_TOKENS:
        return "BUDGET_TOKENS_PER_DAY is set but the schema records no token counts per message"
    if settings.budget_usd_per_day is not None and not bindings.COUNTS_COST:
        return "BUDGET_USD_PER_DAY is set but the schema records no cost per message"
    return None


if (_problem := budget_problem()) is not None:  # refuse to start rather than not count
    raise RuntimeError(_problem)


def _reserve(user_id: uuid.UUID) -> None:
    """Take one of the user's ``MAX_CONCURRENT_GENERATIONS`` slots; raise ChatError
    too_many_generations when none is left. Check and take happen in one step (no await),
    so two sends at once never both get the last slot. Counted in this process only."""
    count = _generating.get(user_id, 0)
    cap = settings.max_concurrent_generations
    if count >= cap:
        raise ChatError(
            "too_many_generations",
            f"at most {cap} replies may be generating at once: wait for one to finish",
        )
    _generating[user_id] = count + 1


def _release(user_id: uuid.UUID) -> None:
    """Give back a slot taken by ``_reserve``."""
    count = _generating.get(user_id, 0) - 1
    if count > 0:
        _generating[user_id] = count
    else:
        _generating.pop(user_id, None)


async def _check_budget(session: AsyncSession, user: Any) -> None:
    """Raise ChatError budget_exceeded when the user's replies of today (UTC) used up a daily
    budget of the settings: their recorded tokens (``BUDGET_TOKENS_PER_DAY``) or cost in USD
    (``BUDGET_USD_PER_DAY``). A reply still streaming counts once it is finished."""
    tokens_cap = settings.budget_tokens_per_day
    usd_cap = settings.budget_usd_per_day
    if tokens_cap is None and usd_cap is None:
        return
    problem = budget_problem()
    if problem is not None:  # a setting changed after start: refuse rather than not count
        raise ChatError("budget_exceeded", problem)
    midnight = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    tokens, spent = (await session.execute(bindings.spent_since(user, midnight))).one()
    if tokens_cap is not None and int(tokens or 0) >= tokens_cap:
        raise ChatError(
            "budget_exceeded",
            f"the daily budget of {tokens_cap} tokens is used up; it renews at 00:00 UTC",
        )
    if usd_cap is not None and Decimal(spent or 0) >= usd_cap:
        raise ChatError(
            "budget_exceeded",
            f"the daily budget of {usd_cap} USD is used up; it renews at 00:00 UTC",
        )


async def _owned_conversation(session: AsyncSession, conversation_id: uuid.UUID, user: Any) -> Any:
    """The conversation if ``user`` may see it; else ChatError not_found."""
    if user is None:
        raise ChatError("not_found", bindings.CONVERSATION_NOT_FOUND)
    statement = bindings.owned_conversation(conversation_id, user)
    conversation = (await session.execute(statement)).scalar_one_or_none()
    if conversation is None:
        raise ChatError("not_found", bindings.CONVERSATION_NOT_FOUND)
    return conversation


async def subscribe(connection: Connection, conversation_id: uuid.UUID) -> None:
    """Subscribe ``connection`` to a conversation its user owns, with a snapshot first.

    The snapshot is ``conversation.updated`` (the conversation now), then ``message.updated``
    for each reply still streaming, with its text so far (and for each reply that finished
    while the snapshot was read). It is taken and queued in the same step as the
    subscription, so the ``offset`` of every later ``message.streaming`` event continues it.
    """
    async with SessionLocal() as session:
        user = await session.get(bindings.UserModel, connection.user_id)
        conversation = await _owned_conversation(session, conversation_id, user)
        loaded: dict[uuid.UUID, Any] = {}
        finished: list[Any] = []
        while True:  # until no reply started or finished while we read
            active = {
                message_id
                for message_id, stream in active_streams.items()
                if stream.conversation_id == conversation.id
            }
            ended = [message_id for message_id in loaded if message_id not in active]
            started = [message_id for message_id in active if message_id not in loaded]
            if not ended and not started:
                break
            for message_id in ended:
                message = loaded.pop(message_id)
                if message is not None:
                    await session.refresh(message)
                    finished.append(message)
            if ended:
                await session.refresh(conversation)
            for message_id in started:
                loaded[message_id] = await session.get(bindings.MessageModel, message_id)
    # No await from here on: the snapshot and the subscription happen at one instant.
    snapshot: list[Frame] = [
        frame("conversation.updated", bindings.public_conversation(conversation))
    ]
    snapshot += [frame("message.updated", bindings.public_message(m)) for m in finished]
    for message_id, message in loaded.items():
        stream = active_streams.get(message_id)
        if message is not None and stream is not None:
            data = bindings.public_message(message, stream.text)
            snapshot.append(frame("message.updated", data))
    hub.subscribe(hub.conversation_channel(conversation.id), connection, snapshot)


async def send_message(
    connection: Connection,
    conversation_id: uuid.UUID | None,
    content: str,
    attachments: Sequence[uuid.UUID] = (),
) -> uuid.UUID:
    """Store the user's message and an empty assistant reply; stream the reply in the background.

    Creates a conversation (``conversation.created``) when ``conversation_id`` is None, with
    DEFAULT_PROVIDER / DEFAULT_MODEL where the schema gives no default. The user message goes
    below the conversation's active leaf (``app.chat.tree``), the reply below it, and the reply
    becomes the active leaf. ``attachments`` (ids of the sender's unsent images) go with the
    user message. Returns the assistant message id. Raises ChatError before storing anything:
    message_too_long (over ``MAX_MESSAGE_CHARS``), too_long (over the content column),
    rate_limited (``RATE_LIMIT_SEND`` per user; the message names the seconds to wait),
    too_many_generations, budget_exceeded, not_found, conversation_required,
    provider_unavailable (a provider the schema does not enable or whose API key is not set) or
    unknown_model (a model the schema does not list for the provider), the last two naming the
    allowed values; for attachments see ``app.chat.attachments.claim``.
    """
    _check_content(content)
    return await _begin(connection, _Turn(conversation_id, content, tuple(attachments)))


@dataclass(frozen=True)
class _Turn:
    """What a send, a regenerate or an edit adds to a conversation.

    ``content``: the new user message (None: a regenerate, whose reply answers an existing
    message). ``beside``: None for a send (below the active leaf of ``conversation_id``, or of
    a new conversation); else the message regenerated or edited, whose parent the new message
    shares (``conversation_id`` is then its conversation's, found from it).
    """

    conversation_id: uuid.UUID | None
    content: str | None
    attachments: tuple[uuid.UUID, ...] = ()
    beside: uuid.UUID | None = None


def _check_content(content: str) -> None:
    """Raise ChatError message_too_long (over ``MAX_MESSAGE_CHARS``) or too_long (over the
    content column)."""
    cap = settings.max_message_chars
    if len(content) > cap:
        raise ChatError("message_too_long", f"content: at most {cap} characters")
    limit = bindings.CONTENT_MAX_LENGTH
    if limit is not None and len(content) > limit:
        raise ChatError("too_long", f"content: at most {limit} characters")


async def _begin(connection: Connection, turn: _Turn) -> uuid.UUID:
    """Check the sender's rate limit, take a generation slot and ``_start`` the turn; returns
    the new reply's id. Raises ChatError (rate_limited, too_many_generations, and those of
    ``_start``)."""
    try:
        await limits.hit("send", str(connection.user_id))
    except limits.RateLimited as err:
        message = f"too many messages: retry in {err.retry_after} s"
        raise ChatError("rate_limited", message) from err
    _reserve(connection.user_id)
    started = False
    try:
        reply_id = await _start(connection, turn)
        started = True
    finally:
        if not started:  # the reply's task releases the slot once it has begun
            _release(connection.user_id)
    return reply_id


async def _beside(session: AsyncSession, user: Any, turn: _Turn) -> tuple[Any, uuid.UUID | None]:
    """For a regenerate or an edit: the conversation of the message ``turn.beside`` and that
    message's parent (None: a root), which the new message shares. Raises ChatError not_found
    (no such message, or not the user's), not_a_reply (a regenerate of anything but an
    assistant reply that answers a message) or not_a_user_message (an edit of anything but a
    user message)."""
    message = await session.get(bindings.MessageModel, turn.beside)
    conversation_id = getattr(message, bindings.CONVERSATION_FK, None)
    if message is None or conversation_id is None:
        raise ChatError("not_found", "message not found")
    try:
        conversation = await _owned_conversation(session, conversation_id, user)
    except ChatError as err:
        raise ChatError("not_found", "message not found") from err
    parent: uuid.UUID | None = await session.scalar(bindings.parent_of(conversation.id, message.id))
    role = bindings.role_of(message)
    if turn.content is None:
        if role != bindings.ASSISTANT:
            raise ChatError("not_a_reply", "message_id: only an assistant reply is regenerated")
        if parent is None:
            raise ChatError("not_a_reply", "message_id: this reply answers no message")
    elif role != bindings.USER:
        raise ChatError("not_a_user_message", "message_id: only a user message is edited")
    return conversation, parent


async def _active_leaf(session: AsyncSession, conversation_id: uuid.UUID) -> uuid.UUID | None:
    """The last message of the conversation's active branch, where a new message goes: its
    ``active_leaf_id`` when that message exists, else its newest message (None: none).

    Takes the conversation's row lock first (a no-op UPDATE, held until the commit), so two
    sends at once in one conversation go one below the other, not side by side."""
    conversation = bindings.ConversationModel
    await session.execute(
        update(conversation)
        .where(conversation.id == conversation_id)
        .values({bindings.ACTIVE_LEAF: getattr(conversation, bindings.ACTIVE_LEAF)})
        .execution_options(synchronize_session=False)
    )
    leaf: uuid.UUID | None = await session.scalar(bindings.leaf_or_newest(conversation_id))
    return leaf


async def join_active_branch(session: AsyncSession, message: Any) -> str | None:
    """Put a message created outside the chat (over REST, not yet flushed) on its
    conversation's active branch, as a send does: below the active leaf when it names no
    parent, and the conversation's active leaf from now on, so that ``GET .../messages`` and
    the next prompt include it. The caller commits. Returns a problem (for a 422), changing
    nothing, when the parent it names is not a message of the same conversation."""
    conversation_id = getattr(message, bindings.CONVERSATION_FK)
    parent = getattr(message, bindings.PARENT_COLUMN)
    if parent is None:
        setattr(message, bindings.PARENT_COLUMN, await _active_leaf(session, conversation_id))
    elif await session.scalar(bindings.message_in(conversation_id, parent)) is None:
        return f"{bindings.PARENT_COLUMN}: not a message of this conversation"
    if message.id is None:
        message.id = uuid.uuid4()
    conversation = bindings.ConversationModel
    await session.execute(
        update(conversation)
        .where(conversation.id == conversation_id)
        .values({bindings.ACTIVE_LEAF: message.id})
        .execution_options(synchronize_session=False)
    )
    return None


_EAGER = ("selectin", "joined", "subquery", "immediate")  # relationship loaders a refresh runs


async def _whole(session: AsyncSession, row: Any, *, fresh: bool = False) -> Any:
    """``row`` with what its public shape reads loaded, reading only what is missing; returns
    it. ``fresh``: a row this session inserted just now that nothing was linked to since.

    The values the database generates came back with the row's INSERT or UPDATE
    (``eager_defaults``, RETURNING). Of a fresh row, a column not loaded is one the INSERT
    left NULL (no default of any kind) and a collection the mapper loads eagerly
    (``selectin``: a message's attachments) is empty: both are set without a read. Anything
    else not loaded is read (one SELECT for all that is missing)."""
    state = inspect(row)
    missing = []
    for key in state.unloaded:
        relation = state.mapper.relationships.get(key)
        column = state.mapper.columns.get(key) if relation is None else None
        if column is not None and fresh and _never_generated(column):
            set_committed_value(row, key, None)
        elif relation is not None and relation.lazy in _EAGER and fresh and relation.uselist:
            set_committed_value(row, key, [])
        elif relation is None or relation.lazy in _EAGER:
            missing.append(key)
    if missing:
        await session.refresh(row, missing)
    return row


def _never_generated(column: Any) -> bool:
    """Whether nothing but the application sets ``column`` (no default, server default,
    computed value or identity): an INSERT that does not name it stores NULL."""
    return (
        column.default is None
        and column.server_default is None
        and column.computed is None
        and column.identity is None
        and not column.primary_key
    )


async def _updated(
    session: AsyncSession, conversation_id: uuid.UUID, values: dict[str, Any]
) -> Any | None:
    """Apply ``values`` (SQL expressions allowed: counters add in the database) to the
    conversation in one ``UPDATE ... RETURNING`` and return the row as it now is (the
    session's copy refreshed), or None when it no longer exists."""
    conversation = bindings.ConversationModel
    result = await session.execute(
        update(conversation)
        .where(conversation.id == conversation_id)
        .values(**values)
        .returning(conversation)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return result.scalar_one_or_none()


@dataclass(frozen=True)
class _Prepared:
    """What a reply's request is built from, read before its first delta (``_prepare``)."""

    chosen: ConversationSettings  # the conversation's settings as the reply was stored
    prompt: tuple[ChatTurn, ...]  # the system prompt and the branch, fitted to the window
    first_question: str | None  # the branch's first user message (None: not read whole)
    wants_title: bool  # the conversation's first reply, and its title still the default


@dataclass
class _Stored:
    """What ``_store`` added for a turn (committed by its caller): the conversation, the user
    message (None for a regenerate), the reply's placeholder, and what the reply is asked
    with."""

    conversation: Any
    question: Any | None
    answer: Any
    prepared: _Prepared
    created: bool  # the conversation is new
    claimed: bool  # attachments were linked to the question (it was flushed on its own)


async def _start(connection: Connection, turn: _Turn) -> uuid.UUID:
    """A send, regenerate or edit once the slot is taken: check, store (the user message if
    any, the assistant placeholder and the conversation's new active leaf, in one
    transaction), announce, and start the reply's task. Raises ChatError.

    The first message of a new conversation (no attachments, no daily budget to read) is
    stored with the others of the moment, in one transaction per batch (``_new_starts``)."""
    budgeted = settings.budget_tokens_per_day is not None or settings.budget_usd_per_day is not None
    if turn.conversation_id is None and turn.beside is None and not turn.attachments:
        if turn.content is not None and not budgeted:
            return await _new_starts.submit((connection, turn))
    return await _start_one(connection, turn)


async def _start_one(connection: Connection, turn: _Turn) -> uuid.UUID:
    """``_start`` of one turn in a transaction of its own."""
    async with SessionLocal() as session:
        user = await session.get(bindings.UserModel, connection.user_id)
        stored = await _store(session, connection, user, turn)
        await session.commit()
        await _loaded(session, stored)
    return await _launch(connection, stored)


async def _start_new(
    batch: list[tuple[tuple[Connection, _Turn], asyncio.Future[uuid.UUID]]],
) -> None:
    """Store the first messages of new conversations of ``batch`` in one transaction (one
    SELECT of the users, one INSERT of the conversations, one of the messages), then announce
    and start each reply. A turn refused by its checks gets its ChatError alone; if the
    transaction fails, each turn is started on its own (``_start_alone``). A caller cancelled
    before the commit is left out; one cancelled after it leaves its reply to the recovery
    (as a send cancelled after its commit does)."""
    live = [(item, future) for item, future in batch if not future.done()]
    stored: list[tuple[Connection, _Stored, asyncio.Future[uuid.UUID]]] = []
    try:
        async with SessionLocal() as session:
            wanted = {connection.user_id for (connection, _turn), _future in live}
            statement = select(bindings.UserModel).where(bindings.UserModel.id.in_(wanted))
            users = {user.id: user for user in await session.scalars(statement)}
            for (connection, turn), future in live:
                if future.done():
                    continue
                try:
                    row = await _store(session, connection, users.get(connection.user_id), turn)
                except ChatError as err:  # raised before anything of the turn was added
                    future.set_exception(err)
                    continue
                stored.append((connection, row, future))
            await session.commit()
            for _connection, row, _future in stored:
                await _loaded(session, row)
    except Exception:
        logger.warning("storing %d new conversations at once failed; one by one", len(live))
        logger.debug("batch failure", exc_info=True)
        for (connection, turn), future in live:
            if not future.done():
                await _start_alone(connection, turn, future)
        return
    for connection, row, future in stored:
        if future.done():  # the caller is gone: its slot is released, its reply recovered
            continue
        try:
            future.set_result(await _launch(connection, row))
        except Exception as err:
            future.set_exception(err)


async def _start_alone(
    connection: Connection, turn: _Turn, future: asyncio.Future[uuid.UUID]
) -> None:
    """``_start_one``, its outcome set on ``future`` (a turn of a batch that failed)."""
    try:
        reply_id = await _start_one(connection, turn)
        if not future.done():
            future.set_result(reply_id)
    except Exception as err:
        if not future.done():
            future.set_exception(err)


_new_starts: Batches[tuple[Connection, _Turn], uuid.UUID] = Batches(_start_new, BATCH_ITEMS, 2)
"""First messages of new conversations, stored a batch at a time (``_start_new``)."""


def _with_defaults(row: Any) -> Any:
    """``row`` (not yet inserted) with the scalar Python defaults of its columns filled in, as
    the INSERT will store them: its settings can be read before any flush."""
    state = inspect(row)
    for attribute in state.mapper.column_attrs:
        default = attribute.columns[0].default
        if attribute.key not in state.dict and default is not None and default.is_scalar:
            setattr(row, attribute.key, default.arg)
    return row


async def _store(session: AsyncSession, connection: Connection, user: Any, turn: _Turn) -> _Stored:
    """Check a turn and add its rows to ``session`` (the caller commits): the new conversation
    (if any), the user message (if any), the reply's placeholder under this process's lease,
    and the conversation's new counts and active leaf; read what the reply is asked with.
    Raises ChatError; for a new conversation, before anything is added."""
    parent: uuid.UUID | None = None
    created = False
    reply_id = uuid.uuid4()
    if turn.beside is not None:
        conversation, parent = await _beside(session, user, turn)
    elif turn.conversation_id is None:
        if user is None:
            raise ChatError("not_found", "user not found")
        new = bindings.new_conversation(user, settings.default_provider, settings.default_model)
        if new is None:
            raise ChatError(
                "conversation_required",
                "conversation_id: create the conversation first (it belongs to a parent)",
            )
        conversation = _with_defaults(new)
        conversation.id = uuid.uuid4()
        # inserted with the values its first message and reply give it: no UPDATE after
        values = bindings.sent_values(2, fresh=True) | {bindings.ACTIVE_LEAF: reply_id}
        for key, value in values.items():
            setattr(conversation, key, value)
        created = True
    else:
        conversation = await _owned_conversation(session, turn.conversation_id, user)
    chosen = bindings.conversation_settings(conversation)
    provider_name = chosen.provider or settings.default_provider
    model = chosen.model or settings.default_model
    problem = choice_error(provider_name, model)
    if problem is not None:
        which, message = problem
        code = "provider_unavailable" if which == "provider" else "unknown_model"
        raise ChatError(code, message)
    try:
        get_provider(provider_name)
    except ProviderError as err:
        raise ChatError("provider_unavailable", err.message) from err
    if created:
        session.add(conversation)
    await _check_budget(session, user)
    claimed: list[uuid.UUID] = []
    if turn.attachments:  # only a schema with chat.attachments lets a client send some
        import app.chat.attachments as images

        user_id = connection.user_id
        claimed = await images.claim(session, user_id, turn.attachments, provider_name, model)
    if turn.beside is None and not created:
        parent = await _active_leaf(session, conversation.id)
    question = None
    if turn.content is not None:
        question = bindings.new_message(
            conversation, bindings.USER, turn.content, bindings.DONE, parent=parent
        )
        question.id = uuid.uuid4()
        # the columns the reply sets too, so both go in one INSERT
        question.lease_owner = question.lease_expires_at = None
        session.add(question)
        if claimed:
            await session.flush()
            await images.link(session, connection.user_id, claimed, question.id)
    answer = bindings.new_message(
        conversation,
        bindings.ASSISTANT,
        "",
        bindings.STREAMING,
        model,
        parent=question.id if question is not None else parent,
    )
    answer.id = reply_id
    answer.lease_owner, answer.lease_expires_at = PRODUCER, lease_deadline()
    if question is not None and hasattr(question, "created_at"):
        # inserted by one statement: the reply must still sort after its question, even where
        # the clock gives both the same microsecond (the conversation's order is created_at, id)
        question.created_at = dt.datetime.now(dt.UTC)
        answer.created_at = question.created_at + dt.timedelta(microseconds=1)
    session.add(answer)
    added = 1 if question is None else 2
    if not created:  # (a new conversation is inserted with these values)
        values = bindings.sent_values(added) | {bindings.ACTIVE_LEAF: answer.id}
        # one atomic UPDATE (no count is ever lost) that returns the row as it now is
        conversation = await _updated(session, conversation.id, values)
        if conversation is None:  # deleted meanwhile (the inserts would have failed)
            raise ChatError("not_found", bindings.CONVERSATION_NOT_FOUND)
    first = turn.content if created else None
    prepared = await _prepare(session, conversation.id, answer.id, chosen, first)
    return _Stored(conversation, question, answer, prepared, created, bool(claimed))


async def _loaded(session: AsyncSession, stored: _Stored) -> None:
    """After the commit: load what the public shapes of the stored messages read."""
    if stored.question is not None:
        await _whole(session, stored.question, fresh=not stored.claimed)
    await _whole(session, stored.answer, fresh=True)


async def _launch(connection: Connection, stored: _Stored) -> uuid.UUID:
    """Announce a stored turn (``conversation.created``, ``message.created``) and start its
    reply's task, which releases the sender's generation slot however it ends; returns the
    reply's id."""
    conversation, question, answer = stored.conversation, stored.question, stored.answer
    channel = hub.conversation_channel(conversation.id)
    hub.subscribe(channel, connection)
    if stored.created:
        public = bindings.public_conversation(conversation)
        await hub.publish_to_user(connection.user_id, "conversation.created", public)
    if question is not None:
        await hub.publish("message.created", bindings.public_message(question), channel)
    await hub.publish("message.created", bindings.public_message(answer), channel)
    reply_id: uuid.UUID = answer.id
    stream = ActiveStream(
        message_id=reply_id,
        conversation_id=conversation.id,
        policy=bindings.FLUSH,
        limit=bindings.CONTENT_MAX_LENGTH,
    )
    active_streams[reply_id] = stream
    user_id = connection.user_id
    prepared = stored.prepared
    task = asyncio.create_task(_generate(stream, user_id, claimed=True, prepared=prepared))
    _tasks.add(task)
    _producing[reply_id] = task
    task.add_done_callback(_tasks.discard)
    task.add_done_callback(lambda _task: _producing.pop(reply_id, None))
    task.add_done_callback(lambda _task: _release(user_id))  # however the task ends
    return reply_id


async def _prompt(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    reply_id: uuid.UUID,
    system: str | None,
    budget: int | None,
    known: Sequence[tuple[Any, str]] | None = None,
) -> tuple[tuple[ChatTurn, ...], str | None]:
    """The prompt for the reply ``reply_id``: the system prompt, then the messages of its
    branch before it (its ancestors in the conversation's tree: ``bindings.ancestors``, which
    keeps the order of messages stored before the tree), oldest first; and the content of the
    branch's first user message (None when the read stopped before the root, or there is none).

    The messages are read newest first, ``PROMPT_BATCH`` rows per statement (one statement
    for a branch of fewer), and reading stops once they (with the system prompt) pass
    ``budget`` estimated tokens (None: read them all), so a long conversation costs a reply no
    more than its context window; ``fit_context`` then drops the oldest turns that do not fit.

    ``known``: the whole branch as ``(role, content)`` rows, newest first, when the caller holds
    it (the first message of a conversation it created just now): nothing is read.
    """
    used = estimate_tokens(system or "")
    newest_first: list[tuple[Any, str]] = []
    statement = bindings.prompt_rows(conversation_id, reply_id)
    complete = over = False  # the root was reached / the budget was passed
    while not (complete or over):
        if known is not None:
            rows, complete = list(known), True
        else:
            batch = statement.limit(PROMPT_BATCH).offset(len(newest_first))
            rows = list((await session.execute(batch)).all())
            complete = len(rows) < PROMPT_BATCH
        for role, content in rows:
            newest_first.append((role, content or ""))
            if str(role) in bindings.PROMPT_ROLES:
                used += estimate_tokens(content or "")
            if budget is not None and used > budget:
                over = True
                break
    newest_first.reverse()
    first = None
    if not over:
        first = next((text for role, text in newest_first if role == bindings.USER), None)
    turns = [(str(role), text) for role, text in newest_first]
    return build_prompt(turns, bindings.PROMPT_ROLES, system), first


def _flush(stream: ActiveStream) -> None:
    """Have the pending text of ``stream`` appended with the writer's next batch (within
    ``STREAM_FLUSH_MS``); the stream goes on at once (``app.chat.writer``)."""
    writer.mark_due(stream)


async def _prepare(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    reply_id: uuid.UUID,
    chosen: ConversationSettings,
    first: str | None = None,
) -> _Prepared:
    """Read what the reply ``reply_id`` is asked with: its prompt (``_prompt``) and whether it
    titles the conversation. ``first``: the conversation was created with this user message
    and this reply a moment ago, in ``session``'s transaction, so nothing needs reading.

    ``_start`` runs it inside the transaction that stores the reply (the rows it just wrote
    are visible there; no transaction of its own), so a reply's first delta waits for no
    further round trip."""
    provider = chosen.provider or settings.default_provider
    info = MODELS.get((provider, chosen.model or settings.default_model))
    window = info.context_window if info is not None else None
    budget = None if window is None else window - (chosen.max_tokens or 0)
    known = None if first is None else [(bindings.USER, first)]
    prompt, first_question = await _prompt(
        session, conversation_id, reply_id, chosen.system_prompt, budget, known
    )
    wants_title = False
    if bindings.HAS_TITLE and chosen.title == bindings.TITLE_DEFAULT:
        if first is not None:
            wants_title = True
        else:
            earlier = await session.scalar(bindings.earlier_replies(conversation_id, reply_id))
            wants_title = not earlier
    prompt = fit_context(prompt, window, chosen.max_tokens)
    return _Prepared(chosen, prompt, first_question, wants_title)


async def _run(stream: ActiveStream, outcome: Outcome, prepared: _Prepared | None = None) -> None:
    """Ask the provider and stream its reply into ``stream``; fills ``outcome``. ``prepared``:
    the prompt and settings read as the reply was stored (None: read them now).

    Raises ProviderError (possibly after some deltas: their text stays in ``stream``) and
    ChatError not_found (the conversation is gone)."""
    if prepared is None:
        async with SessionLocal() as session:
            conversation = await session.get(bindings.ConversationModel, stream.conversation_id)
            if conversation is None:
                raise ChatError("not_found", bindings.CONVERSATION_NOT_FOUND)
            chosen = bindings.conversation_settings(conversation)
            prepared = await _prepare(session, stream.conversation_id, stream.message_id, chosen)
    chosen = prepared.chosen
    outcome.provider = chosen.provider or settings.default_provider
    outcome.model = chosen.model or settings.default_model
    info = MODELS.get((outcome.provider, outcome.model))
    outcome.prompt, outcome.first_question = prepared.prompt, prepared.first_question
    outcome.wants_title = prepared.wants_title
    if hasattr(settings, "attachments_dir"):  # chat.attachments is on: app.chat.attachments exists
        import app.chat.attachments as attachments

        outcome.prompt = await attachments.with_images(
            outcome.prompt,
            stream.conversation_id,
            stream.message_id,
            outcome.provider,
            outcome.model,
        )
    request = CompletionRequest(
        model=outcome.model,
        messages=outcome.prompt,
        temperature=chosen.temperature,
        max_tokens=chosen.max_tokens,
        options=dict(info.options) if info is not None else {},
    )
    events = get_provider(outcome.provider).stream(request)
    channel = hub.conversation_channel(stream.conversation_id)
    writer.track(stream)  # its text is appended in batches, its lease renewed
    try:
        async for event in events:
            if isinstance(event, Completion):
                outcome.completion = event
                continue
            offset = stream.units  # UTF-16 code units, as the browser counts the text
            delta = stream.accept(event.text)
            if delta:
                data = bindings.streaming_data(stream.message_id, stream.seq, offset, delta)
                stream.seq += 1
                await hub.publish("message.streaming", data, channel)
            if stream.full:
                outcome.finish_reason = "length"
                break
            if stream.flush_due(delta):
                _flush(stream)
    finally:
        try:
            aclose = getattr(events, "aclose", None)
            if aclose is not None:
                await aclose()
        finally:
            await writer.settle(stream)  # no batched write of it after this: _finish follows


async def _generate(
    stream: ActiveStream,
    user_id: uuid.UUID,
    *,
    claimed: bool = False,
    prepared: _Prepared | None = None,
) -> None:
    """Produce the reply: claim it, run it; whatever happens, store how it ended and publish
    it; then title the conversation if this was its first reply.

    The claim (``_claim``) makes this process the reply's only producer; when another process
    holds its lease, or the reply is no longer streaming (stopped, recovered, deleted), nothing
    is generated or written. ``claimed``: this process inserted the reply with its own lease
    a moment ago (``_start``), so the claim is already held and is not taken again (a stop or
    a delete that came since ends it through ``_stop_asked`` and ``_store_end``). ``prepared``:
    its prompt and settings, read when the reply was stored (None: ``_run`` reads them)."""
    _begun.add(stream.message_id)
    try:
        await _produce(stream, user_id, claimed, prepared)
    finally:
        _begun.discard(stream.message_id)
        _stop_asked.discard(stream.message_id)


async def _produce(
    stream: ActiveStream, user_id: uuid.UUID, claimed: bool, prepared: _Prepared | None
) -> None:
    outcome = Outcome()
    try:
        if not claimed and not await _claim(stream.message_id):
            logger.warning("reply %s is not produced here (claimed or ended)", stream.message_id)
            active_streams.pop(stream.message_id, None)
            return
        if stream.message_id in _stop_asked:  # stopped before its task began
            outcome.status, outcome.error = bindings.CANCELLED, "cancelled"
        else:
            await _run(stream, outcome, prepared)
    except asyncio.CancelledError:
        outcome.status, outcome.error = bindings.CANCELLED, "cancelled"
        await _finish_shielded(stream, outcome, user_id)
        raise
    except ProviderError as err:  # the provider's failure is data: code and a safe message
        logger.warning("reply %s failed: %s (%s)", stream.message_id, err.code, err.message)
        outcome.status, outcome.error, outcome.error_code = bindings.ERROR, err.message, err.code
    except ChatError as err:
        outcome.status, outcome.error, outcome.error_code = bindings.ERROR, err.message, err.code
    except Exception:  # a failure becomes the message's error, never a stuck reply
        logger.exception("reply %s failed", stream.message_id)
        outcome.status, outcome.error = bindings.ERROR, INTERNAL_ERROR
        outcome.error_code = "internal_error"
    titled = outcome.status == bindings.DONE and outcome.wants_title
    if titled:
        _titling.add(stream.conversation_id)
    try:
        await _finish_shielded(stream, outcome, user_id)
        if titled:
            await _title_safely(stream.conversation_id, outcome, user_id)
    finally:
        _titling.discard(stream.conversation_id)


async def _claim(message_id: uuid.UUID) -> bool:
    """Take (or renew) the lease of reply ``message_id`` for this process in one atomic
    UPDATE: only while it is streaming and its lease is this process's, free or expired.
    True when this process is now its producer; two processes never both get True."""
    now = dt.datetime.now(dt.UTC)
    async with SessionLocal() as session:
        result = await session.execute(
            update(bindings.MessageModel)
            .where(bindings.claimable(message_id, PRODUCER, now))
            .values(lease_owner=PRODUCER, lease_expires_at=lease_deadline())
            .execution_options(synchronize_session=False)
        )
        await session.commit()
    return bool(getattr(result, "rowcount", 0) == 1)


def _cost(provider: str | None, model: str | None, usage: Usage) -> Decimal | None:
    """The exact USD cost of ``usage`` at the model's price in force today (UTC); None for a
    model without a price (logged once per model)."""
    if provider is None or model is None:
        return None
    price = price_on(MODELS.get((provider, model)), dt.datetime.now(dt.UTC).date())
    if price is None:
        if (provider, model) not in _unpriced:
            _unpriced.add((provider, model))
            logger.warning("model %s/%s has no price: its replies record no cost", provider, model)
        return None
    return cost(price, usage)


def _usage(stream: ActiveStream, outcome: Outcome) -> tuple[Usage, str]:
    """The reply's usage and finish reason: the provider's usage when it reported one, else
    ``estimate_tokens`` of the prompt (input) and of the text (output), flagged estimated."""
    completion = outcome.completion
    if completion is not None and outcome.finish_reason is None and completion.usage is not None:
        return completion.usage, completion.finish_reason
    usage = Usage(
        input_tokens=sum(estimate_tokens(turn.content) for turn in outcome.prompt),
        output_tokens=estimate_tokens(stream.text),
        estimated=True,
    )
    if outcome.finish_reason is not None:
        return usage, outcome.finish_reason
    if completion is not None:
        return usage, completion.finish_reason
    return usage, "error" if outcome.status == bindings.ERROR else "cancelled"


async def _finish(stream: ActiveStream, outcome: Outcome, user_id: uuid.UUID) -> None:
    """Write the final text, status, usage and cost and update the conversation totals
    (``_ends``, which publishes the stored reply and conversation as soon as they are
    written)."""
    usage, finish_reason = _usage(stream, outcome)
    logger.info(
        "reply %s %s: %d prompt + %d completion tokens%s",
        stream.message_id,
        finish_reason,
        usage.prompt_tokens,
        usage.completion_tokens,
        " (estimated)" if usage.estimated else "",
    )
    price = _cost(outcome.provider, outcome.model, usage)
    message_values = bindings.finished_values(
        stream.text,
        outcome.status,
        usage,
        price,
        finish_reason,
        outcome.error,
        outcome.error_code,
    )
    await _ends.submit(
        _Ending(stream.message_id, stream.conversation_id, user_id, message_values, usage, price)
    )


@dataclass(frozen=True)
class _Ending:
    """The end state of one reply, for ``_end_batch``."""

    message_id: uuid.UUID
    conversation_id: uuid.UUID
    user_id: uuid.UUID  # the owner: ``conversation.updated`` goes to all their sockets
    values: dict[str, Any]  # bindings.finished_values
    usage: Usage | None
    price: Decimal | None


_Ended = tuple[Any | None, Any | None]
"""The reply as written and its conversation as it now is; (None, None): nothing written (the
reply was deleted, or is no longer this process's), (message, None): the conversation is gone."""
_AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


async def _end_batch(batch: list[tuple[_Ending, asyncio.Future[_Ended]]]) -> None:
    """Store the end of every reply of ``batch`` and publish each (``_deliver``) as soon as it
    is in the database, the conversations' totals added in SQL (no sum is lost).

    On PostgreSQL each set of columns written (a finished and a failed reply write different
    ones) is ONE statement in autocommit (``_ends_statement``): the replies, their
    conversations' totals and what is published come back in a single round trip, with no
    BEGIN or COMMIT, and the statement is atomic by itself. Elsewhere the batch is one
    transaction through the ORM (``_flushed_ends``), a batch of one ``_end_alone``. Replies
    whose statement or transaction failed are stored one by one (``_end_alone``)."""
    live = [(ending, future) for ending, future in batch if not future.done()]
    if not live:
        return
    try:
        async with SessionLocal() as session:
            if session.get_bind().dialect.name == "postgresql":
                await session.connection(execution_options=_AUTOCOMMIT)
                groups: dict[tuple[str, ...], list[tuple[_Ending, asyncio.Future[_Ended]]]] = {}
                for ending, future in live:
                    groups.setdefault(tuple(sorted(ending.values)), []).append((ending, future))
                for group in groups.values():
                    await _deliver(group, await _write_ends(session, [e for e, _ in group]))
            elif len(live) > 1:
                ended = await _write_ends(session, [e for e, _ in live])
                await session.commit()
                await _deliver(live, ended)  # before the session closes: no wait for the pool
    except Exception:
        logger.warning("storing the end of %d replies at once failed; one by one", len(live))
        logger.debug("batch failure", exc_info=True)
    for ending, future in live:
        if future.done():
            continue
        try:
            result = await _end_alone(ending)
        except Exception as err:
            if not future.done():
                future.set_exception(err)
        else:
            await _deliver([(ending, future)], {ending.message_id: result})


async def _deliver(
    pairs: list[tuple[_Ending, asyncio.Future[_Ended]]], ended: dict[uuid.UUID, _Ended]
) -> None:
    """Publish each stored reply of ``pairs`` and its conversation (``ended``: what was
    written, by reply id; a reply missing there was not written) and resolve its future."""
    for ending, future in pairs:
        if future.done():
            continue
        message, conversation = ended.get(ending.message_id, (None, None))
        if message is not None and conversation is not None:
            await _publish_end(ending.conversation_id, message, conversation, ending.user_id)
        future.set_result((message, conversation))


_Rows = dict[uuid.UUID, Any]
_RELEASED = {"lease_owner": None, "lease_expires_at": None}  # a reply no process produces


async def _write_ends(session: AsyncSession, endings: list[_Ending]) -> dict[uuid.UUID, _Ended]:
    """Write the ends of ``endings``: on PostgreSQL (where they all write the same columns)
    ``_ends_statement``, elsewhere ``_flushed_ends`` (the caller commits). Returns what was
    written, by reply id: the reply and its conversation as they now are."""
    if session.get_bind().dialect.name != "postgresql":
        messages, conversations = await _flushed_ends(session, endings)
        return {
            ending.message_id: (message, conversations.get(ending.conversation_id))
            for ending in endings
            if (message := messages.get(ending.message_id)) is not None
        }
    keys = tuple(sorted(endings[0].values))
    ids = [ending.message_id for ending in endings]
    params: dict[str, Any] = {"u_id": ids, "u_lock": ids}
    params |= {f"u_{key}": [ending.values[key] for ending in endings] for key in keys}
    names = _total_names()
    if names:
        added = [bindings.added_totals(ending.usage, ending.price) for ending in endings]
        params |= {"t_message": ids, "t_id": [ending.conversation_id for ending in endings]}
        params |= {f"t_{name}": [totals[f"b_{name}"] for totals in added] for name in names}
    tables = (bindings.MessageModel.__table__, bindings.ConversationModel.__table__)
    params |= _on_update_params(*tables)
    rows = await session.execute(_ends_statement(keys), params)
    ended: dict[uuid.UUID, _Ended] = {}
    for message, conversation in rows:
        ended[message.id] = (await _whole(session, message), conversation)
    return ended


async def _flushed_ends(session: AsyncSession, endings: list[_Ending]) -> tuple[_Rows, _Rows]:
    """``_end_batch`` through the ORM, on any database: one SELECT ... FOR UPDATE of the replies
    still under this process's lease (``_locked_ends``), their end states in an executemany
    UPDATE, the conversations' totals in another, in the order of their ids, and one SELECT of
    the conversations. Returns the replies written and their conversations, by id."""
    messages = await _locked_ends(session, [ending.message_id for ending in endings])
    written = [ending for ending in endings if ending.message_id in messages]
    # the Python onupdate defaults (``updated_at``) set here, one value for the batch: an
    # executemany UPDATE computes them per row, but the ORM then gives every row of the
    # statement the first row's, so what is published would differ from what is stored
    stamps = _on_update_values(bindings.MessageModel.__table__)
    for ending in written:
        message = messages[ending.message_id]
        for key, value in (ending.values | stamps).items():
            setattr(message, key, value)
        message.lease_owner = message.lease_expires_at = None
    await session.flush()  # an executemany UPDATE per set of columns written
    add_totals = bindings.add_totals()
    if add_totals is not None and written:
        params = [  # in the order of the ids: batches at once lock rows in one order
            {"b_id": e.conversation_id} | bindings.added_totals(e.usage, e.price)
            for e in sorted(written, key=lambda e: e.conversation_id)
        ]
        await session.execute(add_totals, params)
    conversation_ids = list({e.conversation_id for e in written})
    return messages, await _rows(session, bindings.ConversationModel, conversation_ids)


def _arrays(prefix: str, columns: Sequence[tuple[str, Any]]) -> Any:
    """``unnest(:<prefix><name>, ...) AS <prefix>rows(<name>, ...)``: a row per index of the
    array parameters, one array per ``(name, type)`` of ``columns``."""
    arrays = [
        sa.bindparam(f"{prefix}{name}", type_=postgresql.ARRAY(kind)) for name, kind in columns
    ]
    return (
        sa.func.unnest(*arrays)
        .table_valued(*(sa.column(name, kind) for name, kind in columns))
        .render_derived(name=f"{prefix}rows")
    )


def _locked_in_order(model: Any, ids: Any) -> sa.Select[Any]:
    """``SELECT id ... FOR UPDATE`` of the rows of ``model`` whose ids are in ``ids`` (the name
    of an array parameter, or a subquery; for messages: only those still streaming under this
    process's lease), locked in the order of their ids. Every writer of several replies or
    conversations in one transaction (these batches, the writer's appends, the lease renewals)
    takes its row locks in that order: two of them at once wait for each other, never
    deadlock."""
    if isinstance(ids, str):
        ids = sa.any_(sa.bindparam(ids, type_=postgresql.ARRAY(sa.Uuid())))
        statement = select(model.id).where(model.id == ids)
    else:
        statement = select(model.id).where(model.id.in_(ids))
    if model is bindings.MessageModel:
        statement = statement.where(bindings.produced_by(PRODUCER))
    return statement.order_by(model.id).with_for_update()


def _on_update(table: Any, written: Sequence[str]) -> dict[str, Any]:
    """The SET clause of the columns of ``table`` that have an ``onupdate`` default and are
    not in ``written``: a SQL default as it is, a Python one (e.g. ``updated_at``) as the bind
    parameter ``d_<table>_<column>`` (``_on_update_params``). A statement inside a CTE cannot
    compute a Python default itself, as a top-level UPDATE does."""
    values: dict[str, Any] = {}
    for column in table.columns:
        default = column.onupdate
        if default is None or column.key in written:
            continue
        if getattr(default, "is_callable", False):
            values[column.key] = sa.bindparam(f"d_{table.name}_{column.key}", type_=column.type)
        else:
            values[column.key] = getattr(default, "arg", default)
    return values


def _on_update_values(table: Any) -> dict[str, Any]:
    """The values of the Python ``onupdate`` defaults of ``table`` as of now, by column."""
    return {
        column.key: column.onupdate.arg(None)
        for column in table.columns
        if getattr(column.onupdate, "is_callable", False)
    }


def _on_update_params(*tables: Any) -> dict[str, Any]:
    """The parameters of the Python ``onupdate`` defaults of ``tables`` (``_on_update``) as of
    now: one value per column for the whole statement."""
    return {
        f"d_{table.name}_{key}": value
        for table in tables
        for key, value in _on_update_values(table).items()
    }


@functools.cache
def _total_names() -> tuple[str, ...]:
    """The conversation columns a finished reply adds to (``bindings.added_totals``)."""
    return tuple(key[2:] for key in bindings.added_totals(None, None))


@functools.cache
def _ends_statement(keys: tuple[str, ...]) -> Any:
    """The statement of ``_write_ends`` on PostgreSQL for replies writing the columns ``keys``:
    one round trip whatever the batch's size, of one shape whatever the number of rows
    (compiled and prepared once; arrays as parameters), atomic by itself::

        WITH ended AS (UPDATE messages ... FROM unnest(:u_id, :u_<key>, ...)
                       WHERE id IN (SELECT ... ORDER BY id FOR UPDATE) RETURNING messages.*),
             summed AS (SELECT conversation, sum(...), max(...) FROM unnest(:t_message, :t_id,
                        :t_<total>, ...) JOIN ended ... GROUP BY conversation),
             totals AS (UPDATE conversations ... FROM summed
                        WHERE id IN (SELECT ... ORDER BY id FOR UPDATE) RETURNING conversations.*)
        SELECT ended.*, totals.* FROM ended LEFT JOIN totals ...

    ``ended`` writes the replies still streaming under this process's lease (``u_lock``: their
    ids again, to lock them in order); ``summed`` adds up, per conversation, what the replies
    actually written add to its totals (``t_<total>``: ``bindings.added_totals`` of each reply,
    its id in ``t_message`` and its conversation in ``t_id``; times of the last message by
    their latest); ``totals`` adds them after locking the conversations in the order of their
    ids. The messages are locked first (the conversations' lock reads ``ended``), as in
    every other transaction that writes both. A schema that keeps no totals reads the
    conversations instead of ``summed`` and ``totals``. Rows: ``(message, conversation)``,
    the conversation None when it is gone."""
    model, conversation = bindings.MessageModel, bindings.ConversationModel
    table = model.__table__
    ends = _arrays("u_", [("id", table.c.id.type), *((key, table.c[key].type) for key in keys)])
    written = (
        update(model)
        .where(model.id == ends.c.id, model.id.in_(_locked_in_order(model, "u_lock")))
        .values({key: ends.c[key] for key in keys} | _RELEASED | _on_update(table, keys))
        .returning(*table.columns)
        .cte("ended")
    )
    message = orm.aliased(model, written)
    fk = written.c[bindings.CONVERSATION_FK]
    names = _total_names()
    if not names:
        return (
            select(message, conversation)
            .outerjoin(conversation, conversation.id == fk)
            .execution_options(populate_existing=True)
        )
    totals_table = conversation.__table__
    added = _arrays(
        "t_",
        [
            ("message", table.c.id.type),
            ("id", totals_table.c.id.type),
            *((name, totals_table.c[name].type) for name in names),
        ],
    )

    def total(name: str) -> Any:
        latest = isinstance(totals_table.c[name].type, sa.DateTime)
        return (sa.func.max if latest else sa.func.sum)(added.c[name]).label(name)

    summed = (
        select(added.c.id, *(total(name) for name in names))
        .join(written, written.c.id == added.c.message)
        .group_by(added.c.id)
        .cte("summed")
    )
    locked = _locked_in_order(conversation, select(summed.c.id))
    set_totals = bindings.totals_set(lambda name: summed.c[name])
    totals = (
        update(conversation)
        .where(conversation.id == summed.c.id, conversation.id.in_(locked))
        .values(set_totals | _on_update(totals_table, list(set_totals)))
        .returning(*totals_table.columns)
        .cte("totals")
    )
    return (
        select(message, orm.aliased(conversation, totals))
        .outerjoin_from(written, totals, totals.c.id == fk)
        .execution_options(populate_existing=True)
    )


_ends: Batches[_Ending, _Ended] = Batches(_end_batch, BATCH_ITEMS, 4)
"""Ends of replies, stored and published a batch at a time (``_end_batch``)."""


async def _locked_ends(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """The replies of ``ids`` still streaming under this process's lease, by id, locked until
    the commit (``FOR UPDATE``; SQLite has no row locks, and its one writer at a time is held
    from the first write on): no other process recovers them between this read and the write
    of their end."""
    statement = (
        select(bindings.MessageModel)
        .where(bindings.MessageModel.id.in_(ids), bindings.produced_by(PRODUCER))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {row.id: row for row in await session.scalars(statement)}


async def _rows(session: AsyncSession, model: Any, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """The rows of ``model`` with these ids, as the database now holds them, by id."""
    if not ids:
        return {}
    statement = select(model).where(model.id.in_(ids)).execution_options(populate_existing=True)
    return {row.id: row for row in await session.scalars(statement)}


async def _end_alone(ending: _Ending) -> _Ended:
    """Store one reply's end in a transaction of its own: two ``UPDATE ... RETURNING``."""
    async with SessionLocal() as session:
        message = await _store_end(session, ending.message_id, ending.values)
        if message is None:
            return None, None
        conversation = await _ended_conversation(
            session, ending.conversation_id, ending.usage, ending.price
        )
        await session.commit()
    return message, conversation


async def _ended_conversation(
    session: AsyncSession, conversation_id: uuid.UUID, usage: Usage | None, price: Decimal | None
) -> Any | None:
    """Add a finished reply's ``usage`` and cost to the conversation's totals (in SQL: no sum
    is lost) and return the conversation as it now is; None when it no longer exists."""
    if totals := bindings.totals_values(usage, price):
        return await _updated(session, conversation_id, totals)
    return await session.get(bindings.ConversationModel, conversation_id)


async def _store_end(
    session: AsyncSession, message_id: uuid.UUID, values: dict[str, Any]
) -> Any | None:
    """Write a reply's end state (``values``) and release its lease, only while it is
    streaming under this process's lease: a reply deleted, or recovered by another process
    after this one lost its lease, is never resurrected. Returns the message as written (one
    ``UPDATE ... RETURNING``), None when no row was written (the caller commits)."""
    result = await session.execute(
        update(bindings.MessageModel)
        .where(bindings.MessageModel.id == message_id, bindings.produced_by(PRODUCER))
        .values(**values, lease_owner=None, lease_expires_at=None)
        .returning(bindings.MessageModel)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    message = result.scalar_one_or_none()
    if message is None:
        logger.info("reply %s ended but is gone or no longer ours: not stored", message_id)
        return None
    return await _whole(session, message)


async def _publish_end(
    conversation_id: uuid.UUID, message: Any, conversation: Any, user_id: uuid.UUID
) -> None:
    """Publish a reply as stored (``message.updated``) and its conversation
    (``conversation.updated``, also to every socket of ``user_id``)."""
    channel = hub.conversation_channel(conversation_id)
    await hub.publish("message.updated", bindings.public_message(message), channel)
    await hub.publish(
        "conversation.updated",
        bindings.public_conversation(conversation),
        channel,
        hub.user_channel(user_id),
    )


async def _finish_shielded(stream: ActiveStream, outcome: Outcome, user_id: uuid.UUID) -> None:
    """``_finish_safely`` in a task of its own that no cancel interrupts: a stop or a shutdown
    that lands while the end is being written cancels the caller, never the write
    (``shutdown`` waits for every such task before the pool closes)."""
    active_streams.pop(stream.message_id, None)  # from now on the text no longer changes
    task = asyncio.create_task(_finish_safely(stream, outcome, user_id))
    _finishing.add(task)
    task.add_done_callback(_finishing.discard)
    await asyncio.shield(task)


async def _finish_safely(stream: ActiveStream, outcome: Outcome, user_id: uuid.UUID) -> None:
    """``_finish``; if that fails, store the reply as ``error`` with nothing but its status."""
    active_streams.pop(stream.message_id, None)
    try:
        await _finish(stream, outcome, user_id)
        return
    except Exception:
        logger.exception("storing reply %s failed", stream.message_id)
    try:
        values = bindings.finished_values(
            stream.text, bindings.ERROR, None, None, "error", INTERNAL_ERROR, "internal_error"
        )
        async with SessionLocal() as session:
            message = await _store_end(session, stream.message_id, values)
            if message is None:
                return
            conversation = await session.get(bindings.ConversationModel, stream.conversation_id)
            await session.commit()
        if conversation is not None:
            await _publish_end(stream.conversation_id, message, conversation, user_id)
    except Exception:  # the database itself is gone; nothing more can be recorded
        logger.exception("reply %s could not be marked as failed", stream.message_id)


@dataclass(frozen=True)
class _Titling:
    """A generated title to store, with the usage and cost of asking for it (None: the mock)."""

    conversation_id: uuid.UUID
    title: str
    usage: Usage | None
    price: Decimal | None


async def _retitle(session: AsyncSession, titling: _Titling) -> Any | None:
    """Set the title where the conversation still has the default one and add its cost to the
    totals; the conversation as it now is, or None (renamed meanwhile, or gone). The caller
    commits."""
    statement = bindings.retitle(titling.conversation_id, titling.title)
    if statement is None:
        return None
    result = await session.execute(
        statement.returning(bindings.ConversationModel).execution_options(
            synchronize_session=False, populate_existing=True
        )
    )
    conversation = result.scalar_one_or_none()
    usage, price = titling.usage, titling.price
    if usage is not None and (totals := bindings.totals_values(usage, price)):
        added = await _updated(session, titling.conversation_id, totals)
        conversation = added if conversation is not None else None
    return conversation


async def _title_batch(batch: list[tuple[_Titling, asyncio.Future[Any | None]]]) -> None:
    """Store the titles of ``batch`` in one transaction (``_retitle`` each); if it fails, each
    alone."""
    live = [(titling, future) for titling, future in batch if not future.done()]
    results: list[Any | None] = []
    try:
        async with SessionLocal() as session:
            for titling, _future in live:
                results.append(await _retitle(session, titling))
            await session.commit()
    except Exception:
        logger.warning("storing %d titles at once failed; one by one", len(live))
        logger.debug("batch failure", exc_info=True)
        results = []
        for titling, _future in live:
            async with SessionLocal() as session:
                conversation = await _retitle(session, titling)
                await session.commit()
            results.append(conversation)
    for (_titling, future), conversation in zip(live, results, strict=True):
        if not future.done():
            future.set_result(conversation)


_titles: Batches[_Titling, Any | None] = Batches(_title_batch, BATCH_ITEMS)
"""Generated titles, stored a batch at a time (``_title_batch``)."""


def _title_source(provider: str, model: str) -> tuple[str, str]:
    """The provider and model that write a title: ``chat.title_model`` when it is usable,
    else the conversation's own."""
    if TITLE_MODEL is None:
        return provider, model
    title_provider, title_model = TITLE_MODEL
    if title_provider is None:
        return (provider, title_model) if (provider, title_model) in MODELS else (provider, model)
    if settings.provider_configured(title_provider):
        return title_provider, title_model
    return provider, model


async def _write_title(
    provider: str, model: str, first_message: str
) -> tuple[str, Usage | None, Decimal | None]:
    """A title for a conversation that starts with ``first_message``, with the usage and
    exact cost of asking for it (None, None for the mock, which derives it). Raises
    ProviderError."""
    if PROVIDER_KINDS.get(provider) == "mock":
        return derive_title(first_message), None, None
    info = MODELS.get((provider, model))
    request = CompletionRequest(
        model=model,
        messages=(
            ChatTurn("system", TITLE_INSTRUCTION),
            ChatTurn("user", first_message[:2000]),
        ),
        max_tokens=32,
        options=dict(info.options) if info is not None else {},
    )
    text = ""
    usage: Usage | None = None
    async for event in get_provider(provider).stream(request):
        if isinstance(event, Delta):
            text += event.text
        else:
            usage = event.usage
    if usage is None:
        turns_text = TITLE_INSTRUCTION + first_message[:2000]
        usage = Usage(
            input_tokens=estimate_tokens(turns_text),
            output_tokens=estimate_tokens(text),
            estimated=True,
        )
    return clean_title(text) or derive_title(first_message), usage, _cost(provider, model, usage)


async def _title_safely(conversation_id: uuid.UUID, outcome: Outcome, user_id: uuid.UUID) -> None:
    """Generate, store and announce (``conversation.updated``) the conversation's title; a
    failure is logged and leaves the default title. A rename that lands first wins: the title
    is written only where the default is still in place."""
    if outcome.provider is None or outcome.model is None:
        return
    try:
        first = outcome.first_question  # read with the prompt when the branch was read whole
        if first is None:
            async with SessionLocal() as session:
                first = await session.scalar(bindings.first_user_message(conversation_id))
        provider, model = _title_source(outcome.provider, outcome.model)
        title, usage, price = await _write_title(provider, model, str(first or ""))
        if bindings.retitle(conversation_id, title) is None:
            return  # the schema binds no title
        conversation = await _titles.submit(_Titling(conversation_id, title, usage, price))
        if conversation is None:  # renamed meanwhile, or gone
            return
        await hub.publish(
            "conversation.updated",
            bindings.public_conversation(conversation),
            hub.conversation_channel(conversation_id),
            hub.user_channel(user_id),
        )
    except ProviderError as err:
        logger.warning("title of %s not generated: %s (%s)", conversation_id, err.code, err.message)
    except Exception:  # a title is a nicety: never let it break anything
        logger.exception("title of %s not generated", conversation_id)


async def stop_generation(user_id: uuid.UUID, message_id: uuid.UUID) -> None:
    """Stop the reply ``message_id`` of one of ``user_id``'s conversations, wherever it is
    produced (``hub.control`` reaches the producing process): it ends ``cancelled`` with its
    partial text and the usage so far (estimated when the provider reported none). Raises
    ChatError not_found when the user cannot see the message; a message that is not
    streaming (a finished reply) is left as it is (no error)."""
    async with SessionLocal() as session:
        message = await session.get(bindings.MessageModel, message_id)
        user = await session.get(bindings.UserModel, user_id)
        conversation_id = getattr(message, bindings.CONVERSATION_FK, None)
        if message is None or conversation_id is None:
            raise ChatError("not_found", "message not found")
        await _owned_conversation(session, conversation_id, user)
    if bindings.is_streaming(message):
        await hub.control(message_id, {"op": "stop"})


async def streaming_replies(session: AsyncSession, conversation_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of the conversation's replies still streaming (read before it is deleted)."""
    return list((await session.scalars(bindings.streaming_replies(conversation_id))).all())


async def stop_replies(message_ids: Sequence[uuid.UUID]) -> None:
    """Stop the replies ``message_ids`` wherever they are produced (the caller checked that
    they may be stopped: the REST delete of their conversation). A reply already gone ends
    without a write (``_store_end``)."""
    for message_id in message_ids:
        await hub.control(message_id, {"op": "stop"})


async def regenerate(connection: Connection, message_id: uuid.UUID) -> uuid.UUID:
    """A new assistant reply to the same message as the reply ``message_id`` (a sibling of it,
    which becomes the active branch), streamed like a send's; returns the new reply's id. The
    prompt is the branch ending at the message it answers. Raises ChatError (not_found,
    not_a_reply, and every error of ``send_message`` but the content's)."""
    return await _begin(connection, _Turn(None, None, beside=message_id))


async def edit(connection: Connection, message_id: uuid.UUID, content: str) -> uuid.UUID:
    """A new user message with ``content`` beside the user message ``message_id`` (same
    parent), which becomes the active branch, and its reply; returns the reply's id. Raises
    ChatError (not_found, not_a_user_message, and every error of ``send_message``)."""
    _check_content(content)
    return await _begin(connection, _Turn(None, content, beside=message_id))


async def resume(connection: Connection, message_id: uuid.UUID, offset: int) -> None:
    """Catch ``connection`` up with reply ``message_id`` from ``offset``, then follow it live.

    ``offset`` counts UTF-16 code units (a browser's string length) of the reply's text the
    client already has. The connection is subscribed to the conversation's channel first;
    then, if the reply is streaming, its producer (in whichever process: ``hub.control``)
    sends this connection alone (its ``hub.connection_channel``) one ``message.streaming``
    frame with all the text after ``offset`` (see ``_control``): its ``offset`` is where it
    really starts (rounded down to a character boundary, so at most ``offset``), its ``seq``
    that of the last live frame it includes; the live frames that follow continue it (``seq``
    + 1, at its end offset). Nothing is sent when no text is after ``offset``. A reply that is
    not streaming (finished, or ended since) is sent as ``message.updated`` with the stored
    message. Raises ChatError not_found when the user cannot see the message.
    """
    async with SessionLocal() as session:
        message = await session.get(bindings.MessageModel, message_id)
        user = await session.get(bindings.UserModel, connection.user_id)
        conversation_id = getattr(message, bindings.CONVERSATION_FK, None)
        if message is None or conversation_id is None:
            raise ChatError("not_found", "message not found")
        await _owned_conversation(session, conversation_id, user)
    # No await between the subscription and the request: in one process the catch-up is
    # queued before any later delta.
    hub.subscribe(hub.conversation_channel(conversation_id), connection)
    if bindings.is_streaming(message):
        reply_to = hub.connection_channel(connection.id)
        await hub.control(message_id, {"op": "resume", "offset": offset, "reply_to": reply_to})
        # It may have ended before the subscription (its end then never reached us): look.
        async with SessionLocal() as session:
            message = await session.get(bindings.MessageModel, message_id)
        if message is None or bindings.is_streaming(message):
            return  # its producer answers; its end (or its recovery) comes on the channel
    connection.send(frame("message.updated", bindings.public_message(message)))


def _request_stop(message_id: uuid.UUID) -> None:
    """Stop a reply this process produces: cancel its task, or, when the task has not begun
    yet (a cancel then would skip its final write), have it end ``cancelled`` as it begins."""
    task = _producing.get(message_id)
    if task is None:
        return
    if message_id in _begun:
        task.cancel()
    else:
        _stop_asked.add(message_id)


async def _control(message_id: uuid.UUID, command: dict[str, Any]) -> None:
    """Commands for the replies this process produces (``hub.control``); others are ignored.

    ``{"op": "stop"}``: the reply ends ``cancelled`` (``_request_stop``). ``{"op": "resume",
    "offset": int, "reply_to": channel}``: publish to ``reply_to`` one ``message.streaming``
    frame with the text after ``offset`` (UTF-16 code units; ``offset`` in the frame is where
    it really starts, ``seq`` the seq of the last frame published on the conversation
    channel), nothing when no text is after it. The text is read and the frame published in
    one step (no await in between), so the deltas published later continue it exactly.
    """
    op = command.get("op")
    if op == "stop":
        _request_stop(message_id)
    elif op == "resume":
        stream = active_streams.get(message_id)
        offset, reply_to = command.get("offset"), command.get("reply_to")
        if stream is None or not isinstance(offset, int) or not isinstance(reply_to, str):
            return
        text, start = text_after(stream.text, offset)
        if text:
            data = bindings.streaming_data(message_id, stream.seq - 1, start, text)
            await hub.publish("message.streaming", data, reply_to)


hub.on_control(_control)


async def _interrupt(condition: ColumnElement[bool]) -> list[uuid.UUID]:
    """Mark the streaming replies matching ``condition`` ``error`` / ``interrupted``
    (``bindings.interrupted_values``, keeping their stored text) in one UPDATE, and publish
    ``message.updated`` for each on its conversation's channel; returns their ids."""
    async with SessionLocal() as session:
        result = await session.execute(
            update(bindings.MessageModel)
            .where(condition)
            .values(**bindings.interrupted_values())
            .returning(bindings.MessageModel.id)
            .execution_options(synchronize_session=False)
        )
        ids = list(result.scalars().all())
        await session.commit()
        messages = []
        if ids:
            rows = select(bindings.MessageModel).where(bindings.MessageModel.id.in_(ids))
            messages = list((await session.scalars(rows)).all())
    for message in messages:
        logger.warning("reply %s was interrupted: marked as such", message.id)
        channel = hub.conversation_channel(getattr(message, bindings.CONVERSATION_FK))
        await hub.publish("message.updated", bindings.public_message(message), channel)
    return ids


async def _recover() -> list[uuid.UUID]:
    """Mark ``error`` / ``interrupted`` the replies left ``streaming`` by a process that died:
    their lease expired (or they have none: rows from before leases), keeping their text.
    A live producer renews its leases every ``STREAM_LEASE_SECONDS / 3``, so its replies are
    never touched. Returns the ids marked."""
    return await _interrupt(bindings.abandoned(dt.datetime.now(dt.UTC)))


async def _renew_leases() -> None:
    """Extend the lease of every reply this process is producing (``STREAM_LEASE_SECONDS``
    from now), ``RENEW_BATCH`` ids per UPDATE (one statement for up to that many replies):
    a provider silent for longer than the lease does not lose it."""
    ids = sorted(active_streams)  # rows locked in the order of their ids (_locked_in_order)
    for first in range(0, len(ids), RENEW_BATCH):
        async with SessionLocal() as session:
            await session.execute(
                update(bindings.MessageModel)
                .where(
                    bindings.MessageModel.id.in_(
                        select(bindings.MessageModel.id)
                        .where(
                            bindings.MessageModel.id.in_(ids[first : first + RENEW_BATCH]),
                            bindings.MessageModel.lease_owner == PRODUCER,
                        )
                        .order_by(bindings.MessageModel.id)
                        .with_for_update()
                    )
                )
                .values(lease_expires_at=lease_deadline())
                .execution_options(synchronize_session=False)
            )
            await session.commit()


async def _keep_leases() -> None:
    """Every ``STREAM_LEASE_SECONDS / 3`` seconds renew this process's leases, and every
    ``STREAM_LEASE_SECONDS`` (right after a renewal, so this process's own replies are fresh)
    recover the replies of dead processes. A failure is logged; the loop goes on."""
    ticks = 0
    while True:
        await asyncio.sleep(settings.stream_lease_seconds / 3)
        ticks += 1
        try:
            await _renew_leases()
            if ticks % 3 == 0:
                await _recover()
        except Exception:
            logger.exception("renewing the stream leases failed")


async def startup() -> None:
    """Start the chat engine (the app's lifespan calls it once the database is ready): the
    event hub's delivery from other processes, the recovery of interrupted replies, and the
    task that renews this process's leases (``_keep_leases``)."""
    global _keeper
    await hub.start()
    await writer.start()
    try:
        await _recover()
    except Exception:  # the app can serve without it; the periodic recovery tries again
        logger.exception("recovering interrupted replies failed")
    _keeper = asyncio.create_task(_keep_leases(), name=KEEPER_TASK)


async def shutdown() -> None:
    """Stop every reply still streaming and wait until each is stored (``cancelled``, with its
    partial text and usage) before returning, so the pool closes after the last write and no
    message is left ``streaming``; a reply of this process that still is (its final write
    failed, or its task never started) is marked interrupted. Then stop the hub."""
    global _keeper
    if _keeper is not None:
        _keeper.cancel()
        await asyncio.gather(_keeper, return_exceptions=True)
        _keeper = None
    for message_id in list(_producing):
        _request_stop(message_id)
    for task in list(_tasks):
        if task not in _producing.values():
            task.cancel()
    while pending := [task for task in (*_tasks, *_finishing) if not task.done()]:
        await asyncio.gather(*pending, return_exceptions=True)
    await writer.stop()
    try:
        await _interrupt(bindings.produced_by(PRODUCER))
    except Exception:
        logger.exception("marking this process's unfinished replies failed")
    await hub.stop()


def idle() -> bool:
    """True when no reply is streaming or being stored and no title is being written (tests
    wait for this)."""
    return not active_streams and not _finishing and not _titling
