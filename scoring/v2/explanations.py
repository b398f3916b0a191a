"""Why each option scored as it did, ranked by what moves its total.

Each feasible option is compared with one rival: the winner, or, for the winner itself, the
runner-up. A question q of criterion c (with n_c questions) moves the option's total against
the rival's by

    impact = w_c · (u_q(option) − u_q(rival)) / n_c

and the TCO criterion, which has no questions of its own, by w_tco · (u_tco(option) −
u_tco(rival)). The impacts add up to the difference of the two totals. Only questions with an
impact are listed, largest first (whatever its sign), and the first ``TOP`` are marked as the
ones that matter most. With no rival (a single feasible option) the comparison is with a
perfect fit of 1, so the list says what keeps the option from a perfect score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from scoring.model import Reason
from scoring.questions import AREAS, OPTIONS, QUESTIONS_BY_ID, Answers, format_answer
from scoring.rules import FitRule, Includes, InRange, Is, IsEmpty
from scoring.v2.rules import REQUIREMENTS_BY_ID, Cannot

# How many explanations per option are marked as the ones that matter most.
TOP = 3

# Impacts that differ by less than this are equal (rounding), and go in the bank's order.
_IMPACT_TIE = 1e-12


@dataclass(frozen=True)
class Binding:
    """The fit a question gives an option (None: knocked out) and the rule that decided it."""

    fit: float | None
    rule: FitRule


@dataclass(frozen=True)
class Explanation(Reason):
    """A reason with its weight: how much it moves the option's total against ``rival``.

    ``question`` is empty for the TCO criterion, whose fit comes from the cost model.
    """

    answer: str  # the answer that set the fit, in words (a multi-choice: the deciding value)
    rival: str | None  # the winner, or for the winner the runner-up; None: a perfect fit
    rival_fit: float
    impact: float  # positive: it puts the option ahead of the rival by that much
    top: bool

    def __str__(self) -> str:
        return f"{self.question or self.criterion} (fit {self.fit:.2f}): {self.text}"

    def to_json(self) -> dict[str, object]:
        return {
            "criterion": self.criterion,
            "question": self.question or None,
            "rule": self.rule_id,
            "answer": self.answer,
            "fit": self.fit,
            "rival": self.rival,
            "rival_fit": self.rival_fit,
            "impact": self.impact,
            "top": self.top,
            "text": self.text,
        }


def explain(
    answers: Answers,
    weights: Mapping[str, float],
    bindings: Mapping[str, Mapping[str, Binding]],
    fits: Mapping[str, Mapping[str, float]],
    ranking: Sequence[str],
    *,
    costs: Mapping[str, float],
    tco_basis: str,
) -> dict[str, tuple[Explanation, ...]]:
    """Each feasible option's explanations, ranked by impact; excluded options have none
    (their knock-outs say why)."""
    out: dict[str, tuple[Explanation, ...]] = {}
    for option in ranking:
        rival = _rival(option, ranking)
        found: list[Explanation] = []
        for area in AREAS:
            weight = weights[area.criterion]
            if area.criterion == "tco":
                fit = fits[option]["tco"]
                rival_fit = 1.0 if rival is None else fits[rival]["tco"]
                impact = weight * (fit - rival_fit)
                if impact != 0:
                    own = f"${costs[option]:,.0f}"
                    text = _cost_text(option, costs, ranking, tco_basis)
                    found.append(
                        Explanation(
                            "tco",
                            "",
                            "cost-model",
                            fit,
                            text,
                            own,
                            rival,
                            rival_fit,
                            impact,
                            top=False,
                        )
                    )
                continue
            for question_id in area.question_ids:
                binding = bindings[option][question_id]
                assert binding.fit is not None, "a feasible option has no knocked-out fit"
                rival_fit = 1.0 if rival is None else _fit(bindings[rival][question_id])
                impact = weight * (binding.fit - rival_fit) / len(area.question_ids)
                if impact == 0:
                    continue
                found.append(
                    Explanation(
                        area.criterion,
                        question_id,
                        binding.rule.id,
                        binding.fit,
                        _text(binding.rule, option),
                        _answer(binding.rule, answers),
                        rival,
                        rival_fit,
                        impact,
                        top=False,
                    )
                )
        # sorted() is stable: equal impacts keep the bank's order.
        ordered = sorted(found, key=lambda e: -round(abs(e.impact) / _IMPACT_TIE))
        out[option] = tuple(replace(e, top=position < TOP) for position, e in enumerate(ordered))
    return out


def _rival(option: str, ranking: Sequence[str]) -> str | None:
    if option != ranking[0]:
        return ranking[0]
    return ranking[1] if len(ranking) > 1 else None


def _fit(binding: Binding) -> float:
    assert binding.fit is not None, "the rival is feasible"
    return binding.fit


def _text(rule: FitRule, option: str) -> str:
    """The rule's reason; where the answer states a requirement, what it means for this
    option (how it meets the requirement, fully or in part)."""
    requirement = REQUIREMENTS_BY_ID.get(rule.id)
    if requirement is None:
        return rule.reason
    verdict = requirement.verdict(option)
    return rule.reason if isinstance(verdict, Cannot) else verdict.text


def _answer(rule: FitRule, answers: Answers) -> str:
    condition = rule.condition
    question = QUESTIONS_BY_ID[condition.question]
    if isinstance(condition, Is | Includes):
        return question.label_of(condition.value)
    if isinstance(condition, IsEmpty):
        return "None of these"
    assert isinstance(condition, InRange)
    return format_answer(question, answers[condition.question])


def _cost_text(option: str, costs: Mapping[str, float], feasible: Sequence[str], basis: str) -> str:
    cheapest = min(sorted(feasible, key=OPTIONS.index), key=lambda o: costs[o])
    own = costs[option]
    basis = f" Basis: {basis}." if basis else ""
    if option == cheapest:
        return f"The cheapest feasible option: ${own:,.0f} over the horizon.{basis}"
    return (
        f"${own:,.0f} over the horizon, against ${costs[cheapest]:,.0f} for {cheapest}, the "
        f"cheapest feasible option.{basis}"
    )
