"""SQLAlchemy 2.0 models. Constraint names follow ``NAMING_CONVENTION`` so Alembic can alter them."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.enums import AgentTier, ReplyAuthor, ReplyState, TicketChannel, TicketPriority

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def enum_values(enum_class: type[StrEnum]) -> list[str]:
    """Store enum members by value (``"user"``), not by name."""
    return [member.value for member in enum_class]


class Agent(Base):
    """A support agent who signs in with a username and works tickets."""

    __tablename__ = "agents"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    tier: Mapped[AgentTier] = mapped_column(
        Enum(AgentTier, native_enum=False, length=32, values_callable=enum_values),
        default=AgentTier.TRAINEE,
        server_default="trainee",
    )
    on_duty: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=text("false"))
    hashed_password: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    tickets: Mapped[list["Ticket"]] = relationship(
        back_populates="assignee",
        foreign_keys="Ticket.assignee_id",
        passive_deletes=True,
        lazy="raise",
    )
    preference: Mapped["AgentPreference | None"] = relationship(
        back_populates="agent",
        foreign_keys="AgentPreference.agent_id",
        passive_deletes=True,
        lazy="raise",
    )


class Ticket(Base):
    """A customer's request; its thread of replies is the chat conversation."""

    __tablename__ = "tickets"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    assignee_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"),
        index=True,
    )
    escalated_to_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"),
        index=True,
    )
    subject: Mapped[str] = mapped_column(
        String(160), default="New ticket", server_default="New ticket"
    )
    customer_email: Mapped[str | None] = mapped_column(String(320), index=True)
    priority: Mapped[TicketPriority] = mapped_column(
        Enum(TicketPriority, native_enum=False, length=32, values_callable=enum_values),
        index=True,
        default=TicketPriority.NORMAL,
        server_default="normal",
    )
    channel: Mapped[TicketChannel] = mapped_column(
        Enum(TicketChannel, native_enum=False, length=32, values_callable=enum_values),
        default=TicketChannel.WEB_FORM,
        server_default="web_form",
    )
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    external_ref: Mapped[uuid.UUID | None] = mapped_column(Uuid(), unique=True)
    custom_fields: Mapped[Any | None] = mapped_column(JSON())
    ai_provider: Mapped[str] = mapped_column(
        String(32), default="offline", server_default="offline"
    )
    ai_model: Mapped[str] = mapped_column(
        String(100), default="scripted-draft", server_default="scripted-draft"
    )
    ai_temperature: Mapped[float] = mapped_column(Float(), default=0.3, server_default=text("0.3"))
    instructions: Mapped[str | None] = mapped_column(Text())
    reply_count: Mapped[int] = mapped_column(Integer(), default=0, server_default=text("0"))
    token_total: Mapped[int] = mapped_column(Integer(), default=0, server_default=text("0"))
    spend: Mapped[Decimal] = mapped_column(Numeric(12, 6), default=Decimal("0"), server_default="0")
    last_reply_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    assignee: Mapped["Agent"] = relationship(
        back_populates="tickets", foreign_keys=[assignee_id], lazy="raise"
    )
    escalated_to: Mapped["Agent | None"] = relationship(
        foreign_keys=[escalated_to_id], lazy="raise"
    )
    replies: Mapped[list["Reply"]] = relationship(
        back_populates="ticket",
        foreign_keys="Reply.ticket_id",
        passive_deletes=True,
        lazy="raise",
    )


class Reply(Base):
    """One entry of a ticket thread; the bot's drafts are streamed into it."""

    __tablename__ = "replies"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    ticket_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"),
        index=True,
    )
    canned_response_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("canned_responses.id", ondelete="SET NULL"),
        index=True,
    )
    author: Mapped[ReplyAuthor] = mapped_column(
        Enum(ReplyAuthor, native_enum=False, length=32, values_callable=enum_values),
        default=ReplyAuthor.CUSTOMER,
        server_default="customer",
    )
    body: Mapped[str] = mapped_column(Text(), default="", server_default="")
    state: Mapped[ReplyState] = mapped_column(
        Enum(ReplyState, native_enum=False, length=32, values_callable=enum_values),
        default=ReplyState.SENT,
        server_default="sent",
    )
    internal: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=text("false"))
    input_tokens: Mapped[int | None] = mapped_column(Integer())
    output_tokens: Mapped[int | None] = mapped_column(Integer())
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
    stop_reason: Mapped[str | None] = mapped_column(String(32))
    failure: Mapped[str | None] = mapped_column(Text())
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    ticket: Mapped["Ticket"] = relationship(
        back_populates="replies", foreign_keys=[ticket_id], lazy="raise"
    )
    canned_response: Mapped["CannedResponse | None"] = relationship(
        foreign_keys=[canned_response_id], lazy="raise"
    )


class CannedResponse(Base):
    """A reusable answer shared by every agent (no owner, so not private)."""

    __tablename__ = "canned_responses"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    shortcut: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text())
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    usage_count: Mapped[int] = mapped_column(Integer(), default=0, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class AgentPreference(Base):
    """One per agent; how the assistant drafts and how the agent is notified."""

    __tablename__ = "agent_preferences"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    agent_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"),
        index=True,
        unique=True,
    )
    signature: Mapped[str | None] = mapped_column(Text())
    auto_draft: Mapped[bool] = mapped_column(Boolean(), default=True, server_default=text("true"))
    notify_email: Mapped[str | None] = mapped_column(String(320))
    away_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    max_open_tickets: Mapped[int] = mapped_column(Integer(), default=20, server_default=text("20"))
    shortcuts: Mapped[Any | None] = mapped_column(JSON())
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    agent: Mapped["Agent"] = relationship(
        back_populates="preference", foreign_keys=[agent_id], lazy="raise"
    )
