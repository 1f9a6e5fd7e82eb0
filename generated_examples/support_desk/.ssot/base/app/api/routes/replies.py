"""Reply endpoints under ``/api/replies``."""

import uuid
from typing import Any

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import delete, func, select

from app.api.access import check_reference, get_reply, scope_reply, scope_ticket
from app.api.deps import CurrentUser, SessionDep
from app.models import CannedResponse, Reply, Ticket
from app.schemas import RepliesPublic, ReplyCreate, ReplyPublic, ReplyUpdate

router = APIRouter(prefix="/replies", tags=["replies"])


@router.get("", response_model=RepliesPublic)
async def read_replies(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = Query(default=0, ge=0, le=2**31 - 1),
    limit: int = Query(default=100, ge=1, le=1000),
) -> Any:
    """List reply rows of the current user, newest first."""
    statement = scope_reply(select(Reply), current_user)
    count = await session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(Reply.created_at.desc(), Reply.id).offset(skip).limit(limit)
    )
    return RepliesPublic(data=[ReplyPublic.model_validate(row) for row in rows], count=count or 0)


@router.get("/{item_id}", response_model=ReplyPublic)
async def read_reply(item_id: uuid.UUID, session: SessionDep, current_user: CurrentUser) -> Any:
    """Get one reply."""
    return await get_reply(session, item_id, current_user)


@router.post("", response_model=ReplyPublic, status_code=status.HTTP_201_CREATED)
async def create_reply(payload: ReplyCreate, session: SessionDep, current_user: CurrentUser) -> Any:
    """Create a reply."""
    await check_reference(
        session,
        scope_ticket(select(Ticket.id).where(Ticket.id == payload.ticket_id), current_user),
        "ticket_id",
    )
    if payload.canned_response_id is not None:
        await check_reference(
            session,
            select(CannedResponse.id).where(CannedResponse.id == payload.canned_response_id),
            "canned_response_id",
        )
    row = Reply(**payload.model_dump())
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return row


@router.patch("/{item_id}", response_model=ReplyPublic)
async def update_reply(
    item_id: uuid.UUID, payload: ReplyUpdate, session: SessionDep, current_user: CurrentUser
) -> Any:
    """Change the fields sent; the others keep their values."""
    row = await get_reply(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("canned_response_id") is not None:
        await check_reference(
            session,
            select(CannedResponse.id).where(CannedResponse.id == changes["canned_response_id"]),
            "canned_response_id",
        )
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_reply(
    item_id: uuid.UUID, session: SessionDep, current_user: CurrentUser
) -> Response:
    """Delete a reply (and what cascades with it)."""
    row = await get_reply(session, item_id, current_user)
    await session.execute(delete(Reply).where(Reply.id == row.id))
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
