"""The chat machinery's part of the IR: which models and fields the streaming engine binds to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ssot_gen.schema.models import Schema

if TYPE_CHECKING:
    from ssot_gen.ir import Enum, Field, Model


@dataclass(frozen=True)
class Chat:
    """The chat machinery's bindings: attribute names on the conversation/message models."""

    conversation: Model
    message: Model
    conv: dict[str, str | None]
    msg: dict[str, str | None]
    message_fk: str  # message column pointing at the conversation
    message_relation: str
    role_enum: Enum
    status_enum: Enum
    roles: dict[str, str]  # user/assistant/system -> "Role.USER"
    role_values: dict[str, str]  # user/assistant/system -> stored value
    statuses: dict[str, str]  # pending/... -> "Status.PENDING"
    status_values: dict[str, str]
    cost_scale: int | None
    total_cost_scale: int | None
    flush_interval_ms: int
    flush_max_bytes: int
    flush_on_sentence: bool
    parent: str = "parent"  # the message's belongs_to relation to its parent message
    title_provider: str | None = None  # of chat.title_model (None: the conversation's)
    title_model: str | None = None  # None: the conversation's model

    def _field(self, model: Model, name: str | None) -> Field | None:
        return next((f for f in model.fields if f.name == name), None) if name else None

    @property
    def parent_column(self) -> str:
        """The message column holding the parent message's id (the tree's link)."""
        return f"{self.parent}_id"

    @property
    def parent_in_payload(self) -> bool:
        """Whether the message model's create body (when its create route is open) carries the
        tree's parent link, so a client may place a message under a parent of its choice."""
        return any(r.column == self.parent_column for r in self.message.payload_relations)

    @property
    def node_schema(self) -> str:
        """The schema of a message in a list of the tree (with its sibling position)."""
        name = self.message.schema_names.node
        assert name is not None, "the chat's message model has node schemas"
        return name

    @property
    def nodes_schema(self) -> str:
        """The schema of a page of the conversation's messages (the nested list route)."""
        name = self.message.schema_names.nodes
        assert name is not None, "the chat's message model has node schemas"
        return name

    @property
    def branch_schema(self) -> str:
        """The body of ``PUT <conversations>/{id}/branch``: ``{"leaf_id": ...}``."""
        name = self.conversation.schema_names.branch
        assert name is not None, "the chat's conversation model has a branch schema"
        return name

    @property
    def content_max_length(self) -> int | None:
        """The message content column's maximum length in characters (None: unbounded)."""
        found = self._field(self.message, self.msg["content"])
        return found.max_length if found else None

    @property
    def writable_content(self) -> str | None:
        """The message content field's name when the message model's create/update bodies
        take it (they then check MAX_MESSAGE_CHARS as the websocket does), else None."""
        name = self.msg["content"]
        return name if any(f.name == name for f in self.message.writable_fields) else None

    @property
    def msg_max_lengths(self) -> dict[str, int | None]:
        """Maximum length of each bound message column: ``{binding: characters or None}``."""
        lengths: dict[str, int | None] = {}
        for key, name in self.msg.items():
            found = self._field(self.message, name)
            lengths[key] = found.max_length if found else None
        return lengths

    @property
    def title_default(self) -> str | None:
        """The title a conversation starts with (its field's default; None: no title yet).
        A conversation whose title is still this gets a generated title after its first
        reply; a user's rename makes it differ, so a renamed conversation is never retitled."""
        found = self._field(self.conversation, self.conv["title"])
        return None if found is None or found.default is None else str(found.default)

    @property
    def provider_default(self) -> str | None:
        """The provider field's default (None: the chat fills DEFAULT_PROVIDER)."""
        found = self._field(self.conversation, self.conv["provider"])
        return None if found is None or found.default is None else str(found.default)

    @property
    def model_default(self) -> str | None:
        """The model field's default (None: the chat fills DEFAULT_MODEL)."""
        found = self._field(self.conversation, self.conv["model_name"])
        return None if found is None or found.default is None else str(found.default)

    def _writable(self, key: str) -> bool:
        found = self._field(self.conversation, self.conv[key])
        return found is not None and found.writable

    @property
    def choice_writable(self) -> bool:
        """Clients create conversations over REST and may set provider and model there (the
        generated tests check the catalogue's 422s through it)."""
        return (
            self.conversation.exposes["create"]
            and self._writable("provider")
            and self._writable("model_name")
        )

    @property
    def choice_updatable(self) -> bool:
        """Clients may change provider and model with PATCH."""
        return (
            self.conversation.exposes["update"]
            and self._writable("provider")
            and self._writable("model_name")
        )

    @property
    def creatable_with(self) -> tuple[str, ...]:
        """Bindings among title and system_prompt that a REST create body may set."""
        if not self.conversation.exposes["create"]:
            return ()
        return tuple(
            key
            for key in ("title", "system_prompt")
            if self.conv[key] is not None and self._writable(key)
        )

    @property
    def title_renamable(self) -> bool:
        """The schema binds a title that clients may change with PATCH."""
        return (
            self.conv["title"] is not None
            and self.conversation.exposes["update"]
            and self._writable("title")
        )

    @property
    def titles_testable(self) -> bool:
        """A conversation created with the generated tests' sample body starts with the default
        title (so the tests can watch a title being generated)."""
        found = self._field(self.conversation, self.conv["title"])
        return found is not None and not found.in_sample_payload

    @property
    def title_max_length(self) -> int | None:
        """The title column's maximum length in characters (None: unbounded)."""
        found = self._field(self.conversation, self.conv["title"])
        return found.max_length if found else None

    @property
    def usage_bindings(self) -> tuple[tuple[str, str], ...]:
        """``(column, Usage attribute)`` of each bound token count of the message."""
        pairs = (
            ("prompt_tokens", "prompt_tokens"),
            ("completion_tokens", "completion_tokens"),
            ("total_tokens", "total_tokens"),
            ("input_tokens", "input_tokens"),
            ("output_tokens", "output_tokens"),
            ("cache_read_tokens", "cache_read_tokens"),
            ("cache_write_tokens", "cache_write_tokens"),
            ("reasoning_tokens", "reasoning_tokens"),
        )
        return tuple((column, attr) for key, attr in pairs if (column := self.msg.get(key)))

    @property
    def conv_unset(self) -> tuple[str, ...]:
        """Bindings among provider/model_name whose field has no default: the chat fills them
        from DEFAULT_PROVIDER / DEFAULT_MODEL when it creates a conversation."""
        return tuple(
            key
            for key in ("provider", "model_name")
            if (found := self._field(self.conversation, self.conv[key])) and not found.has_default
        )

    @property
    def message_order(self) -> tuple[str, ...]:
        """Columns of the message model that order a conversation oldest first."""
        return ("created_at", "id") if self.message.timestamps else ("id",)

    @property
    def messages_url(self) -> str:
        """The nested route listing a conversation's messages: ``/<conversations>/{id}/<this>``."""
        nested = self.conversation.messages_list
        assert nested is not None, "the builder always adds the chat's messages route"
        return nested.segment


def build_chat(schema: Schema, enums: dict[str, Enum], models: dict[str, Model]) -> Chat:
    """The chat bindings of ``schema`` over the already built ``models``."""
    spec = schema.chat
    conversation = models[spec.conversation.model]
    message = models[spec.message.model]
    conv = {k: v for k, v in spec.conversation.model_dump().items() if k != "model"}
    msg = {
        k: v
        for k, v in spec.message.model_dump().items()
        if k not in {"model", "conversation", "roles", "statuses", "parent"}
    }
    message_spec = schema.models[message.name]
    role_enum = enums[message_spec.fields[spec.message.role].enum or ""]
    status_enum = enums[message_spec.fields[spec.message.status].enum or ""]
    roles = spec.message.roles.model_dump()
    statuses = spec.message.statuses.model_dump()

    def scale(model: str, name: str | None) -> int | None:
        if name is None:
            return None
        raw = schema.models[model].fields[name]
        return raw.scale if raw.scale is not None else 6

    title_provider: str | None = None
    title_model = spec.title_model
    if title_model is not None and "/" in title_model:
        title_provider, title_model = title_model.split("/", 1)
    return Chat(
        conversation=conversation,
        message=message,
        conv=conv,
        msg=msg,
        message_fk=f"{spec.message.conversation}_id",
        message_relation=spec.message.conversation,
        role_enum=role_enum,
        status_enum=status_enum,
        roles={k: role_enum.member(v) for k, v in roles.items()},
        role_values=roles,
        statuses={k: status_enum.member(v) for k, v in statuses.items()},
        status_values=statuses,
        cost_scale=scale(message.name, spec.message.cost),
        total_cost_scale=scale(conversation.name, spec.conversation.total_cost),
        flush_interval_ms=spec.flush.interval_ms,
        flush_max_bytes=spec.flush.max_bytes,
        flush_on_sentence=spec.flush.on_sentence,
        parent=spec.message.parent or "parent",
        title_provider=title_provider,
        title_model=title_model,
    )
