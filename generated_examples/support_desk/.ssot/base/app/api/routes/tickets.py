"""Ticket endpoints under ``/api/tickets``."""

import typing as t
from uuid import UUID

import fastapi
import sqlalchemy as sa

from app.api.access import check_reference, get_ticket, scope_reply, scope_ticket
from app.api.deps import CurrentUser, SessionDep
from app.chat import bindings, service, tree
from app.chat.bindings import catalog_problem
from app.chat.hub import hub
from app.models import Agent, Ticket
from app.schemas import (
    ReplyNodesPublic,
    TicketBranchChoice,
    TicketCreate,
    TicketPublic,
    TicketsPublic,
    TicketUpdate,
)

router = fastapi.APIRouter(prefix="/tickets", tags=["tickets"])


@router.get("", response_model=TicketsPublic)
async def read_tickets(
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """List ticket rows of the current user, newest first."""
    statement = scope_ticket(sa.select(Ticket), current_user)
    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    rows = await session.scalars(
        statement.order_by(Ticket.created_at.desc(), Ticket.id).offset(skip).limit(limit)
    )
    return TicketsPublic(data=[TicketPublic.model_validate(row) for row in rows], count=count or 0)


@router.get("/{item_id}", response_model=TicketPublic)
async def read_ticket(item_id: UUID, session: SessionDep, current_user: CurrentUser) -> t.Any:
    """Get one ticket."""
    return await get_ticket(session, item_id, current_user)


@router.post("", response_model=TicketPublic, status_code=fastapi.status.HTTP_201_CREATED)
async def create_ticket(
    payload: TicketCreate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Create a ticket owned by the current user."""
    if payload.escalated_to_id is not None:
        await check_reference(
            session,
            sa.select(Agent.id).where(Agent.id == payload.escalated_to_id),
            "escalated_to_id",
        )
    if (problem := catalog_problem(payload.model_dump())) is not None:
        raise problem
    row = Ticket(**payload.model_dump(), assignee_id=current_user.id)
    session.add(row)
    await session.commit()
    await session.refresh(row)
    await hub.publish_to_user(
        current_user.id, "conversation.created", TicketPublic.model_validate(row)
    )
    return row


@router.patch("/{item_id}", response_model=TicketPublic)
async def update_ticket(
    item_id: UUID, payload: TicketUpdate, session: SessionDep, current_user: CurrentUser
) -> t.Any:
    """Change the fields sent; the others keep their values."""
    row = await get_ticket(session, item_id, current_user)
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("escalated_to_id") is not None:
        await check_reference(
            session,
            sa.select(Agent.id).where(Agent.id == changes["escalated_to_id"]),
            "escalated_to_id",
        )
    if (problem := catalog_problem(changes, row)) is not None:
        raise problem
    for key, value in changes.items():
        setattr(row, key, value)
    await session.commit()
    await session.refresh(row)
    await hub.publish_to_user(
        current_user.id, "conversation.updated", TicketPublic.model_validate(row)
    )
    return row


@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_ticket(
    item_id: UUID, session: SessionDep, current_user: CurrentUser
) -> fastapi.Response:
    """Delete a ticket (and what cascades with it)."""
    row = await get_ticket(session, item_id, current_user)
    replies = await service.streaming_replies(session, row.id)  # stopped once it is gone
    await session.execute(sa.delete(Ticket).where(Ticket.id == row.id))
    await session.commit()
    await service.stop_replies(replies)
    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)


@router.get("/{item_id}/replies", response_model=ReplyNodesPublic)
async def read_ticket_replies(
    item_id: UUID,
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
    branch: t.Literal["active", "all"] = fastapi.Query(
        default="active",
        description="active: the branch the user follows; all: every message of the tree",
    ),
) -> t.Any:
    """List the replies of one ticket, oldest first: its active branch, or its whole tree."""
    row = await get_ticket(session, item_id, current_user)
    shape = await tree.load(session, row.id)
    listed = shape.order if branch == "all" else shape.branch(shape.leaf(row.active_leaf_id))
    return await _replies_page(session, current_user, shape, listed, skip, limit)


async def _replies_page(
    session: SessionDep,
    current_user: CurrentUser,
    shape: tree.Tree,
    listed: list[UUID],
    skip: int,
    limit: int,
) -> ReplyNodesPublic:
    """The page ``skip``, ``limit`` of the messages ``listed`` (in that order), each with its
    place among its siblings; ``count`` is ``len(listed)``."""
    wanted = listed[skip : skip + limit]
    statement = scope_reply(bindings.messages_by_id(wanted), current_user)
    found = {item.id: item for item in await session.scalars(statement)}
    data = [bindings.public_node(found[i], *shape.siblings(i)) for i in wanted if i in found]
    return ReplyNodesPublic(data=data, count=len(listed))


@router.put("/{item_id}/branch", response_model=ReplyNodesPublic)
async def update_ticket_branch(
    item_id: UUID,
    payload: TicketBranchChoice,
    session: SessionDep,
    current_user: CurrentUser,
    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),
    limit: int = fastapi.Query(default=100, ge=1, le=1000),
) -> t.Any:
    """Follow the branch through message ``leaf_id`` (down to its newest descendant); answer the new active branch."""
    row = await get_ticket(session, item_id, current_user)
    shape = await tree.load(session, row.id)
    if payload.leaf_id not in shape:
        detail = [
            {
                "type": "value_error",
                "loc": ["body", "leaf_id"],
                "msg": "not a message of this ticket",
                "input": str(payload.leaf_id),
            }
        ]
        raise fastapi.HTTPException(status_code=422, detail=detail)
    row.active_leaf_id = shape.descend(payload.leaf_id)
    await session.commit()
    await session.refresh(row)
    await hub.publish_to_user(
        current_user.id, "conversation.updated", TicketPublic.model_validate(row)
    )
    listed = shape.branch(row.active_leaf_id)
    return await _replies_page(session, current_user, shape, listed, skip, limit)
