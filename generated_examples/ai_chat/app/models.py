"""SQLAlchemy 2.0 models. Constraint names follow ``NAMING_CONVENTION`` so Alembic can alter them."""

import datetime as dt
import decimal
import typing as t
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlalchemy import orm

from app.enums import MessageRole, MessageStatus, Theme, UserRole

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


class User(Timestamps, Base):
    """A person who signs in and owns conversations."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("length(email) <= 320", name="email_max_length"),
        sa.CheckConstraint("length(name) <= 100", name="name_max_length"),
    )

    email: orm.Mapped[str] = orm.mapped_column(sa.String(320), unique=True, index=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(100))
    role: orm.Mapped[UserRole] = orm.mapped_column(
        sa.Enum(
            UserRole,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=UserRole.USER,
        server_default="user",
    )
    hashed_password: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    # bumped by logout and by a change of password or login: older tokens are refused
    token_version: orm.Mapped[int] = orm.mapped_column(sa.Integer(), default=0, server_default="0")


class Conversation(Timestamps, Base):
    """A thread of messages with one AI model."""

    __tablename__ = "conversations"
    __table_args__ = (
        sa.CheckConstraint("length(title) <= 200", name="title_max_length"),
        sa.CheckConstraint("length(provider) <= 32", name="provider_max_length"),
        sa.CheckConstraint("length(model) <= 100", name="model_max_length"),
        sa.CheckConstraint("temperature >= 0.0", name="temperature_min"),
        sa.CheckConstraint("temperature <= 2.0", name="temperature_max"),
        sa.CheckConstraint("max_tokens >= 1", name="max_tokens_min"),
        sa.CheckConstraint("max_tokens <= 200000", name="max_tokens_max"),
    )

    owner_id: orm.Mapped[UUID] = orm.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        index=True,
    )
    title: orm.Mapped[str] = orm.mapped_column(
        sa.String(200), default="New conversation", server_default="New conversation"
    )
    provider: orm.Mapped[str] = orm.mapped_column(
        sa.String(32), default="mock", server_default="mock"
    )
    model: orm.Mapped[str] = orm.mapped_column(
        sa.String(100), default="mock-echo", server_default="mock-echo"
    )
    temperature: orm.Mapped[float] = orm.mapped_column(
        sa.Float(), default=0.7, server_default=sa.text("0.7")
    )
    max_tokens: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=1024, server_default=sa.text("1024")
    )
    system_prompt: orm.Mapped[str | None] = orm.mapped_column(sa.Text())
    message_count: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=0, server_default=sa.text("0")
    )
    total_tokens: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=0, server_default=sa.text("0")
    )
    total_cost: orm.Mapped[decimal.Decimal] = orm.mapped_column(
        sa.Numeric(18, 10), default=decimal.Decimal("0"), server_default="0"
    )
    last_message_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(
        sa.DateTime(timezone=True), index=True
    )
    # the last message of the branch the user follows (regenerate and edit make siblings);
    # no foreign key (the message table points here already): a dangling id means the newest
    active_leaf_id: orm.Mapped[UUID | None] = orm.mapped_column(sa.Uuid())
    owner: orm.Mapped["User"] = orm.relationship(
        foreign_keys=[owner_id],
        lazy="raise",
    )
    messages: orm.Mapped[list["Message"]] = orm.relationship(
        back_populates="conversation",
        foreign_keys="Message.conversation_id",
        passive_deletes=True,
        lazy="raise",
    )


class Message(Timestamps, Base):
    """One turn of a conversation; assistant replies are streamed into it."""

    __tablename__ = "messages"
    __table_args__ = (
        sa.CheckConstraint("prompt_tokens >= 0", name="prompt_tokens_min"),
        sa.CheckConstraint("completion_tokens >= 0", name="completion_tokens_min"),
        sa.CheckConstraint("total_tokens >= 0", name="total_tokens_min"),
        sa.CheckConstraint("input_tokens >= 0", name="input_tokens_min"),
        sa.CheckConstraint("cache_read_tokens >= 0", name="cache_read_tokens_min"),
        sa.CheckConstraint("cache_write_tokens >= 0", name="cache_write_tokens_min"),
        sa.CheckConstraint("output_tokens >= 0", name="output_tokens_min"),
        sa.CheckConstraint("reasoning_tokens >= 0", name="reasoning_tokens_min"),
        sa.CheckConstraint("length(model) <= 100", name="model_max_length"),
        sa.CheckConstraint("length(finish_reason) <= 32", name="finish_reason_max_length"),
        sa.CheckConstraint("length(error_code) <= 32", name="error_code_max_length"),
    )

    conversation_id: orm.Mapped[UUID] = orm.mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE"),
        index=True,
    )
    parent_id: orm.Mapped[UUID | None] = orm.mapped_column(
        sa.ForeignKey("messages.id", ondelete="CASCADE"),
        index=True,
    )
    role: orm.Mapped[MessageRole] = orm.mapped_column(
        sa.Enum(
            MessageRole,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=MessageRole.USER,
        server_default="user",
    )
    content: orm.Mapped[str] = orm.mapped_column(sa.Text(), default="", server_default="")
    status: orm.Mapped[MessageStatus] = orm.mapped_column(
        sa.Enum(
            MessageStatus,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=MessageStatus.DONE,
        server_default="done",
    )
    prompt_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    completion_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    total_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    input_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    cache_read_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    cache_write_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    output_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    reasoning_tokens: orm.Mapped[int | None] = orm.mapped_column(sa.Integer())
    usage_estimated: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=False, server_default=sa.text("false")
    )
    cost: orm.Mapped[decimal.Decimal | None] = orm.mapped_column(sa.Numeric(18, 10))
    model: orm.Mapped[str | None] = orm.mapped_column(sa.String(100))
    finish_reason: orm.Mapped[str | None] = orm.mapped_column(sa.String(32))
    error: orm.Mapped[str | None] = orm.mapped_column(sa.Text())
    error_code: orm.Mapped[str | None] = orm.mapped_column(sa.String(32))
    # the streaming engine's lease: the process producing a reply still ``streaming``, and until
    # when; another process may mark the reply interrupted only once the lease has expired
    lease_owner: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    lease_expires_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    conversation: orm.Mapped["Conversation"] = orm.relationship(
        back_populates="messages",
        foreign_keys=[conversation_id],
        lazy="raise",
    )
    parent: orm.Mapped["Message | None"] = orm.relationship(
        foreign_keys=[parent_id],
        remote_side="Message.id",
        lazy="raise",
    )


class ChatSettings(Timestamps, Base):
    """One per user; defaults for new conversations and display preferences."""

    __tablename__ = "chat_settings"
    __table_args__ = (
        sa.CheckConstraint("length(default_provider) <= 32", name="default_provider_max_length"),
        sa.CheckConstraint("length(default_model) <= 100", name="default_model_max_length"),
        sa.CheckConstraint("default_temperature >= 0.0", name="default_temperature_min"),
        sa.CheckConstraint("default_temperature <= 2.0", name="default_temperature_max"),
        sa.CheckConstraint("default_max_tokens >= 1", name="default_max_tokens_min"),
        sa.CheckConstraint("default_max_tokens <= 200000", name="default_max_tokens_max"),
        sa.CheckConstraint("font_size >= 10", name="font_size_min"),
        sa.CheckConstraint("font_size <= 32", name="font_size_max"),
    )

    owner_id: orm.Mapped[UUID] = orm.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        index=True,
        unique=True,
    )
    default_provider: orm.Mapped[str] = orm.mapped_column(
        sa.String(32), default="mock", server_default="mock"
    )
    default_model: orm.Mapped[str] = orm.mapped_column(
        sa.String(100), default="mock-echo", server_default="mock-echo"
    )
    default_temperature: orm.Mapped[float] = orm.mapped_column(
        sa.Float(), default=0.7, server_default=sa.text("0.7")
    )
    default_max_tokens: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=1024, server_default=sa.text("1024")
    )
    theme: orm.Mapped[Theme] = orm.mapped_column(
        sa.Enum(
            Theme,
            native_enum=False,
            length=32,
            values_callable=lambda cls: [member.value for member in cls],
        ),
        default=Theme.SYSTEM,
        server_default="system",
    )
    font_size: orm.Mapped[int] = orm.mapped_column(
        sa.Integer(), default=14, server_default=sa.text("14")
    )
    show_token_count: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=True, server_default=sa.text("true")
    )
    show_cost_estimate: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=True, server_default=sa.text("true")
    )
    enable_streaming: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=True, server_default=sa.text("true")
    )
    enable_markdown: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=True, server_default=sa.text("true")
    )
    enable_code_highlight: orm.Mapped[bool] = orm.mapped_column(
        sa.Boolean(), default=True, server_default=sa.text("true")
    )
    owner: orm.Mapped["User"] = orm.relationship(
        foreign_keys=[owner_id],
        lazy="raise",
    )
