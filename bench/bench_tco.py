"""Time the TCO Monte Carlo simulation at 100,000 and 1,000,000 trials over 36 months.

    .venv/bin/python bench/bench_tco.py [--repeat 5]

Each size runs in a fresh interpreter, so its peak memory is its own: the peak resident set
size (ru_maxrss) above the baseline after imports, and the peak of numpy's allocations as
tracemalloc sees them (one extra, untimed run). Beside the simulation the same run measures
the memory bandwidth (copying a 512 MB array) and the same model as a plain-Python loop over
10,000 trials, for scale. Prints markdown tables; ``run()`` returns the rows. Nothing here
asserts a time: machines differ; the numbers are for people to compare.

The inputs are the defaults with every one of the 16 inputs uncertain (the slowest case).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np

# Run as a script from anywhere: the project root holds the scoring package.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.questions import OPTIONS  # noqa: E402
from scoring.tco import Range, TcoInputs, closed_form_costs, default_inputs, simulate  # noqa: E402

SIZES = (100_000, 1_000_000)
PYTHON_TRIALS = 10_000
BANDWIDTH_BYTES = 512 * 1024 * 1024


def bench_inputs() -> TcoInputs:
    inputs, _ = default_inputs(
        {"requests_per_month": 500_000, "monthly_growth_pct": 3, "adaptation": "fine_tuning"}
    )
    return replace(
        inputs,
        requests_per_month=Range(250_000, 500_000, 1_500_000),
        input_tokens=Range(500, 1_000, 2_000),
        output_tokens=Range(150, 300, 600),
        monthly_growth_pct=Range(-2, 3, 10),
        min_replicas=Range(1, 2, 3),
        horizon_months=36,
    )


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_size(trials: int, repeat: int) -> dict[str, object]:
    """In this (fresh) process: time ``repeat`` runs, then trace one for numpy's peak."""
    inputs = bench_inputs()
    baseline = _max_rss_mb()
    times = []
    for seed in range(repeat):
        start = time.perf_counter()
        simulate(inputs, trials=trials, seed=seed)
        times.append(time.perf_counter() - start)
    rss = _max_rss_mb() - baseline
    tracemalloc.start()
    simulate(inputs, trials=trials, seed=repeat)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(times)
    return {
        "name": f"simulate {trials:,} trials × 36 months",
        "trials": trials,
        "median_s": median,
        "min_s": min(times),
        "trials_per_s": trials / median,
        "peak_rss_mb": rss,
        "peak_traced_mb": traced / 2**20,
        "n": repeat,
    }


def measure_bandwidth() -> dict[str, object]:
    source = np.ones(BANDWIDTH_BYTES // 8)
    target = np.zeros_like(source)  # written once, so the timed copies fault in no pages
    target[:] = 1.0
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        np.copyto(target, source)
        best = min(best, time.perf_counter() - start)
    return {
        "name": "memory bandwidth: copy 512 MB",
        "seconds": best,
        "gb_per_s": 2 * BANDWIDTH_BYTES / best / 1e9,  # read and write
    }


def python_loop(inputs: TcoInputs, trials: int, seed: int) -> dict[str, list[float]]:
    """The same model, trial by trial in plain Python: draw the inputs with ``random``,
    run ``closed_form_costs`` per trial, and take P10/P50/P90 of each month by sorting."""
    rng = random.Random(seed)
    monthly: dict[str, list[list[float]]] = {o: [] for o in OPTIONS}
    for _ in range(trials):
        point = {}
        for key, r in inputs.ranges().items():
            if r.is_point:
                value = r.likely
            elif key == "monthly_growth_pct":
                median = 1 + r.likely / 100
                below = math.log(median / (1 + r.low / 100)) / 1.6448536269514722
                above = math.log((1 + r.high / 100) / median) / 1.6448536269514722
                z = rng.gauss(0.0, 1.0)
                factor = min(6.0, max(0.5, median * math.exp((below if z < 0 else above) * z)))
                value = (factor - 1) * 100
            else:
                value = rng.triangular(r.low, r.high, r.likely)
                if key == "min_replicas":
                    value = round(value)
            point[key] = Range.point(value)
        paths = closed_form_costs(replace(inputs, **point))
        for option in OPTIONS:
            monthly[option].append(list(paths.monthly[option]))
    summary: dict[str, list[float]] = {}
    for option in OPTIONS:
        cumulative = [list(np.cumsum(costs)) for costs in monthly[option]]
        for kind, rows in (("monthly", monthly[option]), ("cumulative", cumulative)):
            for month in range(inputs.horizon_months):
                ordered = sorted(row[month] for row in rows)
                summary.setdefault(f"{option}.{kind}", []).extend(
                    ordered[math.floor((trials - 1) * q)] for q in (0.1, 0.5, 0.9)
                )
    return summary


def measure_python_loop() -> dict[str, object]:
    start = time.perf_counter()
    python_loop(bench_inputs(), PYTHON_TRIALS, seed=0)
    seconds = time.perf_counter() - start
    return {
        "name": f"plain Python loop, {PYTHON_TRIALS:,} trials × 36 months",
        "trials": PYTHON_TRIALS,
        "seconds": seconds,
        "trials_per_s": PYTHON_TRIALS / seconds,
    }


def run(repeat: int = 5) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for trials in SIZES:
        completed = subprocess.run(
            [sys.executable, __file__, "--size", str(trials), "--repeat", str(repeat)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        rows.append(json.loads(completed.stdout))
    rows.append(measure_bandwidth())
    python = measure_python_loop()
    fastest = max(float(row["trials_per_s"]) for row in rows[: len(SIZES)])
    python["numpy_speedup"] = fastest / float(python["trials_per_s"])
    rows.append(python)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size (≥ 5)")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # one size, in a subprocess
    args = parser.parse_args(argv)
    repeat = max(5, args.repeat)
    if args.size:
        print(json.dumps(measure_size(args.size, repeat)))
        return 0
    rows = run(repeat)
    simulations, (bandwidth, python) = rows[: len(SIZES)], rows[len(SIZES) :]
    print("TCO simulation, 36 months × 3 options, every input uncertain\n")
    print("| trials | median s | min s | trials/s | peak RSS MB | numpy peak MB | runs |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for row in simulations:
        print(
            f"| {row['trials']:,} | {row['median_s']:.3f} | {row['min_s']:.3f} "
            f"| {row['trials_per_s']:,.0f} | {row['peak_rss_mb']:.0f} "
            f"| {row['peak_traced_mb']:.0f} | {row['n']} |"
        )
    print()
    print("| for scale | s | |")
    print("|---|---:|---|")
    print(
        f"| {bandwidth['name']} | {bandwidth['seconds']:.3f} "
        f"| {bandwidth['gb_per_s']:.1f} GB/s (read + write) |"
    )
    print(
        f"| {python['name']} | {python['seconds']:.2f} "
        f"| {python['trials_per_s']:,.0f} trials/s; numpy: {python['numpy_speedup']:,.0f}× |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
