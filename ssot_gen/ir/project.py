"""The project-level IR: providers, events, UI components, auth and the project itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from ssot_gen.ir.attachments import Attachments, omitted_files
from ssot_gen.ir.chat import Chat
from ssot_gen.ir.fields import Enum, Field
from ssot_gen.ir.models import Model, NestedList

API_PREFIX = "/api"  # every REST route lives below it (the websocket is at /ws)


@dataclass(frozen=True)
class ProviderModel:
    """A model a provider serves, with list prices in USD per 1M tokens (as decimal strings)."""

    name: str
    input: str
    output: str
    cached_input: str | None
    context_window: int | None

    @property
    def cached_input_expr(self) -> str:
        """Python expression of the cached-input price: ``Decimal("0.5")`` or ``None``."""
        return f'Decimal("{self.cached_input}")' if self.cached_input else "None"


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


@dataclass(frozen=True)
class EventField:
    name: str
    py_type: str


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
class Auth:
    user: Model
    login_field: Field
    password_min_length: int
    token_lifetime_minutes: int
    algorithm: str

    @property
    def register_fields(self) -> tuple[Field, ...]:
        return self.user.writable_fields


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
    acknowledged: tuple[str, ...] = ()
    schema_json: str = field(repr=False, default="")
    attachments: Attachments | None = None  # chat.attachments (None: off)

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
    def uses_email(self) -> bool:
        return any(f.type == "email" for m in self.models for f in m.fields)
