"""Scoring model v1: fits, knock-outs and the weighted sum.

S(o) = Σ_c w_c · u_c(o), with the weights w normalised to sum to 1 and each fit u_c(o) in
[0, 1]. A criterion's fit is the mean of its questions' fits (see ``rules.py``); the TCO
criterion's fit is the cheapest feasible option's cost divided by the option's own cost.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from scoring.questions import (
    AREAS,
    CRITERIA,
    OPTIONS,
    QUESTIONS_BY_ID,
    Answer,
    Answers,
    format_answer,
)
from scoring.rules import (
    COST_MODEL_QUESTIONS,
    FIT_RULES,
    KNOCKOUT_RULES,
    KO,
    RULES_BY_QUESTION,
    FitRule,
    InRange,
    condition_questions,
)
from scoring.tco import closed_form_costs, cost_fits, default_inputs
from scoring.ties import rank

SCORING_MODEL_VERSION = 1


@dataclass(frozen=True)
class Reason:
    criterion: str
    question: str
    rule_id: str
    fit: float | None  # None when the rule knocks the option out
    text: str

    def __str__(self) -> str:
        effect = "knock-out" if self.fit is None else f"fit {self.fit:.2f}"
        return f"{self.question} ({effect}): {self.text}"


@dataclass(frozen=True)
class Change:
    question: str
    values: tuple[Answer, ...]
    text: str  # with question ids and answer values: the output contract
    description: str  # the same with the question bank's labels, for the pages


@dataclass(frozen=True)
class Remedy:
    """The smallest change of answers that makes a knocked-out option feasible again."""

    option: str
    changes: tuple[Change, ...]

    @property
    def text(self) -> str:
        return f"{self.option} becomes feasible if " + " and ".join(c.text for c in self.changes)

    @property
    def description(self) -> str:
        changes = " and ".join(c.description for c in self.changes)
        return f"{self.option} becomes feasible if {changes}"


@dataclass(frozen=True)
class Knockout:
    rule_id: str
    reason: str
    condition: str


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    fit: float
    weight: float
    contribution: float


@dataclass(frozen=True)
class OptionResult:
    option: str
    feasible: bool
    score: float | None
    rank: int | None
    criteria: tuple[CriterionScore, ...]
    reasons: tuple[Reason, ...]
    knockouts: tuple[Knockout, ...]
    remedy: Remedy | None

    def criterion(self, criterion: str) -> CriterionScore:
        return next(c for c in self.criteria if c.criterion == criterion)


@dataclass(frozen=True)
class ScoreResult:
    model_version: int
    weights: Mapping[str, float]
    options: Mapping[str, OptionResult]
    ranking: tuple[str, ...]  # feasible options, best first
    costs: Mapping[str, float]  # cumulative cost at the horizon behind the TCO fit
    tco_basis: str

    @property
    def recommendation(self) -> str | None:
        return self.ranking[0] if self.ranking else None

    @property
    def excluded(self) -> tuple[str, ...]:
        return tuple(option for option in OPTIONS if not self.options[option].feasible)


# --- fits ---------------------------------------------------------------------------------
def matching_rules(question_id: str, answers: Answers) -> tuple[FitRule, ...]:
    return tuple(rule for rule in RULES_BY_QUESTION[question_id] if rule.condition.holds(answers))


def question_fits(question_id: str, answers: Answers) -> dict[str, tuple[float | None, FitRule]]:
    """For each option, the fit this question gives it (None: knocked out) and the rule that
    set it. With several matching rules (a multi-choice answer), the lowest fit binds."""
    rules = matching_rules(question_id, answers)
    if not rules:
        raise ValueError(f"no rule covers {question_id} = {answers.get(question_id)!r}")
    out: dict[str, tuple[float | None, FitRule]] = {}
    for option in OPTIONS:
        binding: tuple[float | None, FitRule] | None = None
        for rule in rules:
            effect = rule.effect(option)
            fit = None if effect is KO else float(effect)  # type: ignore[arg-type]
            if binding is None or _more_restrictive(fit, binding[0]):
                binding = (fit, rule)
        assert binding is not None
        out[option] = binding
    return out


def _more_restrictive(fit: float | None, than: float | None) -> bool:
    if than is None:
        return False
    return fit is None or fit < than


def knockouts(answers: Answers) -> dict[str, tuple[Knockout, ...]]:
    found: dict[str, list[Knockout]] = {option: [] for option in OPTIONS}
    for rule in FIT_RULES:
        if rule.question in answers and rule.condition.holds(answers):
            for option in OPTIONS:
                if rule.effect(option) is KO:
                    found[option].append(Knockout(rule.id, rule.reason, rule.condition.describe()))
    for ko_rule in KNOCKOUT_RULES:
        answered = all(q in answers for q in condition_questions(ko_rule.condition))
        if answered and ko_rule.condition.holds(answers):
            found[ko_rule.option].append(
                Knockout(ko_rule.id, ko_rule.reason, ko_rule.condition.describe())
            )
    return {option: tuple(kos) for option, kos in found.items()}


def feasible_options(answers: Answers) -> tuple[str, ...]:
    kos = knockouts(answers)
    return tuple(option for option in OPTIONS if not kos[option])


# --- remedies -----------------------------------------------------------------------------
# A move is how one answer changes: ("is", value) for a single choice or a number,
# ("adds", value), ("drops", value) or ("swaps", old, new) for a multiple choice.
Move = tuple[str, ...]


def _alternatives(question_id: str, answers: Answers) -> Iterator[tuple[Answer, Move]]:
    """Other answers to try, nearest first, each with the move that makes it."""
    question = QUESTIONS_BY_ID[question_id]
    current = answers[question_id]
    if question.kind == "one":
        assert isinstance(current, str)
        index = question.values.index(current)
        others = sorted(
            (v for v in question.values if v != current),
            key=lambda v: (abs(question.values.index(v) - index), -question.values.index(v)),
        )
        for value in others:
            yield value, ("is", value)
    elif question.kind == "multi":
        assert isinstance(current, list)
        for value in question.values:
            if value in current:
                reduced = [v for v in current if v != value]
                if reduced or question.allow_empty:
                    yield reduced, ("drops", value)
            else:
                yield [v for v in question.values if v in current or v == value], ("adds", value)
        # Swapping one value for another, e.g. when the only value is the one to remove.
        for old in current:
            for new in question.values:
                if new not in current:
                    swapped = [
                        v for v in question.values if v == new or (v in current and v != old)
                    ]
                    yield swapped, ("swaps", old, new)
    else:
        assert question.minimum is not None
        assert question.maximum is not None
        bounds = sorted(
            {
                min(max(rule.condition.low, question.minimum), question.maximum)
                for rule in RULES_BY_QUESTION.get(question_id, ())
                if isinstance(rule.condition, InRange)
            }
        )
        for bound in bounds:
            number = int(bound) if question.kind == "int" else bound
            if number != current:
                yield number, ("is", f"{number:g}")


def remedy(option: str, answers: Answers) -> Remedy | None:
    """Search the fewest answer changes, among the questions that knock ``option`` out, that
    make it feasible. Returns None when no change of those answers reinstates it."""
    kos = knockouts(answers)[option]
    if not kos:
        return None
    involved: dict[str, None] = {}
    for rule in FIT_RULES:
        if any(ko.rule_id == rule.id for ko in kos):
            involved[rule.question] = None
    for ko_rule in KNOCKOUT_RULES:
        if any(ko.rule_id == ko_rule.id for ko in kos):
            involved.update(dict.fromkeys(condition_questions(ko_rule.condition)))
    questions = [q for q in involved if q in answers]
    for size in range(1, len(questions) + 1):
        for subset in itertools.combinations(questions, size):
            found = _first_working_change(option, answers, subset)
            if found is not None:
                return Remedy(option, found)
    return None


def _first_working_change(
    option: str, answers: Answers, subset: tuple[str, ...]
) -> tuple[Change, ...] | None:
    """The nearest combination of new values for ``subset`` that reinstates ``option``, with
    every value of each question that would also do, given the others' new values."""
    candidates = [list(_alternatives(question_id, answers)) for question_id in subset]
    for combination in itertools.product(*candidates):
        chosen = dict(zip(subset, (value for value, _ in combination), strict=True))
        if option not in feasible_options({**answers, **chosen}):
            continue
        changes = []
        for question_id, alternatives in zip(subset, candidates, strict=True):
            working = [
                (value, text)
                for value, text in alternatives
                if option in feasible_options({**answers, **chosen, question_id: value})
            ]
            changes.append(_change(question_id, working, answers))
        return tuple(changes)
    return None


def _change(question_id: str, working: list[tuple[Answer, Move]], answers: Answers) -> Change:
    """Every working new answer of one question, said in one phrase: with ids for the stored
    result and the command line, with the question bank's labels for people."""
    question = QUESTIONS_BY_ID[question_id]
    values = tuple(value for value, _ in working)
    moves = [move for _, move in working]
    text = _change_phrase(question_id, moves, answers[question_id], lambda value: value)
    described = _change_phrase(
        f"the answer to “{question.label}”", moves, answers[question_id], question.label_of
    )
    return Change(question_id, values, text, described)


def _change_phrase(name: str, moves: list[Move], current: Answer, say: Callable[[str], str]) -> str:
    def listed(items: list[str]) -> str:
        quoted = [f"'{say(item)}'" for item in items]
        return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"

    if moves[0][0] == "is":
        now = f"'{say(current)}'" if isinstance(current, str) else f"{current}"
        return f"{name} is {listed([m[1] for m in moves])} (now {now})"
    phrases = []
    adds = [m[1] for m in moves if m[0] == "adds"]
    drops = [m[1] for m in moves if m[0] == "drops"]
    if adds:
        phrases.append(f"{name} also includes {listed(adds)}")
    if drops:
        phrases.append(f"{name} no longer includes {listed(drops)}")
    if not phrases:  # only a swap works
        for old in dict.fromkeys(m[1] for m in moves):
            news = [m[2] for m in moves if m[1] == old]
            phrases.append(f"{name} has {listed(news)} instead of '{say(old)}'")
    return " or ".join(phrases)


# --- the weighted sum ---------------------------------------------------------------------
def criterion_fits(
    answers: Answers, tco_fits: Mapping[str, float]
) -> tuple[dict[str, dict[str, float]], dict[str, list[Reason]]]:
    """Fit of every option on every criterion, and the reasons behind each fit."""
    fits: dict[str, dict[str, float]] = {option: {} for option in OPTIONS}
    reasons: dict[str, list[Reason]] = {option: [] for option in OPTIONS}
    for area in AREAS:
        if area.criterion == "tco":
            for option in OPTIONS:
                fits[option]["tco"] = tco_fits[option]
            continue
        sums = dict.fromkeys(OPTIONS, 0.0)
        for question_id in area.question_ids:
            per_option = question_fits(question_id, answers)
            for option, (fit, rule) in per_option.items():
                sums[option] += 0.0 if fit is None else fit
                if rule.discriminates or fit is None or fit < 1.0:
                    reasons[option].append(
                        Reason(area.criterion, question_id, rule.id, fit, rule.reason)
                    )
        for option in OPTIONS:
            fits[option][area.criterion] = sums[option] / len(area.question_ids)
    return fits, reasons


def normalise_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Weights in criterion order, summing to 1. None means equal weights.

    Raises ValueError for unknown criteria and for negative, non-finite or all-zero weights:
    callers validate user input first (``weights.parse_direct``); this guards the contract.
    """
    if weights is None:
        return {criterion: 1 / len(CRITERIA) for criterion in CRITERIA}
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise ValueError(f"unknown criterion {unknown[0]!r}")
    values = {criterion: float(weights.get(criterion, 0.0)) for criterion in CRITERIA}
    if any(not math.isfinite(v) or v < 0 for v in values.values()):
        raise ValueError("weights must be finite and not negative")
    total = math.fsum(values.values())
    if total <= 0:
        raise ValueError("weights must not all be zero")
    return {criterion: value / total for criterion, value in values.items()}


def weighted_scores(
    fits: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]
) -> dict[str, float]:
    # Normalised weights may sum to 1 + 2⁻⁵²; clamp so that a perfect option scores 1, not
    # 1.0000000000000002.
    return {
        option: min(1.0, max(0.0, sum(weights[c] * fits[option][c] for c in CRITERIA)))
        for option in fits
    }


def score(
    answers: Answers,
    weights: Mapping[str, float] | None = None,
    *,
    costs: Mapping[str, float] | None = None,
    tco_basis: str | None = None,
) -> ScoreResult:
    """Score complete, validated answers.

    ``costs`` are the cumulative costs at the horizon that set the TCO fit, e.g. a
    simulation's medians; without them the closed-form point estimate from the defaults is
    used, and ``tco_basis`` says so.
    """
    normalised = normalise_weights(weights)
    kos = knockouts(answers)
    feasible = tuple(option for option in OPTIONS if not kos[option])
    if costs is None:
        inputs, _ = default_inputs(answers)
        paths = closed_form_costs(inputs)
        costs = {option: paths.total(option) for option in OPTIONS}
        tco_basis = tco_basis or (
            f"point estimate over {inputs.horizon_months} months from the questionnaire and "
            "default prices (no simulation yet)"
        )
    tco_fit = cost_fits(costs, feasible)
    fits, reasons = criterion_fits(answers, tco_fit)
    scores = weighted_scores(fits, normalised)
    ranking = rank(scores, feasible)
    cheapest = min(feasible or OPTIONS, key=lambda option: costs[option])
    options: dict[str, OptionResult] = {}
    for option in OPTIONS:
        is_feasible = option in feasible
        option_reasons = list(reasons[option])
        option_reasons.insert(
            _tco_reason_position(option_reasons),
            Reason(
                "tco",
                "requests_per_month",
                "cost-model",
                tco_fit[option],
                _tco_reason(option, costs, cheapest, tco_basis or ""),
            ),
        )
        options[option] = OptionResult(
            option=option,
            feasible=is_feasible,
            score=scores[option] if is_feasible else None,
            rank=ranking.index(option) + 1 if is_feasible else None,
            criteria=tuple(
                CriterionScore(
                    criterion=c,
                    fit=fits[option][c],
                    weight=normalised[c],
                    contribution=normalised[c] * fits[option][c],
                )
                for c in CRITERIA
            ),
            reasons=tuple(option_reasons),
            knockouts=kos[option],
            remedy=None if is_feasible else remedy(option, answers),
        )
    return ScoreResult(
        model_version=SCORING_MODEL_VERSION,
        weights=normalised,
        options=options,
        ranking=ranking,
        costs=dict(costs),
        tco_basis=tco_basis or "",
    )


def _tco_reason_position(reasons: list[Reason]) -> int:
    order = {criterion: i for i, criterion in enumerate(CRITERIA)}
    for i, reason in enumerate(reasons):
        if order[reason.criterion] > order["tco"]:
            return i
    return len(reasons)


def _tco_reason(option: str, costs: Mapping[str, float], cheapest: str, basis: str) -> str:
    own = costs[option]
    if option == cheapest:
        return f"Cheapest feasible option at ${own:,.0f} ({basis})."
    return (
        f"${own:,.0f} against ${costs[cheapest]:,.0f} for {cheapest}, the cheapest feasible "
        f"option ({basis})."
    )


def describe_answers(answers: Answers) -> dict[str, str]:
    return {
        question_id: format_answer(QUESTIONS_BY_ID[question_id], value)
        for question_id, value in answers.items()
    }


def result_to_json(result: ScoreResult) -> dict[str, object]:
    """The ``manage.py score`` output contract (design: Scoring output v1)."""
    options: dict[str, object] = {}
    for option, option_result in result.options.items():
        entry: dict[str, object] = {
            "feasible": option_result.feasible,
            "criteria": {
                c.criterion: {
                    "fit": c.fit,
                    "weight": c.weight,
                    "contribution": c.contribution,
                }
                for c in option_result.criteria
            },
            "reasons": [str(reason) for reason in option_result.reasons],
            "knockouts": [
                {"rule": ko.rule_id, "when": ko.condition, "reason": ko.reason}
                for ko in option_result.knockouts
            ],
        }
        if option_result.feasible:
            entry["score"] = option_result.score
            entry["rank"] = option_result.rank
        elif option_result.remedy is not None:
            entry["remedy"] = option_result.remedy.text
        options[option] = entry
    return {
        "model_version": result.model_version,
        "recommendation": result.recommendation,
        "weights": dict(result.weights),
        "options": options,
        "tco": {"basis": result.tco_basis, "cumulative_cost_usd": dict(result.costs)},
    }


__all__ = [
    "COST_MODEL_QUESTIONS",
    "SCORING_MODEL_VERSION",
    "ScoreResult",
    "result_to_json",
    "score",
]
