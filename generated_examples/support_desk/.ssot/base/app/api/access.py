"""Row-level access: which rows each user may see, and lookups that answer 404 otherwise.

A row of a private model belongs to one user (directly, or through its parent); another
user's row is indistinguishable from a missing one (404).
"""

import uuid
from typing import Any

from fastapi import HTTPException, status
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Agent, AgentPreference, CannedResponse, Reply, Ticket


def scope_agent(statement: Select[Any], current_user: Agent) -> Select[Any]:
    """Limit ``statement`` to agent rows of ``current_user``."""
    return statement.where(Agent.id == current_user.id)


async def get_agent(session: AsyncSession, item_id: uuid.UUID, current_user: Agent) -> Agent:
    """The agent ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_agent(select(Agent).where(Agent.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Agent not found")
    return row


def scope_ticket(statement: Select[Any], current_user: Agent) -> Select[Any]:
    """Limit ``statement`` to ticket rows of ``current_user``."""
    return statement.where(Ticket.assignee_id == current_user.id)


async def get_ticket(session: AsyncSession, item_id: uuid.UUID, current_user: Agent) -> Ticket:
    """The ticket ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_ticket(select(Ticket).where(Ticket.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Ticket not found")
    return row


def scope_reply(statement: Select[Any], current_user: Agent) -> Select[Any]:
    """Limit ``statement`` to reply rows of ``current_user``."""
    statement = statement.join(Ticket, Reply.ticket_id == Ticket.id)
    return statement.where(Ticket.assignee_id == current_user.id)


async def get_reply(session: AsyncSession, item_id: uuid.UUID, current_user: Agent) -> Reply:
    """The reply ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_reply(select(Reply).where(Reply.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Reply not found")
    return row


def scope_canned_response(statement: Select[Any], current_user: Agent) -> Select[Any]:
    """Canned response rows are shared by every signed-in user."""
    del current_user
    return statement


async def get_canned_response(
    session: AsyncSession, item_id: uuid.UUID, current_user: Agent
) -> CannedResponse:
    """The canned response ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_canned_response(
        select(CannedResponse).where(CannedResponse.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Canned response not found")
    return row


def scope_agent_preference(statement: Select[Any], current_user: Agent) -> Select[Any]:
    """Limit ``statement`` to agent preference rows of ``current_user``."""
    return statement.where(AgentPreference.agent_id == current_user.id)


async def get_agent_preference(
    session: AsyncSession, item_id: uuid.UUID, current_user: Agent
) -> AgentPreference:
    """The agent preference ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_agent_preference(
        select(AgentPreference).where(AgentPreference.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Agent preference not found")
    return row


async def check_reference(session: AsyncSession, statement: Select[Any], field: str) -> None:
    """422 unless ``statement`` (a scoped select of the referenced id) finds a row."""
    if (await session.execute(statement)).first() is None:
        raise HTTPException(422, f"{field}: not found")
