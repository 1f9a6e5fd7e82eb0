"""Row-level access: which rows each user may see, and lookups that answer 404 otherwise.

A row of a private model belongs to one user (directly, or through its parent); another
user's row is indistinguishable from a missing one (404).
"""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa
from sqlalchemy.ext import asyncio as sa_asyncio

from app.models import Agent, AgentPreference, CannedResponse, Reply, Ticket


def scope_agent(statement: sa.Select[t.Any], current_user: Agent) -> sa.Select[t.Any]:
    """Limit ``statement`` to agent rows of ``current_user``."""
    return statement.where(Agent.id == current_user.id)


async def get_agent(session: sa_asyncio.AsyncSession, item_id: UUID, current_user: Agent) -> Agent:
    """The agent ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_agent(sa.select(Agent).where(Agent.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Agent not found")
    return row


def scope_ticket(statement: sa.Select[t.Any], current_user: Agent) -> sa.Select[t.Any]:
    """Limit ``statement`` to ticket rows of ``current_user``."""
    return statement.where(Ticket.assignee_id == current_user.id)


async def get_ticket(
    session: sa_asyncio.AsyncSession, item_id: UUID, current_user: Agent
) -> Ticket:
    """The ticket ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_ticket(sa.select(Ticket).where(Ticket.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Ticket not found")
    return row


def scope_reply(statement: sa.Select[t.Any], current_user: Agent) -> sa.Select[t.Any]:
    """Limit ``statement`` to reply rows of ``current_user``."""
    statement = statement.join(Ticket, Reply.ticket_id == Ticket.id)
    return statement.where(Ticket.assignee_id == current_user.id)


async def get_reply(session: sa_asyncio.AsyncSession, item_id: UUID, current_user: Agent) -> Reply:
    """The reply ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_reply(sa.select(Reply).where(Reply.id == item_id), current_user)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Reply not found")
    return row


def scope_canned_response(statement: sa.Select[t.Any], current_user: Agent) -> sa.Select[t.Any]:
    """Canned response rows are shared by every signed-in user."""
    del current_user
    return statement


async def get_canned_response(
    session: sa_asyncio.AsyncSession, item_id: UUID, current_user: Agent
) -> CannedResponse:
    """The canned response ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_canned_response(
        sa.select(CannedResponse).where(CannedResponse.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Canned response not found")
    return row


def scope_agent_preference(statement: sa.Select[t.Any], current_user: Agent) -> sa.Select[t.Any]:
    """Limit ``statement`` to agent preference rows of ``current_user``."""
    return statement.where(AgentPreference.agent_id == current_user.id)


async def get_agent_preference(
    session: sa_asyncio.AsyncSession, item_id: UUID, current_user: Agent
) -> AgentPreference:
    """The agent preference ``item_id`` if ``current_user`` may see it; else 404."""
    statement = scope_agent_preference(
        sa.select(AgentPreference).where(AgentPreference.id == item_id), current_user
    )
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise fastapi.HTTPException(fastapi.status.HTTP_404_NOT_FOUND, "Agent preference not found")
    return row


async def check_reference(
    session: sa_asyncio.AsyncSession, statement: sa.Select[t.Any], field: str
) -> None:
    """422 unless ``statement`` (a scoped select of the referenced id) finds a row."""
    if (await session.execute(statement)).first() is None:
        raise fastapi.HTTPException(422, f"{field}: not found")
