"""Time to first delta (TTFD) of a generated app, as a ratio to an HTTP round trip.

Boots the ai_chat example with uvicorn on 127.0.0.1 (SQLite, mock provider with
MOCK_DELAY_MS=0), sends N messages over a websocket and measures the time from sending
`message.send` to the first `message.streaming` frame. Baseline, same run and server:
`GET /api/health` round trips. Prints medians in milliseconds and the ratio.
Usage: python bench/bench_stream.py [--messages N] [--schema NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ssot_gen.pipeline import generate, load_project  # noqa: E402
from tests import live  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--schema", default="ai_chat")
    args = parser.parse_args()
    schema = ROOT / "schemas" / f"{args.schema}.yaml"
    project = load_project(schema)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "app"
        generate(schema, out)
        env = live.project_env(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", MOCK_DELAY_MS="0")
        with live.serve(out, env) as base:
            account = live.register(base, project)
            conversation = live.create_conversation(base, project, account)
            rtts = []
            for _ in range(args.messages):
                started = time.perf_counter()
                httpx.get(f"{base}/api/health")
                rtts.append((time.perf_counter() - started) * 1000)
            ttfd, totals = [], []
            for index in range(args.messages):
                reply = asyncio.run(
                    live.chat(base, project, account.token, conversation["id"], f"message {index}")
                )
                ttfd.append(reply.first_delta_ms)
                totals.append(reply.total_ms)
    first, rtt = statistics.median(ttfd), statistics.median(rtts)
    print(
        f"{args.schema}: time to first delta {first:.1f} ms (median of {args.messages}), "
        f"full reply {statistics.median(totals):.0f} ms, "
        f"baseline HTTP round trip {rtt:.1f} ms, ratio {first / rtt:.1f}x"
    )


if __name__ == "__main__":
    main()
