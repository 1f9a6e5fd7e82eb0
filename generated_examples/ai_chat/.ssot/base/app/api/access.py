"""Row-level access: which rows each user may see, and lookups that answer 404 otherwise.

A row of a private model belongs to one user (directly, or through its parent); another
user's row is indistinguishable from a missing one (404).
"""

import uuid
from typing import Any

from fastapi import HTTPException, status
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ChatSettings, Conversation, Message, User


def scope_user(statement: Select[Any], current_user: User) -> Select[Any]:
    """Limit ``statement`` to user rows of ``current_user``."""
    return statement.where(User.id == current_user.id)


async def get_user(session: AsyncSession, item_id: uuid.UUID, current_user: User) -> User:
    """The user ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_user(select(User).where(User.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "User not found")
    return row


def scope_conversation(statement: Select[Any], current_user: User) -> Select[Any]:
    """Limit ``statement`` to conversation rows of ``current_user``."""
    return statement.where(Conversation.owner_id == current_user.id)


async def get_conversation(
    session: AsyncSession, item_id: uuid.UUID, current_user: User
) -> Conversation:
    """The conversation ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_conversation(
        select(Conversation).where(Conversation.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Conversation not found")
    return row


def scope_message(statement: Select[Any], current_user: User) -> Select[Any]:
    """Limit ``statement`` to message rows of ``current_user``."""
    statement = statement.join(Conversation, Message.conversation_id == Conversation.id)
    return statement.where(Conversation.owner_id == current_user.id)


async def get_message(session: AsyncSession, item_id: uuid.UUID, current_user: User) -> Message:
    """The message ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_message(select(Message).where(Message.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Message not found")
    return row


def scope_chat_settings(statement: Select[Any], current_user: User) -> Select[Any]:
    """Limit ``statement`` to chat settings rows of ``current_user``."""
    return statement.where(ChatSettings.owner_id == current_user.id)


async def get_chat_settings(
    session: AsyncSession, item_id: uuid.UUID, current_user: User
) -> ChatSettings:
    """The chat settings ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_chat_settings(
        select(ChatSettings).where(ChatSettings.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Chat settings not found")
    return row


async def check_reference(session: AsyncSession, statement: Select[Any], field: str) -> None:
    """422 unless ``statement`` (a scoped select of the referenced id) finds a row."""
    if (await session.execute(statement)).first() is None:
        raise HTTPException(422, f"{field}: not found")
