"""Time what the results page computes per decision: the score, the flip points and the
robustness analysis with 10,000 weight draws.

    .venv/bin/python bench/bench_scoring.py [--repeat 200]

Prints the median and 95th percentile in milliseconds per decision as a markdown table.
``run()`` returns the same figures as rows for a runner to collect. Nothing here asserts a
time: machines differ; the numbers are for people to compare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

# Run as a script from anywhere: the project root holds the scoring package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from decisions.demo import CONTRACT_REVIEW, HOSPITAL_NOTES, SUPPORT_CHAT
from scoring.model import score
from scoring.questions import OPTIONS, Answers
from scoring.sensitivity import flip_points, robustness

DECISIONS: dict[str, Answers] = {
    "hospital notes": HOSPITAL_NOTES,
    "support chat": SUPPORT_CHAT,
    "contract review": CONTRACT_REVIEW,
}
SAMPLES = 10_000
WARM_UP = 5


def decide(answers: Answers) -> None:
    """Everything the results page needs from the domain for one decision."""
    result = score(answers)
    fits = {
        option: {c.criterion: c.fit for c in option_result.criteria}
        for option, option_result in result.options.items()
    }
    feasible = tuple(option for option in OPTIONS if result.options[option].feasible)
    flip_points(fits, result.weights, feasible)
    robustness(fits, result.weights, feasible, samples=SAMPLES)


def run(repeat: int = 200) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, answers in DECISIONS.items():
        for _ in range(WARM_UP):
            decide(answers)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            decide(answers)
            times.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "name": name,
                "median_ms": statistics.median(times),
                "p95_ms": float(np.percentile(times, 95)),
                "n": repeat,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per decision")
    args = parser.parse_args(argv)
    rows = run(repeat=max(1, args.repeat))
    print(f"score + flip points + robustness ({SAMPLES:,} samples), ms per decision\n")
    print("| decision | median ms | p95 ms | n |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row['name']} | {row['median_ms']:.2f} | {row['p95_ms']:.2f} | {row['n']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
