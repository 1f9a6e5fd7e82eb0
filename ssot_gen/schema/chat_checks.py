"""Checks of the ``chat`` section: its bindings name fields of the right types and values."""

from __future__ import annotations

from typing import Any

from ssot_gen.schema.base import CheckerBase
from ssot_gen.schema.models import ModelSpec
from ssot_gen.schema.source import PathKey, did_you_mean

# Which field types each chat binding accepts.
CONVERSATION_BINDINGS = {
    "provider": {"string"},
    "model_name": {"string"},
    "title": {"string", "text"},
    "temperature": {"float", "decimal"},
    "max_tokens": {"int"},
    "system_prompt": {"string", "text"},
    "message_count": {"int"},
    "total_tokens": {"int"},
    "total_cost": {"decimal"},
    "last_message_at": {"datetime"},
}
# Bindings of the conversation model that the chat adds to after each reply (``x += ...``).
RUNNING_TOTALS = {"message_count", "total_tokens", "total_cost"}
MESSAGE_BINDINGS = {
    "role": {"enum"},
    "content": {"text", "string"},
    "status": {"enum"},
    "prompt_tokens": {"int"},
    "completion_tokens": {"int"},
    "total_tokens": {"int"},
    "cost": {"decimal"},
    "model_name": {"string"},
    "finish_reason": {"string", "text"},
    "error": {"string", "text"},
    "error_code": {"string", "text"},
    "input_tokens": {"int"},
    "output_tokens": {"int"},
    "cache_read_tokens": {"int"},
    "cache_write_tokens": {"int"},
    "reasoning_tokens": {"int"},
    "usage_estimated": {"bool"},
}


# Columns the generator adds to the chat's models for the streaming engine, with why.
ENGINE_MESSAGE_NAMES = {
    "lease_owner": "the generator adds it: the process producing a streaming reply",
    "lease_expires_at": "the generator adds it: when a streaming reply's producer lease ends",
}
ENGINE_CONVERSATION_NAMES = {
    "active_leaf_id": "the generator adds it: the last message of the active branch",
}


class ChatChecks(CheckerBase):
    """The conversation and message bindings, their defaults and enum values."""

    def binding(self, path: PathKey, model: str | None, field: str, types: set[str]) -> None:
        if model is None:
            return
        fields = self.schema.models[model].fields
        where = ("models", model, "fields")
        if self.reference(path, field, fields, "field", where):
            actual = fields[field].type
            if actual not in types:
                self.error(
                    path, f"field '{field}' is {actual}; expected {' or '.join(sorted(types))}"
                )

    def chat(self) -> None:
        chat = self.schema.chat
        models = self.schema.models
        conv_name: str | None = None
        conv_path: PathKey = ("chat", "conversation", "model")
        if self.reference(conv_path, chat.conversation.model, models, "model", ("models",)):
            conv_name = chat.conversation.model
            conv = models[conv_name]
            if conv.owner is None:  # direct, or through a parent such as a workspace
                self.error(conv_path, "the conversation model needs an owner")
        for key, types in CONVERSATION_BINDINGS.items():
            value = getattr(chat.conversation, key)
            if value is not None:
                self.binding(("chat", "conversation", key), conv_name, value, types)
            if key in RUNNING_TOTALS and conv_name is not None:
                spec = models[conv_name].fields.get(value or "")
                if spec is not None and (spec.nullable or "default" not in spec.model_fields_set):
                    self.error(
                        ("chat", "conversation", key),
                        f"field '{value}' is a running total: it needs a default and must "
                        "not be nullable",
                    )
        msg_name: str | None = None
        msg_path: PathKey = ("chat", "message", "model")
        if self.reference(msg_path, chat.message.model, models, "model", ("models",)):
            msg_name = chat.message.model
            if models[msg_name].owner is None:
                self.error(msg_path, "the message model needs an owner")
        for key, types in MESSAGE_BINDINGS.items():
            value = getattr(chat.message, key)
            if value is not None:
                self.binding(("chat", "message", key), msg_name, value, types)
        if conv_name is not None:
            conv = models[conv_name]
            self.created_by_chat(conv_name, conv, set(), {conv.owner})
            self.chat_defaults(conv)
        if msg_name is None:
            return
        msg = models[msg_name]
        rel_path: PathKey = ("chat", "message", "conversation")
        belongs = {n: r.belongs_to for n, r in msg.relations.items() if r.belongs_to}
        where = ("models", msg_name, "relations")
        if self.reference(
            rel_path, chat.message.conversation, belongs, "belongs_to relation", where
        ):
            if belongs[chat.message.conversation] != chat.conversation.model:
                self.error(rel_path, f"must point to '{chat.conversation.model}'")
        m = chat.message
        self.parent(msg_name, msg)
        written = {m.role, m.content, m.status, m.model_name}
        self.created_by_chat(m.model, msg, written, {m.conversation, m.parent})
        self.budget(msg)
        self.enum_values(("chat", "message", "roles"), msg, m.role, m.roles)
        self.enum_values(("chat", "message", "statuses"), msg, m.status, m.statuses)

    def parent(self, msg_name: str, msg: ModelSpec) -> None:
        """``chat.message.parent`` names a nullable belongs_to of the message model to itself;
        the engine's own columns are not the schema's to declare."""
        m = self.schema.chat.message
        if m.parent is not None:
            path: PathKey = ("chat", "message", "parent")
            belongs = {n: r for n, r in msg.relations.items() if r.belongs_to}
            where = ("models", msg_name, "relations")
            if self.reference(path, m.parent, belongs, "belongs_to relation", where):
                rel = belongs[m.parent]
                if rel.belongs_to != msg_name:
                    self.error(path, f"must point to '{msg_name}' itself (a tree of messages)")
                elif not rel.nullable:
                    self.error(
                        path, f"'{m.parent}' must be nullable: true (a first message has none)"
                    )
        engine = {(msg_name, name): why for name, why in ENGINE_MESSAGE_NAMES.items()} | {
            (self.schema.chat.conversation.model, name): why
            for name, why in ENGINE_CONVERSATION_NAMES.items()
        }
        for (model_name, column), why in engine.items():
            spec = self.schema.models.get(model_name)
            if spec is None:
                continue
            relation = column.removesuffix("_id") if column.endswith("_id") else None
            if column in spec.fields:
                self.error(
                    ("models", model_name, "fields", column),
                    f"the chat's {'message' if model_name == msg_name else 'conversation'} "
                    f"model cannot have a field '{column}'",
                    hint=why,
                    key=True,
                )
            if relation is not None and relation in spec.relations:
                self.error(
                    ("models", model_name, "relations", relation),
                    f"the chat's conversation model cannot have a relation '{relation}' "
                    f"(its column would be '{column}')",
                    hint=why,
                    key=True,
                )

    def budget(self, msg: ModelSpec) -> None:
        """A daily budget is counted from the usage recorded on the messages of today: it
        needs timestamps on the message model and a bound token (or cost) column."""
        budget = self.schema.security.budget
        m = self.schema.chat.message
        token_bindings = (
            m.total_tokens,
            m.prompt_tokens,
            m.completion_tokens,
            m.input_tokens,
            m.output_tokens,
            m.cache_read_tokens,
            m.cache_write_tokens,
            m.reasoning_tokens,
        )
        wanted = (
            ("tokens_per_day", budget.tokens_per_day, any(token_bindings), "a token count"),
            ("usd_per_day", budget.usd_per_day, m.cost is not None, "a cost"),
        )
        for key, value, bound, what in wanted:
            if value is None:
                continue
            path: PathKey = ("security", "budget", key)
            if not msg.timestamps:
                self.error(path, f"needs timestamps on the message model '{m.model}'")
            elif not bound:
                self.error(path, f"needs {what} bound in chat.message, to count what was spent")

    def created_by_chat(
        self, name: str, model: ModelSpec, fields: set[str | None], relations: set[str | None]
    ) -> None:
        """The chat inserts rows of ``name`` setting only ``fields`` and ``relations``."""
        why = f"the chat creates {name} rows without input"
        for field, spec in model.fields.items():
            if field in fields or spec.read_only or spec.nullable:
                continue
            if "default" not in spec.model_fields_set:
                path = ("models", name, "fields", field)
                self.error(path, f"{why}: it needs a default or nullable: true", key=True)
        for rel_name, rel in model.relations.items():
            if rel.belongs_to and rel_name not in relations and not rel.nullable:
                path = ("models", name, "relations", rel_name)
                self.error(path, f"{why}: it needs nullable: true", key=True)

    def chat_defaults(self, conv: ModelSpec) -> None:
        """New conversations get the defaults of the provider and model_name bindings."""
        binding = self.schema.chat.conversation
        base: PathKey = ("models", binding.model, "fields")
        provider_spec = conv.fields.get(binding.provider)
        if provider_spec is None or provider_spec.default is None:
            return
        provider_name = str(provider_spec.default)
        provider = self.schema.providers.get(provider_name)
        if provider is None:
            if not self.marks.is_broken(("providers", provider_name)):
                self.error(
                    (*base, binding.provider, "default"),
                    f"default '{provider_name}' is not a provider",
                    hint=did_you_mean(provider_name, self.schema.providers),
                )
            return
        model_spec = conv.fields.get(binding.model_name)
        if model_spec is None or model_spec.default is None:
            return
        model_name = str(model_spec.default)
        if model_name not in provider.models:
            self.error(
                (*base, binding.model_name, "default"),
                f"default '{model_name}' is not a model of provider '{provider_name}'",
                hint=did_you_mean(model_name, provider.models),
            )

    def enum_values(self, path: PathKey, model: ModelSpec, field: str, mapping: Any) -> None:
        spec = model.fields.get(field)
        if spec is None or spec.enum not in self.schema.enums:
            return
        values = self.schema.enums[spec.enum].values
        taken: dict[str, str] = {}
        for key, value in mapping.model_dump().items():
            if value in taken:
                self.error(
                    (*path, key),
                    f"'{value}' already stands for '{taken[value]}'; each needs its own value",
                )
            taken.setdefault(value, key)
            if value not in values:
                self.error(
                    (*path, key),
                    f"'{value}' is not a value of enum {spec.enum} (allowed: {', '.join(values)})",
                    hint=did_you_mean(value, values),
                )
