"""Message endpoints under ``/api/messages``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import get_message, scope_message
from app.api.deps import CurrentUser, SessionDep
from app.models import Message
from app.schemas import MessagePublic, MessagesPublic

router = fastapi.APIRouter(prefix="/messages", tags=["messages"])


@router.get("", response_model=MessagesPublic)
async def read_messages(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List message rows of the current user, newest first."""
    statement = scope_message(sa.select(Message), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(Message.created_at.desc(), Message.id).offset(skip).limit(limit)
    )
    return MessagesPublic(
        data=[MessagePublic.model_validate(row) for row in rows], count=count or 0
    )


@router.get("/{item_id}", response_model=MessagePublic)
async def read_message(item_id: UUID, session: SessionDep, current_user: CurrentUser) -> t.Any:
    """Get one message."""
    return await get_message(session, item_id, current_user)


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_message(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a message (and what cascades with it)."""
    row = await get_message(session, item_id, current_user)
    await session.execute(sa.delete(Message).where(Message.id == row.id))
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)
