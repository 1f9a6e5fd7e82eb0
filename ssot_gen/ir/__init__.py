"""The intermediate representation: every naming decision, type mapping and import set, once.

``build(schema)`` turns a checked :class:`~ssot_gen.schema.models.Schema` into frozen
dataclasses whose properties the templates print as they are. A template that would need
string building or a type lookup asks for a new property here instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ssot_gen.ir.chat import Chat, build_chat
from ssot_gen.naming import kebab, pascal, plural_of, snake
from ssot_gen.schema.models import FieldSpec, ModelSpec, ProviderSpec, Schema

ON_DELETE_SQL = {"cascade": "CASCADE", "set_null": "SET NULL", "restrict": "RESTRICT"}
ENUM_MIN_LENGTH = 32
EMAIL_LENGTH = 320
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


@dataclass(frozen=True)
class EnumValue:
    """One enum member: ``member`` is the Python name (``USER``), ``value`` what is stored."""

    member: str
    value: str


@dataclass(frozen=True)
class Enum:
    """A schema enum, emitted as a ``StrEnum`` and stored as a VARCHAR of ``length``."""

    name: str
    values: tuple[EnumValue, ...]
    description: str | None
    length: int

    def member(self, value: str) -> str:
        """``Role.USER`` for value ``user``."""
        return f"{self.name}.{value.upper()}"


@dataclass(frozen=True)
class Field:
    """A column of a model, with its Python, SQLAlchemy, pydantic and JavaScript forms."""

    name: str
    type: str
    description: str | None
    nullable: bool
    unique: bool
    index: bool
    read_only: bool
    has_default: bool
    py_type: str  # the annotation without "| None": "str", "Decimal", "OrderState"
    sa_type: str  # "String(100)"
    column_kwargs: str  # ", index=True, default=..., server_default=..."
    pydantic_type: str  # input annotation: "EmailStr", "str"
    output_type: str  # output annotation: "UTCDateTime" for datetimes
    constraints: str  # pydantic Field kwargs: "max_length=100, ge=0"
    default_expr: str | None  # Python expression of the default
    sample_expr: str  # Python expression of a valid value (for generated tests)
    sample_json: Any  # JSON-able valid value (for docs and the UI)
    js_type: str  # "string" | "number" | "boolean" | "object"
    input_kind: str  # HTML input: "text" | "textarea" | "number" | "checkbox" | "select" | ...
    enum_values: tuple[str, ...] = ()
    enum_name: str | None = None
    default_value: Any = None  # the schema's default as written (None: no default)
    renamed_from: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None

    @property
    def label(self) -> str:
        """A human label: ``max_tokens`` -> ``Max tokens``."""
        return self.name.replace("_", " ").capitalize()

    @property
    def comparable(self) -> bool:
        """Its JSON value comes back exactly as sent (used by generated update tests)."""
        return self.type in {"string", "text", "int", "bool", "enum"}

    @property
    def update_sample(self) -> str:
        """A Python expression of a valid value, different from ``sample_expr`` where it can be."""
        if self.type == "bool":
            return "False"
        if self.type == "enum":
            return f'"{self.enum_values[0]}"'
        return self.sample_expr

    @property
    def required_on_create(self) -> bool:
        """Must be sent on create: no default, not nullable, not server-managed."""
        return not self.has_default and not self.nullable and not self.read_only

    @property
    def writable(self) -> bool:
        return not self.read_only

    @property
    def annotation(self) -> str:
        return f"{self.py_type} | None" if self.nullable else self.py_type

    @property
    def input_annotation(self) -> str:
        return f"{self.pydantic_type} | None" if self.nullable else self.pydantic_type

    @property
    def output_annotation(self) -> str:
        return f"{self.output_type} | None" if self.nullable else self.output_type

    @property
    def create_field(self) -> str:
        """Right-hand side in the Base/Create schema: ``Field(default=..., max_length=...)``."""
        args = []
        if self.has_default:
            args.append(f"default={self.default_expr}")
        elif self.nullable:
            args.append("default=None")
        if self.constraints:
            args.append(self.constraints)
        return f"Field({', '.join(args)})" if args else ""

    @property
    def update_field(self) -> str:
        args = ["default=None"]
        if self.constraints:
            args.append(self.constraints)
        return f"Field({', '.join(args)})"


@dataclass(frozen=True)
class Relation:
    """A relation of a model. belongs_to adds the column ``column`` (``<name>_id``)."""

    name: str
    kind: str  # belongs_to | has_many | has_one
    target: str  # Pascal model name
    target_snake: str
    column: str
    nullable: bool
    unique: bool
    on_delete: str  # SQL: CASCADE | SET NULL | RESTRICT
    back_populates: str | None
    is_owner: bool  # the model's owner relation
    is_direct_owner: bool  # owner relation to the auth user model: set from the token
    target_owned: bool  # the target's rows are private: check visibility, not only existence
    description: str | None
    renamed_from: str | None = None

    @property
    def in_payload(self) -> bool:
        """The foreign key is accepted in create/update payloads."""
        return self.kind == "belongs_to" and not self.is_direct_owner

    @property
    def annotation(self) -> str:
        return "uuid.UUID | None" if self.nullable else "uuid.UUID"

    @property
    def url(self) -> str:
        """Path segment of the nested list route: ``/conversations/{id}/<url>``."""
        return kebab(self.name)

    def _reference(self, value: str) -> str:
        statement = f"select({self.target}.id).where({self.target}.id == {value})"
        if self.target_owned:
            return f"scope_{self.target_snake}({statement}, current_user)"
        return statement

    @property
    def reference_check(self) -> str:
        """A select that finds the referenced row only if the current user may use it."""
        return self._reference(f"payload.{self.column}")

    @property
    def reference_check_update(self) -> str:
        return self._reference(f'changes["{self.column}"]')

    @property
    def orm_annotation(self) -> str:
        if self.kind == "has_many":
            return f'list["{self.target}"]'
        if self.kind == "belongs_to" and self.nullable:
            return f'"{self.target} | None"'
        return f'"{self.target}"' if self.kind == "belongs_to" else f'"{self.target} | None"'


@dataclass(frozen=True)
class ScopeJoin:
    """A join that reaches the owner: ``JOIN target ON on``."""

    target: str
    on: str


@dataclass(frozen=True)
class Model:
    """A model with every name the generated code uses for it."""

    name: str
    snake: str
    plural: str
    table: str
    url: str  # "/conversations"
    tag: str
    title: str  # "Chat settings"
    description: str | None
    has_id: bool
    timestamps: bool
    is_user: bool
    fields: tuple[Field, ...]
    relations: tuple[Relation, ...]
    owner: Relation | None
    scope_joins: tuple[ScopeJoin, ...]
    scope_where: str | None  # SQL expression using current_user; None = not private
    list_fn: str
    plural_pascal: str
    list_schema: str
    is_chat_conversation: bool
    is_chat_message: bool
    renamed_from: str | None = None

    @property
    def order_by(self) -> str:
        """Newest first (list routes)."""
        if self.timestamps:
            return f"{self.name}.created_at.desc(), {self.name}.id"
        return f"{self.name}.id"

    @property
    def order_by_asc(self) -> str:
        """Oldest first (nested list routes, e.g. the messages of a conversation)."""
        if self.timestamps:
            return f"{self.name}.created_at, {self.name}.id"
        return f"{self.name}.id"

    @property
    def route_models(self) -> str:
        """``app.models`` names the model's router imports, sorted."""
        names = {self.name}
        names |= {r.target for r in self.payload_relations}
        names |= {r.target for r in self.relations if r.kind == "has_many"}
        return ", ".join(sorted(names))

    @property
    def route_schemas(self) -> str:
        """``app.schemas`` names the model's router imports, sorted."""
        names = {self.list_schema, f"{self.name}Public", f"{self.name}Update"}
        if not self.is_user:
            names.add(f"{self.name}Create")
        return ", ".join(sorted(names))

    @property
    def route_access(self) -> str:
        """``app.api.access`` names the model's router imports, sorted."""
        names = {f"get_{self.snake}", f"scope_{self.snake}"}
        if self.payload_relations:
            names.add("check_reference")
        names |= {f"scope_{r.target_snake}" for r in self.payload_relations if r.target_owned}
        names |= {f"scope_{r.target_snake}" for r in self.relations if r.kind == "has_many"}
        return ", ".join(sorted(names))

    @property
    def belongs_to(self) -> tuple[Relation, ...]:
        return tuple(r for r in self.relations if r.kind == "belongs_to")

    @property
    def payload_relations(self) -> tuple[Relation, ...]:
        return tuple(r for r in self.belongs_to if r.in_payload)

    @property
    def writable_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.writable)

    @property
    def read_only_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.read_only)

    @property
    def update_not_null(self) -> tuple[str, ...]:
        """Update fields that may be omitted but not sent as null."""
        names = [f.name for f in self.writable_fields if not f.nullable]
        names += [r.column for r in self.payload_relations if not r.nullable]
        return tuple(names)

    @property
    def direct_owner(self) -> Relation | None:
        """The owner relation when it points at the auth user model (set from the token)."""
        return self.owner if self.owner is not None and self.owner.is_direct_owner else None

    @property
    def probe_field(self) -> Field | None:
        """A writable field whose JSON value round-trips exactly (for generated update tests)."""
        return next((f for f in self.writable_fields if f.comparable), None)

    @property
    def typed_field(self) -> Field | None:
        """A writable field that rejects a JSON object (for generated 422 tests)."""
        return next((f for f in self.writable_fields if f.type != "json"), None)

    @property
    def one_per_owner(self) -> bool:
        """At most one row per user (a unique owner relation, e.g. settings)."""
        return self.owner is not None and self.owner.unique and self.owner.is_direct_owner

    @property
    def private(self) -> bool:
        return self.scope_where is not None

    @property
    def has_enum(self) -> bool:
        return any(f.type == "enum" for f in self.fields)

    @property
    def owned_parents(self) -> tuple[Relation, ...]:
        return tuple(r for r in self.payload_relations if r.target_owned)


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
    schema_json: str = field(repr=False, default="")

    def model(self, name: str) -> Model:
        return next(m for m in self.models if m.name == name)

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

    @property
    def uses_email(self) -> bool:
        return any(f.type == "email" for m in self.models for f in m.fields)


# --- building -----------------------------------------------------------------------------


def _literal(value: Any) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _number(value: float | None, integer: bool) -> str:
    if value is None:
        return ""
    if integer:
        return str(int(value))
    return repr(float(value))


class _Builder:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.enums = {
            name: Enum(
                name=name,
                values=tuple(EnumValue(v.upper(), v) for v in spec.values),
                description=spec.description,
                length=max(ENUM_MIN_LENGTH, *(len(v) for v in spec.values)),
            )
            for name, spec in schema.enums.items()
        }

    def field(self, name: str, spec: FieldSpec) -> Field:
        t = spec.type
        has_default = "default" in spec.model_fields_set and spec.default is not None
        default = spec.default if has_default else None
        constraints: list[str] = []
        column: list[str] = []
        server_default: str | None = None
        default_expr: str | None = None
        enum_values: tuple[str, ...] = ()
        js_type, input_kind = "string", "text"
        integer = t == "int"
        low, high = spec.min, spec.max
        if integer:  # a 32-bit INTEGER column: larger values would be a database error
            low = INT32_MIN if low is None else max(low, INT32_MIN)
            high = INT32_MAX if high is None else min(high, INT32_MAX)
        if low is not None:
            constraints.append(f"ge={_number(low, integer)}")
        if high is not None:
            constraints.append(f"le={_number(high, integer)}")
        if t == "float":
            constraints.append("allow_inf_nan=False")
        if t in {"string", "text"} and spec.min_length is not None:
            constraints.append(f"min_length={spec.min_length}")
        if t == "string":
            length = spec.max_length or 255
            py, sa, pyd = "str", f"String({length})", "str"
            constraints.append(f"max_length={length}")
            sample = f'"{name[:8]}-" + uuid.uuid4().hex[:{max(1, min(8, length - 9))}]'
            sample_json: Any = f"{name} sample"[:length]
        elif t == "text":
            py, sa, pyd = "str", "Text()", "str"
            sample, sample_json = f'"{name} text " + uuid.uuid4().hex', f"{name} text"
            input_kind = "textarea"
        elif t == "email":
            py, sa, pyd = "str", f"String({EMAIL_LENGTH})", "EmailStr"
            sample = 'uuid.uuid4().hex[:12] + "@example.com"'
            sample_json = "someone@example.com"
            input_kind = "email"
        elif t == "int":
            py = pyd = "int"
            sa = "Integer()"
            value = int(spec.min if spec.min is not None else 1)
            sample, sample_json = str(value), value
            js_type, input_kind = "number", "number"
        elif t == "float":
            py = pyd = "float"
            sa = "Float()"
            value_f = float(spec.min if spec.min is not None else 0) + 0.5
            if spec.max is not None and value_f > spec.max:
                value_f = float(spec.max)
            sample, sample_json = repr(value_f), value_f
            js_type, input_kind = "number", "number"
        elif t == "decimal":
            precision, scale = spec.precision or 18, spec.scale if spec.scale is not None else 6
            py = pyd = "Decimal"
            sa = f"Numeric({precision}, {scale})"
            constraints.append(f"max_digits={precision}, decimal_places={scale}")
            value_d = Decimal(str(spec.min)) if spec.min is not None else Decimal("1")
            sample, sample_json = f'"{value_d}"', str(value_d)
            js_type, input_kind = "string", "number"
            if has_default:
                default_expr = f'Decimal("{Decimal(str(default))}")'
                server_default = f'"{Decimal(str(default))}"'
        elif t == "bool":
            py = pyd = "bool"
            sa = "Boolean()"
            sample, sample_json = "True", True
            js_type, input_kind = "boolean", "checkbox"
            if has_default:
                server_default = f'text("{"true" if default else "false"}")'
        elif t == "datetime":
            py, sa, pyd = "datetime", "DateTime(timezone=True)", "datetime"
            sample, sample_json = "datetime.now(UTC).isoformat()", "2026-01-01T00:00:00Z"
            input_kind = "datetime-local"
        elif t == "uuid":
            py = pyd = "uuid.UUID"
            sa = "Uuid()"
            sample, sample_json = "str(uuid.uuid4())", "00000000-0000-0000-0000-000000000000"
        elif t == "json":
            py = pyd = "Any"
            sa = "JSON()"
            sample, sample_json = '{"key": "value"}', {"key": "value"}
            js_type, input_kind = "object", "textarea"
        else:  # enum
            enum = self.enums[spec.enum or ""]
            py = pyd = enum.name
            sa = (
                f"Enum({enum.name}, native_enum=False, length={enum.length}, "
                "values_callable=enum_values)"
            )
            enum_values = tuple(v.value for v in enum.values)
            sample, sample_json = json.dumps(enum_values[-1]), enum_values[-1]
            input_kind = "select"
            if has_default:
                default_expr = enum.member(str(default))
                server_default = json.dumps(default)
        if has_default and default_expr is None:
            default_expr = _literal(default) if t != "json" else repr(default)
        if has_default and server_default is None and t in {"string", "text", "email"}:
            server_default = json.dumps(default)
        if has_default and server_default is None and t in {"int", "float"}:
            server_default = f'text("{default}")'
        if t == "json" and has_default:
            default_expr = f"lambda: {default!r}"
        if spec.unique:
            column.append("unique=True")
        if spec.index:
            column.append("index=True")
        if has_default:
            column.append(f"default={default_expr}")
        if server_default is not None:
            column.append(f"server_default={server_default}")
        if t == "json" and has_default:
            default_expr = f"{default!r}"
        return Field(
            name=name,
            type=t,
            description=spec.description,
            nullable=spec.nullable,
            unique=spec.unique,
            index=spec.index,
            read_only=spec.read_only,
            has_default=has_default,
            py_type=py,
            sa_type=sa,
            column_kwargs="".join(f", {c}" for c in column),
            pydantic_type=pyd,
            output_type={"datetime": "UTCDateTime", "decimal": "FixedDecimal"}.get(t, py),
            constraints=", ".join(constraints),
            default_expr=default_expr,
            sample_expr=sample,
            sample_json=sample_json,
            js_type=js_type,
            input_kind=input_kind,
            enum_values=enum_values,
            enum_name=spec.enum,
            default_value=default,
            renamed_from=spec.renamed_from,
            minimum=spec.min,
            maximum=spec.max,
            max_length=(spec.max_length or 255) if t == "string" else None,
        )

    def owner_chain(self, name: str) -> list[tuple[str, str]]:
        """[(model, owner relation), ...] from ``name`` up to the auth user model."""
        chain = []
        model = self.schema.models[name]
        while model.owner is not None:
            chain.append((name, model.owner))
            name = model.relations[model.owner].belongs_to or ""
            model = self.schema.models[name]
        return chain

    def is_private(self, name: str) -> bool:
        return name == self.schema.auth.user_model or self.schema.models[name].owner is not None

    def model(self, name: str, spec: ModelSpec) -> Model:
        s = snake(name)
        plural = plural_of(name, spec.plural)
        user_model = self.schema.auth.user_model
        relations = []
        for rel_name, rel in spec.relations.items():
            kind = "belongs_to" if rel.belongs_to else "has_many" if rel.has_many else "has_one"
            target = rel.belongs_to or rel.has_many or rel.has_one or ""
            back = None
            if kind == "belongs_to":
                back = next(
                    (
                        n
                        for n, r in self.schema.models[target].relations.items()
                        if (r.has_many == name or r.has_one == name)
                        and (r.inverse in (None, rel_name))
                    ),
                    None,
                )
            else:
                back = rel.inverse or next(
                    n
                    for n, r in self.schema.models[target].relations.items()
                    if r.belongs_to == name
                )
            is_owner = spec.owner == rel_name
            relations.append(
                Relation(
                    name=rel_name,
                    kind=kind,
                    target=target,
                    target_snake=snake(target),
                    column=f"{rel_name}_id",
                    nullable=rel.nullable,
                    unique=rel.unique,
                    on_delete=ON_DELETE_SQL[rel.on_delete],
                    back_populates=back,
                    is_owner=is_owner,
                    is_direct_owner=is_owner and target == user_model,
                    target_owned=target != user_model and self.is_private(target),
                    description=rel.description,
                    renamed_from=rel.renamed_from,
                )
            )
        owner = next((r for r in relations if r.is_owner), None)
        joins: list[ScopeJoin] = []
        where: str | None = None
        if name == user_model:
            where = f"{name}.id == current_user.id"
        elif spec.owner is not None:
            chain = self.owner_chain(name)
            for model_name, rel_name in chain[:-1]:
                target = self.schema.models[model_name].relations[rel_name].belongs_to or ""
                joins.append(ScopeJoin(target, f"{model_name}.{rel_name}_id == {target}.id"))
            last_model, last_rel = chain[-1]
            where = f"{last_model}.{last_rel}_id == current_user.id"
        plural_pascal = pascal(plural)
        list_fn = plural if plural != s else f"{s}_list"
        list_schema = f"{plural_pascal}Public" if plural_pascal != name else f"{name}ListPublic"
        title = s.replace("_", " ").capitalize()
        return Model(
            name=name,
            snake=s,
            plural=plural,
            table=plural,
            url=f"/{kebab(plural)}",
            tag=kebab(plural),
            title=title,
            description=spec.description,
            has_id=True,
            timestamps=spec.timestamps,
            is_user=name == user_model,
            fields=tuple(self.field(n, f) for n, f in spec.fields.items()),
            relations=tuple(relations),
            owner=owner,
            scope_joins=tuple(joins),
            scope_where=where,
            list_fn=list_fn,
            plural_pascal=plural_pascal,
            list_schema=list_schema,
            is_chat_conversation=name == self.schema.chat.conversation.model,
            is_chat_message=name == self.schema.chat.message.model,
            renamed_from=spec.renamed_from,
        )

    def provider(self, name: str, spec: ProviderSpec) -> Provider:
        env_prefix = spec.kind.upper()
        return Provider(
            name=name,
            kind=spec.kind,
            label=spec.label or pascal(name),
            default=spec.default,
            default_model=spec.default_model,
            api_key_env=spec.api_key_env
            or (None if spec.kind == "mock" else f"{env_prefix}_API_KEY"),
            base_url_env=spec.base_url_env
            or (None if spec.kind == "mock" else f"{env_prefix}_BASE_URL"),
            delay_ms=spec.delay_ms or 0,
            models=tuple(
                ProviderModel(
                    name=model_name,
                    input=str(price.input),
                    output=str(price.output),
                    cached_input=None if price.cached_input is None else str(price.cached_input),
                    context_window=price.context_window,
                )
                for model_name, price in spec.models.items()
            ),
        )

    def build(self) -> Project:
        s = self.schema
        models = {name: self.model(name, spec) for name, spec in s.models.items()}
        user = models[s.auth.user_model]
        login = next(f for f in user.fields if f.name == s.auth.login_field)
        providers = tuple(self.provider(n, p) for n, p in s.providers.items())
        events = []
        for event_name, event in s.events.items():
            payload_model = models[event.payload] if isinstance(event.payload, str) else None
            payload_fields: tuple[EventField, ...] = ()
            if isinstance(event.payload, dict):
                payload_fields = tuple(
                    EventField(n, self.field(n, f).py_type) for n, f in event.payload.items()
                )
            events.append(
                Event(
                    name=event_name,
                    class_name=pascal(event_name.replace(".", "_")) + "Event",
                    description=event.description,
                    payload_model=payload_model,
                    payload_fields=payload_fields,
                )
            )
        return Project(
            name=s.project.name,
            dist_name=kebab(s.project.name),
            title=s.project.title,
            description=s.project.description or s.project.title,
            version=s.project.version,
            enums=tuple(self.enums.values()),
            models=tuple(models.values()),
            auth=Auth(
                user=user,
                login_field=login,
                password_min_length=s.auth.password_min_length,
                token_lifetime_minutes=s.auth.token_lifetime_minutes,
                algorithm=s.auth.algorithm,
            ),
            providers=providers,
            default_provider=next(p for p in providers if p.default),
            chat=build_chat(self.schema, self.enums, models),
            events=tuple(events),
            components=tuple(
                Component(kind=c, tag=kebab(c), file=f"components/{kebab(c)}.js")
                for c in s.ui.components
            ),
            ui_title=s.ui.title or s.project.title,
            keep=tuple(s.keep),
            schema_json=json.dumps(s.model_dump(mode="json"), indent=2, sort_keys=True),
        )


def build(schema: Schema) -> Project:
    """Build the IR of a schema that passed :func:`ssot_gen.schema.checks.check_schema`."""
    return _Builder(schema).build()
