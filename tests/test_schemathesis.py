"""Schemathesis against each booted example app: every operation of its OpenAPI document,
with valid and invalid data, as a signed-in user. No 5xx, no undocumented status, and every
response body matches its documented schema (slow).

The app is generated into a temporary directory, its SQLite database migrated, and served by
uvicorn on 127.0.0.1 (``tests.live``); schemathesis loads ``/openapi.json`` from it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from ssot_gen.pipeline import load_project
from tests import live
from tests.conftest import EXAMPLES, SCHEMAS

EXAMPLES_PER_OPERATION = 12
"""Hypothesis examples per operation and generation mode (positive, negative): bounded so
the whole test stays within a few minutes."""

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


def _exercise(operation: Any, mode: schemathesis.GenerationMode, base: str, token: str) -> None:
    """Send ``EXAMPLES_PER_OPERATION`` cases of ``operation`` and check each response."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
        )

    run()


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLES)
def test_schemathesis_finds_no_server_error_nor_schema_violation(
    name: str, generated: dict[str, Any], tmp_path: Any
) -> None:
    project = load_project(SCHEMAS / f"{name}.yaml")
    env = live.project_env(f"sqlite+aiosqlite:///{tmp_path / 'st.db'}")
    with live.serve(generated[name], env) as base:
        account = live.register(base, project)
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 10
        failures: list[str] = []
        for operation in operations:
            for mode in MODES:
                try:
                    _exercise(operation, mode, base, account.token)
                except Unsatisfiable:
                    assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
                    continue  # nothing of the operation can be made invalid (no parameters)
                except (AssertionError, FailureGroup) as err:  # report all, not the first
                    failures.append(f"{operation.label} ({mode.value}): {err}")
        assert httpx.get(f"{base}/api/health").status_code == 200
        assert not failures, "\n\n".join(failures)
