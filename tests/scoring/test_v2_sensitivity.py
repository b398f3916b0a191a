"""Flip points and robustness in v2's words: the numbers are v1's, the sentences read as a
board member would say them."""

from __future__ import annotations

from scoring import sensitivity as v1
from scoring.sensitivity import FlipPoint
from scoring.v2.sensitivity import flip_points, flip_text, robustness, robustness_text
from tests.scoring.test_sensitivity import THREE_WAY, sensitivity_weighs


def test_it_keeps_v1_s_numbers() -> None:
    weights = sensitivity_weighs(0.4)
    options = ("open", "closed", "hybrid")

    new, old = flip_points(THREE_WAY, weights, options), v1.flip_points(THREE_WAY, weights, options)
    assert [(p.low, p.high, p.rival_below, p.rival_above) for p in new] == [
        (p.low, p.high, p.rival_below, p.rival_above) for p in old
    ]
    drawn = robustness(THREE_WAY, weights, options, samples=2_000, seed=3)
    assert (
        drawn.p_first == v1.robustness(THREE_WAY, weights, options, samples=2_000, seed=3).p_first
    )


def point(low: float, high: float, below: str | None, above: str | None) -> FlipPoint:
    return FlipPoint("tco", 0.25, low, high, "hybrid", below, above, "")


def test_it_says_each_kind_of_flip_point() -> None:
    assert flip_text(point(1 / 19, 47 / 147, "open", "closed")) == (
        "Hybrid stays first as long as TCO weighs between 5 % and 32 % (now 25 %). Below 5 %, "
        "open comes first; above 32 %, closed does."
    )
    assert flip_text(point(0.0, 0.6444, None, "open")) == (
        "Hybrid stays first unless TCO weighs more than 64 % (now 25 %); above that, open "
        "comes first."
    )
    assert flip_text(point(0.22, 1.0, "closed", None)) == (
        "Hybrid stays first as long as TCO weighs at least 22 % (now 25 %); below that, closed "
        "comes first."
    )
    assert flip_text(point(0.0, 1.0, None, None)) == (
        "Hybrid stays first whatever TCO weighs (now 25 %)."
    )
    assert flip_text(point(0.0, 1.0, None, None), alone=True) == (
        "Hybrid is the only feasible option, so no weight of TCO changes the result."
    )


def test_it_says_how_often_each_option_comes_first() -> None:
    assert robustness_text({"open": 0.0047, "closed": 0.2259, "hybrid": 0.7694}, 10_000) == (
        "Hybrid comes first in 77 % of plausible weightings, closed in 23 % and open in under 1 %."
    )
    assert robustness_text({"open": 0.0, "closed": 0.4, "hybrid": 0.6}, 10_000) == (
        "Hybrid comes first in 60 % of plausible weightings and closed in 40 %."
    )
    assert robustness_text({"open": 1.0, "closed": 0.0}, 10_000) == (
        "Open comes first in all 10,000 plausible weightings drawn."
    )
    assert robustness_text({"open": 1.0}, 10_000) == "Open is the only feasible option."
    assert robustness_text({}, 10_000) == "No option is feasible."
