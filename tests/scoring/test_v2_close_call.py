"""The close-call rule, at its boundaries: a lead of at most 0.02, or the winner first in at
most 70 % of plausible weightings, is a close call."""

from __future__ import annotations

import pytest

from scoring.evaluation import evaluate
from scoring.model import OptionResult, ScoreResult
from scoring.questions import OPTIONS
from scoring.sensitivity import FlipPoint, Robustness
from scoring.ties import rank
from scoring.v2.answer_flips import AnswerFlip
from scoring.v2.close_call import CLOSE_LEAD, CLOSE_SHARE_FIRST, close_call
from tests.scoring.examples import CLAIMS, CLAIMS_COSTS, CLAIMS_WEIGHTS


def result_with(scores: dict[str, float]) -> ScoreResult:
    """A result in which the options of ``scores`` are feasible with those totals."""
    ranking = rank(scores, [o for o in OPTIONS if o in scores])
    options = {
        option: OptionResult(
            option=option,
            feasible=option in scores,
            score=scores.get(option),
            rank=ranking.index(option) + 1 if option in scores else None,
            criteria=(),
            reasons=(),
            knockouts=(),
            remedy=None,
        )
        for option in OPTIONS
    }
    return ScoreResult(2, {}, options, ranking, {}, "")


def drawn(p_first: dict[str, float]) -> Robustness:
    return Robustness(p_first, 10_000, 0, 30.0, "")


def point(criterion: str, below: str | None, above: str | None) -> FlipPoint:
    return FlipPoint(criterion, 0.2, 0.1, 0.4, "hybrid", below, above, f"{criterion} text")


SAFE = drawn({"hybrid": 0.9, "closed": 0.1})


def test_it_uses_the_documented_bounds() -> None:
    assert (CLOSE_LEAD, CLOSE_SHARE_FIRST) == (0.02, 0.70)


@pytest.mark.parametrize(
    ("winner", "runner_up", "close"),
    [
        (0.02, 0.0, True),  # exactly 0.02 in floating point
        (0.845, 0.825, True),  # 0.02 by hand, 0.020000000000000018 in floating point
        (0.52, 0.50, True),
        (0.5201, 0.50, False),
        (0.775, 0.765, True),  # the board's report
        (0.8655, 0.845, False),  # the worked example: 0.0205
    ],
)
def test_a_lead_of_at_most_0_02_is_a_close_call(
    winner: float, runner_up: float, close: bool
) -> None:
    verdict = close_call(result_with({"hybrid": winner, "closed": runner_up}), (), SAFE, None)

    assert verdict.close is close
    assert verdict.because == (("lead",) if close else ())
    assert (verdict.winner, verdict.runner_up) == ("hybrid", "closed")
    assert verdict.lead == winner - runner_up


@pytest.mark.parametrize(
    ("share", "close"),
    [
        (0.5, True),
        (0.6999, True),
        (0.7, True),
        (7_000 / 10_000, True),
        (0.7001, False),
        (0.9, False),
    ],
)
def test_a_winner_first_in_at_most_70_percent_of_weightings_is_a_close_call(
    share: float, close: bool
) -> None:
    result = result_with({"hybrid": 0.9, "closed": 0.5})

    verdict = close_call(result, (), drawn({"hybrid": share, "closed": 1 - share}), None)

    assert verdict.close is close
    assert verdict.because == (("robustness",) if close else ())
    assert verdict.winner_share_first == share


def test_it_names_both_options_and_what_separates_them() -> None:
    points = (
        point("sensitivity", "closed", "open"),
        point("latency", None, None),
        point("tco", "open", None),
        point("risk", None, "closed"),
    )
    flip = AnswerFlip("closed", (), {}, "Closed would come first if …")

    verdict = close_call(
        result_with({"open": 0.5, "closed": 0.765, "hybrid": 0.775}),
        points,
        drawn({"open": 0.0, "closed": 0.42, "hybrid": 0.58}),
        flip,
    )

    assert verdict.close
    assert verdict.because == ("lead", "robustness")
    assert [p.criterion for p in verdict.flip_points] == ["sensitivity", "risk"]
    assert verdict.answer_flip is flip
    assert verdict.text == (
        "A close call between hybrid and closed: hybrid leads closed by 0.010 (0.775 against "
        "0.765) and comes first in 58 % of plausible weightings. Treat the two as equals "
        "unless the board can say which facts or weights separate them."
    )
    assert verdict.to_json() == {
        "options": ["hybrid", "closed"],
        "lead": pytest.approx(0.01, abs=1e-12),
        "winner_share_first": 0.58,
        "because": ["lead", "robustness"],
        "flip_points": ["sensitivity text", "risk text"],
        "answer_flip": "Closed would come first if …",
        "text": verdict.text,
    }


def test_it_tells_a_lead_just_above_the_bound_from_the_bound() -> None:
    # 0.0204 would read "0.020" to three decimals, which is close; it is not.
    verdict = close_call(result_with({"hybrid": 0.8654, "closed": 0.845}), (), SAFE, None)

    assert verdict.text == (
        "Hybrid leads closed by 0.0204 (0.8654 against 0.8450) and comes first in 90 % of "
        "plausible weightings: not a close call."
    )
    assert verdict.flip_points == ()


def test_a_lone_feasible_option_is_no_close_call() -> None:
    alone = close_call(result_with({"open": 0.4}), (), drawn({"open": 1.0}), None)
    nothing = close_call(result_with({}), (), None, None)

    assert (alone.close, alone.runner_up, alone.text) == (
        False,
        None,
        "Open is the only feasible option.",
    )
    assert (nothing.close, nothing.winner, nothing.text) == (False, None, "No option is feasible.")


def test_an_evaluation_reports_a_close_call_with_both_options() -> None:
    # The worked example with TCO at 26 instead of 25: hybrid's lead shrinks to 0.018.
    evaluation = evaluate(CLAIMS, {**CLAIMS_WEIGHTS, "tco": 26}, costs=CLAIMS_COSTS)
    output = evaluation.to_json()

    assert output["close_call"] is True
    detail = output["close_call_detail"]
    assert detail["options"] == ["hybrid", "closed"]
    assert detail["because"] == ["lead"]
    assert detail["answer_flip"] == output["options"]["closed"]["answer_flip"]["text"]
    assert detail["flip_points"] == [
        p["text"] for p in output["flip_points"] if "closed" in (p["rival_below"], p["rival_above"])
    ]
    assert evaluate(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS).to_json()["close_call"] is False
