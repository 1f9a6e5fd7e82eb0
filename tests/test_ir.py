"""Unit tests of the IR: one per field type, naming, relations, API operations, reserved names."""

from __future__ import annotations

import ast
import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import black
import pytest

from ssot_gen import escape, ir
from ssot_gen.ir import reserved
from ssot_gen.ir.build import build_enum
from ssot_gen.ir.fields import FIELD_TYPES
from ssot_gen.naming import kebab, pascal, plural_of, snake
from ssot_gen.render import plan
from ssot_gen.schema.load import load_schema
from ssot_gen.schema.models import FieldSpec, Schema

SCHEMAS = Path(__file__).parent / "schemas"
ENUMS = {"Color": build_enum("Color", ["red", "dark_blue"], None)}


def field(name: str = "f", **spec: Any) -> ir.Field:
    return ir.build_field(name, FieldSpec.model_validate(spec), ENUMS)


def probe() -> dict[str, Any]:
    return copy.deepcopy(reserved.PROBE)


# --- naming -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "plural"),
    [
        ("Category", "categories"),
        ("Box", "boxes"),
        ("Address", "addresses"),
        ("Status", "statuses"),
        ("Day", "days"),
        ("ChatSettings", "chat_settings"),
        ("HTTPLog", "http_logs"),
        ("Match", "matches"),
        ("Wish", "wishes"),
        ("Buzz", "buzzes"),
    ],
)
def test_plurals(name: str, plural: str) -> None:
    assert plural_of(name) == plural


def test_explicit_plural_wins() -> None:
    assert plural_of("Person", "people") == "people"


def test_case_conversions() -> None:
    assert snake("OrderLine") == "order_line"
    assert snake("HTTPLog") == "http_log"
    assert pascal("order_line") == "OrderLine"
    assert kebab("chat_settings") == "chat-settings"


# --- fields -------------------------------------------------------------------------------


def test_every_field_type_has_a_class() -> None:
    assert set(FIELD_TYPES) == set(FieldSpec.model_fields["type"].annotation.__args__)  # type: ignore[union-attr]


def test_string_field() -> None:
    f = field(type="string", max_length=12, min_length=3, unique=True)
    assert (f.sa_type, f.py_type, f.max_length, f.min_length) == ("sa.String(12)", "str", 12, 3)
    assert dict(f.constraint_kwargs) == {"min_length": "3", "max_length": "12"}
    assert f.sample_expr == 'samples.text("f", 3, 12, unique=True)'
    assert 3 <= len(f.sample_json) <= 12


def test_string_defaults_are_escaped() -> None:
    f = field(type="string", default='say "hi" \\')
    assert ast.literal_eval(f.default_expr or "") == 'say "hi" \\'
    assert dict(f.column_kwargs)["server_default"] == f.default_expr


def test_text_and_email_fields() -> None:
    text = field(type="text", min_length=2)
    assert (text.sa_type, dict(text.constraint_kwargs)) == ("sa.Text()", {"min_length": "2"})
    email = field(type="email", max_length=40)
    assert (email.pydantic_type, email.sa_type) == ("pydantic.EmailStr", "sa.String(40)")
    assert email.sample_expr == "samples.email(40)"


def test_int_field_bounds_fit_the_column_and_the_schema() -> None:
    f = field(type="int", min=0, max=0.5)
    assert f.bounds == (0, 0)  # type: ignore[attr-defined]
    assert f.sample_json == 0
    wide = field(type="int")
    assert wide.bounds == (-(2**31), 2**31 - 1)  # type: ignore[attr-defined]
    unique = field(type="int", unique=True, min=10, max=20)
    assert unique.sample_expr == "samples.integer(10, 20)"


def test_int_server_default_is_sql_text() -> None:
    assert dict(field(type="int", default=3).column_kwargs)["server_default"] == 'sa.text("3")'


def test_float_field_samples_stay_inside_min_and_max() -> None:
    f = field(type="float", min=-1, max=-0.5)
    assert -1 <= f.sample_json <= -0.5
    assert ("allow_inf_nan", "False") in f.constraint_kwargs


@pytest.mark.parametrize(
    ("spec", "low", "high"),
    [
        ({"precision": 3, "scale": 3}, Decimal("-0.999"), Decimal("0.999")),
        ({"precision": 5, "scale": 2, "min": 10, "max": 20}, Decimal(10), Decimal(20)),
        ({"min": 0.25, "max": 0.75}, Decimal("0.25"), Decimal("0.75")),
        ({}, Decimal(-(10**12)), Decimal(10**12)),
    ],
)
def test_decimal_samples_fit_precision_scale_and_bounds(
    spec: dict[str, Any], low: Decimal, high: Decimal
) -> None:
    f = field(type="decimal", **spec)
    value = Decimal(f.sample_json)
    assert low <= value <= high
    scale = spec.get("scale", 6)
    assert -value.as_tuple().exponent <= scale  # type: ignore[operator]
    digits = len(value.as_tuple().digits)
    assert digits <= spec.get("precision", 18)


def test_decimal_field_forms() -> None:
    f = field(type="decimal", precision=10, scale=4, default="1.5")
    assert (f.py_type, f.output_type, f.sa_type) == (
        "decimal.Decimal",
        "FixedDecimal",
        "sa.Numeric(10, 4)",
    )
    assert f.default_expr == 'decimal.Decimal("1.5")'
    assert dict(f.column_kwargs)["server_default"] == '"1.5"'


def test_bool_datetime_uuid_json_fields() -> None:
    flag = field(type="bool", default=False)
    assert dict(flag.column_kwargs)["server_default"] == 'sa.text("false")'
    when = field(type="datetime")
    assert (when.py_type, when.pydantic_type, when.output_type) == (
        "dt.datetime",
        "UTCDateTime",
        "UTCDateTime",
    )
    assert field(type="uuid").py_type == "UUID"
    data = field(type="json", default={"a": [1, 'x"y']})
    assert dict(data.column_kwargs)["default"] == 'lambda: {"a": [1, "x\\"y"]}'
    assert dict(data.create_kwargs)["default_factory"].startswith("lambda: ")


def test_enum_field() -> None:
    f = field(type="enum", enum="Color", default="dark_blue")
    assert (f.py_type, f.enum_values, f.default_expr) == (
        "Color",
        ("red", "dark_blue"),
        "Color.DARK_BLUE",
    )
    assert f.sample_json in f.enum_values
    assert "length=32" in f.sa_type


def test_nullable_annotations_and_required_on_create() -> None:
    f = field(type="string", nullable=True)
    assert (f.annotation, f.input_annotation, f.required_on_create) == (
        "str | None",
        "str | None",
        False,
    )
    assert field(type="string").required_on_create


# --- models and relations -----------------------------------------------------------------


def built(schema: dict[str, Any]) -> ir.Project:
    return ir.build(Schema.model_validate(schema))


def test_self_referential_tree() -> None:
    tree = built(probe()).model("QqTree")
    parent, children = tree.relations
    assert (parent.self_referential, parent.back_populates, parent.column) == (
        True,
        "qq_children",
        "qq_parent_id",
    )
    assert (children.back_populates, children.foreign_keys) == (
        "qq_parent",
        '"QqTree.qq_parent_id"',
    )
    assert [n.column for n in tree.nested_lists] == ["qq_parent_id"]


def test_two_relations_to_one_model() -> None:
    schema = probe()
    schema["models"]["QqReview"] = {
        "relations": {
            "qq_author": {"belongs_to": "QqUser"},
            "qq_reviewer": {"belongs_to": "QqUser", "nullable": True},
        }
    }
    schema["models"]["QqUser"]["relations"] = {
        "qq_written": {"has_many": "QqReview", "inverse": "qq_author"},
        "qq_reviewed": {"has_many": "QqReview", "inverse": "qq_reviewer"},
    }
    project = built(schema)
    author, reviewer = project.model("QqReview").relations
    assert (author.back_populates, reviewer.back_populates) == ("qq_written", "qq_reviewed")
    written, reviewed = project.model("QqUser").relations
    assert (written.column, reviewed.column) == ("qq_author_id", "qq_reviewer_id")


def test_conversation_without_has_many_still_lists_its_messages() -> None:
    schema = probe()
    del schema["models"]["QqThread"]["relations"]["qq_posts"]
    project = built(schema)
    nested = project.messages_list
    assert (nested.segment, nested.column, nested.target) == ("qq-posts", "qq_thread_id", "QqPost")


def test_chat_messages_are_read_only_by_default() -> None:
    project = built(probe())
    exposes = project.model("QqPost").exposes
    assert (exposes.list, exposes.read, exposes.create, exposes.update, exposes.delete) == (
        True,
        True,
        False,
        False,
        True,
    )
    assert not project.model("QqPost").test_factory
    assert project.model("QqThread").exposes.create


def test_api_operations_from_the_schema() -> None:
    schema = probe()
    schema["models"]["QqTree"]["api"] = ["read"]
    model = built(schema).model("QqTree")
    assert model.exposes.read and not model.exposes.list and not model.test_factory
    assert "import sqlalchemy as sa" in model.router_imports


def test_names_are_decided_once() -> None:
    project = built(probe())
    thread = project.model("QqThread")
    assert (thread.table, thread.url, thread.tag, thread.list_schema) == (
        "qq_threads",
        "/qq-threads",
        "qq-threads",
        "QqThreadsPublic",
    )
    assert project.api_prefix == "/api"
    assert thread.owner is not None and thread.owner.column == "qq_owner_id"


# --- escaping -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['a "b" c', "ends \\", 'x """ y', 'q"', "tab\there", "\x00"])
def test_docstrings_cannot_end_early(text: str) -> None:
    docstring = '"""' + escape.pydoc(text) + '"""'
    # a final quote gets a space before the closing quotes, as black writes it
    assert ast.literal_eval(docstring).removesuffix(" ") == text
    source = f"def f() -> None:\n    {docstring}\n"
    assert black.format_str(source, mode=black.Mode()) == source


@pytest.mark.parametrize("text", ['a "b"', "back\\slash", "</script>", "line\nbreak", "\u2028"])
def test_python_and_js_literals_round_trip(text: str) -> None:
    import json

    assert ast.literal_eval(escape.py(text)) == text
    assert json.loads(escape.js(text)) == text
    assert "<" not in escape.js(text)


# --- names the generated code takes -------------------------------------------------------


def _module_level_names(text: str) -> set[str]:
    tree = ast.parse(text)
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def test_reserved_names_cover_every_fixed_name_of_a_real_schema() -> None:
    """Generate a real schema; every module-level name of app/models.py and app/schemas.py
    that is not one of the schema's names is refused for models and enums by clashes()."""
    schema, _ = load_schema(SCHEMAS / "minimal.yaml")
    project = ir.build(schema)
    schema_names = {e.name for e in project.enums} | {m.name for m in project.models}
    for model in project.models:
        schema_names |= set(model.schema_names.values())
    files = {f.path: f.text for f in plan(project)}
    for path in ("app/models.py", "app/schemas.py", "app/api/access.py", "app/api/deps.py"):
        fixed = _module_level_names(files[path]) - schema_names
        for name in (n for n in fixed if n[:1].isupper()):
            data = probe()
            data["enums"][name] = ["qqz"]
            found = reserved.clashes(Schema.model_validate(data))
            assert any(p == f"enums.{name}" for p, _ in found), (path, name)


def test_fields_may_not_shadow_what_class_bodies_read() -> None:
    _, _, refs, _ = reserved._taken()
    assert {"sa", "orm", "dt", "str", "int", "pydantic"} <= refs
    assert not {"uuid", "datetime", "text", "func", "name"} & refs
    assert "json" in refs  # pydantic.BaseModel.json
    assert {"metadata", "model_config", "model_dump"} <= refs


def test_clashes_are_located() -> None:
    data = probe()
    data["models"]["QqTree"]["plural"] = "auth"
    data["models"]["QqTree"]["fields"] = {"sa": "string", "uuid": "uuid", "text": "text"}
    data["enums"]["QqUserPublic"] = ["qqz"]
    data["models"]["Base"] = {"fields": {"qq": "string"}}
    found = dict(reserved.clashes(Schema.model_validate(data)))
    assert "models.QqTree.plural" in found
    assert "models.QqTree.fields.sa" in found
    assert "models.QqTree.fields.uuid" not in found
    assert "models.QqTree.fields.text" not in found
    assert "enums.QqUserPublic" in found or "models.QqUser" in found
    assert "models.Base" in found


def test_the_probe_schema_itself_is_clean() -> None:
    assert reserved.clashes(Schema.model_validate(probe())) == []


# --- odd schemas end to end ---------------------------------------------------------------

ODD = sorted(SCHEMAS.glob("ir_*.yaml"))
from tests.live import OWN_TESTS  # noqa: E402  (beside the tests that use it)


@pytest.fixture(scope="module")
def odd_projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from ssot_gen.pipeline import generate

    root = tmp_path_factory.mktemp("odd")
    projects = {}
    for schema in ODD:
        generate(schema, root / schema.stem)
        projects[schema.stem] = root / schema.stem
    return projects


@pytest.mark.parametrize("schema", ODD, ids=lambda path: path.stem)
def test_odd_schemas_give_projects_that_lint_type_check_and_pass_their_tests(
    schema: Path, odd_projects: dict[str, Path]
) -> None:
    import sys

    from tests import live

    project = odd_projects[schema.stem]
    env = live.project_env("sqlite+aiosqlite:///unused.db")
    env.pop("DATABASE_URL")
    python = [sys.executable, "-m"]
    live.run([*python, "ruff", "check", "--no-cache", "."], project, env)
    live.run([*python, "ruff", "format", "--check", "--no-cache", "."], project, env)
    live.run([*python, "black", "--check", "--quiet", "."], project, env)
    # The modules this IR and its templates own (chat/ and core/ are checked where written).
    own = ["app/models.py", "app/schemas.py", "app/enums.py", "app/main.py", "app/api"]
    own += [p.relative_to(project).as_posix() for p in (project / "tests").glob("*.py")]
    own = [p for p in own if not p.endswith(("test_chat.py", "test_config.py"))]
    live.run([*python, "mypy", "--follow-imports=silent", "--no-incremental", *own], project, env)
    output = live.run([*python, "pytest", *OWN_TESTS], project, env)
    assert " passed" in output and "failed" not in output


@pytest.mark.parametrize("schema", ODD, ids=lambda path: path.stem)
def test_odd_schemas_migrate_and_pass_their_tests_on_postgres(
    schema: Path, odd_projects: dict[str, Path], postgres_url: str
) -> None:
    import sys

    from tests import live

    project = odd_projects[schema.stem]
    env = live.project_env(postgres_url, TEST_DATABASE_URL=postgres_url)
    live.run([sys.executable, "-m", "alembic", "upgrade", "head"], project, env)
    live.run([sys.executable, "-m", "alembic", "check"], project, env)
    live.run([sys.executable, "-m", "alembic", "downgrade", "base"], project, env)
    output = live.run([sys.executable, "-m", "pytest", *OWN_TESTS], project, env)
    assert " passed" in output and "failed" not in output
