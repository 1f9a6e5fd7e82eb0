"""Message endpoints under ``/api/messages``."""

import uuid
from typing import Any

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import delete, func, select

from app.api.access import check_reference, get_message, scope_conversation, scope_message
from app.api.deps import CurrentUser, SessionDep
from app.models import Conversation, Message
from app.schemas import MessageCreate, MessagePublic, MessagesPublic, MessageUpdate

router = APIRouter(prefix="/messages", tags=["messages"])


@router.get("", response_model=MessagesPublic)
async def read_messages(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = Query(default=0, ge=0, le=2**31 - 1),
    limit: int = Query(default=100, ge=1, le=1000),
) -> Any:
    """List message rows of the current user, newest first."""
    statement = scope_message(select(Message), current_user)
    count = await session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(Message.created_at.desc(), Message.id).offset(skip).limit(limit)
    )
    return MessagesPublic(
        data=[MessagePublic.model_validate(row) for row in rows], count=count or 0
    )


@router.get("/{item_id}", response_model=MessagePublic)
async def read_message(item_id: uuid.UUID, session: SessionDep, current_user: CurrentUser) -> Any:
    """Get one message."""
    return await get_message(session, item_id, current_user)


@router.post("", response_model=MessagePublic, status_code=status.HTTP_201_CREATED)
async def create_message(
    payload: MessageCreate, session: SessionDep, current_user: CurrentUser
) -> Any:
    """Create a message."""
    await check_reference(
        session,
        scope_conversation(
            select(Conversation.id).where(Conversation.id == payload.conversation_id), current_user
        ),
        "conversation_id",
    )
    row = Message(**payload.model_dump())
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return row


@router.patch("/{item_id}", response_model=MessagePublic)
async def update_message(
    item_id: uuid.UUID, payload: MessageUpdate, session: SessionDep, current_user: CurrentUser
) -> Any:
    """Change the fields sent; the others keep their values."""
    row = await get_message(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_message(
    item_id: uuid.UUID, session: SessionDep, current_user: CurrentUser
) -> Response:
    """Delete a message (and what cascades with it)."""
    row = await get_message(session, item_id, current_user)
    await session.execute(delete(Message).where(Message.id == row.id))
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
