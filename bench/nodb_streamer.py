"""A websocket streamer of the chat protocol with no database: the baseline of bench/stream.py.

It speaks what a generated app's ``/ws`` speaks to a client sending one message: ``?token=``
accepted as is (no check), ``message.send {content}`` answered by ``message.created`` (the
user's message, then the reply), one ``message.streaming {message_id, seq, offset, delta}``
per word of the same mock text, ``MOCK_DELAY_MS`` milliseconds before each (the generated
mock's pacing), then ``message.updated`` (status ``done``, the whole content) and
``conversation.updated``. Frames go out through one queue and sender task per socket, as in
the app, with ``send_json``. Nothing is stored: the difference to the app is the app's own
cost (database, hub, validation).

Run: ``MOCK_DELAY_MS=20 uvicorn bench.nodb_streamer:app --port 8001`` (bench/stream.py starts
it itself).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

WORDS = re.compile(r"\S+\s*")
DELAY_S = int(os.environ.get("MOCK_DELAY_MS", "20")) / 1000


def reply_text(content: str) -> str:
    """About as long as the generated mock's reply to ``content`` (same shape of text)."""
    quoted = " ".join(content.split())[:200]
    return (
        f'Mock reply 0123abcd from mock-model. You said: "{quoted}". '
        "This answer is generated offline, one word at a time, so that streaming, "
        "persistence and cost accounting can be tried without a network. "
        "The conversation has 1 messages so far."
    )


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


async def stream(queue: asyncio.Queue[dict[str, Any] | None], content: str) -> None:
    """The frames of one reply to ``content``, paced like the mock."""
    conversation_id, reply_id = str(uuid.uuid4()), str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC).isoformat()
    base = {"conversation_id": conversation_id, "created_at": now}
    question = {**base, "id": str(uuid.uuid4()), "role": "user", "content": content}
    queue.put_nowait({"type": "message.created", "data": {**question, "status": "done"}})
    answer = {**base, "id": reply_id, "role": "assistant", "content": "", "status": "streaming"}
    queue.put_nowait({"type": "message.created", "data": answer})
    text, units = "", 0
    for seq, word in enumerate(WORDS.findall(reply_text(content))):
        if DELAY_S:
            await asyncio.sleep(DELAY_S)
        data = {"message_id": reply_id, "seq": seq, "offset": units, "delta": word}
        queue.put_nowait({"type": "message.streaming", "data": data})
        text += word
        units += utf16_len(word)
    queue.put_nowait(
        {"type": "message.updated", "data": {**answer, "content": text, "status": "done"}}
    )
    conversation = {"id": conversation_id, "title": "Bench", "updated_at": now}
    queue.put_nowait({"type": "conversation.updated", "data": conversation})


async def sender(websocket: WebSocket, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
    while (item := await queue.get()) is not None:
        await websocket.send_json(item)


async def chat(websocket: WebSocket) -> None:
    await websocket.accept()
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(10_000)
    send_task = asyncio.create_task(sender(websocket, queue))
    tasks: set[asyncio.Task[None]] = set()
    try:
        while True:
            message = json.loads(await websocket.receive_text())
            if message.get("type") == "message.send":
                task = asyncio.create_task(stream(queue, str(message["data"]["content"])))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
    except WebSocketDisconnect:
        pass
    finally:
        queue.put_nowait(None)
        for task in tasks:
            task.cancel()
        send_task.cancel()


async def health(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/api/health", health), WebSocketRoute("/ws", chat)])
