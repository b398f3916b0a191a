"""Time what the results page computes per decision: ``evaluate()``, i.e. the score with its
remedies and ranked explanations, the flip points, the answer flips, the robustness analysis
with 10,000 weight draws and the close-call verdict (model v2), beside model v1's evaluation
of the same answers for comparison.

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
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

# Run as a script from anywhere: the project root holds the scoring package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from decisions.demo import CONTRACT_REVIEW, HOSPITAL_NOTES, SUPPORT_CHAT
from scoring.evaluation import ROBUSTNESS_SAMPLES, Evaluation, evaluate, evaluate_v1
from scoring.questions import Answers
from tests.scoring.examples import CLAIMS, CLAIMS_COSTS, CLAIMS_WEIGHTS

# The demo decisions (point estimate, equal weights) and the worked example (a simulation's
# costs, the board's weights): one, two and three feasible options.
DECISIONS: dict[str, tuple[Answers, dict[str, float] | None, dict[str, float] | None]] = {
    "hospital notes": (HOSPITAL_NOTES, None, None),
    "support chat": (SUPPORT_CHAT, None, None),
    "contract review": (CONTRACT_REVIEW, None, None),
    "claims assistant": (CLAIMS, {k: float(v) for k, v in CLAIMS_WEIGHTS.items()}, CLAIMS_COSTS),
}
MODELS: dict[str, Callable[..., Evaluation]] = {"v2": evaluate, "v1": evaluate_v1}
WARM_UP = 5


def _times(decide: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(WARM_UP):
        decide()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        decide()
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(repeat: int = 200) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, (answers, weights, costs) in DECISIONS.items():
        row: dict[str, object] = {"name": name, "n": repeat}
        for model, evaluator in MODELS.items():
            times = _times(partial(evaluator, answers, weights, costs=costs), repeat)
            row[f"{model}_median_ms"] = statistics.median(times)
            row[f"{model}_p95_ms"] = float(np.percentile(times, 95))
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per decision")
    args = parser.parse_args(argv)
    rows = run(repeat=max(1, args.repeat))
    print(
        "evaluate(): score + remedies + explanations + flip points + answer flips + "
        f"robustness ({ROBUSTNESS_SAMPLES:,} samples) + close call, ms per decision\n"
    )
    print("| decision | v2 median ms | v2 p95 ms | v1 median ms | v1 p95 ms | n |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['name']} | {row['v2_median_ms']:.2f} | {row['v2_p95_ms']:.2f} "
            f"| {row['v1_median_ms']:.2f} | {row['v1_p95_ms']:.2f} | {row['n']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
