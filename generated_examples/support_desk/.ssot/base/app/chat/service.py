"""Chat turns: store the user's message, stream the reply, persist it while it streams.

The reply keeps generating when the client disconnects. Its text is written to the
database in batches (every 250 ms, at 4096 bytes, whichever
comes first) so a reload mid-stream shows the partial reply; the final content equals the
concatenated deltas exactly.
"""

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import HTTPException
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.access import get_ticket
from app.chat.events import MessageStreamingEventData as StreamingData
from app.chat.hub import Connection, hub
from app.chat.pricing import cost
from app.chat.providers import (
    ChatTurn,
    Completion,
    CompletionRequest,
    ProviderError,
    Usage,
    get_provider,
)
from app.chat.providers.base import estimate_tokens
from app.core.db import SessionLocal
from app.enums import ReplyAuthor, ReplyState
from app.models import Agent, Reply, Ticket
from app.schemas import ReplyPublic, TicketPublic

logger = logging.getLogger(__name__)

FLUSH_INTERVAL = 250 / 1000  # seconds
FLUSH_MAX_BYTES = 4096
FLUSH_ON_SENTENCE = False
SENTENCE_ENDS = (".", "!", "?", "\n", "\u3002")
COST_SCALE = 6
TOTAL_COST_SCALE = 6
ROLE_NAMES = {
    ReplyAuthor.AGENT: "system",
    ReplyAuthor.CUSTOMER: "user",
    ReplyAuthor.BOT: "assistant",
}


class ChatError(Exception):
    """A chat request that cannot be served; ``code`` goes into the ``error`` frame."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ActiveStream:
    """A reply being generated: the text so far, for subscribers who join mid-stream."""

    message_id: uuid.UUID
    conversation_id: uuid.UUID
    text: str = ""
    seq: int = 0
    flushed: int = 0  # length of the text already in the database
    last_flush: float = field(default_factory=time.monotonic)

    def flush_due(self, delta: str) -> bool:
        """Whether the pending text should be written now."""
        pending = len(self.text.encode("utf-8")) - len(self.text[: self.flushed].encode("utf-8"))
        if pending >= FLUSH_MAX_BYTES:
            return True
        if FLUSH_ON_SENTENCE and delta.rstrip(" ").endswith(SENTENCE_ENDS):
            return True
        return time.monotonic() - self.last_flush >= FLUSH_INTERVAL


active_streams: dict[uuid.UUID, ActiveStream] = {}
_tasks: set[asyncio.Task[None]] = set()


async def subscribe(connection: Connection, conversation_id: uuid.UUID) -> None:
    """Subscribe ``connection`` to a conversation its user owns, then send a snapshot.

    The snapshot is ``conversation.updated`` (the conversation now), then ``message.updated``
    for each reply still streaming, with its text so far; the ``offset`` of later
    ``message.streaming`` events lets the client skip what it already has.
    """
    async with SessionLocal() as session:
        user = await session.get(Agent, connection.user_id)
        conversation = await _owned_conversation(session, conversation_id, user)
        channel = hub.conversation_channel(conversation.id)
        hub.subscribe(channel, connection)
        snapshot = [("conversation.updated", TicketPublic.model_validate(conversation))]
        for stream in list(active_streams.values()):
            if stream.conversation_id == conversation.id:
                message = await session.get(Reply, stream.message_id)
                if message is not None:
                    public = ReplyPublic.model_validate(message).model_copy(
                        update={"body": stream.text}
                    )
                    snapshot.append(("message.updated", public))
    for event_type, data in snapshot:
        connection.send({"type": event_type, "data": data.model_dump(mode="json")})


async def _owned_conversation(
    session: AsyncSession, conversation_id: uuid.UUID, user: Agent | None
) -> Ticket:
    """The conversation if ``user`` owns it; else ChatError not_found."""
    if user is None:
        raise ChatError("not_found", "Ticket not found")
    try:
        return await get_ticket(session, conversation_id, user)
    except HTTPException as err:
        raise ChatError("not_found", "Ticket not found") from err


async def send_message(
    connection: Connection, conversation_id: uuid.UUID | None, content: str
) -> uuid.UUID:
    """Store the user's message and an empty assistant reply; stream the reply in the background.

    Creates a conversation (``conversation.created``) when ``conversation_id`` is None.
    Returns the assistant message id. Raises ChatError (not_found, provider_unavailable).
    """
    async with SessionLocal() as session:
        user = await session.get(Agent, connection.user_id)
        if conversation_id is None:
            if user is None:
                raise ChatError("not_found", "user not found")
            conversation = Ticket(assignee_id=user.id)
            session.add(conversation)
            await session.flush()
            created = True
        else:
            conversation = await _owned_conversation(session, conversation_id, user)
            created = False
        try:
            get_provider(conversation.ai_provider)
        except ProviderError as err:
            raise ChatError("provider_unavailable", str(err)) from err
        question = Reply(
            ticket_id=conversation.id,
            author=ReplyAuthor.CUSTOMER,
            body=content,
            state=ReplyState.SENT,
        )
        answer = Reply(
            ticket_id=conversation.id,
            author=ReplyAuthor.BOT,
            body="",
            state=ReplyState.TYPING,
        )
        session.add(question)
        await session.flush()
        session.add(answer)
        # One atomic UPDATE, so concurrent sends never lose a count.
        await session.execute(
            update(Ticket)
            .where(Ticket.id == conversation.id)
            .values(
                reply_count=Ticket.reply_count + 2,
                last_reply_at=datetime.now(UTC),
            )
        )
        await session.commit()
        for row in (conversation, question, answer):
            await session.refresh(row)
        channel = hub.conversation_channel(conversation.id)
        hub.subscribe(channel, connection)
        if created:
            await hub.publish_to_user(
                connection.user_id,
                "conversation.created",
                TicketPublic.model_validate(conversation),
            )
        await hub.publish("message.created", ReplyPublic.model_validate(question), channel)
        await hub.publish("message.created", ReplyPublic.model_validate(answer), channel)
    stream = ActiveStream(message_id=answer.id, conversation_id=conversation.id)
    active_streams[answer.id] = stream
    task = asyncio.create_task(_generate(stream, connection.user_id))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return answer.id


async def _prompt(conversation: Ticket, message_id: uuid.UUID) -> tuple[ChatTurn, ...]:
    async with SessionLocal() as session:
        rows = await session.scalars(
            select(Reply)
            .where(Reply.ticket_id == conversation.id, Reply.id != message_id)
            .order_by(Reply.created_at, Reply.id)
        )
        turns = [ChatTurn(ROLE_NAMES[row.author], row.body) for row in rows]
    if conversation.instructions:
        turns.insert(0, ChatTurn("system", conversation.instructions))
    return tuple(turns)


async def _flush(stream: ActiveStream) -> None:
    async with SessionLocal() as session:
        await session.execute(
            update(Reply).where(Reply.id == stream.message_id).values(body=stream.text)
        )
        await session.commit()
    stream.flushed = len(stream.text)
    stream.last_flush = time.monotonic()


async def _generate(stream: ActiveStream, user_id: uuid.UUID) -> None:
    """Run the provider, publish each delta, persist in batches, then record usage and cost."""
    channel = hub.conversation_channel(stream.conversation_id)
    completion: Completion | None = None
    status = ReplyState.SENT
    error: str | None = None
    async with SessionLocal() as session:
        conversation = await session.get(Ticket, stream.conversation_id)
    if conversation is None:
        active_streams.pop(stream.message_id, None)
        return
    request = CompletionRequest(
        model=conversation.ai_model,
        messages=await _prompt(conversation, stream.message_id),
        temperature=conversation.ai_temperature,
    )
    try:
        provider = get_provider(conversation.ai_provider)
        async for event in provider.stream(request):
            if isinstance(event, Completion):
                completion = event
                continue
            data = StreamingData(
                message_id=stream.message_id,
                seq=stream.seq,
                offset=len(stream.text),
                delta=event.text,
            )
            stream.text += event.text
            stream.seq += 1
            await hub.publish("message.streaming", data, channel)
            if stream.flush_due(event.text):
                await _flush(stream)
    except asyncio.CancelledError:
        status, error = ReplyState.ABORTED, "cancelled"
        await _finish(stream, conversation, completion, status, error, channel, user_id)
        raise
    except Exception as err:  # a provider failure becomes the message's error, not a crash
        logger.exception("reply %s failed", stream.message_id)
        status, error = ReplyState.FAILED, str(err) or type(err).__name__
    await _finish(stream, conversation, completion, status, error, channel, user_id)


async def _finish(
    stream: ActiveStream,
    conversation: Ticket,
    completion: Completion | None,
    status: ReplyState,
    error: str | None,
    channel: str,
    user_id: uuid.UUID,
) -> None:
    """Write the final text, status, usage and cost; update the conversation totals."""
    active_streams.pop(stream.message_id, None)
    if completion is None:
        prompt = await _prompt(conversation, stream.message_id)
        usage = Usage(
            prompt_tokens=sum(estimate_tokens(turn.content) for turn in prompt),
            completion_tokens=estimate_tokens(stream.text),
            estimated=True,
        )
        finish_reason = "error" if status == ReplyState.FAILED else "cancelled"
    else:
        usage, finish_reason = completion.usage, completion.finish_reason
    logger.info(
        "reply %s %s: %d prompt + %d completion tokens%s",
        stream.message_id,
        finish_reason,
        usage.prompt_tokens,
        usage.completion_tokens,
        " (estimated)" if usage.estimated else "",
    )
    price = cost(conversation.ai_provider, conversation.ai_model, usage, COST_SCALE)
    async with SessionLocal() as session:
        message = await session.get(Reply, stream.message_id)
        row = await session.get(Ticket, stream.conversation_id)
        if message is None or row is None:  # deleted while streaming
            return
        message.body = stream.text
        message.state = status
        message.input_tokens = usage.prompt_tokens
        message.output_tokens = usage.completion_tokens
        message.price = price
        message.stop_reason = finish_reason
        message.failure = error
        # Totals are added in SQL: replies finishing at the same time never lose a sum.
        totals: dict[str, object] = {}
        totals["token_total"] = Ticket.token_total + usage.total_tokens
        if price is not None:
            totals["spend"] = Ticket.spend + price
        totals["last_reply_at"] = datetime.now(UTC)
        await session.execute(update(Ticket).where(Ticket.id == row.id).values(**totals))
        await session.commit()
        await session.refresh(message)
        await session.refresh(row)
        await hub.publish("message.updated", ReplyPublic.model_validate(message), channel)
        await hub.publish(
            "conversation.updated",
            TicketPublic.model_validate(row),
            channel,
            hub.user_channel(user_id),
        )


async def shutdown() -> None:
    """Cancel replies still streaming; each is stored with its partial text as cancelled."""
    for task in list(_tasks):
        task.cancel()
    if _tasks:
        await asyncio.gather(*_tasks, return_exceptions=True)


def idle() -> bool:
    """True when no reply is streaming (tests wait for this)."""
    return not active_streams
