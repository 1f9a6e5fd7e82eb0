"""Canned response endpoints under ``/api/canned-responses``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import get_canned_response, scope_canned_response
from app.api.deps import CurrentUser, SessionDep
from app.models import CannedResponse
from app.schemas import (
    CannedResponseCreate,
    CannedResponsePublic,
    CannedResponsesPublic,
    CannedResponseUpdate,
)

router = fastapi.APIRouter(prefix="/canned-responses", tags=["canned-responses"])


@router.get("", response_model=CannedResponsesPublic)
async def read_canned_responses(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List canned response rows, newest first."""
    statement = scope_canned_response(sa.select(CannedResponse), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(CannedResponse.created_at.desc(), CannedResponse.id)
        .offset(skip)
        .limit(limit)
    )
    return CannedResponsesPublic(
        data=[CannedResponsePublic.model_validate(row) for row in rows], count=count or 0
    )


@router.get("/{item_id}", response_model=CannedResponsePublic)
async def read_canned_response(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Get one canned response."""
    return await get_canned_response(session, item_id, current_user)


@router.post("", response_model=CannedResponsePublic, status_code=fastapi.status.HTTP_201_CREATED)
async def create_canned_response(
    payload: CannedResponseCreate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Create a canned response."""
    row = CannedResponse(**payload.model_dump())
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return row


@router.patch("/{item_id}", response_model=CannedResponsePublic)
async def update_canned_response(
    item_id: UUID, payload: CannedResponseUpdate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Change the fields sent; the others keep their values."""
    row = await get_canned_response(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_canned_response(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a canned response (and what cascades with it)."""
    row = await get_canned_response(session, item_id, current_user)
    await session.execute(sa.delete(CannedResponse).where(CannedResponse.id == row.id))
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)
