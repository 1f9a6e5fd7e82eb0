"""Models and relations of the IR: every name the generated code uses for a model."""

from __future__ import annotations

from dataclasses import dataclass

from ssot_gen.ir.fields import Field
from ssot_gen.naming import kebab

API_OPERATIONS = ("list", "read", "create", "update", "delete")


def foreign_key_column(relation: str) -> str:
    """The column a belongs_to relation adds: ``author`` -> ``author_id`` (the one rule)."""
    return f"{relation}_id"


@dataclass(frozen=True)
class Operations:
    """Which REST operations a model's router has."""

    list: bool
    read: bool
    create: bool
    update: bool
    delete: bool

    def __getitem__(self, name: str) -> bool:
        return bool(getattr(self, name))


@dataclass(frozen=True)
class SchemaNames:
    """The pydantic classes generated for a model (``create`` is ``register`` for the user)."""

    base: str
    create: str
    register: str
    update: str
    public: str
    list: str
    node: str | None = None  # the chat's message in a list of the tree (sibling position)
    nodes: str | None = None  # a page of those (the chat's message list route)
    branch: str | None = None  # the chat's conversation: the body choosing its active branch

    def values(self) -> tuple[str, ...]:
        """Every class name the model adds to ``app/schemas.py``."""
        extra = tuple(n for n in (self.node, self.nodes, self.branch) if n is not None)
        return (self.base, self.create, self.update, self.public, self.list, *extra)


@dataclass(frozen=True)
class Relation:
    """A relation of a model. belongs_to adds the column ``column`` (``<name>_id``)."""

    name: str
    kind: str  # belongs_to | has_many | has_one
    model: str  # the Pascal name of the model declaring it
    target: str  # Pascal model name
    target_snake: str
    column: str  # belongs_to: this model's column; has_many/has_one: the target's column
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
    def self_referential(self) -> bool:
        """A relation of a model to itself (a tree): the belongs_to side needs ``remote_side``."""
        return self.model == self.target

    @property
    def in_payload(self) -> bool:
        """The foreign key is accepted in create/update payloads."""
        return self.kind == "belongs_to" and not self.is_direct_owner

    @property
    def annotation(self) -> str:
        return "UUID | None" if self.nullable else "UUID"

    @property
    def url(self) -> str:
        """Path segment of the nested list route: ``/conversations/{id}/<url>``."""
        return kebab(self.name)

    @property
    def foreign_keys(self) -> str:
        """The ``foreign_keys`` argument of ``relationship()``: the column that joins."""
        if self.kind == "belongs_to":
            return f"[{self.column}]"
        return f'"{self.target}.{self.column}"'

    def _reference(self, value: str) -> str:
        statement = f"sa.select({self.target}.id).where({self.target}.id == {value})"
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
        if self.kind == "belongs_to" and not self.nullable:
            return f'"{self.target}"'
        return f'"{self.target} | None"'


@dataclass(frozen=True)
class ScopeJoin:
    """A join that reaches the owner: ``JOIN target ON on``."""

    target: str
    on: str


@dataclass(frozen=True)
class NestedList:
    """A route listing the rows of ``target`` that point at one row: ``/<url>/{id}/<segment>``."""

    name: str  # the has_many relation (or the target's plural when none is declared)
    segment: str
    target: str
    target_snake: str
    column: str  # the target's foreign key column
    list_schema: str
    order_by_asc: str
    chat_messages: bool = False  # the chat conversation's messages

    @property
    def url(self) -> str:
        return self.segment


@dataclass(frozen=True)
class Model:
    """A model with every name the generated code uses for it."""

    name: str
    snake: str
    plural: str
    table: str
    url: str  # "/conversations" (below the API prefix)
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
    api: frozenset[str] = frozenset(API_OPERATIONS)
    # The chat conversation's provider and model fields: only catalogue values are accepted.
    catalog_fields: tuple[str, ...] = ()
    nested_lists: tuple[NestedList, ...] = ()
    renamed_from: str | None = None
    # The generated tests can create rows through the API (create exposed, and every required
    # parent creatable too, without a cycle).
    test_factory: bool = False

    # --- schema names ---------------------------------------------------------------------

    @property
    def schema_names(self) -> SchemaNames:
        """The pydantic classes generated for the model."""
        create = f"{self.name}Register" if self.is_user else f"{self.name}Create"
        return SchemaNames(
            base=f"{self.name}Base",
            create=create,
            register=create,
            update=f"{self.name}Update",
            public=f"{self.name}Public",
            list=self.list_schema,
            node=f"{self.name}NodePublic" if self.is_chat_message else None,
            nodes=f"{self.name}NodesPublic" if self.is_chat_message else None,
            branch=f"{self.name}BranchChoice" if self.is_chat_conversation else None,
        )

    # --- API ------------------------------------------------------------------------------

    @property
    def exposes(self) -> Operations:
        """Which REST operations the model's router has (the user is created by register)."""
        return Operations(
            **{
                op: op in self.api and not (op == "create" and self.is_user)
                for op in API_OPERATIONS
            }
        )

    @property
    def messages_list(self) -> NestedList | None:
        """For the chat's conversation: the nested route listing its messages."""
        return next((n for n in self.nested_lists if n.chat_messages), None)

    @property
    def route_summary(self) -> str:
        """The model's routes for the generated README (Markdown)."""
        exposes = self.exposes
        parts = []
        if exposes.list:
            parts.append("`GET` list (`skip`, `limit` → `{data, count}`)")
        if exposes.create:
            parts.append("`POST` create")
        by_id = [
            m
            for m, op in (("GET", "read"), ("PATCH", "update"), ("DELETE", "delete"))
            if exposes[op]
        ]
        if by_id:
            parts.append("`/{id}`: " + ", ".join(f"`{m}`" for m in by_id))
        return "; ".join(parts) or "no REST operations"

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
    def route_models(self) -> tuple[str, ...]:
        """``app.models`` names the model's router imports, sorted."""
        names = {self.name}
        if self.exposes["create"] or self.exposes["update"]:
            names |= {r.target for r in self.payload_relations}
        names |= {n.target for n in self.nested_lists}
        return tuple(sorted(names))

    @property
    def route_schemas(self) -> tuple[str, ...]:
        """``app.schemas`` names the model's router imports, sorted."""
        exposes = self.exposes
        names = set()
        if self.is_user or exposes["list"] or exposes["read"] or exposes["create"]:
            names.add(f"{self.name}Public")
        if exposes["update"]:
            names.add(f"{self.name}Public")
        if exposes["list"]:
            names.add(self.list_schema)
        if exposes["update"]:
            names.add(f"{self.name}Update")
        if exposes["create"]:
            names.add(f"{self.name}Create")
        for nested in self.nested_lists:
            names.add(nested.list_schema)
            if not nested.chat_messages:  # the chat's messages: ``bindings.public_node``
                names.add(f"{nested.target}Public")
        if self.schema_names.branch is not None:
            names.add(self.schema_names.branch)
        return tuple(sorted(names))

    @property
    def route_access(self) -> tuple[str, ...]:
        """``app.api.access`` names the model's router imports, sorted."""
        exposes = self.exposes
        names = {f"scope_{n.target_snake}" for n in self.nested_lists}
        if exposes["list"]:
            names.add(f"scope_{self.snake}")
        if exposes["read"] or exposes["update"] or exposes["delete"] or self.nested_lists:
            names.add(f"get_{self.snake}")
        if exposes["create"] and self.payload_relations:
            names.add("check_reference")
            names |= {f"scope_{r.target_snake}" for r in self.owned_parents}
        if exposes["update"] and self.updatable_relations:
            names.add("check_reference")
        return tuple(sorted(names))

    @property
    def updatable_relations(self) -> tuple[Relation, ...]:
        """Foreign keys a PATCH may change (a private parent is fixed at creation)."""
        return tuple(r for r in self.payload_relations if not r.target_owned)

    @property
    def router_imports(self) -> tuple[str, ...]:
        """The import statements of the model's router module, in isort order (sections
        separated by ``""``)."""
        exposes = self.exposes
        by_id = exposes["read"] or exposes["update"] or exposes["delete"] or bool(self.nested_lists)
        routes = by_id or exposes["list"] or exposes["create"] or self.is_user
        stdlib = []
        if routes:
            stdlib.append("import typing as t")
        if by_id:
            stdlib.append("from uuid import UUID")
        third = ["import fastapi"]
        if by_id or exposes["list"] or (exposes["create"] and self.payload_relations):
            third.append("import sqlalchemy as sa")
        local = []
        if self.route_access:
            local.append(f"from app.api.access import {', '.join(self.route_access)}")
        if self.is_chat_conversation:  # the message list follows the tree (app.chat.tree)
            local.append("from app.chat import bindings, tree")
        session = by_id or exposes["list"] or exposes["create"]
        # the user's PATCH confirms a change of the login with the current password
        login_change = self.is_user and exposes["update"]
        if routes:
            deps = "CurrentUser, SessionDep" if session else "CurrentUser"
            if login_change:
                deps += ", normalise_login, revoke_tokens"
            local.append(f"from app.api.deps import {deps}")
        if self.is_chat_conversation and exposes["delete"]:  # a delete stops its replies
            local.append("from app.chat import service")
        if self.is_chat_message and exposes["create"]:  # it joins the active branch
            local.append("from app.chat import service")
        if self.is_chat_conversation and (exposes["create"] or exposes["update"]):
            local.append("from app.chat.bindings import catalog_problem")
        if self.is_chat_conversation:  # conversation.* events (the branch switch, ...)
            local.append("from app.chat.hub import hub")
        if login_change:
            local.append("from app.core.security import verify_password")
        if session:
            local.append(f"from app.models import {', '.join(self.route_models)}")
        if self.route_schemas:
            local.append(f"from app.schemas import {', '.join(self.route_schemas)}")
        sections = [section for section in (stdlib, third, local) if section]
        lines: list[str] = []
        for section in sections:
            lines += [*section, ""]
        return tuple(lines[:-1])

    # --- fields and relations -------------------------------------------------------------

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        """The table's CHECK constraints: ``(name, SQL condition)`` for every field."""
        return tuple(check for f in self.fields for check in f.checks)

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
        names += [r.column for r in self.payload_relations if not r.nullable and not r.target_owned]
        return tuple(names)

    @property
    def direct_owner(self) -> Relation | None:
        """The owner relation when it points at the auth user model (set from the token)."""
        return self.owner if self.owner is not None and self.owner.is_direct_owner else None

    @property
    def probe_field(self) -> Field | None:
        """A writable field whose JSON value round-trips exactly (for generated update tests)."""
        return next(
            (
                f
                for f in self.writable_fields
                if f.comparable and not f.unique and f.name not in self.catalog_fields
            ),
            None,
        )

    @property
    def invalid_values(self) -> tuple[tuple[str, str], ...]:
        """``(field, Python expression)`` pairs the create route must refuse with 422."""
        return tuple((f.name, value) for f in self.writable_fields for value in f.invalid_samples)

    @property
    def datetime_field(self) -> Field | None:
        """A writable datetime field (for the generated UTC round-trip test)."""
        return next((f for f in self.writable_fields if f.type == "datetime"), None)

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
