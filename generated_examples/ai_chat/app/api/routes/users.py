"""User endpoints under ``/api/users``."""

import uuid
from typing import Any

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import delete, func, select

from app.api.access import get_user, scope_user
from app.api.deps import CurrentUser, SessionDep
from app.models import User
from app.schemas import UserPublic, UsersPublic, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserPublic)
async def read_user_me(current_user: CurrentUser) -> Any:
    """The signed-in user."""
    return current_user


@router.get("", response_model=UsersPublic)
async def read_users(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = Query(default=0, ge=0, le=2**31 - 1),
    limit: int = Query(default=100, ge=1, le=1000),
) -> Any:
    """List user rows of the current user, newest first."""
    statement = scope_user(select(User), current_user)
    count = await session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(User.created_at.desc(), User.id).offset(skip).limit(limit)
    )
    return UsersPublic(data=[UserPublic.model_validate(row) for row in rows], count=count or 0)


@router.get("/{item_id}", response_model=UserPublic)
async def read_user(item_id: uuid.UUID, session: SessionDep, current_user: CurrentUser) -> Any:
    """Get one user."""
    return await get_user(session, item_id, current_user)


@router.patch("/{item_id}", response_model=UserPublic)
async def update_user(
    item_id: uuid.UUID, payload: UserUpdate, session: SessionDep, current_user: CurrentUser
) -> Any:
    """Change the fields sent; the others keep their values."""
    row = await get_user(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_user(
    item_id: uuid.UUID, session: SessionDep, current_user: CurrentUser
) -> Response:
    """Delete a user (and what cascades with it)."""
    row = await get_user(session, item_id, current_user)
    await session.execute(delete(User).where(User.id == row.id))
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
