"""Flip points and robustness in v2's words.

The numbers are v1's (``scoring/sensitivity.py``): the same intervals, crossings and draws.
Only the sentences change, to read as a board member would say them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from scoring import sensitivity as v1
from scoring.questions import OPTIONS
from scoring.sensitivity import Fits, FlipPoint, Robustness, _percentages
from scoring.weights import criterion_name
from scoring.wording import capitalised, listed, share_in_words


def flip_points(
    fits: Fits, weights: Mapping[str, float], feasible: Sequence[str]
) -> tuple[FlipPoint, ...]:
    """One flip point per criterion, in criterion order; none without a feasible option."""
    alone = len(feasible) == 1
    return tuple(
        replace(point, text=flip_text(point, alone=alone))
        for point in v1.flip_points(fits, weights, feasible)
    )


def flip_text(point: FlipPoint, *, alone: bool = False) -> str:
    """``point`` in words; ``alone``: its winner is the only feasible option."""
    first, name = capitalised(point.winner), criterion_name(point.criterion)
    if alone:
        return f"{first} is the only feasible option, so no weight of {name} changes the result."
    now, low, high = _percentages(point.weight, point.low, point.high)
    below, above = point.rival_below, point.rival_above
    if below is None and above is None:
        return f"{first} stays first whatever {name} weighs (now {now})."
    if below is None:
        return (
            f"{first} stays first unless {name} weighs more than {high} (now {now}); above "
            f"that, {above} comes first."
        )
    if above is None:
        return (
            f"{first} stays first as long as {name} weighs at least {low} (now {now}); below "
            f"that, {below} comes first."
        )
    return (
        f"{first} stays first as long as {name} weighs between {low} and {high} (now {now}). "
        f"Below {low}, {below} comes first; above {high}, {above} does."
    )


def robustness(
    fits: Fits,
    weights: Mapping[str, float],
    feasible: Sequence[str],
    *,
    samples: int,
    seed: int,
) -> Robustness:
    """v1's robustness draws, said in v2's words."""
    drawn = v1.robustness(fits, weights, feasible, samples=samples, seed=seed)
    return replace(drawn, text=robustness_text(drawn.p_first, drawn.samples))


def robustness_text(p_first: Mapping[str, float], samples: int) -> str:
    if not p_first:
        return "No option is feasible."
    if len(p_first) == 1:
        return f"{capitalised(next(iter(p_first)))} is the only feasible option."
    by_share = sorted(p_first, key=lambda option: (-p_first[option], OPTIONS.index(option)))
    leader = by_share[0]
    if p_first[leader] == 1:
        return f"{capitalised(leader)} comes first in all {samples:,} plausible weightings drawn."
    parts = [
        f"{capitalised(leader)} comes first in {share_in_words(p_first[leader])} of plausible "
        "weightings",
        *(f"{o} in {share_in_words(p_first[o])}" for o in by_share[1:] if p_first[o] > 0),
    ]
    return listed(parts, "and") + "."
