"""A reply outlives its process: the generated ai_chat on a real uvicorn, killed with SIGKILL
mid-stream (the next process marks the reply ``error`` / ``interrupted`` with its partial
text, once the dead process's lease expired) and stopped with SIGTERM while many replies
stream (none is left ``streaming``), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import websockets

from ssot_gen.ir import Project
from ssot_gen.pipeline import load_project
from tests import live
from tests.conftest import SCHEMAS

pytestmark = pytest.mark.slow  # boots uvicorn four times

NAME = "ai_chat"
LEASE_SECONDS = "2"  # short, so the dead process's lease expires soon after the restart
T = TypeVar("T")
UVICORN = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]


@dataclass
class Server:
    """A uvicorn process serving the generated project."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def server(project_dir: Path, env: dict[str, str]) -> Iterator[Server]:
    """Run uvicorn on a free port until it answers ``/api/health``; stop it afterwards if the
    test did not (SIGKILL)."""
    with live.listening_socket() as sock:
        port = sock.getsockname()[1]
        log = project_dir / f"uvicorn-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*UVICORN, "--fd", str(sock.fileno())],
                cwd=project_dir,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=(sock.fileno(),),
            )
    running = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{running.base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"uvicorn did not start:\n{running.output()}")
            time.sleep(0.1)
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        log.unlink(missing_ok=True)


def wait_for(check: Callable[[], T | None], what: str, seconds: float = 60) -> T:
    """Poll ``check`` until it returns something (a bound against hangs, not a timing test)."""
    deadline = time.monotonic() + seconds
    while (value := check()) is None:
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.1)
    return value


def statuses(database_url: str, project: Project) -> dict[str, int]:
    """How many messages have each status, read from the database itself."""
    table = project.chat.message.table
    column = str(project.chat.msg["status"])
    query = f"SELECT {column}, COUNT(*) FROM {table} GROUP BY {column}"
    if database_url.startswith("sqlite"):
        with closing(sqlite3.connect(database_url.split(":///", 1)[1])) as db:
            return {str(status): int(count) for status, count in db.execute(query)}
    import asyncpg

    async def read() -> dict[str, int]:
        connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
        try:
            return {str(row[0]): int(row[1]) for row in await connection.fetch(query)}
        finally:
            await connection.close()

    return asyncio.run(read())


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"
    return str(request.getfixturevalue("postgres_url"))


async def stream_some(base: str, token: str, conversation_id: str, deltas: int) -> tuple[str, str]:
    """Send a message and read ``deltas`` deltas of its reply: (reply id, text seen)."""
    async with websockets.connect(live.ws_url(base, token)) as ws:
        frame = {"conversation_id": conversation_id, "content": "Tell me a long story"}
        await ws.send(json.dumps({"type": "message.send", "data": frame}))
        reply, text, seen = "", "", 0
        while seen < deltas:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
            assert message["type"] != "error", message
            if message["type"] == "message.streaming":
                reply, text, seen = (
                    message["data"]["message_id"],
                    text + message["data"]["delta"],
                    seen + 1,
                )
    return reply, text


async def stream_many_then_stop(running: Server, token: str, replies: int) -> set[str]:
    """Start ``replies`` replies (each in a new conversation), wait until each has streamed,
    then SIGTERM the server and read until it closes the socket; the ids that streamed."""
    async with websockets.connect(live.ws_url(running.base, token)) as ws:
        for _ in range(replies):
            frame = {"conversation_id": None, "content": "Keep going"}
            await ws.send(json.dumps({"type": "message.send", "data": frame}))
        streaming: set[str] = set()
        while len(streaming) < replies:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
            assert message["type"] != "error", message
            if message["type"] == "message.streaming":
                streaming.add(message["data"]["message_id"])
        running.process.send_signal(signal.SIGTERM)
        try:
            while True:  # until the server closes the socket
                await asyncio.wait_for(ws.recv(), timeout=60)
        except websockets.ConnectionClosed:
            pass
    return streaming


def test_replies_survive_a_killed_process_and_a_graceful_stop(
    generated: dict[str, Path], database_url: str
) -> None:
    """SIGKILL mid-stream: the next process marks the reply ``error`` / ``interrupted`` with
    the text stored before the kill (after the dead process's lease expired). Then SIGTERM
    while many replies stream: every one is stored ``cancelled``, none left ``streaming``."""
    replies = 50
    project = load_project(SCHEMAS / f"{NAME}.yaml")
    chat = project.chat
    content, status = str(chat.msg["content"]), str(chat.msg["status"])
    error, error_code = str(chat.msg["error"]), str(chat.msg["error_code"])
    project_dir = generated[NAME]
    env = live.project_env(
        database_url,
        MOCK_DELAY_MS="300",  # a reply lasts ~10 s: all 50 stream before the first ends
        STREAM_LEASE_SECONDS=LEASE_SECONDS,
        MAX_CONCURRENT_GENERATIONS=str(replies),
        RATE_LIMIT_SEND="100000/minute",
    )
    live.run([sys.executable, "-m", "alembic", "upgrade", "head"], project_dir, env)

    def reply_of(base: str) -> dict[str, Any]:
        url = f"{base}/api{chat.conversation.url}/{conversation['id']}/{chat.messages_url}"
        messages = httpx.get(url, headers=account.headers).json()["data"]
        return next(m for m in messages if m["id"] == reply_id)

    with server(project_dir, env) as first:
        account = live.register(first.base, project)
        conversation = live.create_conversation(first.base, project, account)
        reply_id, seen = asyncio.run(stream_some(first.base, account.token, conversation["id"], 4))
        wait_for(lambda: reply_of(first.base)[content] or None, "part of the reply stored")
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=30)
    assert statuses(database_url, project) == {
        chat.status_values["done"]: 1,  # the question
        chat.status_values["streaming"]: 1,  # its reply, left by the dead process
    }

    with server(project_dir, env) as second:

        def recovered() -> dict[str, Any] | None:
            reply = reply_of(second.base)
            return None if reply[status] == chat.status_values["streaming"] else reply

        final = wait_for(recovered, "the reply recovered")
        streamed = asyncio.run(stream_many_then_stop(second, account.token, replies))
        # uvicorn re-raises the signal once it has shut down gracefully
        assert second.process.wait(timeout=60) in (0, -signal.SIGTERM), second.output()
        log = second.output()
    assert final[status] == chat.status_values["error"], final
    assert final[error_code] == "interrupted"
    assert final[error] == "the reply was interrupted (the server stopped)"
    assert final[content]  # the text stored before the kill is kept
    assert seen.startswith(final[content]) or final[content].startswith(seen), (seen, final)

    assert len(streamed) == replies
    counts = statuses(database_url, project)
    assert chat.status_values["streaming"] not in counts, counts
    assert counts[chat.status_values["error"]] == 1, counts  # the interrupted reply
    # every reply stopped by the shutdown is stored as cancelled (one that ended first, done)
    assert counts[chat.status_values["cancelled"]] >= 1, counts
    assert sum(counts.values()) == 2 + 2 * replies, counts
    assert "Traceback" not in log, log
