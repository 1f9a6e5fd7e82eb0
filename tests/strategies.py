"""Hypothesis strategies for SSOT schemas: random valid ones, and random mutations of them.

``valid_schemas()`` draws a schema as plain data (dicts and lists, ready for ``yaml.safe_dump``)
that follows the format's documented rules: the chat skeleton the format requires (a user
model, a conversation owned by it, its messages, the five events, a default provider) with
random names, extra models, every field type with every option, self-references and several
relations to one target, and odd titles, descriptions and literals. Names are drawn from
Python builtins, the names the generated code imports and binds, SQL and JavaScript words,
unicode letters and plain random words; reserved words and non-ASCII names are drawn too (at a
in a quarter of the schemas), so "valid" means "valid by construction except for the names": the
contract test accepts a located error for those, nothing else.

``broken_schemas()`` mutates a valid schema (drops keys, replaces values with junk of another
type, adds unknown keys, breaks references, breaks the YAML text itself) and returns the YAML
text; only the located-error half of the contract applies to it.
"""

from __future__ import annotations

import builtins
import datetime as dt
import keyword
import string
from decimal import Decimal
from typing import Any, get_args

import yaml
from hypothesis import strategies as st

from ssot_gen.ir.field import DECIMAL_PRECISION, DECIMAL_SCALE, INT32_MAX, INT32_MIN
from ssot_gen.naming import plural_of
from ssot_gen.schema.checks import UI_SETTING_TYPES
from ssot_gen.schema.models import ComponentKind, EventName, FieldType
from ssot_gen.schema.reserved import JAVASCRIPT, SQL, collisions
from ssot_gen.schema.values import UNIQUE_REFUSED

# The format's own lists, so a type or event added to the format is drawn at once.
FIELD_TYPES = list(get_args(FieldType))
COMPONENTS = list(get_args(ComponentKind))
EVENTS = list(get_args(EventName))

# snake_case names the generated code might also bind: Python builtins and modules, the
# names it imports (SQLAlchemy, FastAPI, pydantic, typing), its own helpers and variables.
BUILTIN_NAMES = sorted(
    name for name in dir(builtins) if name.islower() and name.isidentifier() and "_" != name[0]
)
IMPORTED_NAMES = """
    text uuid date datetime time decimal json enum typing re os sys math select func column
    mapped_column relationship foreign_key index unique session settings router app engine
    status field fields base query annotated optional literal any depends request response
    user users current_user model models schemas schema deps config api_router logger logging
    sa client payload data count skip limit item items row rows obj values keys update copy
    password token access_token owner owner_id hub service provider providers pricing price
    cost message messages conversation conversations event events public create read delete
    list_ get_session session_dep security hashed_password id created_at updated_at pytest
    alembic op migration revision metadata registry declarative_base mapped validator
    model_config model_fields model_dump dict_ annotations future typing_extensions np
""".split()
SQL_WORDS = sorted(SQL)
JS_WORDS = sorted(
    {w for w in JAVASCRIPT if w.islower()}
    | {"constructor", "prototype", "length", "name", "window", "document", "customelements"}
)
PYTHON_KEYWORDS = sorted(w for w in keyword.kwlist + keyword.softkwlist if w.islower())
# Builtins and imported names that the format reserves anyway are drawn at the bad rate.
SAFE_SNAKE = sorted({n for n in BUILTIN_NAMES + IMPORTED_NAMES if not collisions(n)})
RESERVED_SNAKE = sorted({n for n in BUILTIN_NAMES + IMPORTED_NAMES if collisions(n)})
UNICODE_SNAKE = ["naïve", "café", "größe", "ñandú", "δέλτα", "名前", "ſtraße", "ｆｕｌｌ"]  # noqa: RUF001
UNICODE_PASCAL = ["Über", "Ñandú", "Δέλτα", "Café", "Ǆungla", "Ⅻ", "Ｆｕｌｌ"]  # noqa: RUF001
PASCAL_POOL = """
    Base Query Text Uuid Date Datetime Decimal Field Fields Session Settings Router Mapped
    Enum Json Exception List Dict Object Type Select Order Group Status Category Person
    Analysis Bus Box Quiz Child Datum Index Matrix Model Models Schema Public Create Update
    Item Message Conversation User Account Event Hub Service Provider Price App Config Integer
    String Boolean Float Column Table Metadata Registry Annotated Optional Literal Any Depends
    HTTPException APIRouter BaseModel Request Response Test Client Token Series News Address
    HTTPLog OrderLine ChatSettings Node Tree Leaf Class Function Import Window Document
""".split()

ODD_TEXT = [
    "",
    " ",
    "It's",
    'Say "hi"',
    "back\\slash",
    "trailing backslash \\",
    "ends with a quote'",
    'ends with quotes"',
    '"""triple"""',
    "'''triple'''",
    "{{ jinja }} {% raw %} {# c #}",
    "${template} `backtick`",
    "</script><script>alert(1)</script>",
    "<!-- -->",
    "*/ /* comment",
    "# hash",
    "a\nnew line",
    "tab\there",
    "naïve café 🚀 名前",
    "\u2028line separator",
    "% 100 %s %(x)s {0}",
    "null",
    "true",
    "0x1F",
    "@decorator",
    "\\N{BULLET} \\u0041",
    "C:\\new\\table",
    "line\r\nwindows",
]


def odd_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text that is hard to embed in Python, TOML, JSON, HTML, JS, SQL and Markdown."""
    # Control characters other than tab and newlines are refused by the format (see
    # ``ssot_gen.schema.source.control_character``): valid schemas draw none.
    alphabet = st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\t\n\r"
    )
    return st.one_of(st.sampled_from(ODD_TEXT), st.text(alphabet, max_size=max_size))


def _plain_snake() -> st.SearchStrategy[str]:
    return st.from_regex(r"\A[a-z][a-z0-9]{0,7}(_[a-z0-9]{1,6}){0,2}\Z")


def _plain_pascal() -> st.SearchStrategy[str]:
    return st.from_regex(r"\A[A-Z][a-z]{1,7}([A-Z][a-z0-9]{1,6}){0,2}\Z")


@st.composite
def _names(draw: st.DrawFn, *, pascal: bool, hostile: bool) -> str:
    """One name; in a hostile schema, sometimes a reserved word or unicode letters."""
    if hostile and draw(st.integers(0, 7)) == 7:
        if pascal:
            return draw(st.sampled_from(UNICODE_PASCAL))
        pool = SQL_WORDS + JS_WORDS + PYTHON_KEYWORDS + UNICODE_SNAKE + RESERVED_SNAKE
        return draw(st.sampled_from(pool))
    if pascal:
        return draw(st.one_of(_plain_pascal(), st.sampled_from(PASCAL_POOL)))
    return draw(st.one_of(_plain_snake(), st.sampled_from(SAFE_SNAKE)))


class _Namer:
    """Draws names that are unique within one scope (a model's fields, the models, ...)."""

    def __init__(self, draw: st.DrawFn, hostile: bool) -> None:
        self.draw = draw
        self.hostile = hostile

    def unique(self, taken: set[str], *, pascal: bool = False) -> str:
        name = self.draw(
            _names(pascal=pascal, hostile=self.hostile).filter(lambda n: n not in taken)
        )
        taken.add(name)
        return name


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**31), 2**31),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        odd_text(10),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.text(string.ascii_letters, max_size=5), inner, max_size=3),
        ),
        max_leaves=6,
    )


@st.composite
def field_spec(
    draw: st.DrawFn,
    type_: str,
    enums: dict[str, list[str]],
    *,
    needs_default: bool = False,
    read_only: bool | None = None,
) -> Any:
    """One field of ``type_`` with a random, consistent set of options.

    ``needs_default``: the field must have a default or be nullable (rows created without
    input). Returns the shorthand (the bare type name) when no option was drawn.
    """
    spec: dict[str, Any] = {"type": type_}
    nullable = draw(st.booleans())
    if nullable:
        spec["nullable"] = True
    if type_ == "enum":
        spec["enum"] = draw(st.sampled_from(sorted(enums)))
    if type_ not in UNIQUE_REFUSED and type_ != "json" and draw(st.booleans()):
        spec["unique"] = True
    if type_ != "json" and draw(st.booleans()):
        spec["index"] = True
    if draw(st.integers(0, 3)) == 0:
        spec["description"] = draw(odd_text())
    low: Any = None
    high: Any = None
    if type_ == "string" and draw(st.booleans()):
        spec["max_length"] = draw(st.integers(1, 400))
    if type_ in {"string", "text"} and draw(st.booleans()):
        cap = spec.get("max_length", 50)
        spec["min_length"] = draw(st.integers(0, min(cap, 20)))
    if type_ == "decimal" and draw(st.booleans()):
        spec["precision"] = draw(st.integers(1, 38))
        spec["scale"] = draw(st.integers(0, min(spec["precision"], 30)))
    if type_ in {"int", "float", "decimal"}:
        bound: st.SearchStrategy[Any]
        if type_ == "int":
            bound = st.integers(INT32_MIN, INT32_MAX)
        elif type_ == "decimal":
            bound = _decimal_numbers(spec)
        else:
            bound = st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 3) + 0.0)
        if draw(st.booleans()):
            low = spec["min"] = draw(bound)
        if draw(st.booleans()):
            high = spec["max"] = draw(bound.filter(lambda x: low is None or x >= low))
    can_default = type_ not in {"datetime", "uuid", "email"}
    want_default = can_default and (needs_default or draw(st.booleans()))
    if want_default:
        spec["default"] = draw(_default(type_, spec, enums, low, high))
    if needs_default and not want_default:
        spec["nullable"] = True
    if read_only is None:
        read_only = draw(st.integers(0, 3)) == 0
    if read_only:
        spec["read_only"] = True
        if "default" not in spec:
            spec["nullable"] = True
    if set(spec) == {"type"} and type_ != "enum" and draw(st.booleans()):
        return type_
    return spec


@st.composite
def _default(
    draw: st.DrawFn,
    type_: str,
    spec: dict[str, Any],
    enums: dict[str, list[str]],
    low: Any,
    high: Any,
) -> Any:
    if spec.get("nullable") and draw(st.integers(0, 4)) == 0:
        return None
    if type_ in {"string", "text"}:
        text = draw(odd_text(30))
        if "max_length" in spec:
            text = text[: spec["max_length"]]
        return text.ljust(spec.get("min_length", 0), "x")
    if type_ == "int":
        return draw(
            st.integers(
                low if low is not None else INT32_MIN, high if high is not None else INT32_MAX
            )
        )
    if type_ == "decimal":  # a string: a float would be rounded
        low = Decimal(str(low)) if low is not None else None
        high = Decimal(str(high)) if high is not None else None
        number = draw(_decimal_numbers(spec).map(lambda x: Decimal(str(x))))
        if low is not None and number < low:
            number = low
        if high is not None and number > high:
            number = high
        return str(number) if draw(st.booleans()) or number != int(number) else int(number)
    if type_ == "float":
        lo = low if low is not None else min(-1e6, high if high is not None else 0)
        hi = high if high is not None else max(1e6, lo)
        return draw(st.floats(lo, hi, allow_nan=False))
    if type_ == "bool":
        return draw(st.booleans())
    if type_ == "json":
        return draw(_json_values())
    if type_ == "enum":
        return draw(st.sampled_from(enums[spec["enum"]]))
    raise AssertionError(type_)


def _decimal_numbers(spec: dict[str, Any]) -> st.SearchStrategy[float | int]:
    """Numbers a decimal field of ``spec``'s precision and scale holds (at most 9 digits before
    the point and 3 after), as YAML writes them: an int, or a float of few decimals."""
    precision = spec.get("precision", DECIMAL_PRECISION)
    scale = spec.get("scale", DECIMAL_SCALE)
    places = min(scale, 3)
    whole = min(precision - scale, 9)
    limit = 10 ** (whole + places) - 1
    return st.integers(-limit, limit).map(lambda n: n if places == 0 else n / 10**places)


def _option_values() -> st.SearchStrategy[Any]:
    """Provider option values: JSON values (printable text only: the format refuses control
    characters everywhere)."""
    scalars = st.one_of(
        st.booleans(),
        st.integers(-1000, 1000),
        st.sampled_from(["low", "high", "It's", 'q"t', "back\\slash", "{{ x }}", "名前"]),
    )
    return st.one_of(
        scalars, st.lists(scalars, max_size=2), st.dictionaries(st.sampled_from("ab"), scalars)
    )


def _dated_prices() -> st.SearchStrategy[list[dict[str, Any]]]:
    """Later prices of a model: strictly increasing ISO dates, each with input and output."""
    price = st.fixed_dictionaries(
        {
            "input": st.decimals(0, 1000, places=3).map(str),
            "output": st.decimals(0, 1000, places=3).map(float),
        },
        optional={
            "cached_input": st.decimals(0, 100, places=4).map(str),
            "reasoning": st.decimals(0, 100, places=2).map(str),
        },
    )
    days = st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2999, 12, 31)), unique=True, max_size=3)
    return st.tuples(days, st.lists(price, min_size=3, max_size=3)).map(
        lambda pair: [
            {"since": day.isoformat(), **entry}
            for day, entry in zip(sorted(pair[0]), pair[1], strict=False)
        ]
    )


@st.composite
def valid_schemas(draw: st.DrawFn, max_extra_models: int = 2) -> dict[str, Any]:
    """A schema as plain data; valid by construction except for names (see module docstring)."""
    # A quarter of the schemas are hostile: some names are reserved words or not ASCII.
    namer = _Namer(draw, draw(st.integers(0, 3)) == 3)
    type_names: set[str] = set()  # models and enums share the generated modules' namespace

    # Enums: the message role and status (bound by the chat), and maybe another one.
    enums: dict[str, list[str]] = {}
    role_enum = namer.unique(type_names, pascal=True)
    role_values: set[str] = set()
    roles = {k: namer.unique(role_values) for k in ("user", "assistant", "system")}
    enums[role_enum] = list(roles.values())
    status_enum = namer.unique(type_names, pascal=True)
    status_values: set[str] = set()
    statuses = {
        k: namer.unique(status_values)
        for k in ("pending", "streaming", "done", "error", "cancelled")
    }
    enums[status_enum] = list(statuses.values())
    for _ in range(draw(st.integers(0, 1))):
        taken: set[str] = set()
        extra = namer.unique(type_names, pascal=True)
        enums[extra] = [namer.unique(taken) for _ in range(draw(st.integers(1, 4)))]

    # Providers: a default mock, maybe real ones; model names with odd characters.
    provider_names: set[str] = set()
    model_name = st.one_of(
        st.sampled_from(["mock-echo", "gpt-4.1", "claude:opus", "a b", "it's", 'q"t', "x\\y"]),
        st.text(string.ascii_letters + string.digits + "-._:/", min_size=1, max_size=12),
    )
    providers: dict[str, Any] = {}
    kinds = ["mock", *draw(st.lists(st.sampled_from(["openai", "anthropic", "gemini", "mock"])))]
    for index, kind in enumerate(kinds[:3]):
        name = draw(
            st.one_of(
                st.sampled_from([kind, "default", "local", "open-ai"]), _plain_snake()
            ).filter(lambda n: n not in provider_names)
        )
        provider_names.add(name)
        prices = draw(
            st.dictionaries(
                model_name,
                st.fixed_dictionaries(
                    {
                        "input": st.decimals(0, 1000, places=3).map(float),
                        "output": st.decimals(0, 1000, places=3).map(float),
                    },
                    optional={
                        "cached_input": st.decimals(0, 100, places=4).map(str),
                        "cache_write": st.decimals(0, 100, places=4).map(str),
                        "reasoning": st.decimals(0, 100, places=2).map(float),
                        "context_window": st.integers(1, 2_000_000),
                        "images": st.booleans(),
                        "options": st.dictionaries(
                            st.sampled_from(["reasoning_effort", "top_p", "x-y", "a b", "it's"]),
                            _option_values(),
                            max_size=2,
                        ),
                        "prices": _dated_prices(),
                    },
                ),
                min_size=1,
                max_size=3,
            )
        )
        provider: dict[str, Any] = {
            "kind": kind,
            "default_model": draw(st.sampled_from(sorted(prices))),
            "models": prices,
        }
        if index == 0:
            provider["default"] = True
        if kind == "mock" and draw(st.booleans()):
            provider["delay_ms"] = draw(st.integers(0, 5))
        if kind != "mock" and draw(st.booleans()):
            provider["api_key_env"] = draw(st.from_regex(r"\A[A-Z][A-Z0-9_]{0,15}\Z"))
        if draw(st.booleans()):
            provider["label"] = draw(odd_text(20))
        providers[name] = provider
    default_provider = next(iter(providers))

    # The user model with its login field.
    models: dict[str, dict[str, Any]] = {}
    user = namer.unique(type_names, pascal=True)
    user_fields: set[str] = set(CONVENTIONAL)
    login = namer.unique(user_fields)
    login_spec: dict[str, Any] = {
        "type": draw(st.sampled_from(["string", "email"])),
        "unique": True,
    }
    if login_spec["type"] == "string" and draw(st.booleans()):
        login_spec["max_length"] = draw(st.integers(40, 200))
    models[user] = {"fields": {login: login_spec}, "relations": {}}

    # The conversation, owned by the user.
    conv = namer.unique(type_names, pascal=True)
    conv_fields: set[str] = set(CONVENTIONAL)
    conv_rels = conv_fields  # fields and relations share one namespace per model
    owner_rel = namer.unique(conv_rels)
    conv_fields.add(f"{owner_rel}_id")
    provider_field = namer.unique(conv_fields)
    model_field = namer.unique(conv_fields)
    default_model = providers[default_provider]["default_model"]
    conversation: dict[str, Any] = {
        "owner": owner_rel,
        "relations": {owner_rel: {"belongs_to": user, "on_delete": "cascade"}},
        "fields": {
            provider_field: {
                "type": "string",
                "max_length": max(32, len(default_provider)),
                "default": default_provider,
            },
            model_field: {
                "type": "string",
                "max_length": max(100, len(default_model)),
                "default": default_model,
            },
        },
    }
    conv_binding: dict[str, Any] = {
        "model": conv,
        "provider": provider_field,
        "model_name": model_field,
    }
    optional_conv = {
        "title": ({"type": "string", "max_length": 200, "default": "New"}, True),
        "temperature": ({"type": "float", "min": 0, "max": 2, "default": 0.7}, False),
        "max_tokens": ({"type": "int", "min": 1, "max": 100000, "default": 256}, False),
        "system_prompt": ({"type": "text", "nullable": True}, False),
        "message_count": ({"type": "int", "default": 0, "read_only": True}, False),
        "total_tokens": ({"type": "int", "default": 0, "read_only": True}, False),
        "total_cost": (
            {"type": "decimal", "precision": 18, "scale": 10, "default": "0", "read_only": True},
            False,
        ),
        "last_message_at": ({"type": "datetime", "nullable": True, "read_only": True}, False),
    }
    for key, (spec, _) in optional_conv.items():
        if draw(st.booleans()):
            name = namer.unique(conv_fields)
            conversation["fields"][name] = spec
            conv_binding[key] = name
    models[conv] = conversation

    # The message, owned through its conversation.
    msg = namer.unique(type_names, pascal=True)
    msg_fields: set[str] = set(CONVENTIONAL)
    msg_rels = msg_fields
    conv_rel = namer.unique(msg_rels)
    msg_fields.add(f"{conv_rel}_id")
    role_field, content_field, status_field = (namer.unique(msg_fields) for _ in range(3))
    message: dict[str, Any] = {
        "owner": conv_rel,
        "relations": {conv_rel: {"belongs_to": conv, "on_delete": "cascade"}},
        "fields": {
            role_field: {"type": "enum", "enum": role_enum, "default": roles["user"]},
            content_field: {"type": draw(st.sampled_from(["text", "string"])), "default": ""},
            status_field: {
                "type": "enum",
                "enum": status_enum,
                "default": statuses["done"],
                "read_only": True,
            },
        },
    }
    if message["fields"][content_field]["type"] == "string":
        message["fields"][content_field]["max_length"] = 10000
    msg_binding: dict[str, Any] = {
        "model": msg,
        "conversation": conv_rel,
        "role": role_field,
        "content": content_field,
        "status": status_field,
        "roles": roles,
        "statuses": statuses,
    }
    optional_msg = {
        "prompt_tokens": {"type": "int", "nullable": True, "read_only": True},
        "completion_tokens": {"type": "int", "nullable": True, "read_only": True},
        "total_tokens": {"type": "int", "nullable": True, "read_only": True},
        "cost": {
            "type": "decimal",
            "precision": 18,
            "scale": 10,
            "nullable": True,
            "read_only": True,
        },
        "model_name": {"type": "string", "max_length": 100, "nullable": True, "read_only": True},
        "finish_reason": {"type": "string", "max_length": 32, "nullable": True, "read_only": True},
        "error": {"type": "text", "nullable": True, "read_only": True},
        "error_code": {"type": "string", "max_length": 32, "nullable": True, "read_only": True},
        "input_tokens": {"type": "int", "nullable": True, "read_only": True},
        "output_tokens": {"type": "int", "nullable": True, "read_only": True},
        "cache_read_tokens": {"type": "int", "nullable": True, "read_only": True},
        "cache_write_tokens": {"type": "int", "nullable": True, "read_only": True},
        "reasoning_tokens": {"type": "int", "nullable": True, "read_only": True},
        "usage_estimated": {"type": "bool", "default": False, "read_only": True},
    }
    for key, spec in optional_msg.items():
        if draw(st.booleans()):
            name = namer.unique(msg_fields)
            message["fields"][name] = spec
            msg_binding[key] = name
    if draw(st.booleans()):
        message["api"] = draw(
            st.lists(
                st.sampled_from(["list", "read", "create", "update", "delete"]),
                unique=True,
                max_size=5,
            )
        )
    models[msg] = message
    if draw(st.booleans()):
        side = namer.unique(conv_rels | conv_fields)
        conv_rels.add(side)
        conversation["relations"][side] = {"has_many": msg}

    # Extra models, then random fields and belongs_to relations on every model.
    extras = [
        namer.unique(type_names, pascal=True) for _ in range(draw(st.integers(0, max_extra_models)))
    ]
    for name in extras:
        models[name] = {"fields": {}, "relations": {}}
        if draw(st.integers(0, 3)) == 0:
            models[name]["description"] = draw(odd_text())
        if draw(st.integers(0, 4)) == 0:
            models[name]["timestamps"] = False
    taken_fields = {user: user_fields, conv: conv_fields, msg: msg_fields}
    taken_rels = {user: user_fields, conv: conv_rels, msg: msg_rels}
    for name in extras:
        taken_fields[name] = set(CONVENTIONAL)
        taken_rels[name] = taken_fields[name]
    created_by_chat = {conv, msg}
    for name in [user, conv, msg, *extras]:
        scope = taken_fields[name]
        for _ in range(draw(st.integers(0, 4 if name in extras else 2))):
            field = namer.unique(scope | taken_rels[name])
            scope.add(field)
            type_ = draw(st.sampled_from(FIELD_TYPES))
            models[name]["fields"][field] = draw(
                field_spec(type_, enums, needs_default=name in created_by_chat)
            )
    inverse_count: dict[tuple[str, str], list[str]] = {}
    for name in extras:
        for _ in range(draw(st.integers(0, 3))):
            target = draw(st.sampled_from([user, conv, msg, *extras]))
            rel = namer.unique(taken_rels[name] | taken_fields[name])
            if f"{rel}_id" in taken_fields[name]:
                continue
            taken_rels[name].add(rel)
            taken_fields[name].add(f"{rel}_id")
            relation: dict[str, Any] = {"belongs_to": target}
            on_delete = draw(st.sampled_from(["cascade", "set_null", "restrict", None]))
            if on_delete:
                relation["on_delete"] = on_delete
            if on_delete == "set_null" or target == name or draw(st.booleans()):
                relation["nullable"] = True
            if draw(st.integers(0, 4)) == 0:
                relation["unique"] = True
            models[name]["relations"][rel] = relation
            inverse_count.setdefault((target, name), []).append(rel)
        # Owned directly by the user, or through an owned model, when a relation allows it.
        owners = [
            rel
            for rel, spec in models[name]["relations"].items()
            if spec["belongs_to"] in {user, conv, msg} and not spec.get("nullable")
        ]
        if owners and draw(st.booleans()):
            models[name]["owner"] = draw(st.sampled_from(owners))
    # The inverse sides: a has_many (or has_one on a unique belongs_to), named with inverse:
    # when several relations point back (required) or at random.
    for (target, source), rels in sorted(inverse_count.items()):
        for rel in rels:
            if not draw(st.booleans()) and len(rels) == 1:
                continue
            scope = taken_rels[target] | taken_fields[target]
            side_name = namer.unique(scope)
            taken_rels[target].add(side_name)
            unique = models[source]["relations"][rel].get("unique")
            side: dict[str, Any] = {"has_one" if unique else "has_many": source}
            if len(rels) > 1 or draw(st.booleans()):
                side["inverse"] = rel
            models[target]["relations"][side_name] = side

    tables = {plural_of(name) for name in models}
    for spec in models.values():
        if not spec["relations"]:
            del spec["relations"]
        if not spec["fields"]:
            del spec["fields"]
        if draw(st.integers(0, 5)) == 0:
            plural = draw(st.sampled_from(["people", "data", "series", "news", "chat_settings"]))
            if plural not in tables:
                tables.add(plural)
                spec["plural"] = plural

    events: dict[str, Any] = {
        "message.created": {"payload": msg},
        "message.updated": {"payload": msg},
        "message.streaming": {
            "payload": {"message_id": "uuid", "seq": "int", "offset": "int", "delta": "text"}
        },
        "conversation.created": {"payload": conv},
        "conversation.updated": {"payload": conv},
    }
    for event in events.values():
        if draw(st.integers(0, 3)) == 0:
            event["description"] = draw(odd_text())
    order = draw(st.permutations(EVENTS))
    schema: dict[str, Any] = {
        "version": 1,
        "project": {
            "name": draw(
                st.one_of(_plain_snake(), st.sampled_from(IMPORTED_NAMES + BUILTIN_NAMES))
            ),
            "title": draw(odd_text().filter(lambda t: t.strip() != "")),
        },
        "enums": enums,
        "models": models,
        "auth": {"user_model": user, "login_field": login},
        "providers": providers,
        "chat": {"conversation": conv_binding, "message": msg_binding},
        "events": {name: events[name] for name in order},
    }
    if "title" in conv_binding and draw(st.booleans()):
        provider_name = draw(st.sampled_from(sorted(providers)))
        served = sorted(providers[provider_name]["models"])
        bare = [name for name in served if "/" not in name]
        if bare and draw(st.booleans()):
            schema["chat"]["title_model"] = draw(st.sampled_from(bare))
        else:
            schema["chat"]["title_model"] = f"{provider_name}/{draw(st.sampled_from(served))}"
    if draw(st.booleans()):
        schema["project"]["description"] = draw(odd_text())
    if draw(st.booleans()):
        schema["auth"]["password_min_length"] = draw(st.integers(4, 128))
    if draw(st.booleans()):
        schema["chat"]["flush"] = {
            "interval_ms": draw(st.integers(1, 1000)),
            "max_bytes": draw(st.integers(1, 100000)),
            "on_sentence": draw(st.booleans()),
        }
    components = draw(st.lists(st.sampled_from(COMPONENTS), unique=True))
    if components or draw(st.booleans()):
        schema["ui"] = {"components": components}
        if draw(st.booleans()):
            schema["ui"]["title"] = draw(odd_text())
        settings = _ui_settings(draw, models, exclude={conv, msg})
        if settings is None and draw(st.booleans()):
            settings = _settings_model(draw, namer, models, type_names, user, enums)
        if settings is not None:
            schema["ui"]["settings"] = settings
    return schema


SETTING_FIELDS: dict[str, dict[str, Any]] = {
    "theme": {"type": "string", "max_length": 16, "default": "auto"},
    "font_size": {"type": "int", "min": 10, "max": 32, "default": 15},
    "show_tokens": {"type": "bool", "default": True},
    "show_cost": {"type": "bool", "default": True},
    "streaming": {"type": "bool", "default": True},
    "markdown": {"type": "bool", "default": True},
    "code_highlight": {"type": "bool", "default": False},
    "provider": {"type": "string", "max_length": 32, "nullable": True},
    "model": {"type": "string", "max_length": 100, "nullable": True},
}
"""A field each ``ui.settings`` role can bind (``_settings_model``)."""


def _settings_model(
    draw: st.DrawFn,
    namer: _Namer,
    models: dict[str, Any],
    type_names: set[str],
    user: str,
    enums: dict[str, list[str]],
) -> dict[str, str]:
    """Add a one-per-user settings model (owner relation to ``user``, unique) with a field for
    some roles of ``ui.settings``; returns the bindings."""
    name = namer.unique(type_names, pascal=True)
    taken: set[str] = set(CONVENTIONAL)
    owner = namer.unique(taken)
    taken.add(f"{owner}_id")
    fields: dict[str, Any] = {}
    settings: dict[str, str] = {}
    for role in draw(st.lists(st.sampled_from(sorted(SETTING_FIELDS)), min_size=1, unique=True)):
        field = namer.unique(taken)
        spec = dict(SETTING_FIELDS[role])
        if role == "theme" and draw(st.booleans()):
            theme = namer.unique(type_names, pascal=True)
            enums[theme] = ["light", "dark", "auto"]
            spec = {"type": "enum", "enum": theme, "default": "auto"}
        fields[field] = spec
        settings[role] = field
    models[name] = {
        "owner": owner,
        "fields": fields,
        "relations": {owner: {"belongs_to": user, "unique": True, "on_delete": "cascade"}},
    }
    return settings


def _ui_settings(
    draw: st.DrawFn, models: dict[str, Any], exclude: set[str]
) -> dict[str, str] | None:
    """``ui.settings`` binding fields of the first one-per-user model (an owner relation that
    is unique), each of a type its role takes (``UI_SETTING_TYPES``); None: no such model, or
    none drawn."""
    owned = [
        name
        for name, spec in models.items()
        if name not in exclude
        and spec.get("owner")
        and spec.get("relations", {}).get(spec["owner"], {}).get("unique")
    ]
    if not owned or not draw(st.booleans()):
        return None
    fields = models[owned[0]].get("fields", {})
    settings: dict[str, str] = {}
    for role, types in UI_SETTING_TYPES.items():
        fitting = sorted(
            name
            for name, spec in fields.items()
            if (spec if isinstance(spec, str) else spec["type"]) in types
        )
        if fitting and draw(st.booleans()):
            settings[role] = draw(st.sampled_from(fitting))
    return settings


CONVENTIONAL = frozenset({"id", "created_at", "updated_at", "hashed_password"})


def to_yaml(schema: dict[str, Any]) -> str:
    """The schema as YAML text (keys in the order drawn)."""
    return yaml.safe_dump(schema, sort_keys=False, allow_unicode=True, width=100)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (tuple of keys and indexes) into ``data``, the root excluded."""
    found = []
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return found
    for key, value in items:
        path = (*prefix, key)
        found.append(path)
        found += _paths(value, path)
    return found


JUNK = [
    None,
    42,
    -1,
    3.5,
    True,
    "",
    "strng",
    "Nope",
    "not_a_thing",
    "ÜberModel",
    [],
    ["x", 1],
    {},
    {"type": "string", "bogus": 1},
    "select",
    10**30,
]


@st.composite
def broken_schemas(draw: st.DrawFn) -> str:
    """The YAML text of a valid schema with one to three random mutations."""
    import copy

    schema = copy.deepcopy(draw(valid_schemas(max_extra_models=1)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(schema)
        path = draw(st.sampled_from(paths))
        parent: Any = schema
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        action = draw(st.sampled_from(["drop", "junk", "unknown_key", "rename_key"]))
        if action == "drop":
            del parent[last]
        elif action == "junk":
            parent[last] = draw(st.one_of(st.sampled_from(JUNK), odd_text(10)))
        elif action == "unknown_key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["bogus", "tpye", "nullabel", "Extra"]))] = 1
        elif isinstance(parent, dict):
            value = parent.pop(last)
            parent[draw(st.one_of(st.sampled_from(["x", "Zz", "1", "a b"]), odd_text(8)))] = value
    text = to_yaml(schema)
    text_action = draw(st.sampled_from(["none", "none", "truncate", "insert", "duplicate"]))
    if text_action == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif text_action == "insert":
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from(["\t", ": ", "[", "{", "&a ", "*a", "- ", '"', "\x00"]))
            + text[at:]
        )
    elif text_action == "duplicate":
        text += "version: 1\n"
    return text
