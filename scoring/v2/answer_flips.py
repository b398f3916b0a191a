"""Answer flips: for each option that does not win, the fewest answer changes that would make
it win with the same weights.

The search is the remedies' (``model.smallest_change``): fewest changed answers first, then
the questions in the bank's order, then each question's nearest values first; the flip names
every value of each changed question that would also do. Its bounds:

- at most ``MOST_CHANGED_ANSWERS`` (2) answers change;
- only the questions with rules change (``rules.RULED_QUESTIONS``). The answers that feed
  the cost model (volume, tokens, growth, horizon, GPUs) move the TCO fit through the cost
  model, whose ranges the cost simulation explores; they are held as they are;
- a number moves to the lower end of each of its rules' intervals.

The costs behind the TCO fit stay as they are (a simulation's medians, or the point estimate
the result was scored with): a flip is read from the stored inputs alone, so a stored run
reproduces its flips exactly, whatever later default prices say. A change can still move the
TCO fits by changing which options are feasible, since the cheapest feasible option sets the
bar. Where a changed answer would also move the point estimate's defaults (the ML team, the
adaptation, the availability), a new cost run will show by how much.

How it is computed. A changed answer only changes its own question's fits, and the weighted
sum is linear, so each single change adds a fixed amount to each option's total and two
changes add both amounts. Feasibility and the TCO fit are looked up per pair. Every pair is
thus scored at once with numpy, in the search order, and the first pair that puts the option
first is confirmed by scoring its answers in full (``model.ranked``), so that rounding in the
shortcut can never name a change that does not work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scoring.context import EMPTY, Context
from scoring.model import Change, _alternatives, _change, normalise_weights
from scoring.policy import PolicyRule
from scoring.questions import (
    AREAS_BY_CRITERION,
    CRITERIA,
    OPTIONS,
    QUESTIONS_BY_ID,
    Answer,
    Answers,
)
from scoring.tco import cost_fits
from scoring.ties import SCORE_TIE
from scoring.v2.model import (
    cannot_meet,
    question_fits,
    ranked,
    stated,
)
from scoring.v2.rules import REQUIREMENTS, RULED_QUESTIONS, Cannot, InPart, Requirement
from scoring.wording import capitalised

MOST_CHANGED_ANSWERS = 2

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class AnswerFlip:
    """The fewest answer changes that put ``option`` first; none found within the bounds when
    ``changes`` is empty."""

    option: str
    changes: tuple[Change, ...]
    scores: Mapping[str, float]  # the feasible options' totals after the first working change
    text: str

    @property
    def found(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> dict[str, object]:
        return {
            "found": self.found,
            "changes": [
                {
                    "question": change.question,
                    "values": list(change.values),
                    "text": change.text,
                    "description": change.description,
                }
                for change in self.changes
            ],
            "scores": dict(self.scores),
            "text": self.text,
        }


@dataclass(frozen=True)
class _Candidate:
    question: str
    position: int  # of the question in RULED_QUESTIONS
    value: Answer


def answer_flips(
    answers: Answers,
    weights: Mapping[str, float] | None,
    *,
    costs: Mapping[str, float],
    winner: str | None,
    context: Context = EMPTY,
) -> dict[str, AnswerFlip]:
    """An answer flip for every option but ``winner`` (every option when none is feasible),
    with the weights as given to the model and the costs behind its TCO fit; the shortlist
    and the policy rules (``context``) stay as they are."""
    losers = [option for option in OPTIONS if option != winner]
    if not losers:
        return {}
    table = _Table(answers, weights, costs, context)
    return {option: table.flip(option) for option in losers}


class _Table:
    """Every change of one or two answers, scored at once."""

    def __init__(
        self,
        answers: Answers,
        weights: Mapping[str, float] | None,
        costs: Mapping[str, float],
        context: Context,
    ) -> None:
        self.answers = answers
        self.weights = weights
        self.costs = costs
        self.context = context
        self.candidates = [
            _Candidate(question_id, position, value)
            for position, question_id in enumerate(RULED_QUESTIONS)
            for value, _ in _alternatives(question_id, answers)
        ]
        n = len(self.candidates)
        self.positions = np.array([c.position for c in self.candidates], dtype=np.int64)
        first, second = np.triu_indices(n, 1)
        distinct = self.positions[first] != self.positions[second]
        first, second = first[distinct], second[distinct]
        # The search order: pairs of questions in the bank's order, then each one's values
        # nearest first; the candidates are listed in that order already.
        order = np.lexsort((second, first, self.positions[second], self.positions[first]))
        self.first, self.second = first[order], second[order]
        self.pair_index = np.full((n, n), -1, dtype=np.int64)
        self.pair_index[self.first, self.second] = np.arange(len(self.first))

        w = normalise_weights(weights)
        base = ranked(answers, weights, costs=costs, context=context)
        added = self._added_scores(w)
        rest = np.array(
            [sum(w[c] * base.fits[o][c] for c in CRITERIA if c != "tco") for o in OPTIONS]
        )
        single_feasible, pair_feasible = self._feasibility()
        single_tco, pair_tco = self._tco_fits(single_feasible, pair_feasible)
        self.single_scores = rest + added + w["tco"] * single_tco
        self.pair_scores = rest + added[self.first] + added[self.second] + w["tco"] * pair_tco
        self.single_feasible = single_feasible
        self.pair_feasible = pair_feasible

    # --- the pieces of a score -------------------------------------------------------------
    def _added_scores(self, w: Mapping[str, float]) -> Floats:
        """What each single change adds to each option's total, TCO aside."""
        base = {q: question_fits(q, self.answers, self.context) for q in RULED_QUESTIONS}
        added = np.zeros((len(self.candidates), len(OPTIONS)))
        for i, c in enumerate(self.candidates):
            criterion = QUESTIONS_BY_ID[c.question].criterion
            share = w[criterion] / len(AREAS_BY_CRITERION[criterion].question_ids)
            new = question_fits(c.question, {c.question: c.value}, self.context)
            for k, option in enumerate(OPTIONS):
                before, after = base[c.question][option].fit, new[option].fit
                added[i, k] = share * ((after or 0.0) - (before or 0.0))
        return added

    def _feasibility(self) -> tuple[Bools, Bools]:
        """Which options stay feasible after each single change and each pair of changes."""
        n = len(self.candidates)
        single = np.ones((n, len(OPTIONS)), dtype=bool)
        pair = np.ones((len(self.first), len(OPTIONS)), dtype=bool)
        for reads, k, knocks_out in self._knockers():
            involved = np.array([c.question in reads for c in self.candidates], dtype=bool)
            before = knocks_out({})
            out = np.array(
                [
                    knocks_out({c.question: c.value}) if involved[i] else before
                    for i, c in enumerate(self.candidates)
                ],
                dtype=bool,
            )
            # A pair changes the knock-out's outcome through the question it reads.
            pair_out = np.where(
                involved[self.first],
                out[self.first],
                np.where(involved[self.second], out[self.second], before),
            )
            for p in np.flatnonzero(involved[self.first] & involved[self.second]):
                a, b = self.candidates[self.first[p]], self.candidates[self.second[p]]
                pair_out[p] = knocks_out({a.question: a.value, b.question: b.value})
            single[:, k] &= ~out
            pair[:, k] &= ~pair_out
        return single, pair

    def _knockers(
        self,
    ) -> list[tuple[tuple[str, ...], int, Callable[[Mapping[str, Answer]], bool]]]:
        """Everything that may knock an option out, as (the questions it reads, the option,
        whether it knocks it out with some answers changed): the requirements the option
        cannot always meet, and the organisation's knock-out rules that name it."""
        knockers: list[tuple[tuple[str, ...], int, Callable[[Mapping[str, Answer]], bool]]] = []
        for requirement in REQUIREMENTS:
            for k, option in enumerate(OPTIONS):
                verdict = requirement.verdict(option)
                if not (
                    isinstance(verdict, Cannot)
                    or (isinstance(verdict, InPart) and verdict.unless is not None)
                ):
                    continue

                def knocks_out(
                    changed: Mapping[str, Answer],
                    requirement: Requirement = requirement,
                    option: str = option,
                ) -> bool:
                    answers = {**self.answers, **changed}
                    return stated(requirement, answers) and (
                        cannot_meet(requirement, option, answers) is not None
                    )

                knockers.append((requirement.questions(), k, knocks_out))
        for rule in self.context.policies:
            if rule.effect != "knockout":
                continue
            for k, option in enumerate(OPTIONS):
                if option in rule.options:

                    def holds(changed: Mapping[str, Answer], rule: PolicyRule = rule) -> bool:
                        return rule.holds({**self.answers, **changed}, self.context.models)

                    knockers.append((rule.questions(), k, holds))
        return knockers

    def _tco_fits(self, single_feasible: Bools, pair_feasible: Bools) -> tuple[Floats, Floats]:
        """The TCO fits after each change: the same costs, but the cheapest option that is
        still feasible sets the bar."""
        # fits[feasible set, option], a feasible set coded as bits in OPTIONS order.
        fits = np.zeros((2 ** len(OPTIONS), len(OPTIONS)))
        for code in range(2 ** len(OPTIONS)):
            feasible = tuple(o for k, o in enumerate(OPTIONS) if code >> k & 1)
            by_option = cost_fits(self.costs, feasible)
            fits[code] = [by_option[o] for o in OPTIONS]
        bits = 1 << np.arange(len(OPTIONS))
        return fits[single_feasible @ bits], fits[pair_feasible @ bits]

    # --- the search ------------------------------------------------------------------------
    def flip(self, option: str) -> AnswerFlip:
        k = OPTIONS.index(option)
        single = self._wins(k, self.single_scores, self.single_feasible)
        pair = self._wins(k, self.pair_scores, self.pair_feasible)
        for picks in (
            [[int(i)] for i in np.flatnonzero(single)],
            [[int(self.first[p]), int(self.second[p])] for p in np.flatnonzero(pair)],
        ):
            for picked in picks:
                scores = self._first_if(option, self._chosen(picked))
                if scores is None:
                    continue
                changes = tuple(
                    self._change(option, picked, held, single, pair) for held in range(len(picked))
                )
                return AnswerFlip(option, changes, scores, _flip_text(option, changes, scores))
        return AnswerFlip(
            option,
            (),
            {},
            f"No change of one or two answers would put {option} first with these weights.",
        )

    def _wins(self, k: int, scores: Floats, feasible: Bools) -> Bools:
        """Where option k comes first, by the tie rule of ``ties.rank``."""
        masked = np.where(feasible, scores, -np.inf)
        best = masked.max(axis=1, keepdims=True)
        in_front = feasible & (masked >= best - SCORE_TIE)
        return np.asarray(in_front[:, k] & ~in_front[:, :k].any(axis=1))

    def _chosen(self, picked: list[int]) -> dict[str, Answer]:
        return {self.candidates[i].question: self.candidates[i].value for i in picked}

    def _first_if(self, option: str, chosen: Mapping[str, Answer]) -> dict[str, float] | None:
        """The feasible options' totals with these answers changed, if ``option`` comes first;
        scored in full, as the model does."""
        result = ranked(
            {**self.answers, **chosen}, self.weights, costs=self.costs, context=self.context
        )
        if not result.ranking or result.ranking[0] != option:
            return None
        return {o: result.scores[o] for o in result.ranking}

    def _change(
        self, option: str, picked: list[int], changed: int, single: Bools, pair: Bools
    ) -> Change:
        """The change of ``picked[changed]``'s question, with every value of it that also puts
        ``option`` first while the other picked change is held."""
        question_id = self.candidates[picked[changed]].question
        others = [i for position, i in enumerate(picked) if position != changed]
        working: list[tuple[Answer, tuple[str, ...]]] = []
        alternatives = _alternatives(question_id, self.answers)
        values = [i for i, c in enumerate(self.candidates) if c.question == question_id]
        for i, (value, move) in zip(values, alternatives, strict=True):
            together = sorted([i, *others])
            if len(together) == 1:
                likely = bool(single[i])
            else:
                likely = bool(pair[self.pair_index[together[0], together[1]]])
            if i == picked[changed] or (
                likely and self._first_if(option, self._chosen(together)) is not None
            ):
                working.append((value, move))
        return _change(question_id, working, self.answers)


def _flip_text(option: str, changes: tuple[Change, ...], scores: Mapping[str, float]) -> str:
    others = [o for o in scores if o != option]
    then = f"It would then score {scores[option]:.3f}"
    if others:
        best = max(others, key=lambda o: scores[o])
        then += f", against {scores[best]:.3f} for {best}"
    conditions = " and ".join(change.description for change in changes)
    return f"{capitalised(option)} would come first if {conditions}. {then}."
