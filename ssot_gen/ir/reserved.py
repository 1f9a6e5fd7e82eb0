"""Names the generated code itself binds, which a schema's names must not take.

The generated modules import and define names of their own (``Base`` in ``app/models.py``,
``router`` in each routes module, the ``/api/auth`` routes, ...). They qualify third-party
imports (``sa.String``, ``fastapi.Query``) so most schema names are free; what remains is
found here *from the generated code itself*: the templates are rendered for a probe schema
whose every name contains ``qq``, each Python module is parsed, and its module-level names
without ``qq`` are the generator's own. Nothing here is a hand-kept list of generated names.

``clashes(schema)`` returns ``[(dotted path, message), ...]`` for a schema that passed the
other checks; :mod:`ssot_gen.schema.checks` reports each as a located error.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from functools import cache

from ssot_gen.ir import attachments, inherited
from ssot_gen.schema.models import Schema

MARK = "qq"  # every name of the probe schema contains it

# Path segments below /api that are not a model's (the health probe), and table names the
# migrations use. Routes modules and URL prefixes of the generated routers are derived.
FIXED_URLS: dict[str, str] = {
    "health": "the health probe is served at /api/health",
}
FIXED_TABLES: dict[str, str] = {
    "alembic_version": "Alembic records the migration state in the table alembic_version",
}


PROBE: dict[str, object] = {
    "project": {"name": "qq_probe", "title": "Qq"},
    "enums": {"QqRole": ["qqa", "qqb", "qqc"], "QqStatus": ["qqp", "qqs", "qqd", "qqe", "qqx"]},
    "models": {
        "QqUser": {"fields": {"qq_login": {"type": "email", "unique": True}}},
        "QqThread": {
            "owner": "qq_owner",
            "relations": {"qq_owner": {"belongs_to": "QqUser"}, "qq_posts": {"has_many": "QqPost"}},
            "fields": {
                "qq_engine": {"type": "string", "default": "qq"},
                "qq_model": {"type": "string", "default": "qq"},
                "qq_total": {"type": "decimal", "default": "0", "read_only": True},
                "qq_at": {"type": "datetime", "nullable": True},
                "qq_data": {"type": "json", "nullable": True},
                "qq_uuid": {"type": "uuid", "nullable": True},
                "qq_flag": {"type": "bool", "default": True},
                "qq_ratio": {"type": "float", "default": 0.5},
                "qq_count": {"type": "int", "default": 0},
                "qq_text": {"type": "text", "nullable": True},
            },
        },
        "QqPost": {
            "owner": "qq_thread",
            "relations": {"qq_thread": {"belongs_to": "QqThread"}},
            "fields": {
                "qq_role": {"type": "enum", "enum": "QqRole", "default": "qqa"},
                "qq_body": {"type": "text", "default": ""},
                "qq_status": {"type": "enum", "enum": "QqStatus", "default": "qqd"},
            },
        },
        "QqTree": {
            "relations": {
                "qq_parent": {"belongs_to": "QqTree", "nullable": True},
                "qq_children": {"has_many": "QqTree"},
            },
        },
    },
    "auth": {"user_model": "QqUser", "login_field": "qq_login"},
    "providers": {
        "qqmock": {
            "kind": "mock",
            "default": True,
            "default_model": "qq",
            "models": {"qq": {"input": 1, "output": 2}},
        }
    },
    "chat": {
        "conversation": {"model": "QqThread", "provider": "qq_engine", "model_name": "qq_model"},
        "message": {
            "model": "QqPost",
            "conversation": "qq_thread",
            "role": "qq_role",
            "content": "qq_body",
            "status": "qq_status",
            "roles": {"user": "qqa", "assistant": "qqb", "system": "qqc"},
            "statuses": {
                "pending": "qqp",
                "streaming": "qqs",
                "done": "qqd",
                "error": "qqe",
                "cancelled": "qqx",
            },
        },
    },
    "events": {
        "message.created": {"payload": "QqPost"},
        "message.updated": {"payload": "QqPost"},
        "message.streaming": {
            "payload": {"message_id": "uuid", "seq": "int", "offset": "int", "delta": "text"}
        },
        "conversation.created": {"payload": "QqThread"},
        "conversation.updated": {"payload": "QqThread"},
    },
    "ui": {"components": ["ChatMessage", "ChatInput", "ChatConversationList", "ChatSettingsForm"]},
}


PROBE_MODELS: tuple[str, ...] = tuple(PROBE["models"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Module:
    """One generated Python module of the probe: the names it binds at module level.

    ``fixed`` are the generator's own; ``derived`` come from the probe schema; ``class_refs``
    are names read inside the bodies of schema-named classes (a field of that name would
    shadow them for the rest of the class).
    """

    path: str
    fixed: frozenset[str]
    derived: frozenset[str]
    class_refs: frozenset[str]


def _bound_names(tree: ast.Module) -> set[str]:
    """Names bound at module level: imports, assignments, defs and classes."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def _class_refs(tree: ast.Module) -> set[str]:
    """Names read in the bodies of the probe's classes, outside functions and lambdas."""
    refs: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            refs.add(node.id)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            # string annotations ("list[QqPost]") are evaluated in the class body by mypy
            try:
                expression = ast.parse(node.value, mode="eval")
            except SyntaxError:
                expression = None
            if expression is not None:
                refs.update(n.id for n in ast.walk(expression) if isinstance(n, ast.Name))
        for child in ast.iter_child_nodes(node):
            visit(child)

    for node in tree.body:
        if isinstance(node, ast.ClassDef) and MARK in node.name.lower():
            for statement in node.body:
                visit(statement)
    return refs


@cache
def probe_modules() -> tuple[Module, ...]:
    """Every Python module generated for the probe schema, parsed (computed once)."""
    from ssot_gen.ir.build import build
    from ssot_gen.render import plan

    project = build(Schema.model_validate(PROBE))
    modules = []
    for rendered in plan(project):
        if not rendered.path.endswith(".py") or rendered.path.startswith("migrations/"):
            continue
        tree = ast.parse(rendered.text)
        bound = _bound_names(tree)
        derived = {n for n in bound if MARK in n.lower()}
        modules.append(
            Module(
                path=rendered.path,
                fixed=frozenset(bound - derived),
                derived=frozenset(derived),
                class_refs=frozenset(_class_refs(tree)),
            )
        )
    return tuple(modules)


def fixed_names() -> dict[str, frozenset[str]]:
    """Module path -> the generator's own module-level names there (for tests and docs)."""
    return {m.path: m.fixed for m in probe_modules()}


@cache
def _taken() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """What the generated code takes, for: class names (models, enums, schema classes) in
    modules binding the probe's; module names in modules binding the probe's plurals; field
    names (read in schema class bodies, or inherited); routes modules."""
    from ssot_gen.naming import plural_of

    modules = probe_modules()
    plurals = {plural_of(name) for name in PROBE_MODELS}
    classes = frozenset(
        n
        for m in modules
        if any(d[:1].isupper() for d in m.derived)
        for n in m.fixed
        if n[:1].isupper()
    )
    module_names = frozenset(n for m in modules if m.derived & plurals for n in m.fixed)
    refs = frozenset(
        n
        for m in modules
        for n in m.class_refs
        if MARK not in n.lower() and (n in m.fixed or hasattr(builtins, n))
    )
    routes = frozenset(
        m.path.removeprefix("app/api/routes/").removesuffix(".py")
        for m in modules
        if m.path.startswith("app/api/routes/") and MARK not in m.path
    )
    return classes, module_names, refs | inherited.names(), routes


def clashes(schema: Schema) -> list[tuple[str, str]]:
    """Each schema name that would clash with the generated code: ``(dotted path, message)``.

    Covers models, enums and the schema classes named after models (``XPublic``, ...) against
    each other and the generated modules' own names; plurals against the routes modules, URL
    segments and tables the app uses; field and relation names against what the generated
    class bodies read (``sa``, ``str``, ...) and the attributes of SQLAlchemy and pydantic models.
    """
    from ssot_gen.ir.build import build

    project = build(schema)
    pascal, lower, refs, routes = _taken()
    found: list[tuple[str, str]] = []
    classes: dict[str, str] = {}

    def claim(name: str, path: str, what: str) -> None:
        if name in pascal:
            found.append((path, f"'{name}' ({what}) is a name the generated code defines"))
        elif name in classes and classes[name] != path:
            found.append((path, f"'{name}' ({what}) is also the name of {classes[name]}"))
        classes.setdefault(name, path)

    for enum in project.enums:
        claim(enum.name, f"enums.{enum.name}", "an enum")
    for model in project.models:
        base = f"models.{model.name}"
        claim(model.name, base, "a model")
        names = model.schema_names
        for schema_class in dict.fromkeys(names.values()):
            if schema_class != model.name:
                claim(schema_class, base, f"the schema class of model {model.name}")
        if model.plural in routes:
            found.append(
                (
                    f"{base}.plural",
                    f"plural '{model.plural}' would replace the "
                    f"generated app/api/routes/{model.plural}.py",
                )
            )
        elif model.plural in lower:
            found.append(
                (f"{base}.plural", f"plural '{model.plural}' is a name the generated routers use")
            )
        if model.tag in FIXED_URLS:
            found.append((f"{base}.plural", FIXED_URLS[model.tag]))
        if model.table in FIXED_TABLES:
            found.append((f"{base}.plural", FIXED_TABLES[model.table]))
        for field in model.fields:
            if field.name in refs:
                found.append((f"{base}.fields.{field.name}", _shadow(field.name)))
        for rel in model.relations:
            for name in {rel.name, rel.column} if rel.kind == "belongs_to" else {rel.name}:
                if name in refs:
                    found.append((f"{base}.relations.{rel.name}", _shadow(name)))
        functions: dict[str, str] = {}
        for nested in model.nested_lists:
            function = f"read_{model.snake}_{nested.name}"
            if function in {f"read_{model.list_fn}", f"read_{model.snake}_me"} | set(functions):
                found.append(
                    (
                        f"{base}.relations.{nested.name}",
                        f"the route function {function} is already taken",
                    )
                )
            functions[function] = nested.name
        if model.is_user:
            for name in ("password",):
                if name in {f.name for f in model.fields}:
                    found.append((f"{base}.fields.{name}", "registration takes the password"))
    return found + attachments.clashes(project)


def _shadow(name: str) -> str:
    return (
        f"'{name}' would shadow a name the generated model classes use ({name} in "
        "app/models.py or app/schemas.py) or an attribute of SQLAlchemy/pydantic models"
    )
