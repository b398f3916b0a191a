"""Answers shared by the scoring tests, and hypothesis strategies for any valid answers."""

from collections.abc import Callable, Mapping
from itertools import product
from typing import Any

from hypothesis import strategies as st

from scoring.questions import (
    CRITERIA,
    QUESTIONS,
    QUESTIONS_BY_ID,
    Answer,
    Question,
    validate_answers,
)

Answers = dict[str, Answer]

# The worked example of docs/scoring-model.md: an insurer's claims assistant.
CLAIMS: Answers = {
    "data_classes": ["internal", "personal"],
    "residency": "own_region",
    "regulations": ["gdpr"],
    "vendor_terms_ok": "yes",
    "p95_latency_ms": 800,
    "offline": "never",
    "availability": "99.9",
    "deployment": "cloud",
    "adaptation": "retrieval",
    "domain": "highly_specialized",
    "inspectability": "helpful",
    "ml_team": "small",
    "requests_per_month": 200_000,
    "input_tokens": 3_000,
    "output_tokens": 500,
    "monthly_growth_pct": 4.0,
    "horizon_months": 36,
    "gpu_infrastructure": "some",
    "lock_in_tolerance": "medium",
    "frontier_capability": "helpful",
    "license_risk_tolerance": "medium",
    "safety_operations": "vendor",
    "regulatory_exposure": "medium",
}
CLAIMS_WEIGHTS = {"sensitivity": 30, "latency": 10, "customization": 20, "tco": 25, "risk": 15}
CLAIMS_COSTS = {"open": 1_200_000.0, "closed": 600_000.0, "hybrid": 750_000.0}


# A small team, public data, modest volume, frontier quality essential.
SMALL_TEAM: Answers = {
    "data_classes": ["public"],
    "residency": "none",
    "regulations": [],
    "vendor_terms_ok": "yes",
    "p95_latency_ms": 2000,
    "offline": "never",
    "availability": "99.0",
    "deployment": "cloud",
    "adaptation": "prompting",
    "domain": "general",
    "inspectability": "not_needed",
    "ml_team": "small",
    "requests_per_month": 50_000,
    "input_tokens": 1_000,
    "output_tokens": 300,
    "monthly_growth_pct": 2.0,
    "horizon_months": 24,
    "gpu_infrastructure": "none",
    "lock_in_tolerance": "medium",
    "frontier_capability": "essential",
    "license_risk_tolerance": "medium",
    "safety_operations": "vendor",
    "regulatory_exposure": "low",
}

# Mixed needs: customer and health data that must stay in-house, internal data that may go
# to a vendor, and tasks that need frontier quality.
MIXED_NEEDS: Answers = {
    "data_classes": ["internal", "personal", "health"],
    "residency": "own_infrastructure",
    "regulations": ["gdpr"],
    "vendor_terms_ok": "no",
    "p95_latency_ms": 2000,
    "offline": "never",
    "availability": "99.9",
    "deployment": "cloud",
    "adaptation": "retrieval",
    "domain": "specialized",
    "inspectability": "not_needed",
    "ml_team": "small",
    "requests_per_month": 300_000,
    "input_tokens": 2_000,
    "output_tokens": 400,
    "monthly_growth_pct": 3.0,
    "horizon_months": 36,
    "gpu_infrastructure": "some",
    "lock_in_tolerance": "medium",
    "frontier_capability": "essential",
    "license_risk_tolerance": "medium",
    "safety_operations": "vendor",
    "regulatory_exposure": "medium",
}

# Very high volume, a strong ML team, GPU clusters already in production.
HIGH_VOLUME: Answers = {
    "data_classes": ["internal"],
    "residency": "none",
    "regulations": [],
    "vendor_terms_ok": "yes",
    "p95_latency_ms": 2000,
    "offline": "never",
    "availability": "99.9",
    "deployment": "cloud",
    "adaptation": "fine_tuning",
    "domain": "specialized",
    "inspectability": "helpful",
    "ml_team": "strong",
    "requests_per_month": 30_000_000,
    "input_tokens": 1_500,
    "output_tokens": 400,
    "monthly_growth_pct": 2.0,
    "horizon_months": 36,
    "gpu_infrastructure": "substantial",
    "lock_in_tolerance": "medium",
    "frontier_capability": "helpful",
    "license_risk_tolerance": "medium",
    "safety_operations": "in_house",
    "regulatory_exposure": "medium",
}

# Content moderation for a hospital's patient portal; only health data, kept in-house.
HOSPITAL: Answers = {
    **SMALL_TEAM,
    "data_classes": ["health"],
    "residency": "own_infrastructure",
    "regulations": ["gdpr", "hipaa"],
    "vendor_terms_ok": "no",
}


# --- any valid answers ---------------------------------------------------------------
def any_answer(question: Question) -> st.SearchStrategy[Answer]:
    if question.kind == "one":
        return st.sampled_from(question.values)
    if question.kind == "multi":
        # Any order, duplicates allowed: validate_answers canonicalises them.
        return st.lists(
            st.sampled_from(question.values),
            min_size=0 if question.allow_empty else 1,
            max_size=len(question.values) + 1,
        )
    assert question.minimum is not None
    assert question.maximum is not None
    if question.kind == "int":
        return st.integers(int(question.minimum), int(question.maximum))
    return st.floats(question.minimum, question.maximum, allow_nan=False, allow_infinity=False)


def complete_answers(**fixed: st.SearchStrategy[Answer]) -> st.SearchStrategy[Answers]:
    """Random complete, valid answers built from the bank; ``fixed`` overrides questions."""
    return st.fixed_dictionaries(
        {question.id: fixed.get(question.id, any_answer(question)) for question in QUESTIONS}
    ).map(validate_answers)


# Direct weights as a board member types them: whole numbers, not all zero.
direct_weights = st.fixed_dictionaries(
    {criterion: st.integers(0, 100) for criterion in CRITERIA}
).filter(lambda weights: sum(weights.values()) > 0)


def health_data_kept_in_house() -> st.SearchStrategy[Answers]:
    """Any answers with health data (and perhaps more) that may not leave our servers."""
    return complete_answers(
        data_classes=st.lists(st.sampled_from(QUESTIONS_BY_ID["data_classes"].values)).map(
            lambda classes: [*classes, "health"]
        ),
        residency=st.just("own_infrastructure"),
    )


def jsonb_order(data: Any) -> Any:
    """``data`` with every object's keys in PostgreSQL jsonb's order (shorter keys first)."""
    if isinstance(data, dict):
        return {key: jsonb_order(data[key]) for key in sorted(data, key=lambda k: (len(k), k))}
    if isinstance(data, list):
        return [jsonb_order(item) for item in data]
    return data


def assert_remedy_reinstates(
    remedy: Any, answers: Mapping[str, Answer], feasible: Callable[[Answers], tuple[str, ...]]
) -> None:
    """Every combination of the values a remedy lists makes its option feasible, and none of
    its changes can be left out (``feasible``: the model's ``feasible_options``)."""
    option = remedy.option
    for values in product(*(change.values for change in remedy.changes)):
        changed = dict(zip((c.question for c in remedy.changes), values, strict=True))
        assert option in feasible({**answers, **changed}), (remedy.text, changed)
    for left_out in remedy.changes:
        partial = {c.question: c.values[0] for c in remedy.changes if c is not left_out}
        assert option not in feasible({**answers, **partial}), remedy.text
