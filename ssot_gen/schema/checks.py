"""Cross-reference checks of a structurally valid schema.

Every problem is collected (never the first only) and raised as one SchemaError whose issues
carry file:line:column, the dotted path and, where a name is close to a known one, a hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from ssot_gen.errors import SchemaError, SchemaIssue
from ssot_gen.naming import plural_of
from ssot_gen.schema.load import Marks, PathKey, did_you_mean, dotted
from ssot_gen.schema.models import FieldSpec, ModelSpec, Schema
from ssot_gen.schema.reserved import collisions

PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
NUMERIC = {"int", "float", "decimal"}
CONVENTIONAL = {"id", "created_at", "updated_at", "hashed_password"}
STREAMING_PAYLOAD = ("message_id", "seq", "offset", "delta")

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
}


class _Checker:
    def __init__(self, schema: Schema, marks: Marks) -> None:
        self.schema = schema
        self.marks = marks
        self.issues: list[SchemaIssue] = []

    def error(
        self, path: PathKey, message: str, *, hint: str | None = None, key: bool = False
    ) -> None:
        location = self.marks.at(path, key=key)
        self.issues.append(SchemaIssue(location, dotted(path), message, hint))

    def reference(self, path: PathKey, name: str, known: Iterable[str], what: str) -> bool:
        """True if ``name`` is in ``known``; else record 'unknown <what>' with a hint."""
        known = list(known)
        if name in known:
            return True
        self.error(path, f"unknown {what} '{name}'", hint=did_you_mean(name, known))
        return False

    def name(
        self, path: PathKey, name: str, pattern: re.Pattern[str], style: str, *, sql: bool = True
    ) -> None:
        if not pattern.match(name):
            self.error(path, f"'{name}' must be {style}", key=True)
            return
        langs = collisions(name, sql=sql)
        if langs:
            self.error(path, f"'{name}' is a reserved word in {', '.join(langs)}", key=True)

    # --- sections -------------------------------------------------------------------------

    def run(self) -> None:
        s = self.schema
        if not SNAKE.match(s.project.name):
            self.error(("project", "name"), f"'{s.project.name}' must be snake_case")
        for enum_name, enum in s.enums.items():
            self.name(("enums", enum_name), enum_name, PASCAL, "PascalCase", sql=False)
            seen: set[str] = set()
            for index, value in enumerate(enum.values):
                path = ("enums", enum_name, "values", index)
                if not isinstance(value, str) or not SNAKE.match(value):
                    self.error(path, f"enum value '{value}' must be lowercase snake_case")
                elif value in seen:
                    self.error(path, f"duplicate enum value '{value}'")
                seen.add(value)
        tables: dict[str, str] = {}
        for model_name, model in s.models.items():
            self.model(model_name, model)
            table = plural_of(model_name, model.plural)
            if table in tables:
                self.error(
                    ("models", model_name),
                    f"table name '{table}' is also used by model '{tables[table]}'",
                    key=True,
                )
            tables[table] = model_name
        self.owners()
        self.auth()
        self.providers()
        self.chat()
        self.events()
        self.ui()

    def model(self, model_name: str, model: ModelSpec) -> None:
        base: PathKey = ("models", model_name)
        self.name(base, model_name, PASCAL, "PascalCase", sql=False)
        table = plural_of(model_name, model.plural)
        if model.plural is not None and not SNAKE.match(model.plural):
            self.error((*base, "plural"), f"'{model.plural}' must be snake_case")
        elif "SQL" in collisions(table):
            self.error((*base, "plural"), f"table name '{table}' is a reserved word in SQL")
        columns: dict[str, str] = {}
        for field_name, spec in model.fields.items():
            path = (*base, "fields", field_name)
            self.name(path, field_name, SNAKE, "snake_case")
            if field_name in CONVENTIONAL:
                self.error(path, f"'{field_name}' is added by convention", key=True)
            columns[field_name] = "field"
            self.field(path, spec)
        for rel_name, rel in model.relations.items():
            path = (*base, "relations", rel_name)
            self.name(path, rel_name, SNAKE, "snake_case", sql=False)
            if rel_name in model.fields:
                self.error(path, f"'{rel_name}' is both a field and a relation", key=True)
            kinds = [k for k in ("belongs_to", "has_many", "has_one") if getattr(rel, k)]
            if len(kinds) != 1:
                self.error(path, "a relation needs exactly one of belongs_to, has_many, has_one")
                continue
            kind = kinds[0]
            target = getattr(rel, kind)
            if not self.reference((*path, kind), target, self.schema.models, "model"):
                continue
            if kind == "belongs_to":
                column = f"{rel_name}_id"
                if column in columns:
                    self.error(path, f"column '{column}' collides with a field", key=True)
                if rel.on_delete == "set_null" and not rel.nullable:
                    self.error((*path, "on_delete"), "on_delete: set_null needs nullable: true")
            else:
                self.inverse(path, model_name, rel.inverse, target, one=kind == "has_one")

    def inverse(
        self, path: PathKey, model_name: str, inverse: str | None, target: str, *, one: bool
    ) -> None:
        relations = self.schema.models[target].relations
        candidates = [name for name, rel in relations.items() if rel.belongs_to == model_name]
        if inverse is not None:
            if not self.reference(
                (*path, "inverse"), inverse, candidates, f"belongs_to on {target}"
            ):
                return
        elif len(candidates) == 1:
            inverse = candidates[0]
        else:
            found = "no" if not candidates else "several"
            self.error(
                path,
                f"{found} belongs_to relation on '{target}' points back to '{model_name}'; "
                "name it with inverse:",
            )
            return
        if one and not relations[inverse].unique:
            self.error(path, f"has_one needs unique: true on '{target}.{inverse}'")

    def field(self, path: PathKey, spec: FieldSpec) -> None:
        t = spec.type
        if spec.max_length is not None and t not in {"string", "email"}:
            self.error((*path, "max_length"), f"max_length applies to string, not {t}")
        if (spec.min is not None or spec.max is not None) and t not in NUMERIC:
            self.error(path, f"min/max apply to int, float and decimal, not {t}")
        if (spec.precision is not None or spec.scale is not None) and t != "decimal":
            self.error(path, f"precision/scale apply to decimal, not {t}")
        if spec.precision is not None and spec.scale is not None and spec.scale > spec.precision:
            self.error((*path, "scale"), "scale must not exceed precision")
        if spec.min is not None and spec.max is not None and spec.min > spec.max:
            self.error((*path, "min"), "min must not exceed max")
        if t == "enum":
            if spec.enum is None:
                self.error(path, "type enum needs enum: <name of an entry in enums>")
            else:
                self.reference((*path, "enum"), spec.enum, self.schema.enums, "enum")
        elif spec.enum is not None:
            self.error((*path, "enum"), f"enum applies to type enum, not {t}")
        if spec.read_only and not spec.nullable and "default" not in spec.model_fields_set:
            self.error(path, "a read-only field needs a default or nullable: true")
        if "default" in spec.model_fields_set:
            self.default((*path, "default"), spec)

    def default(self, path: PathKey, spec: FieldSpec) -> None:
        value = spec.default
        if value is None:
            if not spec.nullable:
                self.error(path, "default null needs nullable: true")
            return
        t = spec.type
        ok = True
        if t in {"string", "text", "email"}:
            ok = isinstance(value, str)
            if ok and spec.max_length is not None and len(value) > spec.max_length:
                self.error(path, f"default is longer than max_length {spec.max_length}")
        elif t == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif t == "float":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif t == "decimal":
            ok = _is_decimal(value)
        elif t == "bool":
            ok = isinstance(value, bool)
        elif t == "json":
            ok = True
        elif t == "enum":
            values = self.schema.enums[spec.enum].values if spec.enum in self.schema.enums else []
            if values and value not in values:
                self.error(
                    path,
                    f"default '{value}' is not a value of enum {spec.enum}",
                    hint=did_you_mean(str(value), values),
                )
            return
        else:
            self.error(path, f"a {t} field cannot have a default")
            return
        if not ok:
            self.error(path, f"default {value!r} is not a valid {t}")
            return
        if t in NUMERIC:
            number = Decimal(str(value))
            if spec.min is not None and number < Decimal(str(spec.min)):
                self.error(path, f"default {value} is below min {spec.min}")
            if spec.max is not None and number > Decimal(str(spec.max)):
                self.error(path, f"default {value} is above max {spec.max}")

    def owners(self) -> None:
        user_model = self.schema.auth.user_model
        for model_name, model in self.schema.models.items():
            if model.owner is None:
                continue
            path: PathKey = ("models", model_name, "owner")
            belongs = {n: r.belongs_to for n, r in model.relations.items() if r.belongs_to}
            if not self.reference(path, model.owner, belongs, "belongs_to relation"):
                continue
            seen = {model_name}
            target = belongs[model.owner]
            while target != user_model:
                next_model = self.schema.models.get(target)
                if next_model is None:
                    break
                if target in seen or next_model.owner is None:
                    self.error(
                        path,
                        f"'{model.owner}' must lead to the auth user model '{user_model}' "
                        f"through owned models ('{target}' has no owner)",
                    )
                    break
                seen.add(target)
                target = next_model.relations[next_model.owner].belongs_to or ""

    def auth(self) -> None:
        auth = self.schema.auth
        if not self.reference(("auth", "user_model"), auth.user_model, self.schema.models, "model"):
            return
        user = self.schema.models[auth.user_model]
        if self.reference(("auth", "login_field"), auth.login_field, user.fields, "field"):
            spec = user.fields[auth.login_field]
            if spec.type not in {"string", "email"} or not spec.unique or spec.nullable:
                self.error(
                    ("auth", "login_field"),
                    "the login field must be a unique string/email, not nullable",
                )

    def providers(self) -> None:
        defaults = [name for name, p in self.schema.providers.items() if p.default]
        if len(defaults) != 1:
            self.error(("providers",), "exactly one provider must have default: true", key=True)
        for name, provider in self.schema.providers.items():
            path: PathKey = ("providers", name)
            if not re.match(r"^[a-z][a-z0-9_-]*$", name):
                self.error(path, f"'{name}' must be lowercase", key=True)
            self.reference(
                (*path, "default_model"), provider.default_model, provider.models, "model"
            )
            if provider.kind != "mock" and provider.delay_ms is not None:
                self.error((*path, "delay_ms"), "delay_ms applies to kind mock only")

    def binding(self, path: PathKey, model: ModelSpec | None, field: str, types: set[str]) -> None:
        if model is None:
            return
        if self.reference(path, field, model.fields, "field"):
            actual = model.fields[field].type
            if actual not in types:
                self.error(
                    path, f"field '{field}' is {actual}; expected {' or '.join(sorted(types))}"
                )

    def chat(self) -> None:
        chat = self.schema.chat
        models = self.schema.models
        user_model = self.schema.auth.user_model
        conv = None
        conv_path: PathKey = ("chat", "conversation", "model")
        if self.reference(conv_path, chat.conversation.model, models, "model"):
            conv = models[chat.conversation.model]
            owner = conv.relations.get(conv.owner or "")
            owner_target = owner.belongs_to if owner else None
            if conv.owner is None:
                self.error(conv_path, "the conversation model needs an owner")
            elif owner_target in models and owner_target != user_model:
                self.error(
                    conv_path,
                    f"the conversation model's owner must belong to the auth user model "
                    f"'{user_model}'",
                )
        for key, types in CONVERSATION_BINDINGS.items():
            value = getattr(chat.conversation, key)
            if value is not None:
                self.binding(("chat", "conversation", key), conv, value, types)
            if key in RUNNING_TOTALS and conv is not None and value in conv.fields:
                spec = conv.fields[value]
                if spec.nullable or "default" not in spec.model_fields_set:
                    self.error(
                        ("chat", "conversation", key),
                        f"field '{value}' is a running total: it needs a default and must "
                        "not be nullable",
                    )
        msg = None
        msg_path: PathKey = ("chat", "message", "model")
        if self.reference(msg_path, chat.message.model, models, "model"):
            msg = models[chat.message.model]
            if msg.owner is None:
                self.error(msg_path, "the message model needs an owner")
        for key, types in MESSAGE_BINDINGS.items():
            value = getattr(chat.message, key)
            if value is not None:
                self.binding(("chat", "message", key), msg, value, types)
        if conv is not None:
            self.created_by_chat(chat.conversation.model, conv, set(), {conv.owner})
            self.chat_defaults(conv)
        if msg is None:
            return
        rel_path: PathKey = ("chat", "message", "conversation")
        belongs = {n: r.belongs_to for n, r in msg.relations.items() if r.belongs_to}
        if self.reference(rel_path, chat.message.conversation, belongs, "belongs_to relation"):
            if belongs[chat.message.conversation] != chat.conversation.model:
                self.error(rel_path, f"must point to '{chat.conversation.model}'")
        m = chat.message
        written = {m.role, m.content, m.status, m.model_name}
        self.created_by_chat(m.model, msg, written, {m.conversation})
        self.enum_values(("chat", "message", "roles"), msg, chat.message.role, chat.message.roles)
        self.enum_values(
            ("chat", "message", "statuses"), msg, chat.message.status, chat.message.statuses
        )

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
        for key, value in mapping.model_dump().items():
            if value not in values:
                self.error(
                    (*path, key),
                    f"'{value}' is not a value of enum {spec.enum}",
                    hint=did_you_mean(value, values),
                )

    def events(self) -> None:
        expected = {
            "message.created": self.schema.chat.message.model,
            "message.updated": self.schema.chat.message.model,
            "conversation.created": self.schema.chat.conversation.model,
            "conversation.updated": self.schema.chat.conversation.model,
        }
        for name in [*expected, "message.streaming"]:
            if name not in self.schema.events:
                self.error(("events",), f"missing event '{name}'", key=True)
        for name, event in self.schema.events.items():
            path: PathKey = ("events", name, "payload")
            if name in expected:
                if not isinstance(event.payload, str):
                    self.error(path, f"the payload of {name} is a model name")
                elif self.reference(path, event.payload, self.schema.models, "model"):
                    if event.payload != expected[name]:
                        self.error(path, f"the payload of {name} must be '{expected[name]}'")
            elif not isinstance(event.payload, dict) or tuple(event.payload) != STREAMING_PAYLOAD:
                self.error(
                    path, f"the payload of {name} must be fields {', '.join(STREAMING_PAYLOAD)}"
                )

    def ui(self) -> None:
        seen: set[str] = set()
        for index, component in enumerate(self.schema.ui.components):
            if component in seen:
                self.error(("ui", "components", index), f"duplicate component '{component}'")
            seen.add(component)


def _is_decimal(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        Decimal(str(value))
    except InvalidOperation:
        return False
    return True


def check_schema(schema: Schema, marks: Marks) -> None:
    """Check every cross reference of ``schema``; raise SchemaError listing all problems."""
    checker = _Checker(schema, marks)
    checker.run()
    if checker.issues:
        raise SchemaError(checker.issues)
