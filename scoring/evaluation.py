"""A full evaluation: the score, its flip points and its robustness, versioned.

``evaluate`` is what the results page, the records and ``manage.py score`` show; it uses the
current model, v2 (``scoring/v2/``), which adds the stated requirements, ranked explanations,
answer flips and the close-call rule. Its inputs are plain JSON (answers, weights, the costs
behind the TCO fit, the robustness seed); stored with the outputs and the model version, they
let anyone recompute exactly the numbers a board saw: ``reevaluate(version, inputs)`` returns
the same outputs.

When the model changes, its version goes up and the old version's function stays in
``EVALUATORS``, so that records scored with it remain reproducible: ``evaluate_v1`` is model
v1 exactly as it was, output for output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scoring.context import EMPTY, Context
from scoring.model import ScoreResult, result_to_json, score
from scoring.policy import PolicyRule
from scoring.questions import Answers
from scoring.sensitivity import (
    DEFAULT_CONCENTRATION,
    FlipPoint,
    Robustness,
    flip_points,
    robustness,
)
from scoring.v2 import model as model_v2
from scoring.v2 import sensitivity as sensitivity_v2
from scoring.v2.answer_flips import AnswerFlip, answer_flips
from scoring.v2.close_call import CloseCall, close_call
from scoring.v2.explanations import Explanation
from scoring.v2.model import SCORING_MODEL_VERSION, StatedRequirement, stated_requirements

ROBUSTNESS_SAMPLES = 10_000
ROBUSTNESS_SEED = 0


@dataclass(frozen=True)
class Evaluation:
    result: ScoreResult
    flip_points: tuple[FlipPoint, ...]
    robustness: Robustness | None
    consistency_ratio: float | None
    inputs: Mapping[str, Any]
    # Since model v2 (empty for a v1 evaluation):
    requirements: tuple[StatedRequirement, ...] = ()
    answer_flips: Mapping[str, AnswerFlip] = field(default_factory=dict)
    close_call: CloseCall | None = None
    # The shortlist's licence facts and the organisation's policy rules it was scored with.
    context: Context = EMPTY

    @property
    def policy_applied(self) -> tuple[PolicyRule, ...]:
        """The organisation's rules that hold for these answers and this shortlist."""
        answers = self.inputs["answers"]
        return tuple(r for r in self.context.policies if r.holds(answers, self.context.models))

    @property
    def policy_warnings(self) -> tuple[PolicyRule, ...]:
        return tuple(r for r in self.policy_applied if r.effect == "warning")

    @property
    def explanations(self) -> dict[str, tuple[Explanation, ...]]:
        """Each option's reasons ranked by impact (v2), the first ``TOP`` marked ``top``;
        an excluded option has none."""
        return {
            option: tuple(r for r in result.reasons if isinstance(r, Explanation))
            for option, result in self.result.options.items()
        }

    def to_json(self) -> dict[str, Any]:
        """The ``manage.py score`` output contract (design: Scoring output v1, and since v2
        the keys that ``_add_v2_json`` adds; see docs/scoring-model.md, "The output")."""
        data: dict[str, Any] = result_to_json(self.result)
        if self.consistency_ratio is not None:
            data["consistency_ratio"] = self.consistency_ratio
        data["flip_points"] = [point.to_json() for point in self.flip_points]
        data["robustness"] = {} if self.robustness is None else dict(self.robustness.p_first)
        data["robustness_detail"] = None if self.robustness is None else self.robustness.to_json()
        if self.result.model_version >= 2:
            self._add_v2_json(data)
        return data

    def _add_v2_json(self, data: dict[str, Any]) -> None:
        explanations = self.explanations
        for option, entry in data["options"].items():
            entry["explanations"] = [e.to_json() for e in explanations[option]]
            flip = self.answer_flips.get(option)
            entry["answer_flip"] = None if flip is None else flip.to_json()
            remedy = self.result.options[option].remedy
            if remedy is not None:
                entry["remedy_description"] = remedy.description
        assert self.close_call is not None
        data["close_call"] = self.close_call.close
        data["close_call_detail"] = self.close_call.to_json()
        data["requirements"] = [stated.to_json() for stated in self.requirements]
        if not self.context.empty:
            data["catalog"] = {
                "version": self.context.catalog_version,
                "models": {side: m.to_json() for side, m in self.context.models.items()},
            }
            data["policy"] = [
                {**rule.to_json(), "applies": rule in self.policy_applied}
                for rule in self.context.policies
            ]


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
    context: Context = EMPTY,
) -> Evaluation:
    """Score validated, complete answers with the current model (v2), and add the stated
    requirements, flip points, robustness, answer flips and the close-call verdict.
    ``context``: the shortlisted models' licence facts and the organisation's policy rules."""
    result = model_v2.score(answers, weights, costs=costs, tco_basis=tco_basis, context=context)
    fits = fits_of(result)
    feasible = result.ranking
    points = sensitivity_v2.flip_points(fits, result.weights, feasible)
    acceptability = (
        sensitivity_v2.robustness(fits, result.weights, feasible, samples=samples, seed=seed)
        if feasible
        else None
    )
    flips = answer_flips(
        answers, weights, costs=result.costs, winner=result.recommendation, context=context
    )
    runner_up = result.ranking[1] if len(result.ranking) > 1 else None
    verdict = close_call(
        result, points, acceptability, None if runner_up is None else flips[runner_up]
    )
    inputs = _inputs(answers, weights, result, consistency_ratio, samples, seed)
    if not context.empty:  # runs without one keep the inputs they always had
        inputs["context"] = context.to_json()
    return Evaluation(
        result,
        points,
        acceptability,
        consistency_ratio,
        inputs,
        requirements=stated_requirements(answers),
        answer_flips=flips,
        close_call=verdict,
        context=context,
    )


def _inputs(
    answers: Answers,
    weights: Mapping[str, float] | None,
    result: ScoreResult,
    consistency_ratio: float | None,
    samples: int,
    seed: int,
) -> dict[str, Any]:
    """What a stored run keeps to recompute the evaluation. v1 stores the same document;
    ``evaluate_v1`` builds it itself, so that nothing v2 changes can reach v1's runs."""
    return {
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


def evaluate_v1(
    answers: Answers,
    weights: Mapping[str, float] | None = None,
    *,
    costs: Mapping[str, float] | None = None,
    tco_basis: str | None = None,
    consistency_ratio: float | None = None,
    samples: int = ROBUSTNESS_SAMPLES,
    seed: int = ROBUSTNESS_SEED,
) -> Evaluation:
    """Model v1, as it was: score, flip points and robustness."""
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


def _evaluate(
    evaluator: Callable[..., Evaluation], inputs: Mapping[str, Any], **extra: Any
) -> dict[str, Any]:
    return evaluator(
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
        **extra,
    ).to_json()


def _evaluate_v1(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return _evaluate(evaluate_v1, inputs)


def _evaluate_v2(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return _evaluate(evaluate, inputs, context=Context.from_json(inputs.get("context")))


EVALUATORS: Mapping[int, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    1: _evaluate_v1,
    2: _evaluate_v2,
}
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
