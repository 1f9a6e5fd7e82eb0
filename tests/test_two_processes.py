"""Two uvicorn processes of one generated app sharing PostgreSQL and Redis (the event bus):
a socket on process B follows a reply generated on process A, stops one, and resumes one
after the socket on A went away.

The processes are booted once for the module (about 10 s); each reply streams for a few
seconds (``MOCK_DELAY_MS``) so that a stop or a resume lands while it streams. Every wait is
for a frame or a state, bounded by a timeout only to fail instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from ssot_gen.ir import Project
from ssot_gen.pipeline import load_project
from tests import live
from tests.conftest import POSTGRES_ADMIN_URL, SCHEMAS, need_service

REDIS_DB = 3
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
EXAMPLE = "ai_chat"
# A long message with characters outside the BMP: the mock quotes it, so the reply streams
# for a few seconds and its UTF-16 offsets differ from code point offsets.
CONTENT = "Tell me about 🦜 parrots and 𝄞 clefs, " + " ".join(f"w{n}" for n in range(12))
FRAME_TIMEOUT_S = 30


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (what the protocol's offsets count)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Pair:
    """Two processes of one app, a user, and one of their conversations."""

    project: Project
    a: str  # base URL of process A
    b: str  # base URL of process B
    prefix: str  # the app's Redis channel prefix
    account: live.Account
    conversation_id: str

    def ws(self, base: str) -> Any:
        """A websocket of the user; frames it does not read are buffered without limit (a
        full buffer would stall the closing handshake until its timeout)."""
        return websockets.connect(live.ws_url(base, self.account.token), max_queue=None)

    def stored(self, message_id: str) -> dict[str, Any]:
        response = httpx.get(f"{self.a}/api/messages/{message_id}", headers=self.account.headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def status(self, name: str) -> str:
        return self.project.chat.status_values[name]

    def field(self, name: str) -> str:
        column = self.project.chat.msg[name]
        assert column is not None
        return column


@contextlib.contextmanager
def _database() -> Iterator[str]:
    """A fresh PostgreSQL database for the module (as the ``postgres_url`` fixture makes
    one per test), dropped afterwards."""
    import asyncpg

    name = f"ssot_{uuid.uuid4().hex[:12]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def pair(generated: dict[str, Path]) -> Iterator[Pair]:
    need_service("PostgreSQL", 5432)
    need_service("Redis", 6379)
    project = load_project(SCHEMAS / f"{EXAMPLE}.yaml")
    prefix = f"two-{uuid.uuid4().hex[:8]}"
    with _database() as database_url, contextlib.ExitStack() as stack:
        env = live.project_env(  # one environment: both processes share the JWT secret
            database_url,
            REDIS_URL=REDIS_URL,
            REDIS_CHANNEL_PREFIX=prefix,
            MOCK_DELAY_MS="40",
            RATE_LIMITS_ENABLED="false",  # limits in Redis outlive the test: no 429 on reruns
        )
        a = stack.enter_context(live.serve(generated[EXAMPLE], env))
        b = stack.enter_context(live.serve(generated[EXAMPLE], env))
        account = live.register(a, project)
        conversation = live.create_conversation(b, project, account)
        yield Pair(project, a, b, prefix, account, str(conversation["id"]))


async def _next(ws: Any, accept: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """Frames read from ``ws`` up to and including the first one ``accept`` takes."""
    frames: list[dict[str, Any]] = []
    async with asyncio.timeout(FRAME_TIMEOUT_S):
        while True:
            frame = json.loads(await ws.recv())
            assert frame["type"] != "error", frame
            frames.append(frame)
            if accept(frame):
                return frames


async def _send(ws: Any, kind: str, **data: Any) -> None:
    await ws.send(json.dumps({"type": kind, "data": data}))


def _reply_id(pair: Pair, frame: dict[str, Any]) -> str | None:
    """The id of the assistant message a ``message.created`` frame announces, else None."""
    role = pair.field("role")
    assistant = pair.project.chat.role_values["assistant"]
    if frame["type"] == "message.created" and frame["data"][role] == assistant:
        return str(frame["data"]["id"])
    return None


def _ended(pair: Pair, reply: str) -> Callable[[dict[str, Any]], bool]:
    status = pair.field("status")
    return lambda frame: (
        frame["type"] == "message.updated"
        and frame["data"]["id"] == reply
        and frame["data"][status] != pair.status("streaming")
    )


def _splice(text: str, frames: list[dict[str, Any]], reply: str) -> str:
    """``text`` followed by the deltas of ``reply`` in ``frames``, each checked to start
    exactly where the text so far ends (UTF-16 code units): no gap, no duplicate."""
    for frame in frames:
        if frame["type"] == "message.streaming" and frame["data"]["message_id"] == reply:
            assert frame["data"]["offset"] == utf16_len(text), (frame, text)
            text += frame["data"]["delta"]
    return text


async def _subscribers(pair: Pair, channel: str) -> int:
    from redis.asyncio import Redis

    async with Redis.from_url(REDIS_URL) as client:
        counts = await client.pubsub_numsub(f"{pair.prefix}:{REDIS_DB}:{channel}")
        return int(counts[0][1])


def test_a_socket_on_b_sees_every_delta_of_a_reply_generated_on_a(pair: Pair) -> None:
    async def scenario() -> None:
        channel = f"conversation:{pair.conversation_id}"
        async with pair.ws(pair.b) as viewer:
            await _send(viewer, "conversation.subscribe", conversation_id=pair.conversation_id)
            await _next(viewer, lambda frame: frame["type"] == "conversation.updated")
            async with asyncio.timeout(10):  # B's subscription is in force on Redis
                while await _subscribers(pair, channel) < 1:
                    await asyncio.sleep(0.02)
            async with pair.ws(pair.a) as sender:
                await _send(
                    sender, "message.send", conversation_id=pair.conversation_id, content=CONTENT
                )
                created = await _next(viewer, lambda frame: _reply_id(pair, frame) is not None)
                reply = _reply_id(pair, created[-1])
                assert reply is not None
                frames = await _next(viewer, _ended(pair, reply))
        deltas = [f for f in frames if f["type"] == "message.streaming"]
        # seq rises (it may skip numbers: frames queued for one socket are coalesced); the
        # offsets (UTF-16 code units) are contiguous: each frame starts where the last ended
        seqs = [f["data"]["seq"] for f in deltas]
        assert seqs[0] == 0 and seqs == sorted(set(seqs))
        units = 0
        for f in deltas:
            assert f["data"]["offset"] == units
            units += len(f["data"]["delta"].encode("utf-16-le")) // 2
        text = _splice("", frames, reply)
        final = frames[-1]["data"]
        assert final[pair.field("status")] == pair.status("done")
        assert text == final[pair.field("content")] == pair.stored(reply)[pair.field("content")]
        assert "🦜" in text

    asyncio.run(scenario())


def test_a_socket_on_b_stops_a_reply_generated_on_a(pair: Pair) -> None:
    async def scenario() -> None:
        async with pair.ws(pair.a) as sender, pair.ws(pair.b) as stopper:
            await _send(
                sender, "message.send", conversation_id=pair.conversation_id, content=CONTENT
            )
            created = await _next(sender, lambda frame: _reply_id(pair, frame) is not None)
            reply = _reply_id(pair, created[-1])
            assert reply is not None
            frames = await _next(sender, lambda frame: frame["type"] == "message.streaming")
            await _send(stopper, "generation.stop", message_id=reply)
            frames += await _next(sender, _ended(pair, reply))
        final = frames[-1]["data"]
        assert final[pair.field("status")] == pair.status("cancelled")
        stored = pair.stored(reply)
        assert stored[pair.field("status")] == pair.status("cancelled")
        assert stored[pair.field("content")] == _splice("", frames, reply)

    asyncio.run(scenario())


def test_a_socket_on_b_resumes_a_reply_after_the_socket_on_a_went_away(pair: Pair) -> None:
    async def scenario() -> None:
        async with pair.ws(pair.a) as sender:
            await _send(
                sender, "message.send", conversation_id=pair.conversation_id, content=CONTENT
            )
            created = await _next(sender, lambda frame: _reply_id(pair, frame) is not None)
            reply = _reply_id(pair, created[-1])
            assert reply is not None
            seen: list[dict[str, Any]] = []
            while "🦜" not in _splice("", seen, reply):  # past an astral character
                seen += await _next(sender, lambda frame: frame["type"] == "message.streaming")
        had = _splice("", seen, reply)
        async with pair.ws(pair.b) as viewer:
            await _send(viewer, "stream.resume", message_id=reply, offset=utf16_len(had))
            frames = await _next(viewer, _ended(pair, reply))
        streaming = [f for f in frames if f["type"] == "message.streaming"]
        assert streaming, "the reply should still stream when the resume arrives"
        assert streaming[0]["data"]["offset"] == utf16_len(had)  # the catch-up comes first
        text = _splice(had, frames, reply)
        final = frames[-1]["data"]
        assert final[pair.field("status")] == pair.status("done")
        assert text == final[pair.field("content")] == pair.stored(reply)[pair.field("content")]

    asyncio.run(scenario())
