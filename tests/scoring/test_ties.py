"""The tie rule shared by the ranking, the flip points and the robustness draws."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from scoring.questions import OPTIONS
from scoring.ties import SCORE_TIE, rank


def test_it_ranks_by_score_best_first() -> None:
    assert rank({"open": 0.2, "closed": 0.9, "hybrid": 0.5}, OPTIONS) == (
        "closed",
        "hybrid",
        "open",
    )


def test_equal_scores_go_in_the_order_open_closed_hybrid_whatever_order_they_come_in() -> None:
    scores = {"open": 0.5, "closed": 0.7, "hybrid": 0.7}
    assert rank(scores, ("hybrid", "closed", "open")) == ("closed", "hybrid", "open")


def test_scores_that_differ_only_by_rounding_are_equal() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in floating point.
    assert rank({"closed": 0.3, "hybrid": 0.1 + 0.2}, ("closed", "hybrid")) == (
        "closed",
        "hybrid",
    )
    assert rank({"closed": 0.3, "hybrid": 0.3 + 2 * SCORE_TIE}, ("closed", "hybrid")) == (
        "hybrid",
        "closed",
    )


def test_it_ranks_only_the_options_it_is_given() -> None:
    assert rank({"open": 0.9, "closed": 0.1, "hybrid": 0.5}, ("hybrid", "closed")) == (
        "hybrid",
        "closed",
    )


@given(st.lists(st.floats(0, 1), min_size=3, max_size=3))
def test_each_option_is_ranked_once_and_never_below_a_clearly_lower_one(
    values: list[float],
) -> None:
    scores = dict(zip(OPTIONS, values, strict=True))
    ranking = rank(scores, OPTIONS)
    assert sorted(ranking) == sorted(OPTIONS)
    for higher, lower in itertools.pairwise(ranking):
        assert scores[higher] >= scores[lower] - SCORE_TIE
