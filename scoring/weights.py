"""Criterion weights: direct, pairwise comparisons (AHP), group aggregation and suggestions.

Direct weights are any non-negative numbers, normalised to sum to 1.

AHP (Saaty): a judgment a_ij on the 1–9 scale says how many times more important criterion i
is than criterion j, with a_ji = 1 / a_ij. The weights are the principal (Perron) eigenvector
of the judgment matrix, normalised to sum to 1; λ_max is its eigenvalue. A consistent matrix
(a_ik = a_ij · a_jk everywhere) has λ_max = n, so the consistency index
CI = (λ_max − n) / (n − 1) measures how far the judgments contradict each other, and the
consistency ratio CR = CI / RI compares it with the mean CI of random matrices (Saaty's random
index RI). Above CR 0.10 the judgments should be revisited.

Groups: AHP members are combined by the element-wise geometric mean of their judgments (the
only mean that keeps the matrix reciprocal), direct members by the mean of their normalised
weights; the spread shows where they disagree.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scoring.questions import CRITERIA, Answers, FieldError
from scoring.rules import Includes, InRange, Is

Matrix = Sequence[Sequence[float]]

# Saaty's random index: the mean consistency index of random reciprocal matrices of size n.
RANDOM_INDEX: Mapping[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
CONSISTENCY_THRESHOLD = 0.10

# Saaty's fundamental scale and its reciprocals, smallest first.
SAATY_SCALE: tuple[float, ...] = tuple(1 / k for k in range(9, 1, -1)) + tuple(
    float(k) for k in range(1, 10)
)

# Relative tolerance for reciprocity and the scale's ends. People type 1/3 as 0.333 or
# 0.333333 and 1/6 as 0.167 (6 × 0.167 = 1.002): a reciprocal typed to three decimals or more
# passes; 0.5 against 3 does not.
RELATIVE_TOLERANCE = 5e-3

# Below this deviation |ln(a_ij · w_j / w_i)| a pair counts as consistent (rounding only).
_CONSISTENT = 1e-9
# Deviations closer than this are equal: they differ by rounding only.
_DEVIATION_TIE = 1e-9

CRITERION_NAMES: Mapping[str, str] = {
    "sensitivity": "sensitivity",
    "latency": "latency",
    "customization": "customization",
    "tco": "TCO",
    "risk": "risk",
}


def criterion_name(criterion: str, *, start: bool = False) -> str:
    """How a criterion is named in a sentence (``start``: at its beginning)."""
    name = CRITERION_NAMES.get(criterion, criterion)
    return name[:1].upper() + name[1:] if start else name


class WeightsInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in errors))


# --- direct -------------------------------------------------------------------------------
def parse_direct(raw: object, *, field: str = "weights.direct") -> dict[str, float]:
    """``{"sensitivity": 30, ...}`` → weights summing to 1. Missing criteria weigh 0."""
    if not isinstance(raw, Mapping):
        raise WeightsInvalid([FieldError(field, "must be an object of criterion weights")])
    errors: list[FieldError] = []
    values: dict[str, float] = {}
    for key, value in raw.items():
        if key not in CRITERIA:
            errors.append(
                FieldError(f"{field}.{key}", f"unknown criterion; use {', '.join(CRITERIA)}")
            )
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            errors.append(FieldError(f"{field}.{key}", "must be a finite number"))
        elif value < 0:
            errors.append(FieldError(f"{field}.{key}", "must not be negative"))
        else:
            values[key] = float(value)
    if not errors and sum(values.values()) <= 0:
        errors.append(FieldError(field, "at least one weight must be above zero"))
    if errors:
        raise WeightsInvalid(errors)
    return _share_of_total(values)


def normalise(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights in criterion order, summing to 1; a missing criterion weighs 0."""
    values = {criterion: float(weights.get(criterion, 0.0)) for criterion in CRITERIA}
    if any(value < 0 or not math.isfinite(value) for value in values.values()):
        raise ValueError("weights must be finite and not negative")
    if not any(values.values()):
        raise ValueError("weights must not all be zero")
    return _share_of_total(values)


def _share_of_total(values: Mapping[str, float]) -> dict[str, float]:
    """Each criterion's share of the total. Weights near the float limit overflow their sum
    (1.5e308 + 1.5e308 = inf); only then are they divided by the largest first, so that
    ordinary weights keep the exact arithmetic of stored runs."""
    shares = {criterion: values.get(criterion, 0.0) for criterion in CRITERIA}
    total = sum(shares.values())
    if not math.isfinite(total):
        largest = max(shares.values())
        shares = {criterion: value / largest for criterion, value in shares.items()}
        total = sum(shares.values())
    return {criterion: value / total for criterion, value in shares.items()}


# --- AHP ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AhpResult:
    weights: Mapping[str, float]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    # The judgment that agrees least with the weights, as (row, column) criteria, and the
    # scale value that would agree with them; None for a consistent matrix.
    most_inconsistent_pair: tuple[str, str] | None
    suggested_value: float | None
    warning: str | None

    @property
    def consistent_enough(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_THRESHOLD


def snap_to_scale(ratio: float) -> float:
    """The value of Saaty's scale (with reciprocals) nearest to ``ratio``.

    Nearest on a log scale, so that snapping 1/x gives the reciprocal of snapping x: the
    scale is about ratios, and 2.5 is as far from 2 as 1/2.5 is from 1/2.
    """
    return min(SAATY_SCALE, key=lambda value: abs(math.log(ratio / value)))


def format_judgment(value: float) -> str:
    """``3``, ``1/3`` or ``2.6``: how a judgment is written on Saaty's scale."""
    if value >= 1:
        return f"{value:.2g}" if abs(value - round(value)) > 1e-9 else f"{round(value)}"
    inverse = 1 / value
    if abs(inverse - round(inverse)) <= 1e-9:
        return f"1/{round(inverse)}"
    return f"1/{inverse:.2g}"


def _times(value: float) -> str:
    """How many times as important, for a judgment of at least 1: "twice", "2.9 times"."""
    text = format_judgment(value)
    return "twice" if text == "2" else f"{text} times"


def _equal(value: float) -> bool:
    """Whether a judgment reads as "equal" either way round (0.96 is "1/1", 1/0.96 is "1")."""
    return format_judgment(max(value, 1 / value)) == "1"


def _judgment_in_words(first: str, second: str, value: float) -> str:
    """ "TCO is 9 times as important as risk", "the two matter equally": a judgment of
    ``first`` against ``second`` as a board member would say it."""
    if _equal(value):
        return f"{criterion_name(first)} and {criterion_name(second)} matter equally"
    more, less, times = (first, second, value) if value > 1 else (second, first, 1 / value)
    return f"{criterion_name(more)} is {_times(times)} as important as {criterion_name(less)}"


def _implied_in_words(first: str, second: str, given: float, implied: float) -> str:
    """What the other judgments imply, said relative to what was given where it can be."""
    if _equal(implied):
        return "the two matter about equally"
    if not _equal(given) and (given > 1) == (implied > 1):
        return f"about {_times(implied if implied > 1 else 1 / implied)}"
    more, less, times = (first, second, implied) if implied > 1 else (second, first, 1 / implied)
    return f"{criterion_name(more)} is about {_times(times)} as important as {criterion_name(less)}"


def _advice(first: str, second: str, given: float, suggested: float) -> str:
    if format_judgment(suggested) == format_judgment(given):
        return (
            "No single step on the scale fixes it: the contradiction is spread over several "
            "comparisons, so look at them together."
        )
    if _equal(suggested):
        return "Consider rating the two as equally important."
    more, less, times = (
        (first, second, suggested) if suggested > 1 else (second, first, 1 / suggested)
    )
    return (
        f"Consider rating {criterion_name(more)} {_times(times)} as important as "
        f"{criterion_name(less)}."
    )


def ahp_weights(
    matrix: Matrix, criteria: Sequence[str] = CRITERIA, *, group: bool = False
) -> AhpResult:
    """Weights and consistency of a positive reciprocal judgment matrix (``group``: the
    board's combined matrix, which the warning then speaks of).

    ``criteria`` names the rows in order (the v1 criteria by default; other sizes up to 10
    are allowed so that textbook examples can be checked).

    The most inconsistent pair is the judgment (i < j) with the largest
    |ln(a_ij · w_j / w_i)|: how many-fold it differs from the ratio w_i / w_j that the weights
    imply. The log makes "3 instead of 1" and "1/3 instead of 1" equally wrong, which matches
    the reciprocal scale. λ_max − n is (1/n) Σ_{i<j} (e_ij + 1/e_ij − 2) with
    e_ij = a_ij · w_j / w_i, so this pair is also the largest single term of the CI.
    """
    a = np.asarray(matrix, dtype=float)
    n = len(criteria)
    if a.shape != (n, n):
        raise ValueError(f"matrix must be {n} × {n}, got shape {a.shape}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ValueError("judgments must be finite and positive")
    if n not in RANDOM_INDEX:
        raise ValueError(f"no random index for {n} criteria (1 to {max(RANDOM_INDEX)})")

    # A positive matrix has one real, simple eigenvalue of largest modulus (Perron–Frobenius)
    # with an eigenvector of one sign; LAPACK's answer is deterministic for the same input.
    eigenvalues, eigenvectors = np.linalg.eig(a)
    principal = int(np.argmax(eigenvalues.real))
    vector = eigenvectors[:, principal].real
    w = vector / vector.sum()
    lambda_max = float(eigenvalues[principal].real)
    # λ_max ≥ n in exact arithmetic; rounding may put a consistent matrix a hair below.
    consistency_index = max(0.0, (lambda_max - n) / (n - 1)) if n > 1 else 0.0
    random_index = RANDOM_INDEX[n]
    consistency_ratio = consistency_index / random_index if random_index > 0 else 0.0

    deviations = {
        (i, j): abs(math.log(a[i, j] * w[j] / w[i])) for i in range(n) for j in range(i + 1, n)
    }
    largest = max(deviations.values(), default=0.0)
    pair: tuple[int, int] | None = None
    if largest > _CONSISTENT:
        # Pairs that are equally far off, up to rounding, go to the first in order: the same
        # judgments then name the same pair alone and as a board's combined matrix.
        pair = next(p for p, d in deviations.items() if d >= largest - _DEVIATION_TIE)

    weights = {criterion: float(w[k]) for k, criterion in enumerate(criteria)}
    if pair is None:
        return AhpResult(
            weights, lambda_max, consistency_index, consistency_ratio, None, None, None
        )
    i, j = pair
    implied = float(w[i] / w[j])
    suggested = snap_to_scale(implied)
    warning = None
    if consistency_ratio > CONSISTENCY_THRESHOLD:
        whose, said, others = (
            ("The board's combined", "together you said", "the other")
            if group
            else ("Your", "you said", "your other")
        )
        first, second, given = criteria[i], criteria[j], float(a[i, j])
        warning = (
            f"{whose} comparisons contradict each other (consistency ratio "
            f"{consistency_ratio:.2f}; up to {CONSISTENCY_THRESHOLD:.2f} is acceptable). The one "
            f"that fits the others least is {criterion_name(first)} against "
            f"{criterion_name(second)}: {said} {_judgment_in_words(first, second, given)}, but "
            f"{others} judgments suggest {_implied_in_words(first, second, given, implied)}. "
            f"{_advice(first, second, given, suggested)}"
        )
    return AhpResult(
        weights=weights,
        lambda_max=lambda_max,
        consistency_index=consistency_index,
        consistency_ratio=consistency_ratio,
        most_inconsistent_pair=(criteria[i], criteria[j]),
        suggested_value=suggested,
        warning=warning,
    )


def _size_message() -> str:
    return (
        f"matrix must be {len(CRITERIA)} × {len(CRITERIA)} (criteria in the order "
        f"{', '.join(CRITERIA)})"
    )


def _judgment_error(value: object) -> str | None:
    """Why ``value`` cannot be a judgment on Saaty's scale, or None if it can."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if not math.isfinite(value):
        return "must be a finite number"
    if value <= 0:
        return "must be positive"
    low, high = SAATY_SCALE[0], SAATY_SCALE[-1]
    if value < low * (1 - RELATIVE_TOLERANCE) or value > high * (1 + RELATIVE_TOLERANCE):
        return "must be between 1/9 and 9 (Saaty's scale)"
    return None


def parse_ahp(raw: object, *, field: str = "weights.ahp") -> AhpResult:
    """Validate a 5 × 5 judgment matrix (lists of numbers) and derive its weights.

    Every error names its cell, e.g. ``weights.ahp[1][3]``. A reciprocity error is reported
    on the upper-triangle cell. The upper triangle holds the judgments: once validated, the
    lower triangle is rebuilt as their exact reciprocals, so that a 0.333333 typed for 1/3
    does not leak into the weights.
    """
    n = len(CRITERIA)
    if (
        not isinstance(raw, list | tuple)
        or len(raw) != n
        or not all(isinstance(row, list | tuple) and len(row) == n for row in raw)
    ):
        raise WeightsInvalid([FieldError(field, _size_message())])
    errors: list[FieldError] = []
    valid = [[_judgment_error(value) is None for value in row] for row in raw]
    for i, row in enumerate(raw):
        for j, value in enumerate(row):
            problem = _judgment_error(value)
            if problem is None and i == j and abs(value - 1) > RELATIVE_TOLERANCE:
                problem = "must be 1 (a criterion compared with itself)"
            if problem is not None:
                errors.append(FieldError(f"{field}[{i}][{j}]", problem))
    for i in range(n):
        for j in range(i + 1, n):
            if not (valid[i][j] and valid[j][i]):
                continue
            upper, lower = raw[i][j], raw[j][i]
            if abs(upper * lower - 1) > RELATIVE_TOLERANCE:
                errors.append(
                    FieldError(
                        f"{field}[{i}][{j}]",
                        f"must be the reciprocal of [{j}][{i}] ({lower:g}), got {upper:g}",
                    )
                )
    if errors:
        raise WeightsInvalid(errors)
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = float(raw[i][j])
            matrix[j][i] = 1 / float(raw[i][j])
    return ahp_weights(matrix)


def matrix_from_judgments(
    judgments: Mapping[tuple[str, str], float], *, field: str = "weights.ahp"
) -> list[list[float]]:
    """A full reciprocal matrix from one judgment per pair of criteria.

    ``judgments[(a, b)] = 3`` says a is three times as important as b. Either orientation
    of a pair may be given, but not both; all 10 pairs are required.
    """
    n = len(CRITERIA)
    index = {criterion: k for k, criterion in enumerate(CRITERIA)}
    matrix = [[1.0] * n for _ in range(n)]
    seen: set[frozenset[str]] = set()
    errors: list[FieldError] = []
    for (a, b), value in judgments.items():
        name = f"{field}.{a}.{b}"
        unknown = [c for c in (a, b) if c not in index]
        if unknown:
            errors.append(FieldError(name, f"unknown criterion; use {', '.join(CRITERIA)}"))
            continue
        if a == b:
            errors.append(FieldError(name, "compare two different criteria"))
            continue
        if frozenset((a, b)) in seen:
            errors.append(FieldError(name, f"{a} and {b} are compared twice"))
            continue
        seen.add(frozenset((a, b)))
        problem = _judgment_error(value)
        if problem is not None:
            errors.append(FieldError(name, problem))
            continue
        matrix[index[a]][index[b]] = float(value)
        matrix[index[b]][index[a]] = 1 / float(value)
    for i in range(n):
        for j in range(i + 1, n):
            pair = frozenset((CRITERIA[i], CRITERIA[j]))
            if pair not in seen:
                errors.append(
                    FieldError(f"{field}.{CRITERIA[i]}.{CRITERIA[j]}", "comparison is missing")
                )
    if errors:
        raise WeightsInvalid(errors)
    return matrix


# --- groups -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spread:
    """How far the members' (normalised) weights for one criterion lie apart."""

    minimum: float
    maximum: float
    stdev: float  # population standard deviation: the members are the whole group

    @property
    def width(self) -> float:
        return self.maximum - self.minimum


def aggregate_ahp(matrices: Sequence[Matrix], criteria: Sequence[str] = CRITERIA) -> AhpResult:
    """The group's weights from its members' judgment matrices (Aczél–Saaty).

    The element-wise geometric mean of reciprocal matrices is itself reciprocal, and it is
    the aggregation under which the group's judgment does not depend on which of a pair was
    asked first.
    """
    if not matrices:
        raise ValueError("at least one member's judgments are needed")
    stack = np.asarray(matrices, dtype=float)
    if stack.ndim != 3 or np.any(stack <= 0):
        raise ValueError("each member needs a square matrix of positive judgments")
    mean = np.exp(np.log(stack).mean(axis=0))
    return ahp_weights(mean.tolist(), criteria, group=True)


def aggregate_direct(weight_sets: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """The mean of the members' normalised weights: each member counts equally, however
    large the numbers they typed."""
    if not weight_sets:
        raise ValueError("at least one member's weights are needed")
    members = [normalise(weights) for weights in weight_sets]
    return {c: math.fsum(m[c] for m in members) / len(members) for c in CRITERIA}


def weights_spread(weight_sets: Sequence[Mapping[str, float]]) -> dict[str, Spread]:
    if not weight_sets:
        raise ValueError("at least one member's weights are needed")
    members = [normalise(weights) for weights in weight_sets]
    spread: dict[str, Spread] = {}
    for criterion in CRITERIA:
        values = [member[criterion] for member in members]
        spread[criterion] = Spread(min(values), max(values), statistics.pstdev(values))
    return spread


def most_disputed_criterion(weight_sets: Sequence[Mapping[str, float]]) -> str | None:
    """The criterion whose weights range widest across members (first in criterion order on
    a tie); None with fewer than two members or when they all agree."""
    if len(weight_sets) < 2:
        return None
    spread = weights_spread(weight_sets)
    disputed = max(CRITERIA, key=lambda criterion: spread[criterion].width)
    return disputed if spread[disputed].width > 0 else None


# --- suggested from the answers -----------------------------------------------------------
BASE_POINTS = 2


@dataclass(frozen=True)
class SuggestionRule:
    criterion: str
    condition: Is | Includes | InRange
    points: int
    because: str


# Each criterion starts at BASE_POINTS; every row whose condition holds adds its points.
# The points are normalised into weights. Each row is a claim that can be disputed.
SUGGESTION_RULES: tuple[SuggestionRule, ...] = (
    SuggestionRule(
        "sensitivity",
        Is("residency", "own_infrastructure"),
        3,
        "the data may not leave your own infrastructure",
    ),
    SuggestionRule(
        "sensitivity", Includes("data_classes", "personal"), 1, "the data includes personal data"
    ),
    SuggestionRule(
        "sensitivity",
        Includes("data_classes", "financial"),
        1,
        "the data includes financial data (card, account or trading data)",
    ),
    SuggestionRule(
        "sensitivity", Includes("data_classes", "health"), 2, "the data includes health data"
    ),
    SuggestionRule(
        "sensitivity",
        Includes("data_classes", "secret"),
        2,
        "the data includes secret or classified data",
    ),
    SuggestionRule("sensitivity", Includes("regulations", "gdpr"), 1, "GDPR applies"),
    SuggestionRule("sensitivity", Includes("regulations", "hipaa"), 1, "HIPAA applies"),
    SuggestionRule(
        "sensitivity", Includes("regulations", "pci_dss"), 1, "PCI DSS applies to card data"
    ),
    SuggestionRule(
        "sensitivity",
        Includes("regulations", "export_control"),
        2,
        "export control applies",
    ),
    SuggestionRule("latency", Is("offline", "always"), 3, "it must always work offline"),
    SuggestionRule("latency", Is("offline", "sometimes"), 1, "it must keep working offline"),
    SuggestionRule(
        "latency",
        InRange("p95_latency_ms", 0, 300),
        2,
        "responses are needed in under 300 ms",
    ),
    SuggestionRule("customization", Is("adaptation", "fine_tuning"), 1, "you will fine-tune"),
    SuggestionRule(
        "customization",
        Is("adaptation", "deep"),
        2,
        "you will adapt the model deeply (continued pre-training)",
    ),
    SuggestionRule(
        "customization",
        Is("domain", "highly_specialized"),
        1,
        "the domain language is highly specialised",
    ),
    SuggestionRule(
        "customization",
        Is("inspectability", "required"),
        2,
        "the model itself must be inspectable",
    ),
    SuggestionRule(
        "tco",
        InRange("requests_per_month", 1_000_000),
        1,
        "you expect a million or more requests a month",
    ),
    SuggestionRule(
        "tco",
        InRange("requests_per_month", 10_000_000),
        1,
        "that volume reaches ten million or more",
    ),
    SuggestionRule(
        "risk", Is("lock_in_tolerance", "low"), 2, "you can accept little vendor dependence"
    ),
    SuggestionRule(
        "risk", Is("regulatory_exposure", "high"), 2, "the use case is highly exposed to regulation"
    ),
    SuggestionRule(
        "risk", Is("license_risk_tolerance", "low"), 1, "you can absorb little licence risk"
    ),
    SuggestionRule(
        "risk",
        Includes("regulations", "eu_ai_act_high_risk"),
        1,
        "it is a high-risk system under the EU AI Act (documentation, logging, oversight)",
    ),
)


@dataclass(frozen=True)
class Suggestion:
    weights: Mapping[str, float]
    points: Mapping[str, int]
    explanations: Mapping[str, str]  # one sentence per criterion: where its points came from


def suggest_weights(answers: Answers) -> Suggestion:
    """Weights suggested by the answers, from the points table ``SUGGESTION_RULES``.

    Questions left unanswered simply add no points, so partial answers work too.
    """
    points = dict.fromkeys(CRITERIA, BASE_POINTS)
    reasons: dict[str, list[SuggestionRule]] = {criterion: [] for criterion in CRITERIA}
    for rule in SUGGESTION_RULES:
        if rule.condition.holds(answers):
            points[rule.criterion] += rule.points
            reasons[rule.criterion].append(rule)
    total = sum(points.values())
    weights = {criterion: points[criterion] / total for criterion in CRITERIA}
    explanations: dict[str, str] = {}
    for criterion in CRITERIA:
        head = (
            f"{criterion_name(criterion, start=True)}: {points[criterion]} of {total} points "
            f"({round(weights[criterion] * 100)} %)"
        )
        if reasons[criterion]:
            added = "; ".join(
                f"+{rule.points} because {rule.because}" for rule in reasons[criterion]
            )
            explanations[criterion] = f"{head}: {BASE_POINTS} to start; {added}."
        else:
            explanations[criterion] = (
                f"{head}: the {BASE_POINTS} every criterion starts with; no answer raises it."
            )
    return Suggestion(weights=weights, points=points, explanations=explanations)
