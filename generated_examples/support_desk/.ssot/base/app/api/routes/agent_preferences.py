"""Agent preference endpoints under ``/api/agent-preferences``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import get_agent_preference, scope_agent_preference
from app.api.deps import CurrentUser, SessionDep
from app.models import AgentPreference
from app.schemas import (
    AgentPreferenceCreate,
    AgentPreferencePublic,
    AgentPreferencesPublic,
    AgentPreferenceUpdate,
)

router = fastapi.APIRouter(prefix="/agent-preferences", tags=["agent-preferences"])


@router.get("", response_model=AgentPreferencesPublic)
async def read_agent_preferences(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List agent preference rows of the current user, newest first."""
    statement = scope_agent_preference(sa.select(AgentPreference), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(AgentPreference.created_at.desc(), AgentPreference.id)
        .offset(skip)
        .limit(limit)
    )
    return AgentPreferencesPublic(
        data=[AgentPreferencePublic.model_validate(row) for row in rows], count=count or 0
    )


@router.get("/{item_id}", response_model=AgentPreferencePublic)
async def read_agent_preference(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Get one agent preference."""
    return await get_agent_preference(session, item_id, current_user)


@router.post("", response_model=AgentPreferencePublic, status_code=fastapi.status.HTTP_201_CREATED)
async def create_agent_preference(
    payload: AgentPreferenceCreate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Create a agent preference owned by the current user."""
    row = AgentPreference(**payload.model_dump(), agent_id=current_user.id)
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return row


@router.patch("/{item_id}", response_model=AgentPreferencePublic)
async def update_agent_preference(
    item_id: UUID, payload: AgentPreferenceUpdate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Change the fields sent; the others keep their values."""
    row = await get_agent_preference(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_agent_preference(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a agent preference (and what cascades with it)."""
    row = await get_agent_preference(session, item_id, current_user)
    await session.execute(sa.delete(AgentPreference).where(AgentPreference.id == row.id))
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)
