"""Drive a generated project for real: migrate it, boot it with uvicorn on 127.0.0.1, talk
to it over HTTP and a websocket. Used by the smoke tests and by bench/."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import websockets

from ssot_gen.ir import Project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_socket(backlog: int = 2048) -> socket.socket:
    """A TCP socket bound to a free port of 127.0.0.1 and listening, to hand to uvicorn
    (``--fd``, ``pass_fds``): nothing else can take the port between choosing and serving it
    (with ``free_port`` a parallel test may bind the port first)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def uvicorn_on(sock: socket.socket, *args: str) -> list[str]:
    """The command line of uvicorn serving ``args`` (the app, options) on ``sock``; run it with
    ``pass_fds=(sock.fileno(),)``."""
    return [sys.executable, "-m", "uvicorn", *args, "--fd", str(sock.fileno())]


def project_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment a generated project runs with in tests."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url,
        APP_ENV="test",
        JWT_SECRET="smoke-" + uuid.uuid4().hex,
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    """Run a command; raise AssertionError with its output if it fails."""
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(args)} failed ({result.returncode}):\n{output}"
    return output


@contextmanager
def serve(project_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """Upgrade the database to head, run uvicorn on a free port as the project's README runs
    it (no websocket compression); yield the base URL."""
    run([sys.executable, "-m", "alembic", "upgrade", "head"], project_dir, env)
    with listening_socket() as sock:
        port = sock.getsockname()[1]
        log = project_dir / f"uvicorn-{port}.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                uvicorn_on(sock, "app.main:app", "--ws-per-message-deflate", "false"),
                cwd=project_dir,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=(sock.fileno(),),
            )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"uvicorn did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.unlink(missing_ok=True)


@dataclass
class Account:
    id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _unique(value: Any, field_type: str) -> Any:
    if field_type == "email":
        return f"{uuid.uuid4().hex[:12]}@example.com"
    if field_type == "string":
        return f"u{uuid.uuid4().hex[:10]}"
    return value


def register(base: str, project: Project) -> Account:
    """Register and sign in a new user of ``project`` (any login field, any required fields)."""
    auth = project.auth
    payload: dict[str, Any] = {"password": "pw-" + uuid.uuid4().hex}
    for field in auth.register_fields:
        if field.required_on_create or field.name == auth.login_field.name:
            payload[field.name] = _unique(field.sample_json, field.type)
    response = httpx.post(f"{base}/api/auth/register", json=payload)
    assert response.status_code == 201, response.text
    login = {auth.login_field.name: payload[auth.login_field.name], "password": payload["password"]}
    response = httpx.post(f"{base}/api/auth/login", json=login)
    assert response.status_code == 200, response.text
    return Account(id=response.json().get("id", ""), token=response.json()["access_token"])


def create_conversation(base: str, project: Project, account: Account) -> dict[str, Any]:
    """Create a conversation of ``project`` through its REST API."""
    model = project.chat.conversation
    payload = {f.name: f.sample_json for f in model.writable_fields if f.required_on_create}
    response = httpx.post(f"{base}/api{model.url}", json=payload, headers=account.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


@dataclass
class Reply:
    """What a chat round trip saw: frames, streamed text, final message, time to first delta."""

    frames: list[dict[str, Any]]
    text: str
    final: dict[str, Any]
    first_delta_ms: float
    total_ms: float


def ws_url(base: str, token: str) -> str:
    return base.replace("http://", "ws://") + f"/ws?token={token}"


async def chat(
    base: str, project: Project, token: str, conversation_id: str, content: str
) -> Reply:
    """Send ``content`` over the websocket and read frames until the reply is complete."""
    status = project.chat.msg["status"]
    streaming = project.chat.status_values["streaming"]
    frames: list[dict[str, Any]] = []
    text, final, first = "", None, None
    async with websockets.connect(ws_url(base, token)) as ws:
        started = time.perf_counter()
        frame = {"conversation_id": conversation_id, "content": content}
        await ws.send(json.dumps({"type": "message.send", "data": frame}))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
            frames.append(message)
            if message["type"] == "error":
                raise AssertionError(f"error frame: {message}")
            if message["type"] == "message.streaming":
                if first is None:
                    first = (time.perf_counter() - started) * 1000
                text += message["data"]["delta"]
            elif message["type"] == "message.updated" and message["data"][status] != streaming:
                final = message["data"]
            elif message["type"] == "conversation.updated" and final is not None:
                break
        total = (time.perf_counter() - started) * 1000
    assert final is not None and first is not None
    return Reply(frames, text, final, first, total)


async def subscribe_error(base: str, token: str, conversation_id: str) -> dict[str, Any]:
    """The first frame answering a subscribe to ``conversation_id``."""
    async with websockets.connect(ws_url(base, token)) as ws:
        frame = {"type": "conversation.subscribe", "data": {"conversation_id": conversation_id}}
        await ws.send(json.dumps(frame))
        return dict(json.loads(await asyncio.wait_for(ws.recv(), timeout=10)))


# The generated tests of the IR's templates (models, routes, auth, HTTP); the chat runtime's
# own (chat, websocket security, limits, provider wire formats) are run by the smoke tests of
# the examples and the providers project.
CHAT_RUNTIME_TESTS = (
    "test_chat.py",
    "test_chat_lifecycle.py",
    "test_chat_sse.py",
    "test_chat_trips.py",
    "test_ws_security.py",
    "test_limits.py",
    "test_provider_wire.py",
)
OWN_TESTS = [
    "-q",
    "-p",
    "no:cacheprovider",
    *(f"--ignore=tests/{name}" for name in CHAT_RUNTIME_TESTS),
]
