"""Close calls: when the top two are too close to call one of them "recommended".

The rule: with at least two feasible options, the result is a close call when

- the winner leads the runner-up by **at most 0.02** in total score, or
- the winner comes first in **at most 70 %** of the robustness draws.

Both bounds count as close: at exactly 0.02, or exactly 70 %, the board is told it is a close
call. A lead is compared within ``ties.SCORE_TIE`` of 0.02, so that a lead that is 0.02 by
hand counts as 0.02 whatever the last bits of the floating-point sum (0.845 − 0.825 is
0.020000000000000018 in floating point).

Why these bounds: a fit is a judgment stated to one decimal, so a lead of 0.02 is a tenth of
one such step on a criterion that weighs 20 %, well within what a board would dispute; and an
option that loses in three of ten plausible weightings has not won on the board's weights so
much as on their last digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.model import ScoreResult
from scoring.sensitivity import FlipPoint, Robustness
from scoring.ties import SCORE_TIE
from scoring.v2.answer_flips import AnswerFlip
from scoring.wording import capitalised, share_in_words

CLOSE_LEAD = 0.02
CLOSE_SHARE_FIRST = 0.70


@dataclass(frozen=True)
class CloseCall:
    """Whether the top two feasible options are too close to call, and what separates them."""

    close: bool
    winner: str | None
    runner_up: str | None
    lead: float | None  # winner's total − runner-up's
    winner_share_first: float | None  # share of robustness draws in which the winner is first
    because: tuple[str, ...]  # "lead", "robustness": which part of the rule holds
    flip_points: tuple[FlipPoint, ...]  # the weight changes that hand the win to the runner-up
    answer_flip: AnswerFlip | None  # the answer changes that hand it to the runner-up
    text: str

    def to_json(self) -> dict[str, object]:
        return {
            "options": [o for o in (self.winner, self.runner_up) if o is not None],
            "lead": self.lead,
            "winner_share_first": self.winner_share_first,
            "because": list(self.because),
            "flip_points": [point.text for point in self.flip_points],
            "answer_flip": None if self.answer_flip is None else self.answer_flip.text,
            "text": self.text,
        }


def close_call(
    result: ScoreResult,
    flip_points: Sequence[FlipPoint],
    robustness: Robustness | None,
    answer_flip: AnswerFlip | None,
) -> CloseCall:
    """Apply the close-call rule to a result; ``answer_flip`` is the runner-up's."""
    if len(result.ranking) < 2:
        alone = (
            "No option is feasible."
            if not result.ranking
            else f"{capitalised(result.ranking[0])} is the only feasible option."
        )
        return CloseCall(False, result.recommendation, None, None, None, (), (), None, alone)
    winner, runner_up = result.ranking[0], result.ranking[1]
    winner_score, runner_up_score = _score(result, winner), _score(result, runner_up)
    lead = winner_score - runner_up_score
    share = None if robustness is None else robustness.p_first.get(winner)
    because = []
    if lead <= CLOSE_LEAD + SCORE_TIE:
        because.append("lead")
    if share is not None and share <= CLOSE_SHARE_FIRST:
        because.append("robustness")
    separating = tuple(
        point for point in flip_points if runner_up in (point.rival_below, point.rival_above)
    )
    digits = _digits(lead)
    standing = (
        f"{winner} leads {runner_up} by {lead:.{digits}f} ({winner_score:.{digits}f} against "
        f"{runner_up_score:.{digits}f})"
    )
    if share is not None:
        standing += f" and comes first in {share_in_words(share)} of plausible weightings"
    if because:
        text = (
            f"A close call between {winner} and {runner_up}: {standing}. Treat the two as "
            "equals unless the board can say which facts or weights separate them."
        )
    else:
        text = f"{capitalised(standing)}: not a close call."
    return CloseCall(
        close=bool(because),
        winner=winner,
        runner_up=runner_up,
        lead=lead,
        winner_share_first=share,
        because=tuple(because),
        flip_points=separating if because else (),
        answer_flip=answer_flip if because else None,
        text=text,
    )


def _score(result: ScoreResult, option: str) -> float:
    score = result.options[option].score
    assert score is not None, "ranked options have a score"
    return score


def _digits(lead: float) -> int:
    """Three decimals, or as many more as it takes to tell a lead from the bound (0.0205 is
    not "0.020")."""
    digits = 3
    while (
        digits < 6
        and abs(lead - CLOSE_LEAD) > SCORE_TIE
        and f"{lead:.{digits}f}" == f"{CLOSE_LEAD:.{digits}f}"
    ):
        digits += 1
    return digits
