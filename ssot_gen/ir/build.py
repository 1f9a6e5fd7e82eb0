"""``build(schema) -> Project``: the one place a checked schema becomes the IR."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ssot_gen.ir.attachments import build_attachments
from ssot_gen.ir.chat import build_chat
from ssot_gen.ir.fields import (
    DECIMAL_PRECISION,
    DECIMAL_SCALE,
    EMAIL_LENGTH,
    ENUM_MIN_LENGTH,
    FIELD_TYPES,
    STRING_LENGTH,
    Enum,
    EnumValue,
    Field,
)
from ssot_gen.ir.models import (
    API_OPERATIONS,
    Model,
    NestedList,
    Relation,
    ScopeJoin,
    foreign_key_column,
)
from ssot_gen.ir.project import (
    Auth,
    Component,
    Event,
    EventField,
    ModelPrice,
    Project,
    Provider,
    ProviderModel,
    Security,
)
from ssot_gen.naming import kebab, pascal, plural_of, snake
from ssot_gen.schema.models import FieldSpec, ModelSpec, ProviderSpec, RelationSpec, Schema
from ssot_gen.schema.models import ModelPrice as ModelPriceSpec

ON_DELETE_SQL = {"cascade": "CASCADE", "set_null": "SET NULL", "restrict": "RESTRICT"}
CHAT_MESSAGE_API = ("list", "read", "delete")  # messages are written by the chat, not clients


def build_enum(name: str, values: list[str], description: str | None) -> Enum:
    """An enum stored as a VARCHAR long enough for its values (at least ``ENUM_MIN_LENGTH``)."""
    return Enum(
        name=name,
        values=tuple(EnumValue(v.upper(), v) for v in values),
        description=description,
        length=max(ENUM_MIN_LENGTH, *(len(v) for v in values)),
    )


def build_field(name: str, spec: FieldSpec, enums: dict[str, Enum]) -> Field:
    """The IR field of one schema field (a :data:`FIELD_TYPES` class per ``spec.type``)."""
    has_default = "default" in spec.model_fields_set and spec.default is not None
    common: dict[str, Any] = {
        "name": name,
        "description": spec.description,
        "nullable": spec.nullable,
        "unique": spec.unique,
        "index": spec.index,
        "read_only": spec.read_only,
        "default": spec.default if has_default else None,
        "renamed_from": spec.renamed_from,
    }
    t = spec.type
    if t == "string":
        common |= {"length": spec.max_length or STRING_LENGTH, "min_len": spec.min_length}
    elif t == "text":
        common |= {"min_len": spec.min_length}
    elif t == "email":
        common |= {"length": spec.max_length or EMAIL_LENGTH}
    elif t in {"int", "float", "decimal"}:
        common |= {"low": spec.min, "high": spec.max}
        if t == "decimal":
            common |= {
                "precision": spec.precision or DECIMAL_PRECISION,
                "scale": spec.scale if spec.scale is not None else DECIMAL_SCALE,
            }
    elif t == "enum":
        common |= {"enum": enums[spec.enum or ""]}
    return FIELD_TYPES[t](**common)


class _Builder:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.enums = {
            name: build_enum(name, spec.values, spec.description)
            for name, spec in schema.enums.items()
        }

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

    def back_populates(self, name: str, rel_name: str, kind: str, target: str) -> str | None:
        """The relation on ``target`` that mirrors ``rel_name`` (None: not declared)."""
        relations = self.schema.models[target].relations
        if kind == "belongs_to":
            return next(
                (
                    n
                    for n, r in relations.items()
                    if (r.has_many == name or r.has_one == name)
                    and (
                        r.inverse == rel_name
                        or (r.inverse is None and rel_name == self.sole_inverse(target, name))
                    )
                    and not (target == name and n == rel_name)
                ),
                None,
            )
        inverse = self.schema.models[name].relations[rel_name].inverse
        return inverse or self.sole_inverse(name, target)

    def sole_inverse(self, name: str, target: str) -> str | None:
        """The only belongs_to on ``target`` pointing at ``name`` (None: none or several)."""
        found = [n for n, r in self.schema.models[target].relations.items() if r.belongs_to == name]
        return found[0] if len(found) == 1 else None

    def relation(self, name: str, rel_name: str, spec: ModelSpec) -> Relation:
        rel = spec.relations[rel_name]
        kind = "belongs_to" if rel.belongs_to else "has_many" if rel.has_many else "has_one"
        target = rel.belongs_to or rel.has_many or rel.has_one or ""
        back = self.back_populates(name, rel_name, kind, target)
        is_owner = spec.owner == rel_name
        user_model = self.schema.auth.user_model
        column = foreign_key_column(rel_name if kind == "belongs_to" else back or "")
        return Relation(
            name=rel_name,
            kind=kind,
            model=name,
            target=target,
            target_snake=snake(target),
            column=column,
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

    def scope(self, name: str, spec: ModelSpec) -> tuple[tuple[ScopeJoin, ...], str | None]:
        """The joins and condition limiting ``name``'s rows to the current user's."""
        if name == self.schema.auth.user_model:
            return (), f"{name}.id == current_user.id"
        if spec.owner is None:
            return (), None
        chain = self.owner_chain(name)
        joins = []
        for model_name, rel_name in chain[:-1]:
            target = self.schema.models[model_name].relations[rel_name].belongs_to or ""
            column = foreign_key_column(rel_name)
            joins.append(ScopeJoin(target, f"{model_name}.{column} == {target}.id"))
        last_model, last_rel = chain[-1]
        return tuple(joins), f"{last_model}.{foreign_key_column(last_rel)} == current_user.id"

    def api(self, name: str, spec: ModelSpec) -> frozenset[str]:
        if spec.api is not None:
            return frozenset(spec.api)
        if name == self.schema.chat.message.model:
            return frozenset(CHAT_MESSAGE_API)
        return frozenset(API_OPERATIONS)

    def model(self, name: str, spec: ModelSpec) -> Model:
        s = snake(name)
        plural = plural_of(name, spec.plural)
        relations = tuple(self.relation(name, rel_name, spec) for rel_name in spec.relations)
        joins, where = self.scope(name, spec)
        plural_pascal = pascal(plural)
        return Model(
            name=name,
            snake=s,
            plural=plural,
            table=plural,
            url=f"/{kebab(plural)}",
            tag=kebab(plural),
            title=s.replace("_", " ").capitalize(),
            description=spec.description,
            has_id=True,
            timestamps=spec.timestamps,
            is_user=name == self.schema.auth.user_model,
            fields=tuple(build_field(n, f, self.enums) for n, f in spec.fields.items()),
            relations=relations,
            owner=next((r for r in relations if r.is_owner), None),
            scope_joins=joins,
            scope_where=where,
            list_fn=plural if plural != s else f"{s}_list",
            plural_pascal=plural_pascal,
            list_schema=f"{plural_pascal}Public" if plural_pascal != name else f"{name}ListPublic",
            is_chat_conversation=name == self.schema.chat.conversation.model,
            is_chat_message=name == self.schema.chat.message.model,
            catalog_fields=self.catalog_fields(name),
            api=self.api(name, spec),
            renamed_from=spec.renamed_from,
        )

    def catalog_fields(self, name: str) -> tuple[str, ...]:
        """The conversation's provider and model fields (values checked against the catalogue)."""
        binding = self.schema.chat.conversation
        return (binding.provider, binding.model_name) if name == binding.model else ()

    def nested_lists(self, model: Model, models: dict[str, Model]) -> tuple[NestedList, ...]:
        """The model's nested list routes: one per has_many, plus the chat's messages."""
        nested = []
        message = self.schema.chat.message
        for rel in model.relations:
            if rel.kind != "has_many":
                continue
            target = models[rel.target]
            chat = model.is_chat_conversation and rel.target == message.model
            nested.append(self.nested(rel.name, rel.url, target, rel.column, chat=chat))
        if model.is_chat_conversation and not any(n.chat_messages for n in nested):
            target = models[message.model]
            column = foreign_key_column(message.conversation)
            taken = {n.segment for n in nested}
            segment = target.tag if target.tag not in taken else f"chat-{target.tag}"
            nested.append(self.nested(target.plural, segment, target, column, chat=True))
        return tuple(nested)

    def creatable(self, name: str, models: dict[str, Model], seen: frozenset[str]) -> bool:
        """Rows of ``name`` can be created through the API, parents first."""
        model = models[name]
        if name in seen or not model.exposes["create"]:
            return False
        return all(
            self.creatable(r.target, models, seen | {name})
            for r in model.payload_relations
            if not r.nullable and r.target != self.schema.auth.user_model
        )

    @staticmethod
    def nested(name: str, segment: str, target: Model, column: str, *, chat: bool) -> NestedList:
        # the chat's messages list their place in the tree too (``sibling_index``, ...)
        nodes = target.schema_names.nodes if chat else None
        return NestedList(
            name=name,
            segment=segment,
            target=target.name,
            target_snake=target.snake,
            column=column,
            list_schema=nodes or target.list_schema,
            order_by_asc=target.order_by_asc,
            chat_messages=chat,
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
            models=tuple(self.provider_model(n, m) for n, m in spec.models.items()),
        )

    @staticmethod
    def provider_model(name: str, spec: ModelPriceSpec) -> ProviderModel:
        """A provider's model: the flat prices (from the beginning) first, then the dated ones."""

        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        prices: list[ModelPrice] = []
        if spec.input is not None and spec.output is not None:
            prices.append(
                ModelPrice(
                    input=str(spec.input),
                    output=str(spec.output),
                    cached_input=text(spec.cached_input),
                    cache_write=text(spec.cache_write),
                    reasoning=text(spec.reasoning),
                )
            )
        prices.extend(
            ModelPrice(
                input=str(p.input),
                output=str(p.output),
                cached_input=text(p.cached_input),
                cache_write=text(p.cache_write),
                reasoning=text(p.reasoning),
                since=p.since.isoformat(),
            )
            for p in spec.prices
        )
        return ProviderModel(
            name=name,
            prices=tuple(prices),
            context_window=spec.context_window,
            images=spec.images,
            options=tuple(spec.options.items()),
        )

    def events(self, models: dict[str, Model]) -> tuple[Event, ...]:
        events = []
        for event_name, event in self.schema.events.items():
            payload_model = models[event.payload] if isinstance(event.payload, str) else None
            payload_fields: tuple[EventField, ...] = ()
            if isinstance(event.payload, dict):
                payload_fields = tuple(
                    EventField(n, _EVENT_TYPES.get(f.type, "str")) for n, f in event.payload.items()
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
        return tuple(events)

    def build(self) -> Project:
        s = self.schema
        built = {name: self.model(name, spec) for name, spec in s.models.items()}
        models = {
            name: _replace(
                model,
                nested_lists=self.nested_lists(model, built),
                test_factory=self.creatable(name, built, frozenset()),
            )
            for name, model in built.items()
        }
        user = models[s.auth.user_model]
        login = next(f for f in user.fields if f.name == s.auth.login_field)
        providers = tuple(self.provider(n, p) for n, p in s.providers.items())
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
                password_max_length=s.auth.password_max_length,
                token_lifetime_minutes=s.auth.token_lifetime_minutes,
                algorithm=s.auth.algorithm,
            ),
            providers=providers,
            default_provider=next(p for p in providers if p.default),
            chat=build_chat(self.schema, self.enums, models),
            events=self.events(models),
            components=tuple(
                Component(kind=c, tag=kebab(c), file=f"components/{kebab(c)}.js")
                for c in s.ui.components
            ),
            ui_title=s.ui.title or s.project.title,
            ui_settings_bindings=tuple(
                (role, name)
                for role, name in (s.ui.settings.model_dump() if s.ui.settings else {}).items()
                if name is not None
            ),
            keep=tuple(s.keep),
            acknowledged=tuple(s.migrations.acknowledge),
            schema_json=json.dumps(s.model_dump(mode="json"), indent=2, sort_keys=True),
            attachments=build_attachments(s, models),
            security=Security(
                rate_login=" ".join(s.security.rate_limits.login.split()),
                rate_register=" ".join(s.security.rate_limits.registration.split()),
                rate_send=" ".join(s.security.rate_limits.send.split()),
                max_body_bytes=s.security.max_body_bytes,
                max_message_chars=s.security.max_message_chars,
                max_frame_bytes=s.security.max_frame_bytes,
                max_concurrent_generations=s.security.max_concurrent_generations,
                budget_tokens_per_day=s.security.budget.tokens_per_day,
                budget_usd_per_day=(
                    None
                    if s.security.budget.usd_per_day is None
                    else str(s.security.budget.usd_per_day)
                ),
                cors_origins=tuple(s.security.cors_origins),
            ),
        )


# Annotations of the streaming event's payload fields, as the chat's events module imports them.
_EVENT_TYPES = {"uuid": "uuid.UUID", "int": "int", "text": "str", "string": "str"}


def _replace(model: Model, **changes: Any) -> Model:
    from dataclasses import replace

    return replace(model, **changes)


def parent_relation(schema: Schema) -> str:
    """The message model's relation to its parent message: ``chat.message.parent`` when the
    schema binds one, else the first of ``parent``, ``chat_parent``, ``chat_parent_2``, ...
    that names neither a relation nor a field (``<name>``, ``<name>_id``) of the model."""
    if schema.chat.message.parent is not None:
        return schema.chat.message.parent
    message = schema.models[schema.chat.message.model]
    taken = set(message.relations) | set(message.fields)
    candidates = ["parent", "chat_parent"] + [f"chat_parent_{n}" for n in range(2, 100)]
    return next(n for n in candidates if n not in taken and f"{n}_id" not in taken)


def with_engine_relations(schema: Schema) -> Schema:
    """``schema`` with the relations the chat engine needs added where the schema has none:
    the message tree's parent link (a nullable belongs_to of the message model to itself,
    cascading, so deleting a message deletes the branches below it)."""
    if schema.chat.message.parent is not None:
        return schema
    name = parent_relation(schema)
    message_name = schema.chat.message.model
    message = schema.models[message_name]
    relation = RelationSpec(
        belongs_to=message_name,
        nullable=True,
        on_delete="cascade",
        description="The message this one answers or follows (added by the chat engine).",
    )
    relations = {**message.relations, name: relation}
    models = {**schema.models, message_name: message.model_copy(update={"relations": relations})}
    chat = schema.chat.model_copy(
        update={"message": schema.chat.message.model_copy(update={"parent": name})}
    )
    return schema.model_copy(update={"models": models, "chat": chat})


def build(schema: Schema) -> Project:
    """Build the IR of a schema that passed :func:`ssot_gen.schema.load.load_schema`."""
    project = _Builder(with_engine_relations(schema)).build()
    schema_json = json.dumps(schema.model_dump(mode="json"), indent=2, sort_keys=True)
    return _replace_project(project, schema_json=schema_json)  # the team's schema, as written


def _replace_project(project: Project, **changes: Any) -> Project:
    from dataclasses import replace

    return replace(project, **changes)
