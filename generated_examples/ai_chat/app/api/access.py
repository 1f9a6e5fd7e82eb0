"""Row-level access: which rows each user may see, and lookups that answer 404 otherwise.

A row of a private model belongs to one user (directly, or through its parent); another
user's row is indistinguishable from a missing one (404).
"""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa
from sqlalchemy.ext import asyncio as sa_asyncio

from app.models import ChatSettings, Conversation, Message, User


def scope_user(statement: sa.Select[t.Any], current_user: User) -> sa.Select[t.Any]:
    """Limit ``statement`` to user rows of ``current_user``."""
    return statement.where(User.id == current_user.id)


async def get_user(session: sa_asyncio.AsyncSession, item_id: UUID, current_user: User) -> User:
    """The user ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_user(sa.select(User).where(User.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "User not found")
    return row


def scope_conversation(statement: sa.Select[t.Any], current_user: User) -> sa.Select[t.Any]:
    """Limit ``statement`` to conversation rows of ``current_user``."""
    return statement.where(Conversation.owner_id == current_user.id)


async def get_conversation(
    session: sa_asyncio.AsyncSession, item_id: UUID, current_user: User
) -> Conversation:
    """The conversation ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_conversation(
        sa.select(Conversation).where(Conversation.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Conversation not found")
    return row


def scope_message(statement: sa.Select[t.Any], current_user: User) -> sa.Select[t.Any]:
    """Limit ``statement`` to message rows of ``current_user``."""
    statement = statement.join(Conversation, Message.conversation_id == Conversation.id)
    return statement.where(Conversation.owner_id == current_user.id)


async def get_message(
    session: sa_asyncio.AsyncSession, item_id: UUID, current_user: User
) -> Message:
    """The message ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_message(sa.select(Message).where(Message.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Message not found")
    return row


def scope_chat_settings(statement: sa.Select[t.Any], current_user: User) -> sa.Select[t.Any]:
    """Limit ``statement`` to chat settings rows of ``current_user``."""
    return statement.where(ChatSettings.owner_id == current_user.id)


async def get_chat_settings(
    session: sa_asyncio.AsyncSession, item_id: UUID, current_user: User
) -> ChatSettings:
    """The chat settings ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_chat_settings(
        sa.select(ChatSettings).where(ChatSettings.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Chat settings not found")
    return row


async def check_reference(
    session: sa_asyncio.AsyncSession, statement: sa.Select[t.Any], field: str
) -> None:
    """422 unless ``statement`` (a scoped select of the referenced id) finds a row."""
    if (await session.execute(statement)).first() is None:
        raise fastapi.HTTPException(422, f"{field}: not found")
