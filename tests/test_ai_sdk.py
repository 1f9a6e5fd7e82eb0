"""The AI SDK's own clients against a booted ai_chat: ``DefaultChatTransport`` on ``/api/chat``
and ``WebSocketChatTransport`` on ``/ws/chat``, driven by ``tests/node/*.mjs`` through the
SDK's ``AbstractChat`` (the state machine ``useChat`` wraps), with ``ai`` pinned in
``tests/node/package-lock.json``.

Each case compares what the client ends with to the message stored by the app: the text, the
usage and cost metadata, a stop or abort leaving the reply ``cancelled``, and a resume after
a dropped connection ending with exactly the stored text. Node and npm are needed (skipped
without them, unless SSOT_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ssot_gen.ir import Project
from ssot_gen.pipeline import load_project
from tests import live
from tests.conftest import NODE_DIR, SCHEMAS

# Per word of the mock reply: a reply takes several seconds, so a stop or a drop sent after
# the first deltas always lands while it streams, even on a loaded machine.
MOCK_DELAY_MS = "120"
LONG_TEXT = " ".join(f"word{i}" for i in range(30))  # the mock quotes it: a longer reply


@pytest.fixture(scope="module")
def app(
    generated: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Project, live.Account]]:
    """ai_chat served by uvicorn on SQLite: (base URL, its IR, a signed-in account)."""
    project = load_project(SCHEMAS / "ai_chat.yaml")
    database = tmp_path_factory.mktemp("ai-sdk") / "app.db"
    env = live.project_env(f"sqlite+aiosqlite:///{database}", MOCK_DELAY_MS=MOCK_DELAY_MS)
    with live.serve(generated["ai_chat"], env) as base:
        yield base, project, live.register(base, project)


def _run(node: list[str], script: str, base: str, *args: str) -> dict[str, Any]:
    """Run ``tests/node/<script>``; its ``RESULT`` line as a dict."""
    command = [*node, script, base, *args, "--timeout", "30000"]
    result = subprocess.run(
        command, cwd=NODE_DIR, capture_output=True, text=True, timeout=60, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, (
        f"{script} printed no RESULT ({result.returncode}):\n{result.stdout}{result.stderr}"
    )
    outcome: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    outcome["exit"], outcome["log"] = result.returncode, result.stdout + result.stderr
    return outcome


def _stored(base: str, project: Project, account: live.Account, chat: str) -> list[dict[str, Any]]:
    """The conversation's messages, oldest first, once no reply of it streams any more."""
    chat_project = project.chat
    url = f"{base}/api{chat_project.conversation.url}/{chat}/{chat_project.messages_url}"
    status = chat_project.msg["status"]
    streaming = chat_project.status_values["streaming"]
    for _ in range(300):  # the reply may still be finishing after the client stopped reading
        data: list[dict[str, Any]] = httpx.get(url, headers=account.headers).json()["data"]
        if all(message[status] != streaming for message in data):
            return data
        time.sleep(0.1)
    raise AssertionError(f"a reply of {chat} is still streaming: {data}")


def _chat(app: tuple[str, Project, live.Account]) -> str:
    base, project, account = app
    return str(live.create_conversation(base, project, account)["id"])


def _check_done(outcome: dict[str, Any], reply: dict[str, Any], project: Project) -> None:
    msg = project.chat.msg
    assert outcome["exit"] == 0 and outcome["status"] == "ready", outcome["log"]
    assistant = outcome["assistant"]
    assert assistant["id"] == reply["id"]
    assert assistant["text"] == reply[msg["content"]]
    metadata = assistant["metadata"]
    assert metadata["status"] == "done"
    assert metadata["usage"]["total_tokens"] == reply[msg["total_tokens"]] > 0
    assert metadata["usage"]["input_tokens"] == reply[msg["input_tokens"]]
    assert metadata["usage"]["output_tokens"] == reply[msg["output_tokens"]]
    assert metadata["cost"] == reply[msg["cost"]] is not None
    assert outcome["finish"]["finishReason"] == "stop"


def test_default_chat_transport(node: list[str], app: tuple[str, Project, live.Account]) -> None:
    base, project, account = app
    msg = project.chat.msg
    cancelled = project.chat.status_values["cancelled"]

    chat = _chat(app)
    outcome = _run(node, "sse-client.mjs", base, "--token", account.token, "--chat", chat)
    _check_done(outcome, _stored(base, project, account, chat)[-1], project)

    chat = _chat(app)  # stop: the app's stop route, then the client's stop()
    args = ["--token", account.token, "--chat", chat, "--text", LONG_TEXT]
    outcome = _run(node, "sse-client.mjs", base, *args, "--stop-after-chunks", "2")
    reply = _stored(base, project, account, chat)[-1]
    assert reply[msg["status"]] == cancelled, outcome["log"]
    assert reply[msg["content"]].startswith(outcome["assistant"]["text"])

    chat = _chat(app)  # a dropped connection, then useChat's resume (GET .../stream)
    args = ["--token", account.token, "--chat", chat, "--text", LONG_TEXT]
    outcome = _run(node, "sse-client.mjs", base, *args, "--drop-after-chunks", "2")
    stored = _stored(base, project, account, chat)
    assert outcome["resumed"] and outcome["resumeFound"], outcome["log"]
    _check_done(outcome, stored[-1], project)
    assert [m["role"] for m in outcome["messages"]] == ["user", "assistant"]

    outcome = _run(node, "sse-client.mjs", base, "--token", "wrong", "--chat", chat)
    assert outcome["exit"] == 1 and outcome["statusCode"] == 401


def test_websocket_chat_transport(node: list[str], app: tuple[str, Project, live.Account]) -> None:
    base, project, account = app
    msg = project.chat.msg
    cancelled = project.chat.status_values["cancelled"]

    chat = _chat(app)
    args = ["--token", account.token, "--auth", "query", "--chat", chat]
    outcome = _run(node, "ws-client.mjs", base, *args)
    _check_done(outcome, _stored(base, project, account, chat)[-1], project)

    chat = _chat(app)  # abort: the transport's abort frame stops the reply
    args = ["--token", account.token, "--chat", chat, "--text", LONG_TEXT]
    outcome = _run(node, "ws-client.mjs", base, *args, "--abort-after-chunks", "2")
    reply = _stored(base, project, account, chat)[-1]
    assert reply[msg["status"]] == cancelled, outcome["log"]
    assert reply[msg["content"]].startswith(outcome["assistant"]["text"])

    chat = _chat(app)  # a dropped socket, then a resume frame on a new one
    args = ["--token", account.token, "--auth", "frame", "--chat", chat, "--text", LONG_TEXT]
    outcome = _run(node, "ws-client.mjs", base, *args, "--drop-after-chunks", "2")
    stored = _stored(base, project, account, chat)
    assert outcome["resumed"] and outcome["resumeFound"], outcome["log"]
    assert outcome["connections"] == 2
    _check_done(outcome, stored[-1], project)
    assert [m["role"] for m in outcome["messages"]] == ["user", "assistant"]

    outcome = _run(node, "ws-client.mjs", base, "--token", "wrong", "--chat", chat)
    assert outcome["exit"] == 1 and "unauthorized" in outcome["error"], outcome["log"]
