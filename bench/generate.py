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
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ssot_gen.pipeline import generate  # noqa: E402

SCHEMA = ROOT / "schemas" / "ai_chat.yaml"
SMALL = ROOT / "tests" / "schemas" / "minimal.yaml"
SSOT_GEN = [sys.executable, "-c", "from ssot_gen.cli import app; app()"]
COPIER = [sys.executable, "-m", "copier"]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(command: list[str], cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)


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


def _generate(job: tuple[str, str]) -> float:
    return timed(lambda: generate(Path(job[0]), Path(job[1])))


def bulk(tmp: Path, jobs: int, projects: int) -> tuple[float, float]:
    """Per-project wall time of ``projects`` generations in ``jobs`` workers: cold, unchanged."""
    work = [(str(SCHEMA), str(tmp / f"bulk{index}")) for index in range(projects)]
    result = []
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_generate, work[:jobs]))  # start the workers (imports) before timing
        for path in work[:jobs]:
            shutil.rmtree(path[1])
        for _ in range(2):
            result.append(timed(lambda: list(pool.map(_generate, work))) / projects)
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
        cold, base, again, base_again, inproc = [], [], [], [], []
        for index in range(args.runs):
            out, copy = tmp / f"cold{index}", tmp / f"copy{index}"
            cold.append(timed(lambda: run([*SSOT_GEN, "generate", str(SCHEMA), "--out", str(out)])))
            command = [*COPIER, "copy", "--defaults", "--quiet", str(tmp / "template"), str(copy)]
            base.append(timed(lambda: run(command)))
            again.append(timed(lambda: run([*SSOT_GEN, "generate", str(SCHEMA), "--out", str(out)])))
            base_again.append(timed(lambda: run([*command[:4], "--overwrite", *command[4:]])))
            inproc.append(timed(lambda: generate(SCHEMA, out)))
        rows.append(("cold generate ai_chat (process)", median(cold), median(cold) / median(base)))
        rows.append(("  copier copy of the same tree", median(base), 1.0))
        rows.append(
            ("unchanged regenerate (process)", median(again), median(again) / median(base_again))
        )
        rows.append(("  copier copy --overwrite", median(base_again), 1.0))
        rows.append(("unchanged regenerate (in-process)", median(inproc), None))

        counts = [10, 50, 100] if args.quick else [10, 50, 100, 200]
        times = []
        for count in counts:
            schema = many_models(count, tmp)
            samples = [
                timed(lambda: generate(schema, tmp / f"m{count}_{i}")) for i in range(args.runs)
            ]
            times.append(median(samples))
            rows.append((f"cold generate, {count} models (in-process)", times[-1], None))
        mean_n, mean_t = statistics.mean(counts), statistics.mean(times)
        slope = sum((n - mean_n) * (t - mean_t) for n, t in zip(counts, times, strict=True))
        slope /= sum((n - mean_n) ** 2 for n in counts)
        worst = max(abs(t - (mean_t + slope * (n - mean_n))) for n, t in zip(counts, times, strict=True))
        rows.append(("each extra model (slope)", slope, None))
        rows.append(("  largest deviation from the line", worst, None))

        projects = 6 if args.quick else 20
        cold_each, warm_each = bulk(tmp, 2, projects)
        rows.append((f"bulk {projects} projects, 2 jobs: cold, per project", cold_each, None))
        rows.append((f"bulk {projects} projects, 2 jobs: unchanged, per project", warm_each, None))

    print(f"ssot-gen bench: {platform.platform()}, Python {platform.python_version()}, ")
    print(f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}; medians of {args.runs}")
    print(f"{'measure':<58}{'ms':>10}{'ratio':>8}")
    for label, seconds, ratio in rows:
        shown = f"{ratio:.2f}x" if ratio is not None else ""
        print(f"{label:<58}{seconds * 1000:>10.1f}{shown:>8}")


if __name__ == "__main__":
    main()
