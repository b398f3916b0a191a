"""Scoring model v2: fits, requirements, the weighted sum and ranked explanations.

S(o) = Σ_c w_c · u_c(o) as in v1 (``scoring/model.py``), with the same fits. What changes:

- every answer that states a requirement (``rules.REQUIREMENTS``) knocks out the options that
  cannot meet it; an option that meets it in part stays, and says how;
- a multi-choice answer is explained by the value that decided the fit;
- each option's reasons are the ones that concern it, ranked by how much they move its total
  against the winner (``explanations.py``), in plain words.

The result has v1's shape (``scoring.model.ScoreResult``) with ``model_version`` 2; its
options' ``reasons`` are ``Explanation``s.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from scoring.context import EMPTY, Context
from scoring.licences import CATEGORY_NAMES, FLAG_NAMES, ModelFacts
from scoring.model import (
    Change,
    CriterionScore,
    Knockout,
    OptionResult,
    Remedy,
    ScoreResult,
    _alternatives,  # v1's answer alternatives, nearest first: v2 searches the same way
    _change,  # and words a change the same way
    normalise_weights,
    weighted_scores,
)
from scoring.policy import PolicyRule, policy_knockouts
from scoring.questions import AREAS, CRITERIA, OPTIONS, QUESTIONS_BY_ID, Answer, Answers
from scoring.rules import AllOf, Condition, Effect, FitRule, Is, _Knockout
from scoring.tco import closed_form_costs, cost_fits, default_inputs
from scoring.ties import rank
from scoring.v2.explanations import Binding, explain
from scoring.v2.rules import (
    LICENCE_FITS,
    REQUIREMENTS,
    REQUIREMENTS_BY_ID,
    RULES_BY_QUESTION,
    Cannot,
    InPart,
    Meets,
    Requirement,
)
from scoring.wording import condition_in_words

SCORING_MODEL_VERSION = 2

Fits = dict[str, dict[str, float]]


# --- fits -----------------------------------------------------------------------------------
def _hardness(rule: FitRule) -> float:
    """How hard a rule is on the options together: the sum of its fits, a knock-out as 0."""
    return sum(_fit_of(rule.effect(option)) or 0.0 for option in OPTIONS)


def _fit_of(effect: Effect) -> float | None:
    """A rule's effect as a fit; None for a knock-out."""
    return None if isinstance(effect, _Knockout) else float(effect)


def question_fits(
    question_id: str, answers: Answers, context: Context = EMPTY
) -> dict[str, Binding]:
    """For each option, the fit this question gives it (None: knocked out) and the rule that
    decided it.

    A multi-choice answer matches one rule per ticked value and each option takes the lowest
    fit among them. When several values give an option that same lowest fit, the one whose
    rule is hardest on the options together decides (then the first in the table): with
    internal and health data ticked, open's 1.0 is explained by health data, which sets the
    bar, not by internal data.
    """
    rules = [rule for rule in RULES_BY_QUESTION[question_id] if rule.condition.holds(answers)]
    if not rules:
        raise ValueError(f"no rule covers {question_id} = {answers.get(question_id)!r}")
    out: dict[str, Binding] = {}
    for option in OPTIONS:

        def key(position: int, option: str = option) -> tuple[float, float, int]:
            fit = _fit_of(rules[position].effect(option))
            return (-1.0 if fit is None else fit, _hardness(rules[position]), position)

        rule = rules[min(range(len(rules)), key=key)]
        out[option] = Binding(_fit_of(rule.effect(option)), rule)
    open_model = context.models.get("open")
    if question_id == LICENCE_QUESTION and open_model is not None:
        tolerance = str(answers[question_id])
        rule = licence_rule(tolerance, open_model, out["closed"].fit or 0.0)
        for option in ("open", "hybrid"):
            out[option] = Binding(_fit_of(rule.effect(option)), rule)
    return out


LICENCE_QUESTION = "license_risk_tolerance"


def licence_rule(tolerance: str, model: ModelFacts, closed_fit: float) -> FitRule:
    """The licence-risk row for a shortlisted open model (``rules.LICENCE_FITS``)."""
    fit = LICENCE_FITS[tolerance][model.category]
    flags = [FLAG_NAMES[flag] for flag in model.flags if flag != "open_washing"]
    terms = f"; its terms include {', '.join(flags)}" if flags else ""
    washing = (
        " It is called open, but its licence is not an OSI-approved open-source licence."
        if "open_washing" in model.flags
        else ""
    )
    reason = (
        f"{model.name} comes under the {model.licence}, {CATEGORY_NAMES[model.category]}"
        f"{terms}, and the tolerance for licence risk is {tolerance}.{washing} A hybrid "
        "carries that licence on its self-hosted half and the vendor's terms on the other."
    )
    return FitRule(
        f"licence-{model.category.replace('_', '-')}",
        Is(LICENCE_QUESTION, tolerance),
        fit,
        closed_fit,
        (fit + closed_fit) / 2,
        reason,
    )


def criterion_fits(
    answers: Answers, tco_fits: Mapping[str, float], context: Context = EMPTY
) -> tuple[Fits, dict[str, dict[str, Binding]]]:
    """Every option's fit on every criterion (the mean of its questions' fits, a knock-out
    counting 0, as in v1), and each question's binding per option."""
    fits: Fits = {option: {} for option in OPTIONS}
    bindings: dict[str, dict[str, Binding]] = {option: {} for option in OPTIONS}
    for area in AREAS:
        if area.criterion == "tco":
            for option in OPTIONS:
                fits[option]["tco"] = tco_fits[option]
            continue
        sums = dict.fromkeys(OPTIONS, 0.0)
        for question_id in area.question_ids:
            for option, binding in question_fits(question_id, answers, context).items():
                sums[option] += 0.0 if binding.fit is None else binding.fit
                bindings[option][question_id] = binding
        for option in OPTIONS:
            fits[option][area.criterion] = sums[option] / len(area.question_ids)
    return fits, bindings


# --- requirements and knock-outs --------------------------------------------------------------
def stated(requirement: Requirement, answers: Answers) -> bool:
    return requirement.question in answers and requirement.condition.holds(answers)


def _knockout(requirement: Requirement, option: str, answers: Answers) -> Knockout | None:
    """The knock-out of ``option`` by a requirement the answers state, if it cannot meet it:
    the requirement and why the option cannot meet it, and the answers that say so."""
    why = cannot_meet(requirement, option, answers)
    if why is None:
        return None
    condition: Condition = requirement.condition
    verdict = requirement.verdict(option)
    if isinstance(verdict, InPart) and verdict.unless is not None:
        condition = AllOf((requirement.condition, verdict.unless))
    return Knockout(requirement.id, f"{requirement.must} {why}", condition_in_words(condition))


def cannot_meet(requirement: Requirement, option: str, answers: Answers) -> str | None:
    """Why ``option`` cannot meet a stated requirement with these answers; None if it can."""
    verdict = requirement.verdict(option)
    if isinstance(verdict, Cannot):
        return verdict.text
    if isinstance(verdict, InPart) and verdict.unless is not None and verdict.unless.holds(answers):
        return verdict.unless_reason
    return None


def knockouts(answers: Answers, context: Context = EMPTY) -> dict[str, tuple[Knockout, ...]]:
    """For each option, the stated requirements it cannot meet, in the table's order, then
    the organisation's policy rules that knock it out."""
    found: dict[str, list[Knockout]] = {option: [] for option in OPTIONS}
    for requirement in REQUIREMENTS:
        if stated(requirement, answers):
            for option in OPTIONS:
                knockout = _knockout(requirement, option, answers)
                if knockout is not None:
                    found[option].append(knockout)
    if context.policies:
        for option, rules in policy_knockouts(context.policies, answers, context.models).items():
            found[option] += [policy_knockout(rule) for rule in rules]
    return {option: tuple(kos) for option, kos in found.items()}


POLICY_PREFIX = "policy-"


def policy_knockout(rule: PolicyRule) -> Knockout:
    return Knockout(
        f"{POLICY_PREFIX}{rule.id}",
        f"Organisation {rule.label}: {rule.reason}",
        rule.describe(),
    )


def feasible_options(answers: Answers, context: Context = EMPTY) -> tuple[str, ...]:
    kos = knockouts(answers, context)
    return tuple(option for option in OPTIONS if not kos[option])


@dataclass(frozen=True)
class Standing:
    """Where one option stands on a stated requirement."""

    status: str  # "meets", "in part" or "cannot"
    text: str


@dataclass(frozen=True)
class StatedRequirement:
    """A requirement the answers state, and where each option stands on it."""

    requirement: Requirement
    answer: str  # the answer that states it, in the question bank's words
    standings: Mapping[str, Standing]

    def to_json(self) -> dict[str, object]:
        return {
            "requirement": self.requirement.id,
            "question": self.requirement.question,
            "answer": self.answer,
            "must": self.requirement.must,
            "options": {
                option: {"status": standing.status, "text": standing.text}
                for option, standing in self.standings.items()
            },
        }


def stated_requirements(answers: Answers) -> tuple[StatedRequirement, ...]:
    """Every requirement the answers state, in the table's order, with each option's standing:
    the board's must-haves, and how each option meets them or why it cannot."""
    out: list[StatedRequirement] = []
    for requirement in REQUIREMENTS:
        if not stated(requirement, answers):
            continue
        standings: dict[str, Standing] = {}
        for option in OPTIONS:
            verdict = requirement.verdict(option)
            why = cannot_meet(requirement, option, answers)
            if why is not None:
                standings[option] = Standing("cannot", why)
            elif isinstance(verdict, Meets):
                standings[option] = Standing("meets", verdict.text)
            else:
                standings[option] = Standing("in part", verdict.text)
        condition = requirement.condition
        answer = QUESTIONS_BY_ID[condition.question].label_of(condition.value)
        out.append(StatedRequirement(requirement, answer, standings))
    return tuple(out)


def _with_alternatives(
    kos: tuple[Knockout, ...], option: str, feasible: tuple[str, ...]
) -> tuple[Knockout, ...]:
    """Each knock-out's reason, followed by how another option that is still feasible meets
    the same requirement in part. An excluded option is never offered as the alternative."""
    out = []
    for ko in kos:
        requirement = REQUIREMENTS_BY_ID.get(ko.rule_id)
        if requirement is None:  # an organisation's policy: no alternative to offer
            out.append(ko)
            continue
        alternatives = [
            verdict.text
            for other in feasible
            if other != option and isinstance(verdict := requirement.verdict(other), InPart)
        ]
        reason = " ".join([ko.reason, *alternatives])
        out.append(Knockout(ko.rule_id, reason, ko.condition))
    return tuple(out)


# --- remedies ---------------------------------------------------------------------------------
def smallest_change(
    answers: Answers,
    questions: tuple[str, ...],
    works: Callable[[Mapping[str, Answer]], bool],
    *,
    most: int | None = None,
) -> tuple[Change, ...] | None:
    """The fewest changed answers among ``questions`` (then the nearest values) for which
    ``works`` holds, with every value of each changed question that would also do, given the
    others' new values. ``works`` is given only the changed answers. None: no change of up to
    ``most`` answers (default: all of them) works.

    The search of v1's remedies (``scoring.model.remedy``), with the condition as a parameter.
    """
    for size in range(1, min(most or len(questions), len(questions)) + 1):
        for subset in itertools.combinations(questions, size):
            candidates = [list(_alternatives(question_id, answers)) for question_id in subset]
            for combination in itertools.product(*candidates):
                chosen = dict(zip(subset, (value for value, _ in combination), strict=True))
                if not works(chosen):
                    continue
                changes = []
                for question_id, alternatives in zip(subset, candidates, strict=True):
                    working = [
                        (value, move)
                        for value, move in alternatives
                        if works({**chosen, question_id: value})
                    ]
                    changes.append(_change(question_id, working, answers))
                return tuple(changes)
    return None


def remedy(option: str, answers: Answers, context: Context = EMPTY) -> Remedy | None:
    """The smallest change of answers, among those the knock-outs read, that makes ``option``
    feasible again; None when no change of them does."""
    kos = knockouts(answers, context)[option]
    if not kos:
        return None
    rules = {f"{POLICY_PREFIX}{rule.id}": rule for rule in context.policies}
    involved: dict[str, None] = {}
    for ko in kos:
        source = REQUIREMENTS_BY_ID.get(ko.rule_id) or rules[ko.rule_id]
        involved.update(dict.fromkeys(source.questions()))
    questions = tuple(question_id for question_id in involved if question_id in answers)
    changes = smallest_change(
        answers,
        questions,
        lambda chosen: option in feasible_options({**answers, **chosen}, context),
    )
    return None if changes is None else Remedy(option, changes)


# --- the weighted sum -------------------------------------------------------------------------
def point_estimate(answers: Answers) -> tuple[dict[str, float], str]:
    """The closed-form costs from the answers and default prices, and the basis that says so."""
    inputs, _ = default_inputs(answers)
    paths = closed_form_costs(inputs)
    basis = (
        f"point estimate over {inputs.horizon_months} months from the questionnaire and "
        "default prices (no simulation yet)"
    )
    return {option: paths.total(option) for option in OPTIONS}, basis


@dataclass(frozen=True)
class Ranked:
    """What the ranking rests on: feasibility, fits, scores and costs."""

    weights: Mapping[str, float]
    knockouts: Mapping[str, tuple[Knockout, ...]]
    feasible: tuple[str, ...]
    costs: Mapping[str, float]
    tco_basis: str
    fits: Fits
    bindings: Mapping[str, Mapping[str, Binding]]
    scores: Mapping[str, float]
    ranking: tuple[str, ...]


def ranked(
    answers: Answers,
    weights: Mapping[str, float] | None = None,
    *,
    costs: Mapping[str, float] | None = None,
    tco_basis: str | None = None,
    context: Context = EMPTY,
) -> Ranked:
    """Everything of ``score`` but the remedies and the explanations: who comes first."""
    normalised = normalise_weights(weights)
    kos = knockouts(answers, context)
    feasible = tuple(option for option in OPTIONS if not kos[option])
    if costs is None:
        costs, basis = point_estimate(answers)
        tco_basis = tco_basis or basis
    tco_fit = cost_fits(costs, feasible)
    fits, bindings = criterion_fits(answers, tco_fit, context)
    scores = weighted_scores(fits, normalised)
    return Ranked(
        weights=normalised,
        knockouts=kos,
        feasible=feasible,
        costs=dict(costs),
        tco_basis=tco_basis or "",
        fits=fits,
        bindings=bindings,
        scores=scores,
        ranking=rank(scores, feasible),
    )


def score(
    answers: Answers,
    weights: Mapping[str, float] | None = None,
    *,
    costs: Mapping[str, float] | None = None,
    tco_basis: str | None = None,
    context: Context = EMPTY,
) -> ScoreResult:
    """Score complete, validated answers with model v2 (with ``context``: the shortlist's
    licence facts and the organisation's policy rules, scoring/context.py).

    ``costs`` are the cumulative costs at the horizon that set the TCO fit, e.g. a
    simulation's medians; without them the closed-form point estimate from the defaults is
    used, and ``tco_basis`` says so.
    """
    r = ranked(answers, weights, costs=costs, tco_basis=tco_basis, context=context)
    explanations = explain(
        answers,
        r.weights,
        r.bindings,
        r.fits,
        r.ranking,
        costs=r.costs,
        tco_basis=r.tco_basis,
    )
    options: dict[str, OptionResult] = {}
    for option in OPTIONS:
        is_feasible = option in r.feasible
        options[option] = OptionResult(
            option=option,
            feasible=is_feasible,
            score=r.scores[option] if is_feasible else None,
            rank=r.ranking.index(option) + 1 if is_feasible else None,
            criteria=tuple(
                CriterionScore(
                    criterion=c,
                    fit=r.fits[option][c],
                    weight=r.weights[c],
                    contribution=r.weights[c] * r.fits[option][c],
                )
                for c in CRITERIA
            ),
            reasons=explanations.get(option, ()),
            knockouts=_with_alternatives(r.knockouts[option], option, r.feasible),
            remedy=None if is_feasible else remedy(option, answers, context),
        )
    return ScoreResult(
        model_version=SCORING_MODEL_VERSION,
        weights=r.weights,
        options=options,
        ranking=r.ranking,
        costs=r.costs,
        tco_basis=r.tco_basis,
    )
