"""SQLAlchemy 2.0 models. Constraint names follow ``NAMING_CONVENTION`` so Alembic can alter them."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
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

from app.enums import MessageRole, MessageStatus, Theme, UserRole

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


class User(Base):
    """A person who signs in and owns conversations."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[UserRole] = mapped_column(
        Enum(UserRole, native_enum=False, length=32, values_callable=enum_values),
        default=UserRole.USER,
        server_default="user",
    )
    hashed_password: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class Conversation(Base):
    """A thread of messages with one AI model."""

    __tablename__ = "conversations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"),
        index=True,
    )
    title: Mapped[str] = mapped_column(
        String(200), default="New conversation", server_default="New conversation"
    )
    provider: Mapped[str] = mapped_column(String(32), default="mock", server_default="mock")
    model: Mapped[str] = mapped_column(String(100), default="mock-echo", server_default="mock-echo")
    temperature: Mapped[float] = mapped_column(Float(), default=0.7, server_default=text("0.7"))
    max_tokens: Mapped[int] = mapped_column(Integer(), default=1024, server_default=text("1024"))
    system_prompt: Mapped[str | None] = mapped_column(Text())
    message_count: Mapped[int] = mapped_column(Integer(), default=0, server_default=text("0"))
    total_tokens: Mapped[int] = mapped_column(Integer(), default=0, server_default=text("0"))
    total_cost: Mapped[Decimal] = mapped_column(
        Numeric(18, 10), default=Decimal("0"), server_default="0"
    )
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    owner: Mapped["User"] = relationship(foreign_keys=[owner_id], lazy="raise")
    messages: Mapped[list["Message"]] = relationship(
        back_populates="conversation",
        foreign_keys="Message.conversation_id",
        passive_deletes=True,
        lazy="raise",
    )


class Message(Base):
    """One turn of a conversation; assistant replies are streamed into it."""

    __tablename__ = "messages"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"),
        index=True,
    )
    role: Mapped[MessageRole] = mapped_column(
        Enum(MessageRole, native_enum=False, length=32, values_callable=enum_values),
        default=MessageRole.USER,
        server_default="user",
    )
    content: Mapped[str] = mapped_column(Text(), default="", server_default="")
    status: Mapped[MessageStatus] = mapped_column(
        Enum(MessageStatus, native_enum=False, length=32, values_callable=enum_values),
        default=MessageStatus.DONE,
        server_default="done",
    )
    prompt_tokens: Mapped[int | None] = mapped_column(Integer())
    completion_tokens: Mapped[int | None] = mapped_column(Integer())
    total_tokens: Mapped[int | None] = mapped_column(Integer())
    cost: Mapped[Decimal | None] = mapped_column(Numeric(18, 10))
    model: Mapped[str | None] = mapped_column(String(100))
    finish_reason: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text())
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    conversation: Mapped["Conversation"] = relationship(
        back_populates="messages", foreign_keys=[conversation_id], lazy="raise"
    )


class ChatSettings(Base):
    """One per user; defaults for new conversations and display preferences."""

    __tablename__ = "chat_settings"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"),
        index=True,
        unique=True,
    )
    default_provider: Mapped[str] = mapped_column(String(32), default="mock", server_default="mock")
    default_model: Mapped[str] = mapped_column(
        String(100), default="mock-echo", server_default="mock-echo"
    )
    default_temperature: Mapped[float] = mapped_column(
        Float(), default=0.7, server_default=text("0.7")
    )
    default_max_tokens: Mapped[int] = mapped_column(
        Integer(), default=1024, server_default=text("1024")
    )
    theme: Mapped[Theme] = mapped_column(
        Enum(Theme, native_enum=False, length=32, values_callable=enum_values),
        default=Theme.SYSTEM,
        server_default="system",
    )
    font_size: Mapped[int] = mapped_column(Integer(), default=14, server_default=text("14"))
    show_token_count: Mapped[bool] = mapped_column(
        Boolean(), default=True, server_default=text("true")
    )
    show_cost_estimate: Mapped[bool] = mapped_column(
        Boolean(), default=True, server_default=text("true")
    )
    enable_streaming: Mapped[bool] = mapped_column(
        Boolean(), default=True, server_default=text("true")
    )
    enable_markdown: Mapped[bool] = mapped_column(
        Boolean(), default=True, server_default=text("true")
    )
    enable_code_highlight: Mapped[bool] = mapped_column(
        Boolean(), default=True, server_default=text("true")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    owner: Mapped["User"] = relationship(foreign_keys=[owner_id], lazy="raise")
