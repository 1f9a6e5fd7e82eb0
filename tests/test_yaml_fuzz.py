"""The YAML front end never crashes or hangs: any text gives a schema or located errors.

Hypothesis mutates the example schemas (slices cut, YAML punctuation, tags, aliases, control
characters inserted) and checks that ``load_project`` returns or raises SchemaError whose every
issue points inside the file. Hostile documents (billion laughs, deep nesting, huge files)
are refused with one located error.

The run is bounded: 30 examples per test unless a Hypothesis profile is loaded (the lead's
``--hypothesis-profile=long``, or the ``long`` profile registered here).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssot_gen.errors import SchemaError
from ssot_gen.pipeline import load_project
from ssot_gen.schema.source import MAX_BYTES, MAX_DEPTH, MAX_NODES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    (ROOT / "schemas" / "ai_chat.yaml").read_text(encoding="utf-8"),
    (ROOT / "schemas" / "support_desk.yaml").read_text(encoding="utf-8"),
    (ROOT / "tests" / "schemas" / "minimal.yaml").read_text(encoding="utf-8"),
]

settings.register_profile("long", max_examples=2000, deadline=None)
FUZZ = settings(
    max_examples=(
        30 if settings.get_current_profile_name() == "default" else settings.default.max_examples
    ),
    deadline=None,  # no timed assertions; the bounds below keep every example small
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PIECES = [
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "*b",
    "? ",
    "|",
    ">",
    "#",
    "'",
    '"',
    "\\",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\t",
    "\n",
    "  ",
    "!!bool maybe",
    '!!int ""',
    "!!float x",
    "!!timestamp ",
    "!!timestamp 2001-12-14",
    "!!python/object:os.system ",
    "!!python/name:os.system",
    "!!binary aGk=",
    "!!set ",
    "!!omap ",
    "!local ",
    "yes",
    "no",
    "on",
    "~",
    "null",
    ".nan",
    "-.inf",
    "0o17",
    "017",
    "1:30",
    "1e999",
    "9" * 40,
    "\x00",
    "\x01",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\U0001f4af",
    ":100:",
    "[bold]",
    "notes\n",
    "<<: *a",
]


WORD = re.compile(r"[A-Za-z0-9_.-]+")
# Words of the format and of the examples: swapping one for another makes schemas that are
# well-formed YAML but wrong (or right) in the ways the checks and the IR must handle.
VOCABULARY = sorted({word for text in EXAMPLES for word in WORD.findall(text)} | {"0", "-1"})


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """An example schema with a few cuts, insertions and swapped words."""
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["cut", "insert", "swap"]))
        if action == "swap":
            words = list(WORD.finditer(text))
            match = words[draw(st.integers(0, len(words) - 1))]
            text = text[: match.start()] + draw(st.sampled_from(VOCABULARY)) + text[match.end() :]
            continue
        at = draw(st.integers(0, len(text)))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(0, 40)) :]
        else:
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=8))
            text = text[:at] + piece + text[at:]
    return text


def assert_located(path: Path, text: str) -> None:
    """``load_project`` succeeds, or fails with issues that each point inside the file."""
    try:
        load_project(path)
    except SchemaError as error:
        assert error.issues
        lines = text.count("\n") + 2
        for issue in error.issues:
            assert issue.location.file == str(path)
            assert 1 <= issue.location.line <= lines, issue
            assert issue.location.column >= 1, issue
            assert issue.message, issue
            assert "FieldSpec" not in issue.message and "instance of" not in issue.message


@FUZZ
@given(text=mutated())
def test_mutated_examples_give_located_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_located(path, text)


@FUZZ
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_give_located_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "schema.yaml"
    path.write_bytes(data)
    assert_located(path, data.decode("utf-8", "replace"))


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_project(path)
    return [str(issue).removeprefix(f"{path}:") for issue in caught.value.issues]


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for index in range(8):
        previous, name = chr(ord("a") + index), chr(ord("b") + index)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    assert errors_of(tmp_path, "\n".join(lines) + "\n") == [
        f"1:11: the document expands to more than {MAX_NODES} nodes (through its aliases)"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "{a: " * 5000 + "1" + "}" * 5000,
        "- " * 5000 + "x\n",
        "".join("  " * depth + f"k{depth}:\n" for depth in range(200)),
    ],
    ids=["flow-lists", "flow-mappings", "block-lists", "block-mappings"],
)
def test_deep_nesting_is_refused(tmp_path: Path, text: str) -> None:
    (error,) = errors_of(tmp_path, text)
    assert error.endswith(f": the document is nested more than {MAX_DEPTH} levels deep")


def test_huge_file_is_refused(tmp_path: Path) -> None:
    text = "project:\n  description: " + "x" * MAX_BYTES + "\n"
    assert errors_of(tmp_path, text) == [
        f"1:1: the file is {len(text)} bytes; a schema may have at most {MAX_BYTES}"
    ]


def test_aliases_within_the_bound_are_fine(tmp_path: Path) -> None:
    text = EXAMPLES[2].replace("models:\n", "x-short: &short {max_length: 40}\nmodels:\n", 1)
    text = text.replace("max_length: 40, unique: true}", "<<: *short, unique: true}")
    assert text.count("*short") == 1
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    assert [model.name for model in load_project(path).models] == ["Member", "Thread", "Post"]


def test_nesting_through_aliases_is_bounded(tmp_path: Path) -> None:
    deep = "[" * 20 + "x" + "]" * 20
    text = f"a: &a {deep}\nb: &b {'[' * 20}*a{']' * 20}\nc: {'[' * 20}*b{']' * 20}\n"
    (error,) = errors_of(tmp_path, text)
    assert error.endswith(f": the document is nested more than {MAX_DEPTH} levels deep")
