"""How fast ssot-gen generates, as medians and as ratios to copier measured in the same run.

The baseline is copier rendering the very same tree: every file of a freshly generated ai_chat
project becomes ``<path>.jinja`` of a copier template (its text inside ``{% raw %}``, so Jinja
lexes and renders every byte), and ``copier copy`` of that template is timed as a whole process,
like ``ssot-gen generate``. Rows:

- cold: ``ssot-gen generate`` into a new directory (whole process) vs ``copier copy``;
- unchanged: ``ssot-gen generate`` again, nothing changed (whole process) vs ``copier copy
  --overwrite`` of the same tree, and the same regenerate in-process (``pipeline.generate``);
- models: in-process cold generation of a schema with 10, 50, 100 and 200 models; the cost of
  each extra model is the least-squares slope, with the largest deviation from the line;
- bulk: 20 projects through ``pipeline.generate`` in 2 worker processes, cold then unchanged,
  total time / 20.

Usage: python bench/generate.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ssot_gen.pipeline import generate  # noqa: E402

SCHEMA = ROOT / "schemas" / "ai_chat.yaml"
SMALL = ROOT / "tests" / "schemas" / "minimal.yaml"
SSOT_GEN = [sys.executable, "-c", "from ssot_gen.entry import main; main()"]
COPIER = [sys.executable, "-m", "copier"]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# Both tools run as installed: Python may keep their bytecode (pip byte-compiles a wheel on
# install; an editable install or PYTHONDONTWRITEBYTECODE=1 would otherwise recompile
# ssot-gen's modules in every measured process and not copier's).
PROCESS_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cache: Path | None = None) -> None:
    """Run ``command``; with ``cache``, ssot-gen's machine cache is that (empty) directory."""
    env = {**PROCESS_ENV, "SSOT_GEN_CACHE": str(cache)} if cache else PROCESS_ENV
    subprocess.run(command, check=True, capture_output=True, env=env)


def fresh_cache(tmp: Path, label: str, index: int) -> Path:
    """An empty machine-cache directory: nothing compiled or answered before."""
    path = tmp / f"cache-{label}-{index}"
    path.mkdir()
    return path


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def copier_template(tree: Path, template: Path) -> None:
    """``tree`` as a copier template: each file rendered by Jinja, nothing asked."""
    template.mkdir(parents=True)
    (template / "copier.yml").write_text("_templates_suffix: .jinja\n_envops: {}\n")
    for path in sorted(tree.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "{% endraw %}" in text:
            raise SystemExit(f"{path} cannot be wrapped in a raw block")
        target = template / (path.relative_to(tree).as_posix() + ".jinja")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("{% raw %}" + text + "{% endraw %}", encoding="utf-8")


def many_models(count: int, directory: Path) -> Path:
    """The minimal schema with ``count`` models in all (extra plain models added)."""
    schema = yaml.safe_load(SMALL.read_text())
    for index in range(count - len(schema["models"])):
        schema["models"][f"Extra{index}"] = {
            "fields": {
                "label": {"type": "string", "max_length": 40},
                "amount": {"type": "int", "default": 0},
            }
        }
    path = directory / f"models_{count}.yaml"
    path.write_text(yaml.safe_dump(schema, sort_keys=False))
    return path


def fit(counts: list[int], times: list[float]) -> tuple[float, float]:
    """Least-squares slope of ``times`` over ``counts``, and the largest deviation from it."""
    mean_n, mean_t = statistics.mean(counts), statistics.mean(times)
    pairs = list(zip(counts, times, strict=True))
    slope = sum((n - mean_n) * (t - mean_t) for n, t in pairs)
    slope /= sum((n - mean_n) ** 2 for n in counts)
    return slope, max(abs(t - (mean_t + slope * (n - mean_n))) for n, t in pairs)


def _generate(job: tuple[str, str]) -> float:
    return timed(partial(generate, Path(job[0]), Path(job[1])))


def _all(pool: ProcessPoolExecutor, work: list[tuple[str, str]]) -> list[float]:
    return list(pool.map(_generate, work))


def bulk(tmp: Path, jobs: int, projects: int) -> tuple[float, float]:
    """Per-project wall time of ``projects`` generations in ``jobs`` workers: cold, unchanged."""
    work = [(str(SCHEMA), str(tmp / f"bulk{index}")) for index in range(projects)]
    result = []
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_generate, work[:jobs]))  # start the workers (imports) before timing
        for path in work[:jobs]:
            shutil.rmtree(path[1])
        for _ in range(2):
            result.append(timed(partial(_all, pool, work)) / projects)
    return result[0], result[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="fewer models and projects")
    args = parser.parse_args()
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="ssot-bench-") as name:
        tmp = Path(name)
        generate(SCHEMA, tmp / "tree")  # also fills the template bytecode cache
        copier_template(tmp / "tree", tmp / "template")
        # untimed: each tool's bytecode written once, as an install would
        run([*SSOT_GEN, "generate", str(SCHEMA), "--out", str(tmp / "warm")])
        run([*COPIER, "copy", "--defaults", "--quiet", str(tmp / "template"), str(tmp / "w")])
        cold, uncached, base, again, base_again, inproc = [], [], [], [], [], []
        for index in range(args.runs):
            out, copy = tmp / f"cold{index}", tmp / f"copy{index}"
            ours = [*SSOT_GEN, "generate", str(SCHEMA), "--out", str(out)]
            theirs = [*COPIER, "copy", "--defaults", "--quiet", str(tmp / "template"), str(copy)]
            cold.append(timed(partial(run, ours)))
            nocache = [*ours[:-1], str(tmp / f"nocache{index}")]
            uncached.append(timed(partial(run, nocache, fresh_cache(tmp, "cold", index))))
            base.append(timed(partial(run, theirs)))
            again.append(timed(partial(run, ours)))
            base_again.append(timed(partial(run, [*theirs[:4], "--overwrite", *theirs[4:]])))
            inproc.append(timed(partial(generate, SCHEMA, out)))
        rows.append(("cold generate ai_chat (process)", median(cold), median(cold) / median(base)))
        rows.append(
            ("  with an empty machine cache", median(uncached), median(uncached) / median(base))
        )
        rows.append(("  copier copy of the same tree", median(base), 1.0))
        rows.append(
            ("unchanged regenerate (process)", median(again), median(again) / median(base_again))
        )
        rows.append(("  copier copy --overwrite", median(base_again), 1.0))
        rows.append(("unchanged regenerate (in-process)", median(inproc), None))

        counts = [10, 50, 100] if args.quick else [10, 50, 100, 200]
        for cached in (True, False):
            times = []
            for count in counts:
                schema = many_models(count, tmp)
                samples = []
                for index in range(args.runs):
                    if not cached:
                        os.environ["SSOT_GEN_CACHE"] = str(fresh_cache(tmp, str(count), index))
                    out = tmp / f"m{count}_{cached}_{index}"
                    samples.append(timed(partial(generate, schema, out)))
                os.environ.pop("SSOT_GEN_CACHE", None)
                times.append(median(samples))
                how = "" if cached else ", empty machine cache"
                rows.append((f"cold generate, {count} models{how} (in-process)", times[-1], None))
            slope, worst = fit(counts, times)
            rows.append(("  each extra model (least-squares slope)", slope, None))
            rows.append(("  largest deviation from that line", worst, None))

        projects = 6 if args.quick else 20
        cold_each, warm_each = bulk(tmp, 2, projects)
        rows.append((f"bulk {projects} projects, 2 jobs: cold, per project", cold_each, None))
        rows.append((f"bulk {projects} projects, 2 jobs: unchanged, per project", warm_each, None))

    machine = platform.processor() or platform.machine()
    print(f"ssot-gen bench: {platform.platform()}, Python {platform.python_version()},")
    print(f"{os.cpu_count()} CPUs ({machine}); medians of {args.runs} runs")
    print(f"{'measure':<58}{'ms':>10}{'ratio':>8}")
    for label, seconds, ratio in rows:
        shown = f"{ratio:.2f}x" if ratio is not None else ""
        print(f"{label:<58}{seconds * 1000:>10.1f}{shown:>8}")


if __name__ == "__main__":
    main()
