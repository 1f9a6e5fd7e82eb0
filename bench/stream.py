"""Streaming under load: a generated app on PostgreSQL against a no-database streamer.

What it does, in one run:

1. generates the ``ai_chat`` example, creates a fresh PostgreSQL database, migrates it and
   boots the app with one uvicorn process (mock provider, ``MOCK_DELAY_MS=20``: 20 ms before
   each word); beside it boots ``bench/nodb_streamer.py``, a websocket streamer of the same
   protocol with the same text and pacing that stores nothing: the baseline;
2. makes the users before any clock starts: one registered and signed in through the API,
   the others copies of its row with tokens signed by the app's own code (``make_users``);
3. for each client count (``--clients``, default 100 and 500), against the app and then the
   baseline: every client, spread over ``--workers`` processes of asyncio clients, opens an
   authenticated websocket; once all are open they all send one message at once and read until
   their reply's final ``message.updated``. Per client: time to first delta (send -> first
   ``message.streaming``), the gaps between consecutive frames of the reply (streaming frames
   and the final ``message.updated``), total time, and whether the concatenated deltas equal
   the final content with every ``offset`` (UTF-16 code units) exact: lost or reordered
   characters are counted;
4. memory per idle socket: the server's RSS with N authenticated idle sockets minus its RSS
   before they opened, divided by N (``--idle``, default the largest client count), measured
   first, on servers that have done no other work;
5. one stream at a time with ``MOCK_DELAY_MS=0`` (both servers restarted): characters per
   second over ``--zero-messages`` sequential replies (send -> final frame).

It prints a table: metric, app, baseline, ratio (app / baseline).

Both servers run as the generated README runs the app: ``uvicorn --ws-per-message-deflate
false`` (no permessage-deflate: the frames are small, and compressing them cost this machine
half of its CPU and two thirds of the memory per idle socket at 500 clients);
``--ws-compression on`` measures both with it.

Run from the ssot-gen checkout, with its dev environment and PostgreSQL on 127.0.0.1:5432
(user postgres, trust; ``BENCH_POSTGRES_ADMIN`` overrides the admin URL)::

    .venv/bin/python bench/stream.py                 # 100 and 500 clients, ~3 minutes
    .venv/bin/python bench/stream.py --clients 50    # a quick look

``BENCH_SSOT_GEN=<another ssot-gen checkout>`` generates the app with that checkout's templates
instead (a before/after comparison on the same machine). The database is dropped at the end.
Timings are wall clock on this machine: compare the app with the baseline of the same run
rather than with figures from another machine. ``--profile PREFIX`` samples the app with
py-spy (``pip install py-spy``) during each round, as collapsed stacks in ``PREFIX-N.txt``.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import websockets

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(os.environ.get("BENCH_SSOT_GEN", ROOT))  # the ssot-gen that generates the app
sys.path.insert(0, str(SOURCE))

from ssot_gen.pipeline import generate, load_project  # noqa: E402
from tests import live  # noqa: E402

ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
READ_TIMEOUT_S = 120.0


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank) of ``values``; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str

    def rss_kib(self) -> int:
        """Resident memory of the server process (KiB)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")


@contextmanager
def serve(args: list[str], cwd: Path, env: dict[str, str]) -> Iterator[Server]:
    """``python -m uvicorn <args>`` on a free port; yield it once ``/api/health`` answers."""
    with live.listening_socket() as sock:
        port = sock.getsockname()[1]
        log = Path(tempfile.gettempdir()) / f"bench-stream-{port}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                live.uvicorn_on(sock, *args, "--log-level", "warning"),
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=(sock.fileno(),),
            )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield Server(process, base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        tail = log.read_text()[-3000:]
        if "Traceback" in tail:
            print(f"server log tail ({args[0]}):\n{tail}", file=sys.stderr)
        log.unlink(missing_ok=True)


CLONE_USERS = """
import asyncio, sys, uuid
import sqlalchemy as sa
from app.chat.bindings import UserModel
from app.core.db import SessionLocal
from app.core.security import create_access_token

async def main(template_id, count):
    async with SessionLocal() as session:
        template = await session.get(UserModel, uuid.UUID(template_id))
        columns = UserModel.__table__.columns
        tokens = []
        for index in range(count):
            values = {key: getattr(template, key) for key in columns.keys()}
            values["id"] = uuid.uuid4()
            for column in columns:
                if column.unique and isinstance(column.type, sa.String):
                    unique = f"b{index}x{uuid.uuid4().hex[:8]}@example.com"
                    values[column.key] = unique[: column.type.length or None]
            session.add(UserModel(**values))
            tokens.append(create_access_token(values["id"], values["token_version"]))
        await session.commit()
    print("\\n".join(tokens))

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


def make_users(base: str, project: Any, out: Path, env: dict[str, str], count: int) -> list[str]:
    """Access tokens of ``count`` users: one registered and signed in through the API, the
    others copies of it (same password hash, unique login) with tokens signed by the app's
    own ``create_access_token``: 500 password hashes would take minutes of the server's CPU
    and measure nothing about streaming."""
    account = live.register(base, project)
    claims = account.token.split(".")[1]
    user_id = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["sub"]
    command = [sys.executable, "-c", CLONE_USERS, str(user_id), str(count - 1)]
    output = live.run(command, out, env)
    return [account.token, *output.split()]


@dataclass
class ClientResult:
    first_ms: float = float("nan")
    total_ms: float = float("nan")
    gaps_ms: list[float] = field(default_factory=list)
    frames: int = 0
    chars: int = 0
    bad_chars: int = 0  # characters lost, duplicated or out of place
    error: str | None = None


async def one_client(ws: Any, start: asyncio.Event, content: str) -> ClientResult:
    """Send ``content`` once ``start`` is set; read the reply to its final frame."""
    result = ClientResult()
    await start.wait()
    reply_id: str | None = None
    text, good = "", True
    sent = time.perf_counter()
    last = sent
    try:
        await ws.send(json.dumps({"type": "message.send", "data": {"content": content}}))
        async with asyncio.timeout(READ_TIMEOUT_S):
            while True:
                message = json.loads(await ws.recv())
                kind, data = message.get("type"), message.get("data") or {}
                now = time.perf_counter()
                if kind == "error":
                    result.error = str(data.get("code"))
                    return result
                if kind == "message.created" and data.get("role") == "assistant":
                    reply_id = data["id"]
                elif kind == "message.streaming" and data.get("message_id") == reply_id:
                    if result.frames == 0:
                        result.first_ms = (now - sent) * 1000
                    else:
                        result.gaps_ms.append((now - last) * 1000)
                    good = good and data["offset"] == utf16_len(text)
                    text += data["delta"]
                    result.frames += 1
                    last = now
                elif kind == "message.updated" and data.get("id") == reply_id:
                    if data.get("status") == "streaming":
                        continue
                    if result.frames:
                        result.gaps_ms.append((now - last) * 1000)
                    result.total_ms = (now - sent) * 1000
                    final = str(data.get("content") or "")
                    result.chars = len(final)
                    if text != final:  # count from the first character that differs
                        pairs = zip(text, final, strict=False)
                        same = next((i for i, (a, b) in enumerate(pairs) if a != b), None)
                        same = min(len(text), len(final)) if same is None else same
                        result.bad_chars = max(len(final), len(text)) - same
                    elif not good:  # the right text, but a delta's offset was wrong
                        result.bad_chars = 1
                    return result
    except Exception as err:
        result.error = f"{type(err).__name__}: {err}"
    return result


async def worker_main(base: str, tokens: list[str], barrier: Any, out: Any) -> None:
    """One client process: open every socket, wait for all processes, then stream."""
    url = base.replace("http://", "ws://")
    sockets = []
    for token in tokens:
        sockets.append(await websockets.connect(f"{url}/ws?token={token}", max_size=2**24))
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(one_client(ws, start, f"Bench message number {index} for load."))
        for index, ws in enumerate(sockets)
    ]
    await asyncio.get_running_loop().run_in_executor(None, barrier.wait)
    start.set()
    results = await asyncio.gather(*tasks)
    for ws in sockets:
        await ws.close()
    out.send([result.__dict__ for result in results])


def _worker(base: str, tokens: list[str], barrier: Any, out: Any) -> None:
    asyncio.run(worker_main(base, tokens, barrier, out))


def run_round(base: str, tokens: list[str], workers: int) -> list[ClientResult]:
    """All ``tokens`` stream one reply at once, from ``workers`` client processes."""
    context = multiprocessing.get_context("fork")
    count = min(workers, len(tokens))
    barrier = context.Barrier(count)
    pipes, processes = [], []
    for index in range(count):
        receive, send = context.Pipe(duplex=False)
        part = tokens[index::count]
        process = context.Process(target=_worker, args=(base, part, barrier, send))
        process.start()
        pipes.append(receive)
        processes.append(process)
    results: list[ClientResult] = []
    for receive in pipes:
        results.extend(ClientResult(**item) for item in receive.recv())
    for process in processes:
        process.join()
    return results


async def idle_sockets(base: str, tokens: list[str]) -> list[Any]:
    url = base.replace("http://", "ws://")
    return [await websockets.connect(f"{url}/ws?token={token}") for token in tokens]


def memory_per_socket(server: Server, tokens: list[str]) -> float:
    """KiB of server RSS per idle authenticated socket."""

    async def measure() -> float:
        for ws in await idle_sockets(server.base, tokens[:10]):  # warm up the code paths
            await ws.close()
        await asyncio.sleep(1)
        before = server.rss_kib()
        sockets = await idle_sockets(server.base, tokens)
        await asyncio.sleep(2)
        after = server.rss_kib()
        for ws in sockets:
            await ws.close()
        return (after - before) / len(tokens)

    return asyncio.run(measure())


async def sequential(base: str, token: str, count: int) -> tuple[float, int]:
    """Characters per second of ``count`` replies streamed one after the other (send -> final
    frame: with the mock at 0 delay the whole reply is produced at once, so its first delta and
    its final frame can arrive together; the send is where a reply's cost begins), and the
    characters lost or reordered."""
    chars, seconds, bad = 0, 0.0, 0
    url = base.replace("http://", "ws://")
    async with websockets.connect(f"{url}/ws?token={token}", max_size=2**24) as ws:
        for index in range(count):
            start = asyncio.Event()
            start.set()
            result = await one_client(ws, start, f"Sequential message {index}.")
            if result.error:
                raise RuntimeError(result.error)
            stream_ms = result.total_ms
            chars += result.chars
            seconds += stream_ms / 1000
            bad += result.bad_chars
    return chars / seconds if seconds else float("nan"), bad


@dataclass
class Row:
    metric: str
    app: float
    baseline: float
    unit: str

    def line(self) -> str:
        ratio = self.app / self.baseline if self.baseline else float("nan")
        digits = 2 if self.unit == "s" else 1  # a baseline's first delta is tens of ms
        return (
            f"| {self.metric} | {self.app:,.{digits}f} {self.unit} "
            f"| {self.baseline:,.{digits}f} {self.unit} | {ratio:.2f} |"
        )


def summarize(count: int, app: list[ClientResult], nodb: list[ClientResult]) -> list[Row]:
    def firsts(results: list[ClientResult]) -> list[float]:
        return [r.first_ms / 1000 for r in results if r.error is None]

    def gaps(results: list[ClientResult]) -> list[float]:
        return [gap for r in results if r.error is None for gap in r.gaps_ms]

    def delta_gaps(results: list[ClientResult]) -> list[float]:
        return [gap for r in results if r.error is None for gap in r.gaps_ms[:-1]]

    def last_gaps(results: list[ClientResult]) -> list[float]:
        return [r.gaps_ms[-1] for r in results if r.error is None and r.gaps_ms]

    def totals(results: list[ClientResult]) -> list[float]:
        return [r.total_ms / 1000 for r in results if r.error is None]

    def med(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    return [
        Row(f"{count} clients: first delta, median", med(firsts(app)), med(firsts(nodb)), "s"),
        Row(
            f"{count} clients: first delta, p99",
            percentile(firsts(app), 0.99),
            percentile(firsts(nodb), 0.99),
            "s",
        ),
        Row(f"{count} clients: gap between frames, median", med(gaps(app)), med(gaps(nodb)), "ms"),
        Row(
            f"{count} clients: gap between frames, p99",
            percentile(gaps(app), 0.99),
            percentile(gaps(nodb), 0.99),
            "ms",
        ),
        Row(
            f"{count} clients: gap between streaming frames, p99",
            percentile(delta_gaps(app), 0.99),
            percentile(delta_gaps(nodb), 0.99),
            "ms",
        ),
        Row(
            f"{count} clients: final frame after the last delta, p99",
            percentile(last_gaps(app), 0.99),
            percentile(last_gaps(nodb), 0.99),
            "ms",
        ),
        Row(f"{count} clients: total, median", med(totals(app)), med(totals(nodb)), "s"),
        Row(
            f"{count} clients: frames per reply, median",
            med([float(r.frames) for r in app if r.error is None]),
            med([float(r.frames) for r in nodb if r.error is None]),
            "",
        ),
        Row(
            f"{count} clients: lost or reordered characters",
            sum(r.bad_chars for r in app),
            sum(r.bad_chars for r in nodb),
            "",
        ),
        Row(
            f"{count} clients: failed clients",
            sum(r.error is not None for r in app),
            sum(r.error is not None for r in nodb),
            "",
        ),
    ]


@contextmanager
def profiled(server: Server, path: str | None) -> Iterator[None]:
    """Sample the server with py-spy (collapsed stacks in ``path``) while the block runs."""
    if not path:
        yield
        return
    py_spy = str(Path(sys.executable).with_name("py-spy"))
    command = [py_spy, "record", "-p", str(server.process.pid), "-o", path, "-f", "raw"]
    sampler = subprocess.Popen([*command, "-r", "50"], stdout=subprocess.DEVNULL)
    try:
        yield
    finally:
        sampler.send_signal(signal.SIGINT)
        sampler.wait(timeout=60)


async def create_database() -> tuple[str, str]:
    name = f"bench_stream_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    host = ADMIN_URL.split("://", 1)[1].rsplit("/", 1)[0]
    return name, f"postgresql+asyncpg://{host}/{name}"


async def drop_database(name: str) -> None:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="100,500", help="client counts, comma separated")
    parser.add_argument("--workers", type=int, default=3, help="client processes")
    parser.add_argument("--zero-messages", type=int, default=20, help="replies at 0 delay")
    parser.add_argument("--schema", default="ai_chat")
    parser.add_argument("--idle", type=int, default=0, help="idle sockets (0: most clients)")
    parser.add_argument("--profile", help="py-spy the app's rounds into PREFIX-N.txt (raw)")
    parser.add_argument(
        "--ws-compression",
        choices=["off", "on"],
        default="off",
        help="permessage-deflate on both servers (off: as the generated README runs the app)",
    )
    args = parser.parse_args()
    counts = [int(part) for part in args.clients.split(",") if part]
    schema = SOURCE / "schemas" / f"{args.schema}.yaml"
    project = load_project(schema)
    name, url = asyncio.run(create_database())
    rows: list[Row] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "app"
            generate(schema, out)
            extra = {"RATE_LIMITS_ENABLED": "false", "LOG_LEVEL": "WARNING"}
            env = live.project_env(url, MOCK_DELAY_MS="20", **extra)
            live.run([sys.executable, "-m", "alembic", "upgrade", "head"], out, env)
            nodb_env = {**env, "MOCK_DELAY_MS": "20"}
            deflate = [
                "--ws-per-message-deflate",
                "true" if args.ws_compression == "on" else "false",
            ]
            app_args = ["app.main:app", *deflate]
            nodb_args = ["bench.nodb_streamer:app", "--app-dir", str(ROOT), *deflate]
            with serve(app_args, out, env) as app, serve(nodb_args, ROOT, nodb_env) as nodb:
                started = time.perf_counter()
                tokens = make_users(app.base, project, out, env, max(*counts, args.idle))
                print(f"{len(tokens)} users ready in {time.perf_counter() - started:.0f} s")
                idle = tokens[: args.idle or max(counts)]  # first: on servers that did no work
                app_kib = memory_per_socket(app, idle)
                nodb_kib = memory_per_socket(nodb, idle)
                rows.append(Row(f"memory per idle socket ({len(idle)})", app_kib, nodb_kib, "KiB"))
                for count in counts:
                    with profiled(app, args.profile and f"{args.profile}-{count}.txt"):
                        app_results = run_round(app.base, tokens[:count], args.workers)
                    nodb_results = run_round(nodb.base, tokens[:count], args.workers)
                    errors = {r.error for r in app_results + nodb_results if r.error}
                    if errors:
                        print(f"{count} clients: errors {sorted(errors)[:5]}")
                    rows.extend(summarize(count, app_results, nodb_results))
                    print("\n".join(row.line() for row in rows[-8:]), flush=True)
            zero_env = {**env, "MOCK_DELAY_MS": "0"}
            with (
                serve(app_args, out, zero_env) as app,
                serve(nodb_args, ROOT, zero_env) as nodb,
            ):
                app_rate, app_bad = asyncio.run(sequential(app.base, tokens[0], args.zero_messages))
                nodb_rate, _ = asyncio.run(sequential(nodb.base, tokens[0], args.zero_messages))
                rows.append(Row("one stream at 0 delay", app_rate, nodb_rate, "chars/s"))
                rows.append(Row("one stream at 0 delay: lost characters", app_bad, 0, ""))
    finally:
        asyncio.run(drop_database(name))
    print("\n| metric | app | baseline (no database) | ratio |\n|---|---|---|---|")
    print("\n".join(row.line() for row in rows))


if __name__ == "__main__":
    main()
