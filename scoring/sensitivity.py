"""How much the recommendation depends on the weights: flip points and robustness.

Both start from the fit matrix u_c(o) (``ScoreResult.options[o].criteria``, or the first
value of ``model.criterion_fits``) and the normalised weights. Only feasible options compete;
equal scores (within ``ties.SCORE_TIE``) go to the option listed first in ``OPTIONS``, as in
``ties.rank``.

Flip points. Move the weight of one criterion c to t and rescale the others in proportion,
w_k(t) = w_k · (1 − t) / (1 − w_c). Every option's score is then a straight line in t,

    S_o(t) = R_o + t · (u_c(o) − R_o),   R_o = Σ_{k≠c} w_k u_k(o) / Σ_{k≠c} w_k,

so the winner W stays ahead of a rival r until the two lines cross, and the interval of t
over which W stays first is the intersection of one half-line per rival: a closed form, no
search. At a boundary itself the two options tie.

Robustness (SMAA, stochastic multicriteria acceptability analysis). Weight vectors are drawn
from a Dirichlet distribution centred on the chosen weights and every draw is scored; the
share of draws in which an option comes first is its acceptability p_first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from scoring.questions import CRITERIA, OPTIONS
from scoring.ties import SCORE_TIE, rank
from scoring.weights import criterion_name

Fits = Mapping[str, Mapping[str, float]]

# A slope difference below this is rounding, not a crossing: the two lines are parallel.
_PARALLEL = 1e-12

# A crossing this close to 0 or 1 is a tie at the end of the range (equal fits on the
# criterion, or equal fits on all the others), not a flip inside it.
_AT_END = 1e-9

# Dirichlet(α = concentration · w): each weight w_c is drawn with mean w_c and variance
# w_c (1 − w_c) / (concentration + 1). At 30 a weight of 20 % varies by about ±7 points
# (one standard deviation) and 95 % of draws fall between about 8 % and 37 %: roughly the
# precision with which people can state a weight, not the whole simplex.
DEFAULT_CONCENTRATION = 30.0

# A weight of 0 would give α = 0, for which the Dirichlet is undefined. Such a criterion is
# drawn as if it weighed 1 % (α = 0.3 at the default): it stays near zero in almost every
# draw, and the draws' means barely move from the chosen weights.
WEIGHT_FLOOR = 0.01

# Weights whose sum is this close to 1 are used as they are, so that the winner here is
# exactly the model's winner even in an exact tie.
_NORMALISED = 1e-9


@dataclass(frozen=True)
class FlipPoint:
    """Over which weights of ``criterion`` the winner stays first (others rescaled)."""

    criterion: str
    weight: float  # the criterion's current weight, within [low, high]
    low: float
    high: float
    winner: str
    rival_below: str | None  # the option that comes first just below ``low``
    rival_above: str | None  # the option that comes first just above ``high``
    text: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Robustness:
    p_first: Mapping[str, float]  # feasible options in OPTIONS order; sums to 1
    samples: int
    seed: int
    concentration: float
    text: str

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "p_first": dict(self.p_first)}


def _weights(weights: Mapping[str, float]) -> dict[str, float]:
    values = {criterion: float(weights.get(criterion, 0.0)) for criterion in CRITERIA}
    if any(not math.isfinite(value) or value < 0 for value in values.values()):
        raise ValueError("weights must be finite and not negative")
    total = math.fsum(values.values())
    if total <= 0:
        raise ValueError("weights must not all be zero")
    if abs(total - 1) <= _NORMALISED:
        return values
    return {criterion: value / total for criterion, value in values.items()}


def _competing(fits: Fits, feasible: Sequence[str]) -> tuple[str, ...]:
    unknown = [option for option in feasible if option not in fits]
    if unknown:
        raise ValueError(f"no fits for feasible option {unknown[0]!r}")
    return tuple(option for option in OPTIONS if option in feasible)


def _scores(fits: Fits, weights: Mapping[str, float], options: Sequence[str]) -> dict[str, float]:
    # The very expression of ``model.weighted_scores``, so that exact ties come out the same.
    # (Not imported: the model may one day report flip points itself.)
    return {option: sum(weights[c] * fits[option][c] for c in CRITERIA) for option in options}


def _first(scores: Mapping[str, float], options: Sequence[str]) -> str:
    """The highest score, the first listed on a tie: ``ties.rank(scores, options)[0]``."""
    return rank(scores, options)[0]


def winner(fits: Fits, weights: Mapping[str, float], feasible: Sequence[str]) -> str | None:
    """The feasible option that comes first at these weights, as ``ties.rank`` decides."""
    options = _competing(fits, feasible)
    if not options:
        return None
    return _first(_scores(fits, _weights(weights), options), options)


# --- flip points --------------------------------------------------------------------------
def flip_points(
    fits: Fits, weights: Mapping[str, float], feasible: Sequence[str]
) -> tuple[FlipPoint, ...]:
    """One flip point per criterion, in criterion order; none without a feasible option."""
    options = _competing(fits, feasible)
    if not options:
        return ()
    w = _weights(weights)
    scores = _scores(fits, w, options)
    first = _first(scores, options)
    return tuple(_flip_point(criterion, fits, w, scores, first, options) for criterion in CRITERIA)


def _flip_point(
    criterion: str,
    fits: Fits,
    weights: Mapping[str, float],
    scores: Mapping[str, float],
    first: str,
    options: tuple[str, ...],
) -> FlipPoint:
    current = weights[criterion]
    others = [k for k in CRITERIA if k != criterion]
    rest = math.fsum(weights[k] for k in others)

    def slope(option: str) -> float:
        # S_o(t) = R_o + t · (u_c(o) − R_o). When the criterion carries all the weight there
        # is no proportion to keep: the others then share 1 − t equally.
        if rest > 0:
            rest_fit = math.fsum(weights[k] * fits[option][k] for k in others) / rest
        else:
            rest_fit = math.fsum(fits[option][k] for k in others) / len(others)
        return fits[option][criterion] - rest_fit

    # (crossing, steepness, OPTIONS index, rival) for rivals that overtake below / above.
    below: list[tuple[float, float, int, str]] = []
    above: list[tuple[float, float, int, str]] = []
    winner_slope = slope(first)
    for rival in options:
        if rival == first:
            continue
        # ≥ 0: ``first`` is first now (on a tie within SCORE_TIE, it may trail by rounding).
        gap = max(0.0, scores[first] - scores[rival])
        difference = winner_slope - slope(rival)
        if abs(difference) <= _PARALLEL:
            continue
        # Written as an offset from the current weight so that rounding can never push the
        # interval off it.
        if difference > 0:
            crossing = current - gap / difference
            if crossing > _AT_END:
                below.append((crossing, difference, OPTIONS.index(rival), rival))
        else:
            crossing = current + gap / -difference
            if crossing < 1 - _AT_END:
                above.append((crossing, -difference, OPTIONS.index(rival), rival))

    # The bound is the nearest crossing; if two rivals cross there together, the steeper one
    # leads beyond it (equal lines: the one listed first).
    low, rival_below = 0.0, None
    if below:
        low, _, _, rival_below = max(below, key=lambda b: (b[0], b[1], -b[2]))
    high, rival_above = 1.0, None
    if above:
        high, _, _, rival_above = min(above, key=lambda a: (a[0], -a[1], a[2]))
    return FlipPoint(
        criterion=criterion,
        weight=current,
        low=low,
        high=high,
        winner=first,
        rival_below=rival_below,
        rival_above=rival_above,
        text=_flip_text(criterion, current, low, high, first, rival_below, rival_above, options),
    )


def _percentages(current: float, *bounds: float) -> tuple[str, ...]:
    """``current`` and ``bounds`` as percentages, with as many decimals as it takes (up to
    two) to tell a bound from the current weight and an inner bound from 0 % or 100 %."""
    for digits in range(3):
        texts = tuple(f"{value * 100:.{digits}f} %" for value in (current, *bounds))
        if all(
            (text != texts[0] or value == current)
            and (value in (0, 1) or float(text[:-2]) not in (0, 100))
            for text, value in zip(texts[1:], bounds, strict=True)
        ):
            break
    return texts


def _flip_text(
    criterion: str,
    current: float,
    low: float,
    high: float,
    first: str,
    rival_below: str | None,
    rival_above: str | None,
    options: tuple[str, ...],
) -> str:
    name = criterion_name(criterion)
    if len(options) == 1:
        return f"{first} is the only feasible option, whatever {name} weighs."
    now, low_text, high_text = _percentages(current, low, high)
    if rival_below is None and rival_above is None:
        return f"{first} stays first whatever {name} weighs (now {now})."
    if rival_below is None:
        return (
            f"{first} stays first unless {name} weighs more than {high_text} (now {now}); "
            f"above that, {rival_above} wins."
        )
    if rival_above is None:
        return (
            f"{first} stays first as long as {name} weighs at least {low_text} (now {now}); "
            f"below that, {rival_below} wins."
        )
    return (
        f"{first} stays first as long as {name} weighs between {low_text} and {high_text} "
        f"(now {now}); below that, {rival_below} wins, above it, {rival_above}."
    )


# --- robustness ---------------------------------------------------------------------------
def robustness(
    fits: Fits,
    weights: Mapping[str, float],
    feasible: Sequence[str],
    *,
    samples: int = 10_000,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> Robustness:
    """How often each feasible option comes first when the weights are drawn around the
    chosen ones. The same seed gives the same result."""
    if samples < 1:
        raise ValueError("samples must be at least 1")
    if not math.isfinite(concentration) or concentration <= 0:
        raise ValueError("concentration must be a positive number")
    options = _competing(fits, feasible)
    w = _weights(weights)
    if len(options) <= 1:
        p_first = {option: 1.0 for option in options}
    else:
        alpha = concentration * np.maximum([w[c] for c in CRITERIA], WEIGHT_FLOOR)
        draws = np.random.default_rng(seed).dirichlet(alpha, size=samples)
        fit_matrix = np.array([[fits[option][c] for option in options] for c in CRITERIA])
        # The first column (in OPTIONS order) within SCORE_TIE of the best: the tie rule of
        # ties.rank.
        totals = draws @ fit_matrix
        firsts = np.argmax(totals >= totals.max(axis=1, keepdims=True) - SCORE_TIE, axis=1)
        counts = np.bincount(firsts, minlength=len(options))
        p_first = {
            option: int(count) / samples for option, count in zip(options, counts, strict=True)
        }
    return Robustness(
        p_first=p_first,
        samples=samples,
        seed=seed,
        concentration=concentration,
        text=_robustness_text(p_first, samples),
    )


def _share(p: float) -> str:
    if 0 < p < 0.01:
        return "under 1 %"
    if 0.99 < p < 1:
        return "over 99 %"
    return f"{round(p * 100)} %"


def _robustness_text(p_first: Mapping[str, float], samples: int) -> str:
    if not p_first:
        return "No option is feasible."
    if len(p_first) == 1:
        return f"{next(iter(p_first))} is the only feasible option."
    by_share = sorted(p_first, key=lambda option: (-p_first[option], OPTIONS.index(option)))
    leader = by_share[0]
    if p_first[leader] == 1:
        return f"{leader} wins in all {samples:,} plausible weightings drawn."
    others = ", ".join(
        f"{option} in {_share(p_first[option])}" for option in by_share[1:] if p_first[option] > 0
    )
    return f"{leader} wins in {_share(p_first[leader])} of plausible weightings, {others}."
