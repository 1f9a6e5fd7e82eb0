"""Chat turns: store the user's message, stream the reply, persist it while it streams.

The reply keeps generating when the client disconnects. Its text is written to the
database in batches (every 100 ms, at 16384 bytes, or at the end of a sentence, whichever
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

from app.api.access import get_conversation
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
from app.enums import MessageRole, MessageStatus
from app.models import Conversation, Message, User
from app.schemas import ConversationPublic, MessagePublic

logger = logging.getLogger(__name__)

FLUSH_INTERVAL = 100 / 1000  # seconds
FLUSH_MAX_BYTES = 16384
FLUSH_ON_SENTENCE = True
SENTENCE_ENDS = (".", "!", "?", "\n", "\u3002")
COST_SCALE = 10
TOTAL_COST_SCALE = 10
ROLE_NAMES = {
    MessageRole.SYSTEM: "system",
    MessageRole.USER: "user",
    MessageRole.ASSISTANT: "assistant",
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
        user = await session.get(User, connection.user_id)
        conversation = await _owned_conversation(session, conversation_id, user)
        channel = hub.conversation_channel(conversation.id)
        hub.subscribe(channel, connection)
        snapshot = [("conversation.updated", ConversationPublic.model_validate(conversation))]
        for stream in list(active_streams.values()):
            if stream.conversation_id == conversation.id:
                message = await session.get(Message, stream.message_id)
                if message is not None:
                    public = MessagePublic.model_validate(message).model_copy(
                        update={"content": stream.text}
                    )
                    snapshot.append(("message.updated", public))
    for event_type, data in snapshot:
        connection.send({"type": event_type, "data": data.model_dump(mode="json")})


async def _owned_conversation(
    session: AsyncSession, conversation_id: uuid.UUID, user: User | None
) -> Conversation:
    """The conversation if ``user`` owns it; else ChatError not_found."""
    if user is None:
        raise ChatError("not_found", "Conversation not found")
    try:
        return await get_conversation(session, conversation_id, user)
    except HTTPException as err:
        raise ChatError("not_found", "Conversation not found") from err


async def send_message(
    connection: Connection, conversation_id: uuid.UUID | None, content: str
) -> uuid.UUID:
    """Store the user's message and an empty assistant reply; stream the reply in the background.

    Creates a conversation (``conversation.created``) when ``conversation_id`` is None.
    Returns the assistant message id. Raises ChatError (not_found, provider_unavailable).
    """
    async with SessionLocal() as session:
        user = await session.get(User, connection.user_id)
        if conversation_id is None:
            if user is None:
                raise ChatError("not_found", "user not found")
            conversation = Conversation(owner_id=user.id)
            session.add(conversation)
            await session.flush()
            created = True
        else:
            conversation = await _owned_conversation(session, conversation_id, user)
            created = False
        try:
            get_provider(conversation.provider)
        except ProviderError as err:
            raise ChatError("provider_unavailable", str(err)) from err
        question = Message(
            conversation_id=conversation.id,
            role=MessageRole.USER,
            content=content,
            status=MessageStatus.DONE,
        )
        answer = Message(
            conversation_id=conversation.id,
            role=MessageRole.ASSISTANT,
            content="",
            status=MessageStatus.STREAMING,
            model=conversation.model,
        )
        session.add(question)
        await session.flush()
        session.add(answer)
        # One atomic UPDATE, so concurrent sends never lose a count.
        await session.execute(
            update(Conversation)
            .where(Conversation.id == conversation.id)
            .values(
                message_count=Conversation.message_count + 2,
                last_message_at=datetime.now(UTC),
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
                ConversationPublic.model_validate(conversation),
            )
        await hub.publish("message.created", MessagePublic.model_validate(question), channel)
        await hub.publish("message.created", MessagePublic.model_validate(answer), channel)
    stream = ActiveStream(message_id=answer.id, conversation_id=conversation.id)
    active_streams[answer.id] = stream
    task = asyncio.create_task(_generate(stream, connection.user_id))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return answer.id


async def _prompt(conversation: Conversation, message_id: uuid.UUID) -> tuple[ChatTurn, ...]:
    async with SessionLocal() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id, Message.id != message_id)
            .order_by(Message.created_at, Message.id)
        )
        turns = [ChatTurn(ROLE_NAMES[row.role], row.content) for row in rows]
    if conversation.system_prompt:
        turns.insert(0, ChatTurn("system", conversation.system_prompt))
    return tuple(turns)


async def _flush(stream: ActiveStream) -> None:
    async with SessionLocal() as session:
        await session.execute(
            update(Message).where(Message.id == stream.message_id).values(content=stream.text)
        )
        await session.commit()
    stream.flushed = len(stream.text)
    stream.last_flush = time.monotonic()


async def _generate(stream: ActiveStream, user_id: uuid.UUID) -> None:
    """Run the provider, publish each delta, persist in batches, then record usage and cost."""
    channel = hub.conversation_channel(stream.conversation_id)
    completion: Completion | None = None
    status = MessageStatus.DONE
    error: str | None = None
    async with SessionLocal() as session:
        conversation = await session.get(Conversation, stream.conversation_id)
    if conversation is None:
        active_streams.pop(stream.message_id, None)
        return
    request = CompletionRequest(
        model=conversation.model,
        messages=await _prompt(conversation, stream.message_id),
        temperature=conversation.temperature,
        max_tokens=conversation.max_tokens,
    )
    try:
        provider = get_provider(conversation.provider)
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
        status, error = MessageStatus.CANCELLED, "cancelled"
        await _finish(stream, conversation, completion, status, error, channel, user_id)
        raise
    except Exception as err:  # a provider failure becomes the message's error, not a crash
        logger.exception("reply %s failed", stream.message_id)
        status, error = MessageStatus.ERROR, str(err) or type(err).__name__
    await _finish(stream, conversation, completion, status, error, channel, user_id)


async def _finish(
    stream: ActiveStream,
    conversation: Conversation,
    completion: Completion | None,
    status: MessageStatus,
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
        finish_reason = "error" if status == MessageStatus.ERROR else "cancelled"
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
    price = cost(conversation.provider, conversation.model, usage, COST_SCALE)
    async with SessionLocal() as session:
        message = await session.get(Message, stream.message_id)
        row = await session.get(Conversation, stream.conversation_id)
        if message is None or row is None:  # deleted while streaming
            return
        message.content = stream.text
        message.status = status
        message.prompt_tokens = usage.prompt_tokens
        message.completion_tokens = usage.completion_tokens
        message.total_tokens = usage.total_tokens
        message.cost = price
        message.finish_reason = finish_reason
        message.error = error
        # Totals are added in SQL: replies finishing at the same time never lose a sum.
        totals: dict[str, object] = {}
        totals["total_tokens"] = Conversation.total_tokens + usage.total_tokens
        if price is not None:
            totals["total_cost"] = Conversation.total_cost + price
        totals["last_message_at"] = datetime.now(UTC)
        await session.execute(
            update(Conversation).where(Conversation.id == row.id).values(**totals)
        )
        await session.commit()
        await session.refresh(message)
        await session.refresh(row)
        await hub.publish("message.updated", MessagePublic.model_validate(message), channel)
        await hub.publish(
            "conversation.updated",
            ConversationPublic.model_validate(row),
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
