"""The migration torture suite (issue 7): every revision ssot-gen writes either runs on any
database that satisfied the previous schema, or is refused at generate time with the reason.

Each chain (tests/torture/chains.py) evolves the herbarium project (tests/torture/
herbarium.yaml) one schema version at a time, on a SQLite file and on a fresh PostgreSQL
database. Before each step the database holds rows exercising the edge (NULLs, duplicates,
over-long strings, rows referencing a model about to be dropped, maximal values, quotes and
emoji, and a table of the user's own that no revision may touch); then:

- refused generations exit 2, give the reason and write nothing;
- ``upgrade head`` keeps every row that should be kept (snapshots compared: kept values
  unchanged, renamed columns carried, backfilled values as expected), or a data-dependent
  revision's pre-check fails with a clear message and leaves the database as it was;
- ``alembic check`` is clean; ``downgrade -1`` then ``upgrade head`` work and give the same rows;
- at the end, ``downgrade base`` and ``upgrade head`` work and the project's own tests pass.

All database work of one step runs in one subprocess (tests/torture/driver.py) inside the
project.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ssot_gen.cli import app
from tests import live
from tests.conftest import need_service
from tests.torture.chains import (
    CHAINS,
    LABELS,
    SEED,
    USER_TABLE,
    Action,
    Expectation,
    Schema,
    Step,
    base_schema,
    dump,
)

DRIVER = Path(__file__).parent / "torture" / "driver.py"
REVISION_NAME = re.compile(r"^[0-9a-f]{12}_[a-z0-9_]+\.py$")
OPERATION_LINE = re.compile(r"^\s+- (.+) \(([a-z-]+)\)\s*$")
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]*Op\b")

pytestmark = pytest.mark.slow


def ssot(*args: str) -> tuple[int, str]:
    """Run the command line in-process; an uncaught exception is appended as its traceback."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += "\n" + "".join(traceback.format_exception(result.exception))
    return result.exit_code, output


def collapsed(text: str) -> str:
    return " ".join(text.split())


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@dataclass
class Chain:
    """One chain being run on one database: the project, its schema file, what was seen."""

    name: str
    out: Path
    schema_path: Path
    url: str
    database: str
    env: dict[str, str]
    schema: Schema = field(default_factory=base_schema)
    last: dict[str, Any] | None = None  # the database as the previous driver left it

    def where(self, step: str) -> str:
        return f"[chain {self.name}, {self.database}, step {step!r}]"

    def flags(self, flags: list[str]) -> list[str]:
        return [flag.replace("{url}", self.url) for flag in flags]

    def generate(self, schema: Schema, flags: list[str]) -> tuple[int, str]:
        self.schema_path.write_text(dump(schema), encoding="utf-8")
        return ssot("generate", str(self.schema_path), "--out", str(self.out), *self.flags(flags))

    def refused(
        self,
        step: str,
        schema: Schema,
        flags: list[str],
        expect: list[str],
        pattern: str | None = None,
    ) -> str:
        """Generate must exit 2, name the reason, write nothing; returns the output."""
        before = tree(self.out)
        code, output = self.generate(schema, flags)
        where = f"{self.where(step)} generate {' '.join(self.flags(flags)) or '(no flags)'}"
        assert code == 2, f"{where}: expected a refusal (exit 2), got {code}:\n{output}"
        assert "Traceback" not in output, f"{where}: traceback:\n{output}"
        flat = collapsed(output)
        for text in expect:
            assert text in flat, f"{where}: the refusal does not say {text!r}:\n{output}"
        if pattern is not None:
            assert re.search(pattern, flat), f"{where}: no match for {pattern!r}:\n{output}"
        assert tree(self.out) == before, f"{where}: a refused generate changed the project"
        return output

    def drive(self, step: str, actions: list[Action]) -> dict[str, dict[str, Any]]:
        """Run the driver; every action must have its expected outcome. Results by label."""
        for index, action in enumerate(actions):
            action.setdefault("label", f"{action['op']}#{index}")
        result = subprocess.run(
            [sys.executable, str(DRIVER)],
            cwd=self.out,
            env=self.env,
            input=json.dumps(actions),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
        assert lines, f"{self.where(step)} driver crashed:\n{result.stdout}\n{result.stderr}"
        results = json.loads(lines[-1][len("RESULT ") :])["results"]
        last, action = results[-1], actions[len(results) - 1]
        expected_ok = action.get("expect", "ok") == "ok"
        if last["ok"] != expected_ok or len(results) < len(actions):
            verb = "failed" if expected_ok else "succeeded, but was expected to fail"
            raise AssertionError(
                f"{self.where(step)} {last['label']} ({json.dumps(action)[:300]}) {verb}:\n"
                f"{last['error']}\n--- driver stderr (tail) ---\n{result.stderr[-3000:]}"
            )
        return {r["label"]: r for r in results}


def alembic(*args: str, label: str, expect: str = "ok") -> Action:
    return {"op": "alembic", "args": list(args), "label": label, "expect": expect}


def snapshot(label: str) -> Action:
    return {"op": "snapshot", "label": label}


def labelled(actions: list[Action], prefix: str) -> list[Action]:
    return [{**action, "label": f"{prefix}#{index}"} for index, action in enumerate(actions)]


def check_output(where: str, output: str) -> None:
    """Operations are printed as ``  - <words> (<label>)`` with the five labels only."""
    assert "Traceback" not in output, f"{where}: traceback:\n{output}"
    assert not CLASS_NAME.search(output), f"{where}: a class name in the output:\n{output}"
    for line in output.splitlines():
        match = OPERATION_LINE.match(line)
        if match and match.group(2) not in LABELS:
            raise AssertionError(f"{where}: unknown label in {line!r}:\n{output}")


def new_revision(where: str, before: dict[str, bytes], out: Path) -> str:
    """The one revision file a successful generate added; its name and docstring checked."""
    added = [
        path
        for path in tree(out)
        if path.startswith("migrations/versions/") and path.endswith(".py") and path not in before
    ]
    assert len(added) == 1, f"{where}: expected one new revision, got {added}"
    name = added[0].rsplit("/", 1)[1]
    assert REVISION_NAME.match(name), f"{where}: revision file name {name!r}"
    text = (out / added[0]).read_text(encoding="utf-8")
    assert not CLASS_NAME.search(text.split('"""')[1]), f"{where}: class name in docstring:\n{text}"
    return text


def compare(
    where: str,
    before: dict[str, Any],
    after: dict[str, Any],
    step: Step,
    changed: dict[str, Expectation],
) -> None:
    """Every old row kept (by id), every kept value unchanged or renamed or as ``changed``."""
    old_tables, new_tables = before["tables"], after["tables"]
    for table, rows in old_tables.items():
        if table in step.dropped:
            new_name = step.renamed_tables.get(table, table)
            assert new_name not in new_tables, f"{where}: table {table} was not dropped"
            continue
        new_name = step.renamed_tables.get(table, table)
        assert new_name in new_tables, f"{where}: table {table} (as {new_name}) is gone"
        new_rows = new_tables[new_name]
        assert set(new_rows) == set(rows), (
            f"{where}: {new_name}: rows lost {sorted(set(rows) - set(new_rows))}, "
            f"rows appeared {sorted(set(new_rows) - set(rows))}"
        )
        for ident, row in rows.items():
            new_row = new_rows[ident]
            for column, value in row.items():
                if f"{table}.{column}" in step.dropped:
                    assert column not in new_row, f"{where}: {table}.{column} was not dropped"
                    continue
                new_column = step.renamed_columns.get(f"{table}.{column}", column)
                if f"{new_name}.{new_column}" in changed:
                    continue
                assert new_column in new_row, f"{where}: {new_name}.{new_column} is gone"
                assert new_row[new_column] == value, (
                    f"{where}: {new_name}.{new_column} of row {ident}: "
                    f"{value!r} became {new_row[new_column]!r}"
                )
    for key, expectation in changed.items():
        table, column = key.split(".")
        old_name = {new: old for old, new in step.renamed_tables.items()}.get(table, table)
        for ident, row in old_tables.get(old_name, {}).items():
            got = new_tables[table][ident].get(column, "<missing>")
            want = expectation(row)
            assert got == want, f"{where}: {key} of row {ident}: expected {want!r}, got {got!r}"


def run_step(chain: Chain, index: int, step: Step | None, following: Step | None) -> None:
    """Generate one schema version (index 0: the base schema), migrate and check it."""
    name = step.name if step else "initial schema"
    where = chain.where(name)
    changed: dict[str, Expectation] = dict(step.changed) if step else {}
    schema = step.apply(chain.schema) if step else chain.schema
    if step:
        for refusal in step.refusals:
            chain.refused(name, schema, refusal.flags, refusal.expect, refusal.pattern)
            if refusal.diff is not None:
                code, output = ssot("diff", str(chain.schema_path), "--out", str(chain.out))
                expected = f"generate will refuse: {refusal.diff}"
                assert code == 0 and expected in collapsed(output), (
                    f"{where}: diff exited {code} without {expected!r}:\n{output}"
                )
    before_tree = tree(chain.out)
    flags = step.flags if step else []
    code, output = chain.generate(schema, flags)
    if code == 2 and step and step.fallback is not None and not step.flags:
        # The engine refused instead of backfilling: it must say why, and take the fallback.
        chain.refused(name, schema, [], step.fallback_reason)
        schema = step.apply(chain.schema, fallback=True)
        changed = dict(step.fallback_changed)
        code, output = chain.generate(schema, flags)
    assert code == 0, f"{where}: generate {' '.join(chain.flags(flags))} exited {code}:\n{output}"
    check_output(where, output)
    flat = collapsed(output)
    for text in step.output if step else []:
        assert text in flat, f"{where}: generate output does not say {text!r}:\n{output}"
    moves = step is None or step.revision
    if moves:
        revision = new_revision(where, before_tree, chain.out)
        assert "Operations:" in revision or index == 0, f"{where}: no Operations: list\n{revision}"
    else:
        added = [p for p in tree(chain.out) if p not in before_tree]
        assert not added, f"{where}: needs no migration, but generate added {added}"
    chain.schema = schema
    if step and step.tools:
        for command in ("check", "diff"):
            code, output = ssot(command, str(chain.schema_path), "--out", str(chain.out))
            assert code == 0 and "Traceback" not in output, (
                f"{where}: ssot-gen {command} after the step exited {code}:\n{output}"
            )

    actions: list[Action] = [snapshot("before")]
    if step and step.precheck is not None:
        actions += [
            alembic("upgrade", "head", label="precheck", expect="error"),
            snapshot("failed"),
            *labelled(step.fix, "fix"),
            snapshot("fixed"),
        ]
    actions += [
        alembic("upgrade", "head", label="upgrade"),
        snapshot("after"),
        alembic("check", label="check"),
        alembic("downgrade", "-1", label="downgrade -1"),
        alembic("upgrade", "head", label="upgrade again"),
        alembic("check", label="check again"),
        snapshot("roundtrip"),
    ]
    if step:
        actions += [*labelled(step.probe, "probe"), snapshot("probed")]
    if index == 0:
        actions += labelled(SEED, "seed")
    if following:
        actions += labelled(following.rows_before, "rows")
    actions.append(snapshot("end"))
    if following is None:
        actions += [
            alembic("downgrade", "base", label="downgrade base"),
            snapshot("base"),
            alembic("upgrade", "head", label="upgrade from base"),
            alembic("check", label="check from base"),
            snapshot("rebuilt"),
        ]
    results = chain.drive(name, actions)

    def value(label: str) -> dict[str, Any]:
        return dict(results[label]["value"])

    before = value("before")
    if chain.last is not None:
        assert before == chain.last, f"{where}: generate changed the database"
    base = before
    if step and step.precheck is not None:
        error = results["precheck"]["error"]
        for text in step.precheck:
            assert text in error, f"{where}: the pre-check error does not say {text!r}:\n{error}"
        assert "Traceback" not in error.split("--- traceback tail ---")[0]
        failed = value("failed")
        assert failed == before, (
            f"{where}: the failed upgrade changed the database "
            f"(version {before['version']} -> {failed['version']}, "
            f"tables {sorted(before['schema'])} -> {sorted(failed['schema'])})"
        )
        base = value("fixed")
    after = value("after")
    if moves:
        assert after["version"] != base["version"], f"{where}: upgrade head did not move"
    assert not [t for t in after["schema"] if t.startswith("_alembic_tmp")], after["schema"]
    compare(where, base, after, step or Step("", lambda schema: None), changed)
    roundtrip = value("roundtrip")
    assert roundtrip["version"] == after["version"], f"{where}: round trip ends elsewhere"
    assert roundtrip["tables"] == after["tables"], (
        f"{where}: downgrade -1 + upgrade head changed rows"
    )
    assert roundtrip["schema"] == after["schema"], (
        f"{where}: downgrade -1 + upgrade head changed the schema:\n"
        f"{json.dumps(after['schema'], indent=1)}\n---\n{json.dumps(roundtrip['schema'], indent=1)}"
    )
    if step and step.verify is not None:
        step.verify(value("probed"))
    chain.last = value("end")
    if following is None:
        left = value("base")["tables"]
        assert left == {USER_TABLE: after["tables"][USER_TABLE]}, (
            f"{where}: downgrade base left {sorted(left)} (only {USER_TABLE}, the user's, stays)"
        )
        rebuilt = value("rebuilt")
        assert set(rebuilt["tables"]) == set(after["tables"])
        assert rebuilt["schema"] == value("end")["schema"], f"{where}: upgrade from base differs"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        (tmp_path / "db").mkdir()
        return f"sqlite+aiosqlite:///{tmp_path / 'db' / 'herbarium.db'}"
    need_service("PostgreSQL", 5432)
    return str(request.getfixturevalue("postgres_url"))


@pytest.mark.parametrize("chain_name", sorted(CHAINS))
def test_migration_chain(chain_name: str, database_url: str, tmp_path: Path) -> None:
    """Run one chain on one database; at the end the project's own tests pass (SQLite)."""
    database = "sqlite" if database_url.startswith("sqlite") else "postgres"
    chain = Chain(
        name=chain_name,
        out=tmp_path / "project",
        schema_path=tmp_path / "herbarium.yaml",
        url=database_url,
        database=database,
        env=live.project_env(database_url),
    )
    steps = CHAINS[chain_name]
    sequence: list[Step | None] = [None, *steps]
    for index, step in enumerate(sequence):
        following = sequence[index + 1] if index + 1 < len(sequence) else None
        run_step(chain, index, step, following)
    # Every revision must also run on the scratch database generate and check use.
    code, output = ssot("check", str(chain.schema_path), "--out", str(chain.out))
    assert code == 0, f"{chain.where('end')}: ssot-gen check exited {code}:\n{output}"
    if database == "sqlite":
        live.run(
            # the models' and routes' tests: the chat runtime's run in the smoke tests
            [sys.executable, "-m", "pytest", "-x", *live.OWN_TESTS],
            chain.out,
            live.project_env(database_url),
        )
