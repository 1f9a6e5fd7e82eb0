"""docs/ssot.schema.json is the committed output of ``ssot-gen schema``, and it accepts the
examples (editors validate schema files against it through the yaml-language-server comment).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from ssot_gen.cli import app

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "ssot.schema.json"
EXAMPLES = sorted((ROOT / "schemas").glob("*.yaml"))


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_committed_json_schema_is_fresh() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    assert COMMITTED.read_text(encoding="utf-8") == result.stdout, (
        "docs/ssot.schema.json is stale; run: ssot-gen schema -o docs/ssot.schema.json"
    )


def test_json_schema_is_a_valid_draft_2020_12_schema(document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(document)


def test_examples_reference_the_committed_json_schema() -> None:
    for example in EXAMPLES:
        first = example.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/ssot.schema.json", example.name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_validates_against_the_json_schema(example: Path, document: dict[str, Any]) -> None:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(document)
    problems = [
        f"{'.'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    assert problems == []


def test_json_schema_rejects_an_unknown_key(document: dict[str, Any]) -> None:
    data = yaml.safe_load((ROOT / "schemas" / "ai_chat.yaml").read_text(encoding="utf-8"))
    data["modles"] = data.pop("models")
    validator = jsonschema.Draft202012Validator(document)
    messages = sorted(e.message for e in validator.iter_errors(data) if not e.absolute_path)
    assert messages == [
        "'models' is a required property",
        "'modles' does not match any of the regexes: '^x-'",
    ]


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split("/")
    for part in parents:
        data = data[part]
    data[last] = value


def _rename(data: dict[str, Any], dotted: str, new: str) -> None:
    *parents, last = dotted.split("/")
    for part in parents:
        data = data[part]
    data[new] = data.pop(last)


@pytest.mark.parametrize(
    ("change", "where", "value"),
    [
        ("set", "models/User/fields/name/max_length", "100"),
        ("set", "models/User/fields/name/max_length", 10485761),
        ("set", "models/User/fields/name/nullable", "yes"),
        ("set", "providers/mock/models/mock-echo/input", "abc"),
        ("set", "providers/mock/models/mock-echo/input", "1e3"),
        ("set", "providers/mock/models/mock-echo/input", -1),
        ("set", "providers/openai/api_key_env", "openai-key"),
        ("set", "models/ChatSettings/plural", "ChatSettings"),
        ("set", "project/name", "AI Chat"),
        ("set", "enums/Theme", ["light", "Dark"]),
        ("rename", "models/User", "user"),
        ("rename", "models/User/fields/name", "Name"),
        ("rename", "providers/mock", "Mock"),
    ],
)
def test_json_schema_and_validator_agree(
    tmp_path: Path, document: dict[str, Any], change: str, where: str, value: Any
) -> None:
    """What the JSON Schema refuses, ``ssot-gen validate`` refuses too (and vice versa).

    (A name with a trailing newline is refused by both as well, but Python's ``re``, which
    the jsonschema package uses, lets ``$`` match before a final newline where ECMA-262, the
    regex dialect of JSON Schema and of editors, does not.)
    """
    data = yaml.safe_load((ROOT / "schemas" / "ai_chat.yaml").read_text(encoding="utf-8"))
    if change == "set":
        _set(data, where, value)
    else:
        _rename(data, where, value)
    validator = jsonschema.Draft202012Validator(document)
    assert list(validator.iter_errors(data)), "the JSON Schema accepts it"
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, "the validator accepts it"
