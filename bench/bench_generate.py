"""Generation time of each example, as a ratio to a baseline measured in the same run.

Baseline: formatting the same finished tree with `ruff format` (work every generation must
do anyway). Prints median wall times in milliseconds and the ratio generate / baseline.
Usage: python bench/bench_generate.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ssot_gen.pipeline import generate  # noqa: E402


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for schema in sorted((ROOT / "schemas").glob("*.yaml")):
        full, base = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out"
                started = time.perf_counter()
                generate(schema, out)
                full.append(time.perf_counter() - started)
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "ruff", "format", "--no-cache", "--quiet", "."],
                    cwd=out,
                    check=True,
                )
                base.append(time.perf_counter() - started)
        print(
            f"{schema.stem}: generate {median_ms(full):.0f} ms, "
            f"baseline ruff format {median_ms(base):.0f} ms, "
            f"ratio {statistics.median(full) / statistics.median(base):.1f}x"
        )


if __name__ == "__main__":
    main()
