"""Agent endpoints under ``/api/agents``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import get_agent, scope_agent, scope_ticket
from app.api.deps import CurrentUser, SessionDep, normalise_login, revoke_tokens
from app.core.security import verify_password
from app.models import Agent, Ticket
from app.schemas import AgentPublic, AgentsPublic, AgentUpdate, TicketPublic, TicketsPublic

router = fastapi.APIRouter(prefix="/agents", tags=["agents"])


@router.get("/me", response_model=AgentPublic)
async def read_agent_me(current_user: CurrentUser) -> t.Any:
    """The signed-in agent."""
    return current_user


@router.get("", response_model=AgentsPublic)
async def read_agents(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List agent rows of the current user, newest first."""
    statement = scope_agent(sa.select(Agent), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(Agent.created_at.desc(), Agent.id).offset(skip).limit(limit)
    )
    return AgentsPublic(data=[AgentPublic.model_validate(row) for row in rows], count=count or 0)


@router.get("/{item_id}", response_model=AgentPublic)
async def read_agent(item_id: UUID, session: SessionDep, current_user: CurrentUser) -> t.Any:
    """Get one agent."""
    return await get_agent(session, item_id, current_user)


@router.patch("/{item_id}", response_model=AgentPublic)
async def update_agent(
    item_id: UUID, payload: AgentUpdate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Change the fields sent; the others keep their values."""
    row = await get_agent(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    current_password = changes.pop("current_password", None)
    if changes.get("username") is not None:
        changes["username"] = normalise_login(changes["username"])
    if "username" in changes and changes["username"] != row.username:
        # a stolen token must not take over the account: changing the login needs the password
        if current_password is None or not await verify_password(
            current_password, row.hashed_password
        ):
            raise fastapi.HTTPException(
                fastapi.status.HTTP_403_FORBIDDEN,
                "Changing the username requires the correct current_password",
            )
        await revoke_tokens(session, row)
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    return row


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_agent(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a agent (and what cascades with it)."""
    row = await get_agent(session, item_id, current_user)
    await session.execute(sa.delete(Agent).where(Agent.id == row.id))
    await session.commit()
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)


@router.get("/{item_id}/tickets", response_model=TicketsPublic)
async def read_agent_tickets(
    item_id: UUID,
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List the tickets of one agent, oldest first."""
    row = await get_agent(session, item_id, current_user)
    statement = scope_ticket(
        sa.select(Ticket).where(Ticket.assignee_id == row.id),
        current_user,
    )
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(Ticket.created_at, Ticket.id).offset(skip).limit(limit)
    )
    return TicketsPublic(
        data=[TicketPublic.model_validate(item) for item in rows], count=count or 0
    )
