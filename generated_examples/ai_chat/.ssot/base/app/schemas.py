"""Request and response schemas (pydantic): XBase / XCreate / XUpdate / XPublic / XsPublic."""

import datetime as dt
import decimal
import typing as t
from uuid import UUID

import pydantic
import pydantic_core

from app.core.config import settings
from app.core.passwords import not_common
from app.enums import MessageRole, MessageStatus, Theme, UserRole


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
    pydantic.Field(min_length=12, max_length=128),
    pydantic.AfterValidator(not_common),
]
"""A new password: 12 to 128 characters, not in the shipped list of common passwords."""


class Token(pydantic.BaseModel):
    """An access token for the ``Authorization: Bearer`` header."""

    access_token: str
    token_type: str = "bearer"


class LoginRequest(InputModel):
    """Credentials for ``POST /api/auth/login``."""

    email: pydantic.EmailStr
    password: str = pydantic.Field(min_length=1, max_length=128)


class PasswordChange(InputModel):
    """Body of ``POST /api/auth/password``: the current password and the new one."""

    current_password: str = pydantic.Field(min_length=1, max_length=128)
    new_password: Password


class UserBase(InputModel):
    """Writable fields of user."""

    email: pydantic.EmailStr
    name: str = pydantic.Field(max_length=100)


class UserRegister(UserBase):
    """Body of ``POST /api/auth/register``."""

    password: Password


class UserUpdate(UpdateModel):
    """Body of ``PATCH /api/users/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = ("email", "name")
    email: pydantic.EmailStr | None = pydantic.Field(default=None)
    name: str | None = pydantic.Field(default=None, max_length=100)
    # required (and checked) only to change email
    current_password: str | None = pydantic.Field(default=None, max_length=128)


class UserPublic(pydantic.BaseModel):
    """User as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    email: str
    name: str
    role: UserRole
    created_at: UTCDateTime
    updated_at: UTCDateTime


class UsersPublic(pydantic.BaseModel):
    """A page of user rows and the total count."""

    data: list[UserPublic]
    count: int


class ConversationBase(InputModel):
    """Writable fields of conversation."""

    title: str = pydantic.Field(default="New conversation", max_length=200)
    provider: str = pydantic.Field(default="mock", max_length=32)
    model: str = pydantic.Field(default="mock-echo", max_length=100)
    temperature: float = pydantic.Field(default=0.7, ge=0.0, le=2.0, allow_inf_nan=False)
    max_tokens: int = pydantic.Field(default=1024, ge=1, le=200000)
    system_prompt: str | None = pydantic.Field(default=None)


class ConversationCreate(ConversationBase):
    """Body of ``POST /api/conversations``."""

    pass


class ConversationUpdate(UpdateModel):
    """Body of ``PATCH /api/conversations/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = (
        "title",
        "provider",
        "model",
        "temperature",
        "max_tokens",
    )
    title: str | None = pydantic.Field(default=None, max_length=200)
    provider: str | None = pydantic.Field(default=None, max_length=32)
    model: str | None = pydantic.Field(default=None, max_length=100)
    temperature: float | None = pydantic.Field(default=None, ge=0.0, le=2.0, allow_inf_nan=False)
    max_tokens: int | None = pydantic.Field(default=None, ge=1, le=200000)
    system_prompt: str | None = pydantic.Field(default=None)


class ConversationPublic(pydantic.BaseModel):
    """Conversation as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    owner_id: UUID
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
    # the last message of the branch the user follows (None: the newest message's branch)
    active_leaf_id: UUID | None = None


class ConversationsPublic(pydantic.BaseModel):
    """A page of conversation rows and the total count."""

    data: list[ConversationPublic]
    count: int


class ConversationBranchChoice(InputModel):
    """Body of ``PUT /api/conversations/{id}/branch``: the message whose
    branch becomes the active one (followed down to its newest descendant)."""

    leaf_id: UUID


class MessageBase(InputModel):
    """Writable fields of message."""

    role: MessageRole = pydantic.Field(default=MessageRole.USER)
    content: str = pydantic.Field(default="")

    _message_length = pydantic.field_validator("content")(message_length)


class MessageCreate(MessageBase):
    """Body of ``POST /api/messages``."""

    conversation_id: UUID
    parent_id: UUID | None = None


class MessageUpdate(UpdateModel):
    """Body of ``PATCH /api/messages/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = ("role", "content")
    role: MessageRole | None = pydantic.Field(default=None)
    content: str | None = pydantic.Field(default=None)

    _message_length = pydantic.field_validator("content")(message_length)


class MessagePublic(pydantic.BaseModel):
    """Message as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    conversation_id: UUID
    parent_id: UUID | None
    role: MessageRole
    content: str
    status: MessageStatus
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    input_tokens: int | None
    cache_read_tokens: int | None
    cache_write_tokens: int | None
    output_tokens: int | None
    reasoning_tokens: int | None
    usage_estimated: bool
    cost: FixedDecimal | None
    model: str | None
    finish_reason: str | None
    error: str | None
    error_code: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class MessagesPublic(pydantic.BaseModel):
    """A page of message rows and the total count."""

    data: list[MessagePublic]
    count: int


class MessageNodePublic(MessagePublic):
    """Message in a list of its conversation's tree: ``sibling_index`` is its
    1-based position among the messages with the same parent (oldest first), ``sibling_count``
    how many there are (more than 1: regenerated or edited)."""

    sibling_index: int
    sibling_count: int


class MessageNodesPublic(pydantic.BaseModel):
    """A page of a conversation's message rows, oldest first: its active
    branch, or the whole tree (``?branch=all``), and the total count."""

    data: list[MessageNodePublic]
    count: int


class ChatSettingsBase(InputModel):
    """Writable fields of chat settings."""

    default_provider: str = pydantic.Field(default="mock", max_length=32)
    default_model: str = pydantic.Field(default="mock-echo", max_length=100)
    default_temperature: float = pydantic.Field(default=0.7, ge=0.0, le=2.0, allow_inf_nan=False)
    default_max_tokens: int = pydantic.Field(default=1024, ge=1, le=200000)
    theme: Theme = pydantic.Field(default=Theme.SYSTEM)
    font_size: int = pydantic.Field(default=14, ge=10, le=32)
    show_token_count: bool = pydantic.Field(default=True)
    show_cost_estimate: bool = pydantic.Field(default=True)
    enable_streaming: bool = pydantic.Field(default=True)
    enable_markdown: bool = pydantic.Field(default=True)
    enable_code_highlight: bool = pydantic.Field(default=True)


class ChatSettingsCreate(ChatSettingsBase):
    """Body of ``POST /api/chat-settings``."""

    pass


class ChatSettingsUpdate(UpdateModel):
    """Body of ``PATCH /api/chat-settings/{id}``: only the keys sent are changed."""

    NOT_NULLABLE: t.ClassVar[tuple[str, ...]] = (
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
    default_provider: str | None = pydantic.Field(default=None, max_length=32)
    default_model: str | None = pydantic.Field(default=None, max_length=100)
    default_temperature: float | None = pydantic.Field(
        default=None, ge=0.0, le=2.0, allow_inf_nan=False
    )
    default_max_tokens: int | None = pydantic.Field(default=None, ge=1, le=200000)
    theme: Theme | None = pydantic.Field(default=None)
    font_size: int | None = pydantic.Field(default=None, ge=10, le=32)
    show_token_count: bool | None = pydantic.Field(default=None)
    show_cost_estimate: bool | None = pydantic.Field(default=None)
    enable_streaming: bool | None = pydantic.Field(default=None)
    enable_markdown: bool | None = pydantic.Field(default=None)
    enable_code_highlight: bool | None = pydantic.Field(default=None)


class ChatSettingsPublic(pydantic.BaseModel):
    """Chat settings as the API returns it."""

    model_config = pydantic.ConfigDict(from_attributes=True)

    id: UUID
    owner_id: UUID
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


class ChatSettingsListPublic(pydantic.BaseModel):
    """A page of chat settings rows and the total count."""

    data: list[ChatSettingsPublic]
    count: int
