"""The SSOT schema format as pydantic models (``extra="forbid"``, frozen).

This module is the single definition of the YAML format: validation, the JSON Schema published
by ``ssot-gen schema`` and the documentation in README.md all come from it. Cross references
(a relation to an unknown model, a chat binding to an unknown field, ...) are checked afterwards
in :mod:`ssot_gen.schema.checks`.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    JsonValue,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from ssot_gen.schema.names import DECIMAL_TEXT, ENV_VAR, PASCAL, PROVIDER, SNAKE

MAX_STRING_LENGTH = 10_485_760
"""Largest ``max_length`` of a string field: PostgreSQL's VARCHAR limit (use ``text`` above)."""

FieldType = Literal[
    "string",
    "text",
    "int",
    "float",
    "decimal",
    "bool",
    "datetime",
    "uuid",
    "json",
    "email",
    "enum",
]
OnDelete = Literal["cascade", "set_null", "restrict"]
ApiOperation = Literal["list", "read", "create", "update", "delete"]
ProviderKind = Literal["mock", "openai", "anthropic", "gemini"]
ImageType = Literal["image/png", "image/jpeg", "image/webp", "image/gif"]
EventName = Literal[
    "message.created",
    "message.updated",
    "message.streaming",
    "conversation.created",
    "conversation.updated",
]
ComponentKind = Literal[
    "ChatMessage",
    "ChatInput",
    "ChatConversationList",
    "ChatSettingsForm",
    "TokenCounter",
    "CostEstimate",
    "ModelSelector",
    "ProviderSelector",
]


def _or_shorthand(
    core_schema: CoreSchema,
    handler: GetJsonSchemaHandler,
    shorthand: dict[str, Any],
    description: str,
) -> JsonSchemaValue:
    """JSON Schema accepting the full mapping or its shorthand (a node's ``_shorthand``)."""
    full = handler.resolve_ref_schema(handler(core_schema))
    return {"anyOf": [full, {**shorthand, "description": description}]}


def _names(pattern: str) -> dict[str, Any]:
    """JSON Schema of a mapping whose keys are names of the shape ``pattern``."""
    return {"propertyNames": {"pattern": pattern}}


def _price_text(value: Any) -> Any:
    """Prices are numbers or decimal strings ("0.10"); never booleans or other text."""
    if isinstance(value, bool) or (
        isinstance(value, str) and re.fullmatch(DECIMAL_TEXT, value) is None
    ):
        raise ValueError("must be a non-negative number such as 0.10")
    return value


Price = Annotated[
    Decimal,
    BeforeValidator(_price_text),
    Field(ge=0, allow_inf_nan=False, strict=False),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": DECIMAL_TEXT},
            ]
        }
    ),
]
"""USD per 1 million tokens: a number or a decimal string."""


class Spec(BaseModel):
    """Base of every schema node: unknown keys are errors, values are immutable and of the
    type written (strict: ``'100'`` is not an integer, ``'yes'`` is not a boolean)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FieldSpec(Spec):
    """A column. ``type`` alone may be written as a plain string (``title: text``)."""

    type: FieldType
    description: str | None = None
    nullable: bool = False
    default: Any = None
    unique: bool = False
    index: bool = False
    read_only: bool = Field(
        default=False, description="Server-managed: shown in responses, never accepted in input."
    )
    max_length: int | None = Field(
        default=None,
        ge=1,
        le=MAX_STRING_LENGTH,
        description="string: maximum characters (default 255; use text above 10485760).",
    )
    min_length: int | None = Field(default=None, ge=0, description="string/text: minimum.")
    min: float | None = Field(
        default=None, allow_inf_nan=False, description="int/float/decimal: minimum value."
    )
    max: float | None = Field(
        default=None, allow_inf_nan=False, description="int/float/decimal: maximum value."
    )
    precision: int | None = Field(default=None, ge=1, le=38, description="decimal: total digits.")
    scale: int | None = Field(default=None, ge=0, le=30, description="decimal: digits after '.'.")
    enum: str | None = Field(default=None, description="enum: the name of an entry in `enums`.")
    renamed_from: str | None = Field(
        default=None, description="The field's previous name, so a migration renames the column."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"type": value}
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        shorthand = {"type": "string", "enum": list(get_args(FieldType))}
        return _or_shorthand(core_schema, handler, shorthand, "Shorthand of {type: ...}.")


class RelationSpec(Spec):
    """One of ``belongs_to`` (a foreign key column ``<name>_id``), ``has_many`` or ``has_one``."""

    belongs_to: str | None = None
    has_many: str | None = None
    has_one: str | None = None
    description: str | None = None
    on_delete: OnDelete = Field(
        default="cascade", description="belongs_to: what deleting the target does to this row."
    )
    nullable: bool = False
    unique: bool = Field(default=False, description="belongs_to: at most one row per target.")
    inverse: str | None = Field(
        default=None, description="has_many/has_one: the belongs_to relation on the target."
    )
    renamed_from: str | None = None


class EnumSpec(Spec):
    """A closed set of lowercase values. A plain list is shorthand for ``{values: [...]}``."""

    values: list[Annotated[str, Field(json_schema_extra={"pattern": SNAKE})]] = Field(min_length=1)
    description: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"values": value}
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        shorthand = {"type": "array", "items": {"type": "string", "pattern": SNAKE}, "minItems": 1}
        return _or_shorthand(core_schema, handler, shorthand, "Shorthand of {values: [...]}.")


class ModelSpec(Spec):
    """A table with its API. ``id`` (UUID) is always added; timestamps unless turned off."""

    description: str | None = None
    plural: str | None = Field(
        default=None,
        description="snake_case plural; guessed if absent.",
        json_schema_extra={"pattern": SNAKE},
    )
    owner: str | None = Field(
        default=None,
        description=(
            "A belongs_to relation that makes rows private: to the auth user model (direct "
            "owner) or to another owned model (owned through it)."
        ),
    )
    timestamps: bool = Field(default=True, description="Add created_at and updated_at.")
    fields: dict[str, FieldSpec] = Field(default_factory=dict, json_schema_extra=_names(SNAKE))
    relations: dict[str, RelationSpec] = Field(
        default_factory=dict, json_schema_extra=_names(SNAKE)
    )
    api: list[ApiOperation] | None = Field(
        default=None,
        description=(
            "The REST operations the model exposes. Default: all five; for the chat's message "
            "model `[list, read, delete]` (its rows are written by the chat, not by clients)."
        ),
    )
    renamed_from: str | None = None


class ProjectSpec(Spec):
    """Names of the generated project."""

    name: str = Field(
        description="Distribution name of the generated project (snake_case).",
        json_schema_extra={"pattern": SNAKE},
    )
    title: str
    description: str | None = None
    version: str = "0.1.0"


class AuthSpec(Spec):
    """JWT bearer auth against one model of the schema."""

    user_model: str
    login_field: str = "email"
    password_min_length: int = Field(default=12, ge=4, le=128)
    password_max_length: int = Field(
        default=128,
        ge=8,
        le=1024,
        description="Longest password accepted (characters); bounds the work of hashing one.",
    )
    token_lifetime_minutes: int = Field(default=60 * 24, ge=1)
    algorithm: Literal["HS256"] = "HS256"

    @model_validator(mode="after")
    def _lengths_ordered(self) -> AuthSpec:
        if self.password_min_length > self.password_max_length:
            raise ValueError("password_min_length must not exceed password_max_length")
        return self


RATE = r"^\s*[1-9][0-9]{0,8}\s*(/|per)\s*([1-9][0-9]{0,4}\s*)?(second|minute|hour|day)s?\s*$"
"""A rate limit as the ``limits`` library parses it: ``10/minute``, ``100 per hour``."""


def _rate_text(value: str) -> str:
    if re.fullmatch(RATE, value) is None:
        raise ValueError(f"'{value}' is not a rate such as 10/minute or 100 per hour")
    return value


RateText = Annotated[
    str, AfterValidator(_rate_text), WithJsonSchema({"type": "string", "pattern": RATE})
]

ORIGIN = r"^(\*|https?://[^/\s]+)$"


def _origin_text(value: str) -> str:
    if re.fullmatch(ORIGIN, value) is None:
        raise ValueError(f"'{value}' is not an origin such as https://app.example.com (or *)")
    return value


OriginText = Annotated[
    str, AfterValidator(_origin_text), WithJsonSchema({"type": "string", "pattern": ORIGIN})
]


class RateLimitsSpec(Spec):
    """Rate limits (``count/period``: second, minute, hour or day); each is a setting of the
    generated app too (``RATE_LIMIT_LOGIN``...), with these as its defaults."""

    login: RateText = Field(
        default="10/minute", description="Login attempts per client IP and per login name."
    )
    registration: RateText = Field(default="5/minute", description="Registrations per client IP.")
    send: RateText = Field(default="30/minute", description="Chat messages sent per user.")


class BudgetSpec(Spec):
    """A per-user daily budget (UTC days) checked before a reply starts; null: no limit."""

    tokens_per_day: int | None = Field(default=None, ge=1)
    usd_per_day: Price | None = Field(default=None, gt=0)


class SecuritySpec(Spec):
    """Limits of the generated app; each is a setting too, with these as its defaults."""

    rate_limits: RateLimitsSpec = Field(default_factory=RateLimitsSpec)
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest request body (bytes) on every route but attachment uploads.",
    )
    max_message_chars: int = Field(
        default=32000, ge=1, le=10_000_000, description="Longest message a user may send."
    )
    max_frame_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest websocket frame a client may send."
    )
    max_concurrent_generations: int = Field(
        default=3, ge=1, le=1000, description="Replies one user may have generating at once."
    )
    budget: BudgetSpec = Field(default_factory=BudgetSpec)
    cors_origins: list[OriginText] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser (none: same origin only).",
    )


def _date_text(value: Any) -> Any:
    """``since`` dates are ISO dates (``2026-01-01``); YAML keeps an unquoted date as text."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("must be a date such as 2026-01-01")


Since = Annotated[
    datetime.date,
    BeforeValidator(_date_text),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""The first day a price applies (UTC)."""

OptionValue = JsonValue
"""A provider option's value: any JSON value, passed through to the provider verbatim."""


class PriceSpec(Spec):
    """Prices of one provider model from the date ``since``, in USD per 1 million tokens.

    A class without its own price is billed at another: ``cached_input`` and ``cache_write``
    at ``input``, ``reasoning`` at ``output``.
    """

    since: Since
    input: Price
    output: Price
    cached_input: Price | None = None
    cache_write: Price | None = None
    reasoning: Price | None = None


class ModelPrice(Spec):
    """One model a provider serves: its prices (USD per 1 million tokens), context window,
    image input and provider options.

    The flat prices (``input``, ``output``, ...) apply from the beginning; ``prices`` lists
    later prices, each from its ``since`` date (oldest first). A model without any price is
    served but records no cost.
    """

    input: Price | None = None
    output: Price | None = None
    cached_input: Price | None = Field(
        default=None, description="Cache reads (default: the input price)."
    )
    cache_write: Price | None = Field(
        default=None, description="Cache writes (default: the input price)."
    )
    reasoning: Price | None = Field(
        default=None, description="Reasoning (thinking) tokens (default: the output price)."
    )
    prices: list[PriceSpec] = Field(
        default_factory=list, description="Later prices, each from its `since` date."
    )
    context_window: int | None = Field(default=None, ge=1, description="Tokens.")
    images: bool = Field(default=False, description="The model accepts image input.")
    options: dict[str, OptionValue] = Field(
        default_factory=dict,
        description="Provider options sent with every request, verbatim "
        "(e.g. `{reasoning_effort: low}`).",
    )


class ProviderSpec(Spec):
    """An AI provider; ``kind`` selects the adapter."""

    kind: ProviderKind
    label: str | None = None
    default: bool = False
    default_model: str
    api_key_env: str | None = Field(
        default=None,
        description="The environment variable holding the API key.",
        json_schema_extra={"pattern": ENV_VAR},
    )
    base_url_env: str | None = Field(
        default=None,
        description="The environment variable that may override the API's base URL.",
        json_schema_extra={"pattern": ENV_VAR},
    )
    delay_ms: int | None = Field(
        default=None, ge=0, description="mock: milliseconds between deltas."
    )
    models: dict[str, ModelPrice] = Field(min_length=1)


class RoleValues(Spec):
    """Which values of the message role enum mean user, assistant and system."""

    user: str = "user"
    assistant: str = "assistant"
    system: str = "system"


class StatusValues(Spec):
    """Which values of the message status enum mean each stage of a reply."""

    pending: str = "pending"
    streaming: str = "streaming"
    done: str = "done"
    error: str = "error"
    cancelled: str = "cancelled"


class ChatConversationSpec(Spec):
    """Binds the chat machinery to the conversation model: each value names one of its fields."""

    model: str
    provider: str
    model_name: str
    title: str | None = None
    temperature: str | None = None
    max_tokens: str | None = None
    system_prompt: str | None = None
    message_count: str | None = None
    total_tokens: str | None = None
    total_cost: str | None = None
    last_message_at: str | None = None


class ChatMessageSpec(Spec):
    """Binds the chat machinery to the message model: each value names one of its fields."""

    model: str
    conversation: str = Field(description="The message's belongs_to relation to the conversation.")
    role: str
    content: str
    status: str
    prompt_tokens: str | None = None
    completion_tokens: str | None = None
    total_tokens: str | None = None
    cost: str | None = None
    model_name: str | None = None
    finish_reason: str | None = None
    error: str | None = None
    error_code: str | None = Field(
        default=None, description="A short code of why a reply failed (auth, rate_limited, ...)."
    )
    input_tokens: str | None = Field(default=None, description="Uncached input tokens.")
    output_tokens: str | None = Field(default=None, description="Output without reasoning.")
    cache_read_tokens: str | None = None
    cache_write_tokens: str | None = None
    reasoning_tokens: str | None = None
    usage_estimated: str | None = Field(
        default=None, description="A bool field: true when the provider sent no usage."
    )
    parent: str | None = Field(
        default=None,
        description="A nullable belongs_to relation of the message model to itself: the "
        "message a message answers or follows (messages form a tree: regenerate and edit make "
        "siblings). Default: the generator adds one, `parent` (or `chat_parent` if taken).",
    )
    roles: RoleValues = Field(default_factory=RoleValues)
    statuses: StatusValues = Field(default_factory=StatusValues)


class FlushSpec(Spec):
    """When the streaming reply is written to the database (whichever comes first)."""

    interval_ms: int = Field(default=100, ge=1)
    max_bytes: int = Field(default=16384, ge=1)
    on_sentence: bool = True


class AttachmentsSpec(Spec):
    """Image attachments of user messages (``POST /api/attachments``, then ``message.send`` with
    ``attachments: [id]``); the limits are the defaults of the app's settings."""

    max_bytes: int = Field(
        default=5_242_880, ge=1, le=104_857_600, description="Largest image in bytes."
    )
    max_count: int = Field(default=4, ge=1, le=32, description="Most images on one message.")
    types: list[ImageType] = Field(
        default_factory=lambda: list(get_args(ImageType)),
        min_length=1,
        description="Accepted image types, recognised from the bytes (not the file name).",
    )


class ChatSpec(Spec):
    """The chat machinery: which models are the conversation and the message."""

    conversation: ChatConversationSpec
    message: ChatMessageSpec
    flush: FlushSpec = Field(default_factory=FlushSpec)
    title_model: str | None = Field(
        default=None,
        description="The model that writes conversation titles: `provider/model`, or a model "
        "of the conversation's own provider. Default: the conversation's model.",
    )
    attachments: AttachmentsSpec | None = Field(
        default=None, description="Image attachments (off when absent)."
    )


class EventSpec(Spec):
    """A websocket event sent by the server: its payload is a model's public shape or fields."""

    description: str | None = None
    payload: str | dict[str, FieldSpec] = Field(description="A model name, or fields by name.")


class UiSettingsSpec(Spec):
    """Which fields of the one-per-user settings model (the model whose owner relation is
    ``unique``: what the settings form edits) the page applies as soon as they are saved. Each
    value names one of its fields; leave out what the model does not have."""

    theme: str | None = Field(
        default=None,
        description="enum or string: `light` or `dark` (anything else follows the browser).",
    )
    font_size: str | None = Field(default=None, description="int: the text size, CSS pixels.")
    show_tokens: str | None = Field(default=None, description="bool: show token counts.")
    show_cost: str | None = Field(default=None, description="bool: show costs.")
    streaming: str | None = Field(
        default=None, description="bool: show a reply as it streams (off: when it ends)."
    )
    markdown: str | None = Field(default=None, description="bool: render Markdown.")
    code_highlight: str | None = Field(default=None, description="bool: colour code blocks.")
    provider: str | None = Field(
        default=None, description="string: a provider, edited with a select of the configured ones."
    )
    model: str | None = Field(
        default=None, description="string: a model, edited with a select of the provider's."
    )


class UiSpec(Spec):
    """The web components to emit under ``app/static/``."""

    title: str | None = None
    components: list[ComponentKind] = Field(default_factory=list)
    settings: UiSettingsSpec | None = Field(
        default=None, description="Display preferences the page applies at once (off when absent)."
    )


class MigrationsSpec(Spec):
    """How ssot-gen treats the migrations it writes."""

    acknowledge: list[str] = Field(
        default_factory=list,
        description="Non-safe migration operations the team has reviewed: a revision id "
        "(all of its operations) or an operation's text as generate printed it "
        "(`drop column threads.legacy`). `ssot-gen check --strict` fails on any other.",
    )


class Schema(Spec):
    """The whole SSOT file. Top-level keys starting with ``x-`` are ignored: they hold YAML
    anchors to reuse (``x-name: &name {type: string, max_length: 80}``, then ``<<: *name``)."""

    model_config = ConfigDict(json_schema_extra={"patternProperties": {"^x-": {}}})

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if not str(k).startswith("x-")}
        return value

    version: Literal[1] = 1
    project: ProjectSpec
    enums: dict[str, EnumSpec] = Field(default_factory=dict, json_schema_extra=_names(PASCAL))
    models: dict[str, ModelSpec] = Field(min_length=1, json_schema_extra=_names(PASCAL))
    auth: AuthSpec
    providers: dict[str, ProviderSpec] = Field(min_length=1, json_schema_extra=_names(PROVIDER))
    chat: ChatSpec
    events: dict[EventName, EventSpec]
    ui: UiSpec = Field(default_factory=UiSpec)
    keep: list[str] = Field(
        default_factory=list, description="Glob patterns of generated files that are the user's."
    )
    migrations: MigrationsSpec = Field(default_factory=MigrationsSpec)
    security: SecuritySpec = Field(default_factory=SecuritySpec)
