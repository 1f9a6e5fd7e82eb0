"""The project-level IR: providers, events, UI components, auth and the project itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ssot_gen.ir.attachments import Attachments, omitted_files
from ssot_gen.ir.chat import Chat
from ssot_gen.ir.fields import Enum, Field
from ssot_gen.ir.models import Model, NestedList

API_PREFIX = "/api"  # every REST route lives below it (the websocket is at /ws)


@dataclass(frozen=True)
class ModelPrice:
    """Prices of a model from ``since`` (ISO date; None: from the beginning), in USD per 1M
    tokens as decimal strings; a class left None is billed at another (see ``pricing.Price``)."""

    input: str
    output: str
    cached_input: str | None = None
    cache_write: str | None = None
    reasoning: str | None = None
    since: str | None = None

    @property
    def since_parts(self) -> tuple[int, int, int] | None:
        """``since`` as (year, month, day), for ``datetime.date(...)``."""
        if self.since is None:
            return None
        year, month, day = self.since.split("-")
        return int(year), int(month), int(day)

    @property
    def optional(self) -> tuple[tuple[str, str], ...]:
        """The optional classes that have a price: ``(("cached_input", "0.5"), ...)``."""
        pairs = (
            ("cached_input", self.cached_input),
            ("cache_write", self.cache_write),
            ("reasoning", self.reasoning),
        )
        return tuple((key, value) for key, value in pairs if value is not None)


@dataclass(frozen=True)
class ProviderModel:
    """A model a provider serves: its prices (oldest first), context window (tokens), whether
    it accepts images, and the provider options sent with every request."""

    name: str
    prices: tuple[ModelPrice, ...]
    context_window: int | None
    images: bool = False
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def first_price(self) -> ModelPrice | None:
        """The price from the beginning (the flat form), if the schema gives one."""
        return next((p for p in self.prices if p.since is None), None)

    @property
    def input(self) -> str | None:
        """The flat input price (USD per 1M tokens) the UI's cost estimate shows."""
        return self.first_price.input if self.first_price else None

    @property
    def output(self) -> str | None:
        """The flat output price (USD per 1M tokens) the UI's cost estimate shows."""
        return self.first_price.output if self.first_price else None

    @property
    def options_dict(self) -> dict[str, Any]:
        """The provider options as a mapping, in schema order."""
        return dict(self.options)


@dataclass(frozen=True)
class Provider:
    """An AI provider of the schema; ``kind`` picks the adapter."""

    name: str
    kind: str
    label: str
    default: bool
    default_model: str
    api_key_env: str | None
    base_url_env: str | None
    delay_ms: int
    models: tuple[ProviderModel, ...]

    @property
    def api_key_setting(self) -> str | None:
        """The Settings attribute read from ``api_key_env`` (``openai_api_key``)."""
        return self.api_key_env.lower() if self.api_key_env else None

    @property
    def base_url_setting(self) -> str | None:
        """The Settings attribute read from ``base_url_env`` (``openai_base_url``)."""
        return self.base_url_env.lower() if self.base_url_env else None

    @property
    def sdk_requirement(self) -> str | None:
        """The pip requirement of the official SDK its adapter imports (None: mock)."""
        return SDK_REQUIREMENTS.get(self.kind)


SDK_REQUIREMENTS = {
    "openai": "openai>=3",
    "anthropic": "anthropic>=2",
    "gemini": "google-genai>=3",
}
"""The official SDK of each provider kind (the generated pyproject depends on the kinds used);
the lower bounds are the majors whose types and stream shapes the adapters and the fake
servers were written against (``tests/runtime/test_providers_sdk.py``)."""


@dataclass(frozen=True)
class EventField:
    name: str
    py_type: str

    @property
    def ts_type(self) -> str:
        """The TypeScript type of its JSON value (``app/static/types.d.ts``)."""
        return "number" if self.py_type == "int" else "string"


@dataclass(frozen=True)
class Event:
    """A server -> client websocket event: ``payload_model`` or ``payload_fields``."""

    name: str
    class_name: str  # "MessageCreatedEvent"
    description: str | None
    payload_model: Model | None
    payload_fields: tuple[EventField, ...]


@dataclass(frozen=True)
class Component:
    """A web component of the UI: ``<chat-message>`` in ``app/static/components/``."""

    kind: str
    tag: str
    file: str


@dataclass(frozen=True)
class Security:
    """``security`` of the schema: the generated app's limits (each is also a setting)."""

    rate_login: str  # "10/minute": per client IP and per login name
    rate_register: str  # per client IP
    rate_send: str  # chat messages per user
    max_body_bytes: int
    max_message_chars: int
    max_frame_bytes: int
    max_concurrent_generations: int
    budget_tokens_per_day: int | None
    budget_usd_per_day: str | None  # a decimal text, USD
    cors_origins: tuple[str, ...]


@dataclass(frozen=True)
class Auth:
    user: Model
    login_field: Field
    password_min_length: int
    password_max_length: int
    token_lifetime_minutes: int
    algorithm: str

    @property
    def register_fields(self) -> tuple[Field, ...]:
        return self.user.writable_fields

    @property
    def login_case_insensitive(self) -> bool:
        """The login is an email: stored and looked up lower-cased and stripped."""
        return self.login_field.type == "email"

    @property
    def login_changeable(self) -> bool:
        """The user's PATCH can change the login (it then asks for the current password)."""
        return bool(self.user.exposes["update"]) and self.login_field.writable


@dataclass(frozen=True)
class Project:
    """The whole generated project."""

    name: str
    dist_name: str
    title: str
    description: str
    version: str
    enums: tuple[Enum, ...]
    models: tuple[Model, ...]
    auth: Auth
    providers: tuple[Provider, ...]
    default_provider: Provider
    chat: Chat
    events: tuple[Event, ...]
    components: tuple[Component, ...]
    ui_title: str
    keep: tuple[str, ...]
    ui_settings_bindings: tuple[tuple[str, str], ...] = ()  # ui.settings: (role, field name)
    acknowledged: tuple[str, ...] = ()
    schema_json: str = field(repr=False, default="")
    attachments: Attachments | None = None  # chat.attachments (None: off)
    security: Security | None = None  # always set by the builder

    @property
    def omitted_files(self) -> frozenset[str]:
        """Verbatim template files this project does not get (attachments off)."""
        return omitted_files(self.attachments)

    def model(self, name: str) -> Model:
        """The model called ``name``; raises KeyError if there is none."""
        for model in self.models:
            if model.name == name:
                return model
        raise KeyError(name)

    @property
    def api_prefix(self) -> str:
        """The path every REST route lives below."""
        return API_PREFIX

    @property
    def messages_list(self) -> NestedList:
        """The route listing a conversation's messages (declared has_many or not)."""
        nested = self.chat.conversation.messages_list
        assert nested is not None, "the builder always adds the chat's messages route"
        return nested

    @property
    def component_kinds(self) -> tuple[str, ...]:
        """The UI component kinds the schema asks for (``"ChatMessage"``, ...)."""
        return tuple(c.kind for c in self.components)

    def has_component(self, kind: str) -> bool:
        return kind in self.component_kinds

    @property
    def settings_model(self) -> Model | None:
        """The one-per-user model the settings form edits (None: the form edits the user)."""
        return next(
            (
                m
                for m in self.models
                if m.one_per_owner and not (m.is_chat_conversation or m.is_chat_message)
            ),
            None,
        )

    @property
    def ui_settings(self) -> dict[str, str]:
        """The display preferences the page applies as soon as the settings form saves them
        (the schema's ``ui.settings``): role (``theme``, ``font_size``, ...) -> the field of
        the settings model that holds it. Empty when the schema binds none."""
        return dict(self.ui_settings_bindings)

    @property
    def streaming_event(self) -> Event:
        """The event whose payload is fields (``message.streaming``)."""
        return next(e for e in self.events if e.payload_model is None)

    @property
    def private_models(self) -> tuple[Model, ...]:
        return tuple(m for m in self.models if m.private)

    @property
    def has_enums(self) -> bool:
        return bool(self.enums)

    def uses_type(self, kind: str) -> bool:
        """Some model has a field of type ``kind`` (``"decimal"``, ``"json"``, ...)."""
        return any(f.type == kind for m in self.models for f in m.fields)

    @property
    def catalog_has_dates(self) -> bool:
        """Some model price starts at a ``since`` date (the catalogue imports datetime)."""
        return any(
            price.since is not None
            for provider in self.providers
            for model in provider.models
            for price in model.prices
        )

    @property
    def sdk_requirements(self) -> tuple[str, ...]:
        """The provider SDKs the generated project depends on: one per kind it enables."""
        found = {p.sdk_requirement for p in self.providers if p.sdk_requirement}
        return tuple(sorted(found))

    @property
    def provider_env_settings(self) -> tuple[tuple[str, bool], ...]:
        """``(Settings attribute, is a secret)`` of every provider environment variable, once
        each, sorted (two providers may share a variable)."""
        found: dict[str, bool] = {}
        for p in self.providers:
            if p.api_key_setting:
                found[p.api_key_setting] = True
            if p.base_url_setting:
                found.setdefault(p.base_url_setting, False)
        return tuple(sorted(found.items()))

    @property
    def unused_adapter_modules(self) -> tuple[str, ...]:
        """Modules of the provider adapters (copied into every project) whose SDK this project
        does not depend on: mypy does not check them (their SDK is not installed)."""
        used = {p.kind for p in self.providers}
        return tuple(
            f"app.chat.providers.{kind}" for kind in sorted(SDK_REQUIREMENTS) if kind not in used
        )

    @property
    def real_provider_kinds(self) -> tuple[str, ...]:
        """The non-mock provider kinds the schema enables, sorted."""
        return tuple(sorted({p.kind for p in self.providers if p.kind != "mock"}))

    @property
    def uses_email(self) -> bool:
        return any(f.type == "email" for m in self.models for f in m.fields)
