"""Issue 10's schema keys: ``security`` (rate limits, size limits, the generation cap, a
budget, CORS origins) and ``auth.password_max_length``; bad values are located errors, all at
once, and the values become the generated app's setting defaults."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ssot_gen.pipeline import generate, load_project
from ssot_gen.render import plan
from tests import live
from tests.test_schema_errors import BASE, at, lines_of, patched

AUTH = "auth:\n  user_model: User\n"


def _config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    files = {rendered.path: rendered.text for rendered in plan(load_project(path))}
    return files["app/core/config.py"]


def test_defaults_without_a_security_section(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(BASE, encoding="utf-8")
    project = load_project(path)
    assert project.auth.password_min_length == 12
    assert project.auth.password_max_length == 128
    security = project.security
    assert security is not None
    assert (security.rate_login, security.rate_register, security.rate_send) == (
        "10/minute",
        "5/minute",
        "30/minute",
    )
    assert security.max_body_bytes == 1024 * 1024
    assert security.max_concurrent_generations == 3
    assert (security.budget_tokens_per_day, security.budget_usd_per_day) == (None, None)
    assert security.cors_origins == ()


USAGE = (
    (
        '      content: {type: text, default: ""}\n',
        '      content: {type: text, default: ""}\n'
        "      tokens: {type: int, nullable: true}\n"
        "      cost: {type: decimal, nullable: true}\n",
    ),
    (
        "content: content, status: status}",
        "content: content, status: status,\n            total_tokens: tokens, cost: cost}",
    ),
)


def test_schema_values_become_setting_defaults(tmp_path: Path) -> None:
    text = patched(*USAGE) + (
        "security:\n"
        "  rate_limits: {login: 3 per  minute, registration: 1/hour, send: 100/day}\n"
        "  max_body_bytes: 65536\n"
        "  max_message_chars: 2000\n"
        "  max_frame_bytes: 4096\n"
        "  max_concurrent_generations: 1\n"
        "  budget: {tokens_per_day: 50000, usd_per_day: '0.25'}\n"
        "  cors_origins: ['https://app.example.com', 'http://localhost:5173']\n"
    )
    config = _config(tmp_path, text)
    for line in (
        "rate_limit_login: str = '3 per minute'",
        "rate_limit_register: str = '1/hour'",
        "rate_limit_send: str = '100/day'",
        "max_body_bytes: int = Field(default=65536, ge=1024)",
        "max_message_chars: int = Field(default=2000, ge=1)",
        "ws_max_frame_bytes: int = Field(default=4096, ge=1024)",
        "max_concurrent_generations: int = Field(default=1, ge=1)",
        "budget_tokens_per_day: int | None = Field(default=50000, ge=1)",
        'budget_usd_per_day: Decimal | None = Field(default=Decimal("0.25"), gt=0)',
        "cors_origins: list[str] = ['https://app.example.com', 'http://localhost:5173']",
    ):
        assert line in config, line


def test_bad_security_values_are_located_all_at_once(tmp_path: Path) -> None:
    text = BASE + (
        "security:\n"
        "  rate_limits: {login: ten per minute, send: 5/fortnight}\n"
        "  max_body_bytes: 10\n"
        "  budget: {usd_per_day: -1}\n"
        "  cors_origins: ['app.example.com']\n"
    )
    path, lines = lines_of(tmp_path, text)
    joined = "\n".join(lines)
    for snippet, dotted in (
        ("ten per minute", "security.rate_limits.login"),
        ("5/fortnight", "security.rate_limits.send"),
        ("10\n", "security.max_body_bytes"),
        ("-1", "security.budget.usd_per_day"),
        ("'app.example.com'", "security.cors_origins[0]"),
    ):
        location = at(path, text, snippet)
        assert any(line.startswith(location) and dotted in line for line in lines), (
            location,
            dotted,
            joined,
        )


def test_password_lengths_must_be_ordered(tmp_path: Path) -> None:
    text = patched((AUTH, AUTH + "  password_min_length: 40\n  password_max_length: 32\n"))
    _path, lines = lines_of(tmp_path, text)
    assert len(lines) == 1
    assert "auth" in lines[0]
    assert "password_min_length must not exceed password_max_length" in lines[0]


def test_a_budget_needs_recorded_usage(tmp_path: Path) -> None:
    text = BASE + "security:\n  budget: {tokens_per_day: 1000, usd_per_day: 1}\n"
    path, lines = lines_of(tmp_path, text)
    assert len(lines) == 2, lines
    assert lines[0].startswith(at(path, text, "1000"))
    assert "security.budget.tokens_per_day: needs a token count bound in chat.message" in lines[0]
    assert lines[1].startswith(at(path, text, "1}"))
    assert "security.budget.usd_per_day: needs a cost bound in chat.message" in lines[1]


@pytest.mark.slow
def test_rest_routes_taking_message_content_have_the_message_length_limit(
    tmp_path: Path,
) -> None:
    """A schema that opens the message model's create and update to clients gets the same
    MAX_MESSAGE_CHARS check there as on the websocket (the generated test proves it)."""
    api = "    owner: chat\n    api: [list, read, create, update, delete]\n"
    schema = tmp_path / "schema.yaml"
    schema.write_text(patched(("    owner: chat\n", api)), encoding="utf-8")
    project = tmp_path / "project"
    generate(schema, project)
    test_file = (project / "tests" / "test_limits.py").read_text()
    assert "def test_rest_bodies_with_message_content_have_the_same_length_limit" in test_file
    env = live.project_env("sqlite+aiosqlite:///unused.db")
    env.pop("DATABASE_URL")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    output = live.run([*command, "tests/test_limits.py", "-k", "length"], project, env)
    assert "3 passed" in output, output
