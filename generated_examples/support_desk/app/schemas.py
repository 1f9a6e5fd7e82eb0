"""Request and response schemas (pydantic): XBase / XCreate / XUpdate / XPublic / XsPublic."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from app.enums import AgentTier, ReplyAuthor, ReplyState, TicketChannel, TicketPriority


def _as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored datetime is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


UTCDateTime = Annotated[datetime, AfterValidator(_as_utc)]
# Exact decimals travel as fixed-point strings ("0.0000081000"), never floats or "0E-10".
FixedDecimal = Annotated[
    Decimal, PlainSerializer(lambda value: format(value, "f"), return_type=str)
]


class InputModel(BaseModel):
    """Base of request bodies: unknown (or read-only) keys are refused with 422."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        """Refuse text no database stores alike: NUL (U+0000) and lone surrogates."""
        _check_storable(value)
        return value


def _check_storable(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise ValueError("must be valid Unicode text (no lone surrogates)") from err
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_storable(key)
            _check_storable(item)
    elif isinstance(value, list):
        for item in value:
            _check_storable(item)


class UpdateModel(InputModel):
    """Base of PATCH bodies: a key may be omitted, but a NOT NULL column may not be sent null."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _reject_nulls(self) -> Self:
        nulls = [name for name in self.NOT_NULLABLE if name in self.model_fields_set]
        nulls = [name for name in nulls if getattr(self, name) is None]
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self


class Token(BaseModel):
    """An access token for the ``Authorization: Bearer`` header."""

    access_token: str
    token_type: str = "bearer"


class LoginRequest(InputModel):
    """Credentials for ``POST /api/auth/login``."""

    username: str
    password: str = Field(min_length=1, max_length=128)


class AgentBase(InputModel):
    """Writable fields of agent."""

    username: str = Field(min_length=3, max_length=40)
    display_name: str = Field(max_length=80)
    contact_email: EmailStr | None = Field(default=None)
    on_duty: bool = Field(default=False)


class AgentRegister(AgentBase):
    """Body of ``POST /api/auth/register``."""

    password: str = Field(min_length=10, max_length=128)


class AgentUpdate(UpdateModel):
    """Body of ``PATCH /api/agents/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = ("username", "display_name", "on_duty")
    username: str | None = Field(default=None, min_length=3, max_length=40)
    display_name: str | None = Field(default=None, max_length=80)
    contact_email: EmailStr | None = Field(default=None)
    on_duty: bool | None = Field(default=None)


class AgentPublic(BaseModel):
    """Agent as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    username: str
    display_name: str
    contact_email: str | None
    tier: AgentTier
    on_duty: bool
    created_at: UTCDateTime
    updated_at: UTCDateTime


class AgentsPublic(BaseModel):
    """A page of agent rows and the total count."""

    data: list[AgentPublic]
    count: int


class TicketBase(InputModel):
    """Writable fields of ticket."""

    subject: str = Field(default="New ticket", max_length=160)
    customer_email: EmailStr | None = Field(default=None)
    priority: TicketPriority = Field(default=TicketPriority.NORMAL)
    channel: TicketChannel = Field(default=TicketChannel.WEB_FORM)
    due_at: datetime | None = Field(default=None)
    external_ref: uuid.UUID | None = Field(default=None)
    custom_fields: Any | None = Field(default=None)
    ai_provider: str = Field(default="offline", max_length=32)
    ai_model: str = Field(default="scripted-draft", max_length=100)
    ai_temperature: float = Field(default=0.3, ge=0.0, le=1.0, allow_inf_nan=False)
    instructions: str | None = Field(default=None)


class TicketCreate(TicketBase):
    """Body of ``POST /api/tickets``."""

    escalated_to_id: uuid.UUID | None = None


class TicketUpdate(UpdateModel):
    """Body of ``PATCH /api/tickets/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = (
        "subject",
        "priority",
        "channel",
        "ai_provider",
        "ai_model",
        "ai_temperature",
    )
    subject: str | None = Field(default=None, max_length=160)
    customer_email: EmailStr | None = Field(default=None)
    priority: TicketPriority | None = Field(default=None)
    channel: TicketChannel | None = Field(default=None)
    due_at: datetime | None = Field(default=None)
    external_ref: uuid.UUID | None = Field(default=None)
    custom_fields: Any | None = Field(default=None)
    ai_provider: str | None = Field(default=None, max_length=32)
    ai_model: str | None = Field(default=None, max_length=100)
    ai_temperature: float | None = Field(default=None, ge=0.0, le=1.0, allow_inf_nan=False)
    instructions: str | None = Field(default=None)
    escalated_to_id: uuid.UUID | None = None


class TicketPublic(BaseModel):
    """Ticket as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    assignee_id: uuid.UUID
    escalated_to_id: uuid.UUID | None
    subject: str
    customer_email: str | None
    priority: TicketPriority
    channel: TicketChannel
    due_at: UTCDateTime | None
    external_ref: uuid.UUID | None
    custom_fields: Any | None
    ai_provider: str
    ai_model: str
    ai_temperature: float
    instructions: str | None
    reply_count: int
    token_total: int
    spend: FixedDecimal
    last_reply_at: UTCDateTime | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class TicketsPublic(BaseModel):
    """A page of ticket rows and the total count."""

    data: list[TicketPublic]
    count: int


class ReplyBase(InputModel):
    """Writable fields of reply."""

    author: ReplyAuthor = Field(default=ReplyAuthor.CUSTOMER)
    body: str = Field(default="")
    internal: bool = Field(default=False)


class ReplyCreate(ReplyBase):
    """Body of ``POST /api/replies``."""

    ticket_id: uuid.UUID
    canned_response_id: uuid.UUID | None = None


class ReplyUpdate(UpdateModel):
    """Body of ``PATCH /api/replies/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = ("author", "body", "internal", "ticket_id")
    author: ReplyAuthor | None = Field(default=None)
    body: str | None = Field(default=None)
    internal: bool | None = Field(default=None)
    canned_response_id: uuid.UUID | None = None


class ReplyPublic(BaseModel):
    """Reply as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    ticket_id: uuid.UUID
    canned_response_id: uuid.UUID | None
    author: ReplyAuthor
    body: str
    state: ReplyState
    internal: bool
    input_tokens: int | None
    output_tokens: int | None
    price: FixedDecimal | None
    stop_reason: str | None
    failure: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class RepliesPublic(BaseModel):
    """A page of reply rows and the total count."""

    data: list[ReplyPublic]
    count: int


class CannedResponseBase(InputModel):
    """Writable fields of canned response."""

    shortcut: str = Field(max_length=32)
    title: str = Field(max_length=120)
    body: str
    language: str = Field(default="en", max_length=8)
    usage_count: int = Field(default=0, ge=0, le=2147483647)


class CannedResponseCreate(CannedResponseBase):
    """Body of ``POST /api/canned-responses``."""

    pass


class CannedResponseUpdate(UpdateModel):
    """Body of ``PATCH /api/canned-responses/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = (
        "shortcut",
        "title",
        "body",
        "language",
        "usage_count",
    )
    shortcut: str | None = Field(default=None, max_length=32)
    title: str | None = Field(default=None, max_length=120)
    body: str | None = Field(default=None)
    language: str | None = Field(default=None, max_length=8)
    usage_count: int | None = Field(default=None, ge=0, le=2147483647)


class CannedResponsePublic(BaseModel):
    """Canned response as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    shortcut: str
    title: str
    body: str
    language: str
    usage_count: int
    created_at: UTCDateTime
    updated_at: UTCDateTime


class CannedResponsesPublic(BaseModel):
    """A page of canned response rows and the total count."""

    data: list[CannedResponsePublic]
    count: int


class AgentPreferenceBase(InputModel):
    """Writable fields of agent preference."""

    signature: str | None = Field(default=None)
    auto_draft: bool = Field(default=True)
    notify_email: EmailStr | None = Field(default=None)
    away_until: datetime | None = Field(default=None)
    max_open_tickets: int = Field(default=20, ge=1, le=100)
    shortcuts: Any | None = Field(default=None)


class AgentPreferenceCreate(AgentPreferenceBase):
    """Body of ``POST /api/agent-preferences``."""

    pass


class AgentPreferenceUpdate(UpdateModel):
    """Body of ``PATCH /api/agent-preferences/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = ("auto_draft", "max_open_tickets")
    signature: str | None = Field(default=None)
    auto_draft: bool | None = Field(default=None)
    notify_email: EmailStr | None = Field(default=None)
    away_until: datetime | None = Field(default=None)
    max_open_tickets: int | None = Field(default=None, ge=1, le=100)
    shortcuts: Any | None = Field(default=None)


class AgentPreferencePublic(BaseModel):
    """Agent preference as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    agent_id: uuid.UUID
    signature: str | None
    auto_draft: bool
    notify_email: str | None
    away_until: UTCDateTime | None
    max_open_tickets: int
    shortcuts: Any | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class AgentPreferencesPublic(BaseModel):
    """A page of agent preference rows and the total count."""

    data: list[AgentPreferencePublic]
    count: int
