"""Smoke: each example generated, its own test suite run, then booted with uvicorn and driven
over HTTP and a real websocket, on SQLite and (when present, always in CI) PostgreSQL."""

from __future__ import annotations

import asyncio
import re
import sys
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from ssot_gen.pipeline import load_project
from tests import live
from tests.conftest import EXAMPLES, SCHEMAS, need_service


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_project_passes_its_own_tests_and_linters(
    name: str, generated: dict[str, Path]
) -> None:
    project_dir = generated[name]
    env = live.project_env("sqlite+aiosqlite:///unused.db")
    env.pop("DATABASE_URL")
    live.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project_dir, env)
    live.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], project_dir, env
    )
    live.run([sys.executable, "-m", "black", "--check", "--quiet", "."], project_dir, env)
    output = live.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project_dir, env
    )
    assert " passed" in output and "failed" not in output


def _round_trip(project_dir: Path, name: str, database_url: str) -> None:
    project = load_project(SCHEMAS / f"{name}.yaml")
    chat = project.chat
    env = live.project_env(database_url, MOCK_DELAY_MS="2")
    with live.serve(project_dir, env) as base:
        page = httpx.get(f"{base}/")
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        pending = sorted(set(re.findall(r'"(/static/[^"]+)"', page.text)))
        loaded: set[str] = set()
        while pending:  # the page's assets and every module they import
            asset = pending.pop()
            response = httpx.get(f"{base}{asset}")
            assert response.status_code == 200, asset
            loaded.add(asset)
            if asset.endswith(".js"):
                assert "javascript" in response.headers["content-type"], asset
                folder = asset.rsplit("/", 1)[0]
                for target in re.findall(r'(?:from|import)\s+"(\./[^"]+)"', response.text):
                    url = f"{folder}/{target.removeprefix('./')}"
                    if url not in loaded:
                        pending.append(url)
        assert len(loaded) > 2
        alice = live.register(base, project)
        bob = live.register(base, project)
        conversation = live.create_conversation(base, project, alice)
        reply = asyncio.run(live.chat(base, project, alice.token, conversation["id"], "Hello!"))

        assert reply.text
        assert reply.final[chat.msg["content"]] == reply.text
        assert reply.final[chat.msg["status"]] == chat.status_values["done"]
        for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
            if chat.msg[key]:
                assert reply.final[chat.msg[key]] > 0
        if chat.msg["cost"]:
            assert Decimal(reply.final[chat.msg["cost"]]) > 0

        url = f"{base}/api{chat.conversation.url}/{conversation['id']}"
        stored = httpx.get(f"{url}/{chat.messages_url}", headers=alice.headers).json()["data"]
        assert stored[-1][chat.msg["content"]] == reply.text
        if chat.msg["cost"]:
            assert stored[-1][chat.msg["cost"]] == reply.final[chat.msg["cost"]]
        totals = httpx.get(url, headers=alice.headers).json()
        if chat.conv["total_tokens"] and chat.msg["total_tokens"]:
            assert totals[chat.conv["total_tokens"]] == reply.final[chat.msg["total_tokens"]]

        assert httpx.get(url, headers=bob.headers).status_code == 404
        denied = asyncio.run(live.subscribe_error(base, bob.token, conversation["id"]))
        assert denied["type"] == "error"
        assert denied["data"]["code"] == "not_found"
        print(f"{name}: first delta {reply.first_delta_ms:.1f} ms, reply {reply.total_ms:.0f} ms")


@pytest.mark.parametrize("name", EXAMPLES)
def test_boot_and_chat_on_sqlite(name: str, generated: dict[str, Path], tmp_path: Path) -> None:
    _round_trip(generated[name], name, f"sqlite+aiosqlite:///{tmp_path / 'smoke.db'}")


@pytest.mark.parametrize("name", EXAMPLES)
def test_boot_and_chat_on_postgres(
    name: str, generated: dict[str, Path], postgres_url: str
) -> None:
    _round_trip(generated[name], name, postgres_url)


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_tests_pass_on_postgres(
    name: str, generated: dict[str, Path], postgres_url: str
) -> None:
    """The generated suite on PostgreSQL with Redis behind the event bus and the rate limits
    (a Redis database per example: the two may run at once)."""
    need_service("Redis", 6379)
    redis_url = f"redis://127.0.0.1:6379/{8 + EXAMPLES.index(name)}"
    env = live.project_env(postgres_url, TEST_DATABASE_URL=postgres_url, REDIS_URL=redis_url)
    output = live.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], generated[name], env
    )
    assert " passed" in output and "failed" not in output
