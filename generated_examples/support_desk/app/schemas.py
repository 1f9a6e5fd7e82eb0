"""Request and response schemas (pydantic): XBase / XCreate / XUpdate / XPublic / XsPublic."""

import datetime as dt
import decimal
import typing as t
from uuid import UUID

import pydantic
import pydantic_core

from app.core.config import settings
from app.core.passwords import not_common
from app.enums import AgentTier, ReplyAuthor, ReplyState, TicketChannel, TicketPriority


def _as_utc(value: dt.datetime) -> dt.datetime:
    """An instant in UTC: naive values (SQLite returns them; every stored time is UTC) are
    taken as UTC, others converted, so ``09:00+02:00`` is stored and returned as ``07:00Z``."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


UTCDateTime = t.Annotated[dt.datetime, pydantic.AfterValidator(_as_utc)]


def message_length(value: str | None) -> str | None:
    """A chat message's content is at most MAX_MESSAGE_CHARS characters (code points) on
    every path that takes it (the websocket's ``message.send`` checks the same setting)."""
    if value is not None and len(value) > settings.max_message_chars:
        raise ValueError(f"at most {settings.max_message_chars} characters")
    return value


# Exact decimals travel as fixed-point strings ("0.0000081000"), never floats or "0E-10".
FixedDecimal = t.Annotated[
    decimal.Decimal, pydantic.PlainSerializer(lambda value: format(value, "f"), return_type=str)
]


class InputModel(pydantic.BaseModel):
    """Base of request bodies: unknown (or read-only) keys are refused with 422."""

    model_config = pydantic.ConfigDict(extra="forbid")

    @pydantic.field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: t.Any) -> t.Any:
        """Refuse text no database stores alike: NUL (U+0000) and lone surrogates."""
        _check_storable(value)
        return value


def _check_storable(value: t.Any) -> None:
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

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = ()

    @pydantic.model_validator(mode="after")
    def _reject_nulls(self) -> t.Self:
        nulls = [name for name in self.NOT_NULLABLE if name in self.model_fields_set]
        nulls = [name for name in nulls if getattr(self, name) is None]
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: pydantic_core.CoreSchema, handler: pydantic.GetJsonSchemaHandler
    ) -> dict[str, t.Any]:
        """The JSON schema of the body: the keys of ``NOT_NULLABLE`` are optional but not
        nullable (``null`` is dropped from their ``anyOf``, and their ``null`` default)."""
        json_schema = handler(core_schema)
        properties = handler.resolve_ref_schema(json_schema).get("properties", {})
        for name in cls.NOT_NULLABLE:
            prop = properties.get(name)
            if prop is None or "anyOf" not in prop:
                continue
            options = [option for option in prop.pop("anyOf") if option != {"type": "null"}]
            if "default" in prop and prop["default"] is None:
                del prop["default"]
            if len(options) == 1:
                prop.update(options[0])
            else:
                prop["anyOf"] = options
        return json_schema


Password = t.Annotated[
    str,
    pydantic.Field(min_length=10, max_length=128),
    pydantic.AfterValidator(not_common),
]
"""A new password: 10 to 128 characters, not in the shipped list of common passwords."""


class Token(pydantic.BaseModel):
    """An access token for the ``Authorization: Bearer`` header."""

    access_token: str
    token_type: str = "bearer"


class LoginRequest(InputModel):
    """Credentials for ``POST /api/auth/login``."""

    username: str
    password: str = pydantic.Field(min_length=1, max_length=128)


class PasswordChange(InputModel):
    """Body of ``POST /api/auth/password``: the current password and the new one."""

    current_password: str = pydantic.Field(min_length=1, max_length=128)
    new_password: Password


class AgentBase(InputModel):
    """Writable fields of agent."""

    username: str = pydantic.Field(min_length=3, max_length=40)
    display_name: str = pydantic.Field(max_length=80)
    contact_email: pydantic.EmailStr | None = pydantic.Field(default=None)
    on_duty: bool = pydantic.Field(default=False)


class AgentRegister(AgentBase):
    """Body of ``POST /api/auth/register``."""

    password: Password


class AgentUpdate(UpdateModel):
    """Body of ``PATCH /api/agents/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = ("username", "display_name", "on_duty")
    username: str | None = pydantic.Field(default=None, min_length=3, max_length=40)
    display_name: str | None = pydantic.Field(default=None, max_length=80)
    contact_email: pydantic.EmailStr | None = pydantic.Field(default=None)
    on_duty: bool | None = pydantic.Field(default=None)
    # required (and checked) only to change username
    current_password: str | None = pydantic.Field(default=None, max_length=128)


class AgentPublic(pydantic.BaseModel):
    """Agent as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    username: str
    display_name: str
    contact_email: str | None
    tier: AgentTier
    on_duty: bool
    created_at: UTCDateTime
    updated_at: UTCDateTime


class AgentsPublic(pydantic.BaseModel):
    """A page of agent rows and the total count."""

    data: list[AgentPublic]
    count: int


class TicketBase(InputModel):
    """Writable fields of ticket."""

    subject: str = pydantic.Field(default="New ticket", max_length=160)
    customer_email: pydantic.EmailStr | None = pydantic.Field(default=None)
    priority: TicketPriority = pydantic.Field(default=TicketPriority.NORMAL)
    channel: TicketChannel = pydantic.Field(default=TicketChannel.WEB_FORM)
    due_at: UTCDateTime | None = pydantic.Field(default=None)
    external_ref: UUID | None = pydantic.Field(default=None)
    custom_fields: t.Any | None = pydantic.Field(default=None)
    ai_provider: str = pydantic.Field(default="offline", max_length=32)
    ai_model: str = pydantic.Field(default="scripted-draft", max_length=100)
    ai_temperature: float = pydantic.Field(default=0.3, ge=0.0, le=1.0, allow_inf_nan=False)
    instructions: str | None = pydantic.Field(default=None)


class TicketCreate(TicketBase):
    """Body of ``POST /api/tickets``."""

    escalated_to_id: UUID | None = None


class TicketUpdate(UpdateModel):
    """Body of ``PATCH /api/tickets/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = (
        "subject",
        "priority",
        "channel",
        "ai_provider",
        "ai_model",
        "ai_temperature",
    )
    subject: str | None = pydantic.Field(default=None, max_length=160)
    customer_email: pydantic.EmailStr | None = pydantic.Field(default=None)
    priority: TicketPriority | None = pydantic.Field(default=None)
    channel: TicketChannel | None = pydantic.Field(default=None)
    due_at: UTCDateTime | None = pydantic.Field(default=None)
    external_ref: UUID | None = pydantic.Field(default=None)
    custom_fields: t.Any | None = pydantic.Field(default=None)
    ai_provider: str | None = pydantic.Field(default=None, max_length=32)
    ai_model: str | None = pydantic.Field(default=None, max_length=100)
    ai_temperature: float | None = pydantic.Field(default=None, ge=0.0, le=1.0, allow_inf_nan=False)
    instructions: str | None = pydantic.Field(default=None)
    escalated_to_id: UUID | None = None


class TicketPublic(pydantic.BaseModel):
    """Ticket as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    assignee_id: UUID
    escalated_to_id: UUID | None
    subject: str
    customer_email: str | None
    priority: TicketPriority
    channel: TicketChannel
    due_at: UTCDateTime | None
    external_ref: UUID | None
    custom_fields: t.Any | None
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
    # the last message of the branch the user follows (None: the newest message's branch)
    active_leaf_id: UUID | None = None


class TicketsPublic(pydantic.BaseModel):
    """A page of ticket rows and the total count."""

    data: list[TicketPublic]
    count: int


class TicketBranchChoice(InputModel):
    """Body of ``PUT /api/tickets/{id}/branch``: the message whose
    branch becomes the active one (followed down to its newest descendant)."""

    leaf_id: UUID


class ReplyBase(InputModel):
    """Writable fields of reply."""

    author: ReplyAuthor = pydantic.Field(default=ReplyAuthor.CUSTOMER)
    body: str = pydantic.Field(default="")
    internal: bool = pydantic.Field(default=False)

    _message_length = pydantic.field_validator("body")(message_length)


class ReplyCreate(ReplyBase):
    """Body of ``POST /api/replies``."""

    ticket_id: UUID
    canned_response_id: UUID | None = None
    parent_id: UUID | None = None


class ReplyUpdate(UpdateModel):
    """Body of ``PATCH /api/replies/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = ("author", "body", "internal")
    author: ReplyAuthor | None = pydantic.Field(default=None)
    body: str | None = pydantic.Field(default=None)
    internal: bool | None = pydantic.Field(default=None)
    canned_response_id: UUID | None = None

    _message_length = pydantic.field_validator("body")(message_length)


class ReplyPublic(pydantic.BaseModel):
    """Reply as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    ticket_id: UUID
    canned_response_id: UUID | None
    parent_id: UUID | None
    author: ReplyAuthor
    body: str
    state: ReplyState
    internal: bool
    input_tokens: int | None
    output_tokens: int | None
    price: FixedDecimal | None
    stop_reason: str | None
    failure: str | None
    failure_code: str | None
    cache_hits: int | None
    estimated: bool
    created_at: UTCDateTime
    updated_at: UTCDateTime


class RepliesPublic(pydantic.BaseModel):
    """A page of reply rows and the total count."""

    data: list[ReplyPublic]
    count: int


class ReplyNodePublic(ReplyPublic):
    """Reply in a list of its conversation's tree: ``sibling_index`` is its
    1-based position among the messages with the same parent (oldest first), ``sibling_count``
    how many there are (more than 1: regenerated or edited)."""

    sibling_index: int
    sibling_count: int


class ReplyNodesPublic(pydantic.BaseModel):
    """A page of a conversation's reply rows, oldest first: its active
    branch, or the whole tree (``?branch=all``), and the total count."""

    data: list[ReplyNodePublic]
    count: int


class CannedResponseBase(InputModel):
    """Writable fields of canned response."""

    shortcut: str = pydantic.Field(max_length=32)
    title: str = pydantic.Field(max_length=120)
    body: str
    language: str = pydantic.Field(default="en", max_length=8)
    usage_count: int = pydantic.Field(default=0, ge=0, le=2147483647)


class CannedResponseCreate(CannedResponseBase):
    """Body of ``POST /api/canned-responses``."""

    pass


class CannedResponseUpdate(UpdateModel):
    """Body of ``PATCH /api/canned-responses/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = (
        "shortcut",
        "title",
        "body",
        "language",
        "usage_count",
    )
    shortcut: str | None = pydantic.Field(default=None, max_length=32)
    title: str | None = pydantic.Field(default=None, max_length=120)
    body: str | None = pydantic.Field(default=None)
    language: str | None = pydantic.Field(default=None, max_length=8)
    usage_count: int | None = pydantic.Field(default=None, ge=0, le=2147483647)


class CannedResponsePublic(pydantic.BaseModel):
    """Canned response as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    shortcut: str
    title: str
    body: str
    language: str
    usage_count: int
    created_at: UTCDateTime
    updated_at: UTCDateTime


class CannedResponsesPublic(pydantic.BaseModel):
    """A page of canned response rows and the total count."""

    data: list[CannedResponsePublic]
    count: int


class AgentPreferenceBase(InputModel):
    """Writable fields of agent preference."""

    signature: str | None = pydantic.Field(default=None)
    auto_draft: bool = pydantic.Field(default=True)
    notify_email: pydantic.EmailStr | None = pydantic.Field(default=None)
    away_until: UTCDateTime | None = pydantic.Field(default=None)
    max_open_tickets: int = pydantic.Field(default=20, ge=1, le=100)
    shortcuts: t.Any | None = pydantic.Field(default=None)


class AgentPreferenceCreate(AgentPreferenceBase):
    """Body of ``POST /api/agent-preferences``."""

    pass


class AgentPreferenceUpdate(UpdateModel):
    """Body of ``PATCH /api/agent-preferences/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = ("auto_draft", "max_open_tickets")
    signature: str | None = pydantic.Field(default=None)
    auto_draft: bool | None = pydantic.Field(default=None)
    notify_email: pydantic.EmailStr | None = pydantic.Field(default=None)
    away_until: UTCDateTime | None = pydantic.Field(default=None)
    max_open_tickets: int | None = pydantic.Field(default=None, ge=1, le=100)
    shortcuts: t.Any | None = pydantic.Field(default=None)


class AgentPreferencePublic(pydantic.BaseModel):
    """Agent preference as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    agent_id: UUID
    signature: str | None
    auto_draft: bool
    notify_email: str | None
    away_until: UTCDateTime | None
    max_open_tickets: int
    shortcuts: t.Any | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class AgentPreferencesPublic(pydantic.BaseModel):
    """A page of agent preference rows and the total count."""

    data: list[AgentPreferencePublic]
    count: int
