"""Syrupy snapshots of whole generated trees for small schemas ({path: text})."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from ssot_gen.pipeline import generate
from ssot_gen.write import read_tree

SMALL_SCHEMAS = sorted((Path(__file__).parent / "schemas").glob("*.yaml"))


@pytest.mark.parametrize("schema", SMALL_SCHEMAS, ids=lambda path: path.stem)
def test_generated_tree(schema: Path, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    generate(schema, tmp_path / "out")
    assert read_tree(tmp_path / "out") == snapshot
