"""generated_examples/ holds the committed output of every example schema, kept up to date."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from ssot_gen.write import read_tree
from tests.conftest import EXAMPLES, ROOT


@pytest.mark.parametrize("name", EXAMPLES)
def test_committed_example_matches_fresh_output(name: str, generated: dict[str, Path]) -> None:
    committed = read_tree(ROOT / "generated_examples" / name)
    fresh = read_tree(generated[name])
    problems = []
    for path in sorted(set(committed) | set(fresh)):
        if path not in committed:
            problems.append(f"missing from generated_examples/{name}: {path}")
        elif path not in fresh:
            problems.append(f"no longer generated: {path}")
        elif committed[path] != fresh[path]:
            diff = difflib.unified_diff(
                committed[path].splitlines(), fresh[path].splitlines(), path, path, lineterm=""
            )
            problems.append("\n".join(list(diff)[:40]))
    assert not problems, (
        "generated_examples is stale; run: "
        f"ssot-gen generate schemas/{name}.yaml --out generated_examples/{name}\n"
        + "\n".join(problems)
    )
