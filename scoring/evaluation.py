"""A full evaluation: the score, its flip points and its robustness, versioned.

``evaluate`` is what the results page, the records and ``manage.py score`` show. Its inputs
are plain JSON (answers, normalised weights, the costs behind the TCO fit, the robustness
seed); stored with the outputs and the model version, they let anyone recompute exactly the
numbers a board saw: ``reevaluate(version, inputs)`` returns the same outputs.

When the model changes, its version goes up and the old version's function stays in
``EVALUATORS``, so that records scored with it remain reproducible.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.model import SCORING_MODEL_VERSION, ScoreResult, result_to_json, score
from scoring.questions import Answers
from scoring.sensitivity import (
    DEFAULT_CONCENTRATION,
    FlipPoint,
    Robustness,
    flip_points,
    robustness,
)

ROBUSTNESS_SAMPLES = 10_000
ROBUSTNESS_SEED = 0


@dataclass(frozen=True)
class Evaluation:
    result: ScoreResult
    flip_points: tuple[FlipPoint, ...]
    robustness: Robustness | None
    consistency_ratio: float | None
    inputs: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The ``manage.py score`` output contract (design: Scoring output v1)."""
        data: dict[str, Any] = result_to_json(self.result)
        if self.consistency_ratio is not None:
            data["consistency_ratio"] = self.consistency_ratio
        data["flip_points"] = [point.to_json() for point in self.flip_points]
        data["robustness"] = {} if self.robustness is None else dict(self.robustness.p_first)
        data["robustness_detail"] = None if self.robustness is None else self.robustness.to_json()
        return data


def fits_of(result: ScoreResult) -> dict[str, dict[str, float]]:
    return {
        option: {c.criterion: c.fit for c in option_result.criteria}
        for option, option_result in result.options.items()
    }


def evaluate(
    answers: Answers,
    weights: Mapping[str, float] | None = None,
    *,
    costs: Mapping[str, float] | None = None,
    tco_basis: str | None = None,
    consistency_ratio: float | None = None,
    samples: int = ROBUSTNESS_SAMPLES,
    seed: int = ROBUSTNESS_SEED,
) -> Evaluation:
    """Score validated, complete answers and add flip points and robustness."""
    result = score(answers, weights, costs=costs, tco_basis=tco_basis)
    fits = fits_of(result)
    feasible = result.ranking
    points = flip_points(fits, result.weights, feasible)
    acceptability = (
        robustness(fits, result.weights, feasible, samples=samples, seed=seed) if feasible else None
    )
    inputs = {
        "answers": dict(answers),
        # As given, not normalised: normalising twice may move the last bit of a weight.
        "weights": None if weights is None else dict(weights),
        "costs": dict(result.costs),
        "tco_basis": result.tco_basis,
        "consistency_ratio": consistency_ratio,
        "robustness": {
            "samples": samples,
            "seed": seed,
            "concentration": DEFAULT_CONCENTRATION,
        },
    }
    return Evaluation(result, points, acceptability, consistency_ratio, inputs)


def _evaluate_v1(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return evaluate(
        inputs["answers"],
        inputs["weights"],
        # Costs are floats; a store may hand a large one back as an integer (PostgreSQL's
        # jsonb writes 3.665601040440972e+17 as 366560104044097200), and dividing integers
        # rounds differently from dividing the floats that were scored.
        costs={option: float(cost) for option, cost in inputs["costs"].items()},
        tco_basis=inputs["tco_basis"],
        consistency_ratio=inputs.get("consistency_ratio"),
        samples=inputs["robustness"]["samples"],
        seed=inputs["robustness"]["seed"],
    ).to_json()


EVALUATORS: Mapping[int, Callable[[Mapping[str, Any]], dict[str, Any]]] = {1: _evaluate_v1}
assert SCORING_MODEL_VERSION in EVALUATORS


def reevaluate(version: int, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Recompute a stored evaluation with the model version it was made with."""
    try:
        evaluator = EVALUATORS[version]
    except KeyError:
        raise ValueError(f"unknown scoring model version {version}") from None
    return evaluator(inputs)


def as_numbers(document: object) -> object:
    """A JSON document with every number read as a float, to compare stored numbers by value.

    JSON does not tell 3.665601040440972e+17 from 366560104044097200, and a store may write
    one as the other (PostgreSQL's jsonb does): both are the same double. Reproducing a stored
    evaluation exactly means ``as_numbers(reevaluate(...)) == as_numbers(stored_outputs)``.
    """
    return json.loads(json.dumps(document), parse_int=float)
