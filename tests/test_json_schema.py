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
        "Additional properties are not allowed ('modles' was unexpected)",
    ]
