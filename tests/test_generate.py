"""The pipeline: determinism, idempotence, atomic failure, generality of the generator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ssot_gen import pipeline
from ssot_gen.cli import app
from ssot_gen.errors import GenerationError, SchemaError
from ssot_gen.pipeline import generate
from ssot_gen.write import read_tree
from tests.conftest import ROOT, SCHEMAS

MINIMAL = Path(__file__).parent / "schemas" / "minimal.yaml"


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_second_run_is_identical_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "project"
    first = generate(MINIMAL, out)
    assert {entry.status for entry in first.files} == {"create"}
    before = mtimes(out)
    second = generate(MINIMAL, out)
    assert {entry.status for entry in second.files} == {"identical"}
    assert mtimes(out) == before


def test_output_is_deterministic(tmp_path: Path) -> None:
    generate(MINIMAL, tmp_path / "a")
    generate(MINIMAL, tmp_path / "b")
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")


def test_hand_edit_is_kept_and_a_deleted_file_recreated(tmp_path: Path) -> None:
    out = tmp_path / "project"
    generate(MINIMAL, out)
    (out / "app" / "main.py").write_text("# changed by hand\n")
    (out / "app" / "enums.py").unlink()
    report = generate(MINIMAL, out)
    assert [(e.path, e.status) for e in report.changed] == [
        ("app/enums.py", "create"),
        ("app/main.py", "keep"),
    ]
    assert (out / "app" / "main.py").read_text() == "# changed by hand\n"
    assert "StrEnum" in (out / "app" / "enums.py").read_text()


def test_invalid_schema_leaves_the_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "project"
    generate(MINIMAL, out)
    before = read_tree(out), mtimes(out)
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.read_text().replace("type: text", "type: txet"))
    with pytest.raises(SchemaError):
        generate(bad, out)
    assert (read_tree(out), mtimes(out)) == before


def test_failure_after_rendering_leaves_the_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "project"
    generate(MINIMAL, out)
    before = read_tree(out), mtimes(out)
    edited = tmp_path / "edited.yaml"
    edited.write_text(MINIMAL.read_text().replace("Tiny chat", "Tiny chat two"))

    def broken_format(root: Path) -> None:
        raise GenerationError("ruff exploded")

    monkeypatch.setattr(pipeline, "format_tree", broken_format)
    with pytest.raises(GenerationError):
        generate(edited, out)
    assert (read_tree(out), mtimes(out)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edited.yaml", "project"]


def test_generation_into_a_new_directory_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_format(root: Path, *args: object) -> None:
        raise GenerationError("ruff exploded")

    monkeypatch.setattr(pipeline, "format_tree", broken_format)
    with pytest.raises(GenerationError):
        generate(MINIMAL, tmp_path / "new")
    assert list(tmp_path.iterdir()) == []


def test_cli_generate_prints_a_status_per_file(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "project"
    result = runner.invoke(app, ["generate", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\s+create app/main\.py$", result.output, re.M)
    again = runner.invoke(app, ["generate", str(MINIMAL), "--out", str(out)])
    assert again.exit_code == 0
    lines = [line.split() for line in again.output.splitlines() if line.startswith(" ")]
    assert lines and {words[0] for words in lines} == {"identical"}


def test_cli_generate_exit_2_on_a_bad_schema(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nmodels: [\n")
    result = CliRunner().invoke(app, ["generate", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def _format_vocabulary() -> set[str]:
    """Key names of the schema format itself (chat bindings, provider keys, ...): the
    generator's own vocabulary, which an example may reuse as field names."""
    from pydantic import BaseModel

    from ssot_gen.schema import models

    keys: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            keys |= set(value.model_fields)
    return keys


def _example_names() -> set[str]:
    """Model and enum names (and compound field names) of every example schema."""
    names: set[str] = set()
    for path in SCHEMAS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        names |= set(data.get("models", {})) | set(data.get("enums", {}))
        for model in data.get("models", {}).values():
            names |= {f for f in model.get("fields", {}) if "_" in f}
    # Standard usage vocabulary of the provider interface (OpenAI's usage field names).
    usage = {"prompt_tokens", "completion_tokens", "total_tokens", "input_tokens", "output_tokens"}
    # Field names of the providers' own wire formats (the adapters and fakes speak them).
    usage |= {"stop_reason", "cached_tokens"}
    # The generator's own settings (DEFAULT_PROVIDER / DEFAULT_MODEL of every generated app).
    settings = {"default_provider", "default_model"}
    return names - usage - settings - _format_vocabulary()


@pytest.mark.parametrize("folder", ["ssot_gen", "templates"])
def test_generator_never_names_an_example(folder: str) -> None:
    pattern = re.compile(r"\b(" + "|".join(sorted(_example_names())) + r")\b")
    found = []
    for path in sorted((ROOT / folder).rglob("*")):
        if "scaffold" in path.parts:  # the starter schema of `ssot-gen new` is an example
            continue
        if path.is_file() and path.suffix in {".py", ".jinja"}:
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = pattern.search(line)
                if match:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert found == []
