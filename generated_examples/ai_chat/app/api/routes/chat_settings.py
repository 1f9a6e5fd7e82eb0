"""Chat settings endpoints under ``/api/chat-settings``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import get_chat_settings, scope_chat_settings
from app.api.deps import CurrentUser, SessionDep
from app.models import ChatSettings
from app.schemas import (
    ChatSettingsCreate,
    ChatSettingsListPublic,
    ChatSettingsPublic,
    ChatSettingsUpdate,
)

router = fastapi.APIRouter(prefix="/chat-settings", tags=["chat-settings"])


@router.get("", response_model=ChatSettingsListPublic)
async def read_chat_settings_list(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List chat settings rows of the current user, newest first."""
    statement = scope_chat_settings(sa.select(ChatSettings), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(ChatSettings.created_at.desc(), ChatSettings.id)
        .offset(skip)
        .limit(limit)
    )
    return ChatSettingsListPublic(
        data=[ChatSettingsPublic.model_validate(row) for row in rows], count=count or 0
    )


@router.get("/{item_id}", response_model=ChatSettingsPublic)
async def read_chat_settings(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Get one chat settings."""
    return await get_chat_settings(session, item_id, current_user)


@router.post("", response_model=ChatSettingsPublic, status_code=fastapi.status.HTTP_201_CREATED)
async def create_chat_settings(
    payload: ChatSettingsCreate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Create a chat settings owned by the current user."""
    row = ChatSettings(**payload.model_dump(), owner_id=current_user.id)
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return row


@router.patch("/{item_id}", response_model=ChatSettingsPublic)
async def update_chat_settings(
    item_id: UUID, payload: ChatSettingsUpdate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Change the fields sent; the others keep their values."""
    row = await get_chat_settings(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_chat_settings(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a chat settings (and what cascades with it)."""
    row = await get_chat_settings(session, item_id, current_user)
    await session.execute(sa.delete(ChatSettings).where(ChatSettings.id == row.id))
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)
