"""Cross-reference checks of a structurally valid schema.

Every problem is collected (never the first only); each carries file:line:column, the dotted
path and, where a name is close to a known one, a hint. The field checks live in
:mod:`ssot_gen.schema.values`, the chat bindings in :mod:`ssot_gen.schema.chat_checks`.
"""

from __future__ import annotations

import datetime

from ssot_gen.errors import SchemaIssue
from ssot_gen.naming import plural_of
from ssot_gen.schema.chat_checks import ChatChecks
from ssot_gen.schema.models import ModelPrice, ModelSpec, Schema
from ssot_gen.schema.names import ENV_VAR, PASCAL, PROVIDER, SNAKE, matches
from ssot_gen.schema.reserved import collisions
from ssot_gen.schema.source import Marks, PathKey, did_you_mean, dotted
from ssot_gen.schema.values import ValueChecks

STREAMING_PAYLOAD = ("message_id", "seq", "offset", "delta")
UI_SETTING_TYPES = {
    "theme": ("enum", "string"),
    "font_size": ("int",),
    "show_tokens": ("bool",),
    "show_cost": ("bool",),
    "streaming": ("bool",),
    "markdown": ("bool",),
    "code_highlight": ("bool",),
    "provider": ("string",),
    "model": ("string",),
}
"""The field types each ``ui.settings`` binding accepts."""
PASSWORD_FIELDS = {"password", "hashed_password"}
# Columns and body keys the generator adds to the auth user model, with why.
AUTH_USER_NAMES = {
    "token_version": "the generator adds it: logout and password changes revoke tokens with it",
    "current_password": "the user's PATCH body takes it to confirm a change of the login field",
}


class _Checker(ValueChecks, ChatChecks):
    def run(self) -> None:
        s = self.schema
        if not matches(SNAKE, s.project.name):
            self.error(("project", "name"), f"{s.project.name!r} must be snake_case")
        self.enums()
        tables: dict[str, list[str]] = {}
        for model_name, model in s.models.items():
            self.model(model_name, model)
            tables.setdefault(plural_of(model_name, model.plural), []).append(model_name)
            if model_name in s.enums:
                self.error(("models", model_name), f"'{model_name}' is also an enum", key=True)
        for table, names in tables.items():
            if len(names) > 1:
                self.table_clash(table, names)
        self.required_cycles()
        self.owners()
        self.auth()
        self.providers()
        self.chat()
        self.title_model()
        self.events()
        self.ui()

    def required_cycles(self) -> None:
        """Refuse a cycle of required belongs_to relations (a tree whose parent is not
        nullable): the first row of such a cycle could never be created."""
        models = self.schema.models
        edges = {
            name: [
                (rel_name, rel.belongs_to)
                for rel_name, rel in model.relations.items()
                if rel.belongs_to in models and not rel.nullable
            ]
            # the user model's required belongs_to are refused on their own (see auth)
            for name, model in models.items()
            if name != self.schema.auth.user_model
        }
        reported: set[frozenset[str]] = set()

        def visit(start: str, name: str, trail: list[tuple[str, str]]) -> None:
            for rel_name, target in edges.get(name, []):
                step = [*trail, (name, rel_name)]
                if target == start:
                    cycle = frozenset(m for m, _ in step)
                    if cycle not in reported:
                        reported.add(cycle)
                        model_name, relation = step[0]
                        chain = " -> ".join([*(m for m, _ in step), start])
                        self.error(
                            ("models", model_name, "relations", relation),
                            f"required belongs_to relations form a cycle ({chain}): the first "
                            "row could never be created",
                            hint="make one of them nullable: true",
                        )
                elif target is not None and all(target != m for m, _ in step):
                    visit(start, target, step)

        for name in models:
            visit(name, name, [])

    def table_clash(self, table: str, names: list[str]) -> None:
        """Models sharing a table (and URL): blame each explicit ``plural``, else the later."""
        explicit = [n for n in names if self.schema.models[n].plural is not None]
        for name in explicit or names[1:]:
            others = ", ".join(f"'{other}'" for other in names if other != name)
            path: PathKey = ("models", name, "plural") if explicit else ("models", name)
            self.error(
                path, f"table name '{table}' is also used by model {others}", key=not explicit
            )

    def enums(self) -> None:
        for enum_name, enum in self.schema.enums.items():
            self.name(("enums", enum_name), enum_name, PASCAL, sql=False)
            seen: set[str] = set()
            for index, value in enumerate(enum.values):
                path = ("enums", enum_name, "values", index)
                if not matches(SNAKE, value):
                    self.error(path, f"enum value {value!r} must be lowercase snake_case")
                elif value in seen:
                    self.error(path, f"duplicate enum value '{value}'")
                seen.add(value)

    def model(self, model_name: str, model: ModelSpec) -> None:
        base: PathKey = ("models", model_name)
        self.name(base, model_name, PASCAL, sql=False)
        table = plural_of(model_name, model.plural)
        if model.plural is not None and not matches(SNAKE, model.plural):
            self.error((*base, "plural"), f"{model.plural!r} must be snake_case")
        elif "SQL" in collisions(table):
            self.error((*base, "plural"), f"table name '{table}' is a reserved word in SQL")
        # Every attribute of the generated class: fields, relations, foreign key columns and
        # the columns added by convention. Two of one name would overwrite each other.
        taken = {"id": "the primary key added by convention"}
        if model.timestamps:
            taken |= dict.fromkeys(("created_at", "updated_at"), "a timestamp added by convention")
        for field_name, spec in model.fields.items():
            path = (*base, "fields", field_name)
            self.name(path, field_name, SNAKE)
            self.attribute(path, field_name, taken, f"field '{field_name}'")
            self.field(path, spec)
        for rel_name, rel in model.relations.items():
            path = (*base, "relations", rel_name)
            self.name(path, rel_name, SNAKE, sql=False)
            self.attribute(path, rel_name, taken, f"relation '{rel_name}'")
            kinds = [k for k in ("belongs_to", "has_many", "has_one") if getattr(rel, k)]
            if len(kinds) != 1:
                self.error(path, "a relation needs exactly one of belongs_to, has_many, has_one")
                continue
            kind = kinds[0]
            if kind == "belongs_to":
                column = f"{rel_name}_id"
                self.attribute(path, column, taken, f"the foreign key column of '{rel_name}'")
                if rel.on_delete == "set_null" and not rel.nullable:
                    self.error((*path, "on_delete"), "on_delete: set_null needs nullable: true")
                if rel.inverse is not None:
                    self.error((*path, "inverse"), "inverse applies to has_many and has_one")
            else:
                for option in ("on_delete", "nullable", "unique"):
                    if option in rel.model_fields_set:
                        self.error((*path, option), f"{option} applies to belongs_to, not {kind}")
            target = getattr(rel, kind)
            if not self.reference((*path, kind), target, self.schema.models, "model", ("models",)):
                continue
            if kind != "belongs_to":
                self.inverse(path, model_name, rel.inverse, target, one=kind == "has_one")

    def attribute(self, path: PathKey, name: str, taken: dict[str, str], what: str) -> None:
        """Claim the attribute ``name`` of a generated model class for ``what``."""
        if name in taken:
            self.error(path, f"{what} collides with {taken[name]}", key=True)
        else:
            taken[name] = what

    def inverse(
        self, path: PathKey, model_name: str, inverse: str | None, target: str, *, one: bool
    ) -> None:
        relations = self.schema.models[target].relations
        candidates = [name for name, rel in relations.items() if rel.belongs_to == model_name]
        where = ("models", target, "relations")
        if inverse is not None:
            what = f"belongs_to on {target}"
            if not self.reference((*path, "inverse"), inverse, candidates, what, where):
                return
        elif len(candidates) == 1:
            inverse = candidates[0]
        else:
            if self.marks.is_broken(where) or self.marks.is_broken(("models", target)):
                return
            found = "no" if not candidates else "several"
            self.error(
                path,
                f"{found} belongs_to relation on '{target}' points back to '{model_name}'; "
                "name it with inverse:",
            )
            return
        if one and not relations[inverse].unique:
            self.error(path, f"has_one needs unique: true on '{target}.{inverse}'")

    def owners(self) -> None:
        user_model = self.schema.auth.user_model
        for model_name, model in self.schema.models.items():
            if model.owner is None:
                continue
            path: PathKey = ("models", model_name, "owner")
            belongs = {n: r.belongs_to for n, r in model.relations.items() if r.belongs_to}
            where = ("models", model_name, "relations")
            if not self.reference(path, model.owner, belongs, "belongs_to relation", where):
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
                relation = next_model.relations.get(next_model.owner)
                if relation is None or relation.belongs_to is None:
                    break  # reported at that model's own owner
                target = relation.belongs_to

    def auth(self) -> None:
        auth = self.schema.auth
        models = self.schema.models
        if not self.reference(
            ("auth", "user_model"), auth.user_model, models, "model", ("models",)
        ):
            return
        user = models[auth.user_model]
        base: PathKey = ("models", auth.user_model)
        for name in PASSWORD_FIELDS & set(user.fields):
            self.error(
                (*base, "fields", name),
                f"the auth user model cannot have a field '{name}'",
                hint="registration takes 'password' and stores its hash in 'hashed_password', "
                "which the generator adds",
                key=True,
            )
        for name in sorted(AUTH_USER_NAMES.keys() & (set(user.fields) | set(user.relations))):
            kind = "fields" if name in user.fields else "relations"
            self.error(
                (*base, kind, name),
                f"the auth user model cannot have a {kind[:-1]} '{name}'",
                hint=AUTH_USER_NAMES[name],
                key=True,
            )
        for name, rel in user.relations.items():
            if rel.belongs_to and not rel.nullable:
                self.error(
                    (*base, "relations", name),
                    f"the auth user model's belongs_to '{name}' must be nullable: true",
                    hint="registration cannot supply it",
                    key=True,
                )
        where = (*base, "fields")
        if self.reference(("auth", "login_field"), auth.login_field, user.fields, "field", where):
            spec = user.fields[auth.login_field]
            if spec.type not in {"string", "email"} or not spec.unique or spec.nullable:
                self.error(
                    ("auth", "login_field"),
                    f"the login field '{auth.login_field}' must be a unique string or email "
                    "field, not nullable",
                )

    def providers(self) -> None:
        providers = self.schema.providers
        defaults = [name for name, p in providers.items() if p.default]
        if not defaults and self.intact(("providers",)):
            self.error(("providers",), "no provider has default: true", key=True)
        elif len(defaults) > 1:
            for name in defaults:
                others = ", ".join(f"'{other}'" for other in defaults if other != name)
                self.error(
                    ("providers", name, "default"),
                    f"only one provider may have default: true; {others} has it too",
                    key=True,
                )
        for name, provider in providers.items():
            path: PathKey = ("providers", name)
            if not matches(PROVIDER, name):
                self.error(path, f"{name!r} must be lowercase", key=True)
            self.reference(
                (*path, "default_model"),
                provider.default_model,
                provider.models,
                "model",
                (*path, "models"),
            )
            for model_name, model in provider.models.items():
                self.model_prices((*path, "models", model_name), model)
            if provider.kind != "mock" and provider.delay_ms is not None:
                self.error((*path, "delay_ms"), "delay_ms applies to kind mock only")
            for key in ("api_key_env", "base_url_env"):
                value = getattr(provider, key)
                if value is not None and not matches(ENV_VAR, value):
                    self.error(
                        (*path, key),
                        f"{value!r} is not an environment variable name",
                        hint="use capital letters, digits and _, e.g. OPENAI_API_KEY",
                    )

    def model_prices(self, path: PathKey, model: ModelPrice) -> None:
        """Flat prices come in pairs (input and output); dated prices are in date order."""
        flat = ("input", "output", "cached_input", "cache_write", "reasoning")
        given = [key for key in flat if getattr(model, key) is not None]
        for key in ("input", "output"):
            if given and getattr(model, key) is None:
                self.error(
                    path,
                    f"{key} price missing: a model with prices needs both input and output "
                    f"(it has {', '.join(given)})",
                    key=True,
                )
        previous: datetime.date | None = None
        for index, price in enumerate(model.prices):
            if previous is not None and price.since <= previous:
                self.error(
                    (*path, "prices", index, "since"),
                    f"{price.since.isoformat()} is not after the previous price's "
                    f"{previous.isoformat()}: list prices oldest first, one per date",
                )
            previous = price.since

    def title_model(self) -> None:
        """``chat.title_model``: ``provider/model``, or a model some provider serves."""
        chat = self.schema.chat
        path: PathKey = ("chat", "title_model")
        value = chat.title_model
        if value is None or not self.intact(path):
            return
        if chat.conversation.title is None:
            self.error(path, "titles need chat.conversation.title (the field they are written to)")
        providers = self.schema.providers
        if "/" in value:
            provider_name, model_name = value.split("/", 1)
            provider = providers.get(provider_name)
            if provider is None:
                self.error(
                    path,
                    f"'{provider_name}' is not a provider "
                    f"(allowed: {', '.join(sorted(providers))})",
                    hint=did_you_mean(provider_name, providers),
                )
            elif model_name not in provider.models:
                self.error(
                    path,
                    f"'{model_name}' is not a model of provider '{provider_name}' "
                    f"(allowed: {', '.join(provider.models)})",
                    hint=did_you_mean(model_name, provider.models),
                )
            return
        served = [model for provider in providers.values() for model in provider.models]
        if value not in served:
            self.error(
                path,
                f"'{value}' is not a model of any provider; write provider/model or one of: "
                f"{', '.join(served)}",
                hint=did_you_mean(value, served),
            )

    def events(self) -> None:
        expected = {
            "message.created": self.schema.chat.message.model,
            "message.updated": self.schema.chat.message.model,
            "conversation.created": self.schema.chat.conversation.model,
            "conversation.updated": self.schema.chat.conversation.model,
        }
        for name in [*expected, "message.streaming"]:
            if name not in self.schema.events and self.intact(("events",)):
                self.error(("events",), f"missing event '{name}'", key=True)
        for name, event in self.schema.events.items():
            path: PathKey = ("events", name, "payload")
            if not self.intact(path):
                continue
            if name in expected:
                if not isinstance(event.payload, str):
                    self.error(path, f"the payload of {name} is a model name")
                elif self.reference(path, event.payload, self.schema.models, "model", ("models",)):
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
        self.ui_settings()

    def ui_settings(self) -> None:
        """``ui.settings``: fields of the one-per-user settings model, of the right types."""
        spec = self.schema.ui.settings
        if spec is None:
            return
        chat = self.schema.chat
        owned = [
            name
            for name, model in self.schema.models.items()
            if model.owner is not None
            and (relation := model.relations.get(model.owner)) is not None
            and relation.unique
            and name not in (chat.conversation.model, chat.message.model)
        ]
        if not owned:
            self.error(
                ("ui", "settings"),
                "ui.settings needs a one-per-user settings model (a model whose owner "
                "relation is unique: true)",
            )
            return
        model_name = owned[0]
        fields = self.schema.models[model_name].fields
        for role, types in UI_SETTING_TYPES.items():
            name = getattr(spec, role)
            if name is None:
                continue
            path = ("ui", "settings", role)
            if not self.reference(
                path, name, fields, f"field of {model_name}", ("models", model_name, "fields")
            ):
                continue
            kind = fields[name].type
            if kind not in types:
                self.error(
                    path,
                    f"{model_name}.{name} is {kind}; ui.settings.{role} needs {' or '.join(types)}",
                )

    def generated_names(self) -> None:
        """Names the generated code binds itself (see :mod:`ssot_gen.ir.reserved`)."""
        from ssot_gen.ir.reserved import clashes

        paths = {dotted(path): path for path in (*self.marks.values, *self.marks.keys)}
        for where, message in clashes(self.schema):
            path = paths.get(where)
            if path is None:
                path = tuple(where.split("."))
            self.error(path, message, key=True)


def collect_issues(schema: Schema, marks: Marks) -> list[SchemaIssue]:
    """Every cross-reference problem of ``schema`` (nodes in ``marks.broken`` skipped)."""
    checker = _Checker(schema, marks)
    checker.run()
    if not checker.issues and not marks.broken:  # the IR is built only from a whole schema
        checker.generated_names()
    return checker.issues
