"""Reply endpoints under ``/api/replies``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import get_reply, scope_reply
from app.api.deps import CurrentUser, SessionDep
from app.models import Reply
from app.schemas import RepliesPublic, ReplyPublic

router = fastapi.APIRouter(prefix="/replies", tags=["replies"])


@router.get("", response_model=RepliesPublic)
async def read_replies(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List reply rows of the current user, newest first."""
    statement = scope_reply(sa.select(Reply), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(Reply.created_at.desc(), Reply.id).offset(skip).limit(limit)
    )
    return RepliesPublic(data=[ReplyPublic.model_validate(row) for row in rows], count=count or 0)


@router.get("/{item_id}", response_model=ReplyPublic)
async def read_reply(item_id: UUID, session: SessionDep, current_user: CurrentUser) -> t.Any:
    """Get one reply."""
    return await get_reply(session, item_id, current_user)


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_reply(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a reply (and what cascades with it)."""
    row = await get_reply(session, item_id, current_user)
    await session.execute(sa.delete(Reply).where(Reply.id == row.id))
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)
