"""User endpoints under ``/api/users``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import get_user, scope_user
from app.api.deps import CurrentUser, SessionDep, normalise_login, revoke_tokens
from app.core.security import verify_password
from app.models import User
from app.schemas import UserPublic, UsersPublic, UserUpdate

router = fastapi.APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserPublic)
async def read_user_me(current_user: CurrentUser) -> t.Any:
    """The signed-in user."""
    return current_user


@router.get("", response_model=UsersPublic)
async def read_users(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List user rows of the current user, newest first."""
    statement = scope_user(sa.select(User), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(User.created_at.desc(), User.id).offset(skip).limit(limit)
    )
    return UsersPublic(data=[UserPublic.model_validate(row) for row in rows], count=count or 0)


@router.get("/{item_id}", response_model=UserPublic)
async def read_user(item_id: UUID, session: SessionDep, current_user: CurrentUser) -> t.Any:
    """Get one user."""
    return await get_user(session, item_id, current_user)


@router.patch("/{item_id}", response_model=UserPublic)
async def update_user(
    item_id: UUID, payload: UserUpdate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Change the fields sent; the others keep their values."""
    row = await get_user(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    current_password = changes.pop("current_password", None)
    if changes.get("email") is not None:
        changes["email"] = normalise_login(changes["email"])
    if "email" in changes and changes["email"] != row.email:
        # a stolen token must not take over the account: changing the login needs the password
        if current_password is None or not await verify_password(
            current_password, row.hashed_password
        ):
            raise fastapi.HTTPException(
                fastapi.status.HTTP_403_FORBIDDEN,
                "Changing the email requires the correct current_password",
            )
        await revoke_tokens(session, row)
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_user(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a user (and what cascades with it)."""
    row = await get_user(session, item_id, current_user)
    await session.execute(sa.delete(User).where(User.id == row.id))
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)
