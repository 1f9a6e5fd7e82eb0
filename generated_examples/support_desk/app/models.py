"""SQLAlchemy 2.0 models. Constraint names follow ``NAMING_CONVENTION`` so Alembic can alter them."""

import datetime as dt
import decimal
import typing as t
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlalchemy import orm

from app.enums import AgentTier, ReplyAuthor, ReplyState, TicketChannel, TicketPriority

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(orm.DeclarativeBase):
    """Base of every model: a UUID primary key first in each table."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    # an INSERT or UPDATE fetches the values the database generates (RETURNING) in the same
    # statement: a row just written is complete without a refresh
    __mapper_args__: t.Any = {"eager_defaults": True}  # noqa: RUF012 (declared by SQLAlchemy)

    id: orm.Mapped[UUID] = orm.mapped_column(
        sa.Uuid(), primary_key=True, default=uuid4, sort_order=-1
    )


class Timestamps:
    """``created_at`` and ``updated_at``, timezone-aware, set by the application and the database."""

    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True),
        default=lambda: dt.datetime.now(dt.UTC),
        server_default=sa.text("CURRENT_TIMESTAMP"),
        sort_order=1,
    )
    updated_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True),
        default=lambda: dt.datetime.now(dt.UTC),
        onupdate=lambda: dt.datetime.now(dt.UTC),
        server_default=sa.text("CURRENT_TIMESTAMP"),
        sort_order=1,
    )


class Agent(Timestamps, Base):
    """A support agent who signs in with a username and works tickets."""

    __tablename__ = "agents"
    __table_args__ = (
        sa.CheckConstraint("length(username) >= 3", name="username_min_length"),
        sa.CheckConstraint("length(username) <= 40", name="username_max_length"),
        sa.CheckConstraint("length(display_name) <= 80", name="display_name_max_length"),
        sa.CheckConstraint("length(contact_email) <= 320", name="contact_email_max_length"),
    )

    username: orm.Mapped[str] = orm.mapped_column(sa.String(40), unique=True, index=True)
    display_name: orm.Mapped[str] = orm.mapped_column(sa.String(80))
    contact_email: orm.Mapped[str | None] = orm.mapped_column(sa.String(320))
    tier: orm.Mapped[AgentTier] = orm.mapped_column(
        sa.Enum(
            AgentTier,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=AgentTier.TRAINEE,
        server_default="trainee",
    )
    on_duty: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=False, server_default=sa.text("false")
    )
    hashed_password: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    # bumped by logout and by a change of password or login: older tokens are refused
    token_version: orm.Mapped[int] = orm.mapped_column(sa.Integer(), default=0, server_default="0")
    tickets: orm.Mapped[list["Ticket"]] = orm.relationship(
        back_populates="assignee",
        foreign_keys="Ticket.assignee_id",
        passive_deletes=True,
        lazy="raise",
    )
    preference: orm.Mapped["AgentPreference | None"] = orm.relationship(
        back_populates="agent",
        foreign_keys="AgentPreference.agent_id",
        passive_deletes=True,
        lazy="raise",
    )


class Ticket(Timestamps, Base):
    """A customer's request; its thread of replies is the chat conversation."""

    __tablename__ = "tickets"
    __table_args__ = (
        sa.CheckConstraint("length(subject) <= 160", name="subject_max_length"),
        sa.CheckConstraint("length(customer_email) <= 320", name="customer_email_max_length"),
        sa.CheckConstraint("length(ai_provider) <= 32", name="ai_provider_max_length"),
        sa.CheckConstraint("length(ai_model) <= 100", name="ai_model_max_length"),
        sa.CheckConstraint("ai_temperature >= 0.0", name="ai_temperature_min"),
        sa.CheckConstraint("ai_temperature <= 1.0", name="ai_temperature_max"),
    )

    assignee_id: orm.Mapped[UUID] = orm.mapped_column(
        sa.ForeignKey("agents.id", ondelete="CASCADE"),
        index=True,
    )
    escalated_to_id: orm.Mapped[UUID | None] = orm.mapped_column(
        sa.ForeignKey("agents.id", ondelete="SET NULL"),
        index=True,
    )
    subject: orm.Mapped[str] = orm.mapped_column(
        sa.String(160), default="New ticket", server_default="New ticket"
    )
    customer_email: orm.Mapped[str | None] = orm.mapped_column(sa.String(320), index=True)
    priority: orm.Mapped[TicketPriority] = orm.mapped_column(
        sa.Enum(
            TicketPriority,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        index=True,
        default=TicketPriority.NORMAL,
        server_default="normal",
    )
    channel: orm.Mapped[TicketChannel] = orm.mapped_column(
        sa.Enum(
            TicketChannel,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=TicketChannel.WEB_FORM,
        server_default="web_form",
    )
    due_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    external_ref: orm.Mapped[UUID | None] = orm.mapped_column(sa.Uuid(), unique=True)
    custom_fields: orm.Mapped[t.Any | None] = orm.mapped_column(sa.JSON())
    ai_provider: orm.Mapped[str] = orm.mapped_column(
        sa.String(32), default="offline", server_default="offline"
    )
    ai_model: orm.Mapped[str] = orm.mapped_column(
        sa.String(100), default="scripted-draft", server_default="scripted-draft"
    )
    ai_temperature: orm.Mapped[float] = orm.mapped_column(
        sa.Float(), default=0.3, server_default=sa.text("0.3")
    )
    instructions: orm.Mapped[str | None] = orm.mapped_column(sa.Text())
    reply_count: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=0, server_default=sa.text("0")
    )
    token_total: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=0, server_default=sa.text("0")
    )
    spend: orm.Mapped[decimal.Decimal] = orm.mapped_column(
        sa.Numeric(12, 6), default=decimal.Decimal("0"), server_default="0"
    )
    last_reply_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(
        sa.DateTime(timezone=True), index=True
    )
    # the last message of the branch the user follows (regenerate and edit make siblings);
    # no foreign key (the message table points here already): a dangling id means the newest
    active_leaf_id: orm.Mapped[UUID | None] = orm.mapped_column(sa.Uuid())
    assignee: orm.Mapped["Agent"] = orm.relationship(
        back_populates="tickets",
        foreign_keys=[assignee_id],
        lazy="raise",
    )
    escalated_to: orm.Mapped["Agent | None"] = orm.relationship(
        foreign_keys=[escalated_to_id],
        lazy="raise",
    )
    replies: orm.Mapped[list["Reply"]] = orm.relationship(
        back_populates="ticket",
        foreign_keys="Reply.ticket_id",
        passive_deletes=True,
        lazy="raise",
    )


class Reply(Timestamps, Base):
    """One entry of a ticket thread; the bot's drafts are streamed into it."""

    __tablename__ = "replies"
    __table_args__ = (
        sa.CheckConstraint("input_tokens >= 0", name="input_tokens_min"),
        sa.CheckConstraint("output_tokens >= 0", name="output_tokens_min"),
        sa.CheckConstraint("length(stop_reason) <= 32", name="stop_reason_max_length"),
        sa.CheckConstraint("length(failure_code) <= 32", name="failure_code_max_length"),
        sa.CheckConstraint("cache_hits >= 0", name="cache_hits_min"),
    )

    ticket_id: orm.Mapped[UUID] = orm.mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"),
        index=True,
    )
    canned_response_id: orm.Mapped[UUID | None] = orm.mapped_column(
        sa.ForeignKey("canned_responses.id", ondelete="SET NULL"),
        index=True,
    )
    parent_id: orm.Mapped[UUID | None] = orm.mapped_column(
        sa.ForeignKey("replies.id", ondelete="CASCADE"),
        index=True,
    )
    author: orm.Mapped[ReplyAuthor] = orm.mapped_column(
        sa.Enum(
            ReplyAuthor,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=ReplyAuthor.CUSTOMER,
        server_default="customer",
    )
    body: orm.Mapped[str] = orm.mapped_column(sa.Text(), default="", server_default="")
    state: orm.Mapped[ReplyState] = orm.mapped_column(
        sa.Enum(
            ReplyState,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=ReplyState.SENT,
        server_default="sent",
    )
    internal: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=False, server_default=sa.text("false")
    )
    input_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    output_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    price: orm.Mapped[decimal.Decimal | None] = orm.mapped_column(sa.Numeric(12, 6))
    stop_reason: orm.Mapped[str | None] = orm.mapped_column(sa.String(32))
    failure: orm.Mapped[str | None] = orm.mapped_column(sa.Text())
    failure_code: orm.Mapped[str | None] = orm.mapped_column(sa.String(32))
    cache_hits: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    estimated: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=False, server_default=sa.text("false")
    )
    # the streaming engine's lease: the process producing a reply still ``streaming``, and until
    # when; another process may mark the reply interrupted only once the lease has expired
    lease_owner: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    lease_expires_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    ticket: orm.Mapped["Ticket"] = orm.relationship(
        back_populates="replies",
        foreign_keys=[ticket_id],
        lazy="raise",
    )
    canned_response: orm.Mapped["CannedResponse | None"] = orm.relationship(
        foreign_keys=[canned_response_id],
        lazy="raise",
    )
    parent: orm.Mapped["Reply | None"] = orm.relationship(
        foreign_keys=[parent_id],
        remote_side="Reply.id",
        lazy="raise",
    )


class CannedResponse(Timestamps, Base):
    """A reusable answer shared by every agent (no owner, so not private)."""

    __tablename__ = "canned_responses"
    __table_args__ = (
        sa.CheckConstraint("length(shortcut) <= 32", name="shortcut_max_length"),
        sa.CheckConstraint("length(title) <= 120", name="title_max_length"),
        sa.CheckConstraint("length(language) <= 8", name="language_max_length"),
        sa.CheckConstraint("usage_count >= 0", name="usage_count_min"),
    )

    shortcut: orm.Mapped[str] = orm.mapped_column(sa.String(32), unique=True)
    title: orm.Mapped[str] = orm.mapped_column(sa.String(120))
    body: orm.Mapped[str] = orm.mapped_column(sa.Text())
    language: orm.Mapped[str] = orm.mapped_column(sa.String(8), default="en", server_default="en")
    usage_count: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=0, server_default=sa.text("0")
    )


class AgentPreference(Timestamps, Base):
    """One per agent; how the assistant drafts and how the agent is notified."""

    __tablename__ = "agent_preferences"
    __table_args__ = (
        sa.CheckConstraint("length(notify_email) <= 320", name="notify_email_max_length"),
        sa.CheckConstraint("max_open_tickets >= 1", name="max_open_tickets_min"),
        sa.CheckConstraint("max_open_tickets <= 100", name="max_open_tickets_max"),
    )

    agent_id: orm.Mapped[UUID] = orm.mapped_column(
        sa.ForeignKey("agents.id", ondelete="CASCADE"),
        index=True,
        unique=True,
    )
    signature: orm.Mapped[str | None] = orm.mapped_column(sa.Text())
    auto_draft: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=True, server_default=sa.text("true")
    )
    notify_email: orm.Mapped[str | None] = orm.mapped_column(sa.String(320))
    away_until: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    max_open_tickets: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=20, server_default=sa.text("20")
    )
    shortcuts: orm.Mapped[t.Any | None] = orm.mapped_column(sa.JSON())
    agent: orm.Mapped["Agent"] = orm.relationship(
        back_populates="preference",
        foreign_keys=[agent_id],
        lazy="raise",
    )
