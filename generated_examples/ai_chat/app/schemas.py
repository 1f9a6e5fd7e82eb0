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

from app.enums import MessageRole, MessageStatus, Theme, UserRole


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

    email: EmailStr
    password: str = Field(min_length=1, max_length=128)


class UserBase(InputModel):
    """Writable fields of user."""

    email: EmailStr
    name: str = Field(max_length=100)


class UserRegister(UserBase):
    """Body of ``POST /api/auth/register``."""

    password: str = Field(min_length=8, max_length=128)


class UserUpdate(UpdateModel):
    """Body of ``PATCH /api/users/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = ("email", "name")
    email: EmailStr | None = Field(default=None)
    name: str | None = Field(default=None, max_length=100)


class UserPublic(BaseModel):
    """User as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: UserRole
    created_at: UTCDateTime
    updated_at: UTCDateTime


class UsersPublic(BaseModel):
    """A page of user rows and the total count."""

    data: list[UserPublic]
    count: int


class ConversationBase(InputModel):
    """Writable fields of conversation."""

    title: str = Field(default="New conversation", max_length=200)
    provider: str = Field(default="mock", max_length=32)
    model: str = Field(default="mock-echo", max_length=100)
    temperature: float = Field(default=0.7, ge=0.0, le=2.0, allow_inf_nan=False)
    max_tokens: int = Field(default=1024, ge=1, le=200000)
    system_prompt: str | None = Field(default=None)


class ConversationCreate(ConversationBase):
    """Body of ``POST /api/conversations``."""

    pass


class ConversationUpdate(UpdateModel):
    """Body of ``PATCH /api/conversations/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = (
        "title",
        "provider",
        "model",
        "temperature",
        "max_tokens",
    )
    title: str | None = Field(default=None, max_length=200)
    provider: str | None = Field(default=None, max_length=32)
    model: str | None = Field(default=None, max_length=100)
    temperature: float | None = Field(default=None, ge=0.0, le=2.0, allow_inf_nan=False)
    max_tokens: int | None = Field(default=None, ge=1, le=200000)
    system_prompt: str | None = Field(default=None)


class ConversationPublic(BaseModel):
    """Conversation as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    owner_id: uuid.UUID
    title: str
    provider: str
    model: str
    temperature: float
    max_tokens: int
    system_prompt: str | None
    message_count: int
    total_tokens: int
    total_cost: FixedDecimal
    last_message_at: UTCDateTime | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class ConversationsPublic(BaseModel):
    """A page of conversation rows and the total count."""

    data: list[ConversationPublic]
    count: int


class MessageBase(InputModel):
    """Writable fields of message."""

    role: MessageRole = Field(default=MessageRole.USER)
    content: str = Field(default="")


class MessageCreate(MessageBase):
    """Body of ``POST /api/messages``."""

    conversation_id: uuid.UUID


class MessageUpdate(UpdateModel):
    """Body of ``PATCH /api/messages/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = ("role", "content", "conversation_id")
    role: MessageRole | None = Field(default=None)
    content: str | None = Field(default=None)


class MessagePublic(BaseModel):
    """Message as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    conversation_id: uuid.UUID
    role: MessageRole
    content: str
    status: MessageStatus
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    cost: FixedDecimal | None
    model: str | None
    finish_reason: str | None
    error: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class MessagesPublic(BaseModel):
    """A page of message rows and the total count."""

    data: list[MessagePublic]
    count: int


class ChatSettingsBase(InputModel):
    """Writable fields of chat settings."""

    default_provider: str = Field(default="mock", max_length=32)
    default_model: str = Field(default="mock-echo", max_length=100)
    default_temperature: float = Field(default=0.7, ge=0.0, le=2.0, allow_inf_nan=False)
    default_max_tokens: int = Field(default=1024, ge=1, le=200000)
    theme: Theme = Field(default=Theme.SYSTEM)
    font_size: int = Field(default=14, ge=10, le=32)
    show_token_count: bool = Field(default=True)
    show_cost_estimate: bool = Field(default=True)
    enable_streaming: bool = Field(default=True)
    enable_markdown: bool = Field(default=True)
    enable_code_highlight: bool = Field(default=True)


class ChatSettingsCreate(ChatSettingsBase):
    """Body of ``POST /api/chat-settings``."""

    pass


class ChatSettingsUpdate(UpdateModel):
    """Body of ``PATCH /api/chat-settings/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: ClassVar[tuple[str, ...]] = (
        "default_provider",
        "default_model",
        "default_temperature",
        "default_max_tokens",
        "theme",
        "font_size",
        "show_token_count",
        "show_cost_estimate",
        "enable_streaming",
        "enable_markdown",
        "enable_code_highlight",
    )
    default_provider: str | None = Field(default=None, max_length=32)
    default_model: str | None = Field(default=None, max_length=100)
    default_temperature: float | None = Field(default=None, ge=0.0, le=2.0, allow_inf_nan=False)
    default_max_tokens: int | None = Field(default=None, ge=1, le=200000)
    theme: Theme | None = Field(default=None)
    font_size: int | None = Field(default=None, ge=10, le=32)
    show_token_count: bool | None = Field(default=None)
    show_cost_estimate: bool | None = Field(default=None)
    enable_streaming: bool | None = Field(default=None)
    enable_markdown: bool | None = Field(default=None)
    enable_code_highlight: bool | None = Field(default=None)


class ChatSettingsPublic(BaseModel):
    """Chat settings as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    owner_id: uuid.UUID
    default_provider: str
    default_model: str
    default_temperature: float
    default_max_tokens: int
    theme: Theme
    font_size: int
    show_token_count: bool
    show_cost_estimate: bool
    enable_streaming: bool
    enable_markdown: bool
    enable_code_highlight: bool
    created_at: UTCDateTime
    updated_at: UTCDateTime


class ChatSettingsListPublic(BaseModel):
    """A page of chat settings rows and the total count."""

    data: list[ChatSettingsPublic]
    count: int
