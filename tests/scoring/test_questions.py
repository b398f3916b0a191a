"""Question bank v1: validating an answers document, answered areas, rendering answers."""

from __future__ import annotations

import math

import pytest

from decisions.demo import HOSPITAL_NOTES
from scoring.questions import (
    AREAS,
    CRITERIA,
    QUESTIONS,
    QUESTIONS_BY_ID,
    Answer,
    AnswersInvalid,
    FieldError,
    answered_areas,
    format_answer,
    limit_text,
    validate_answers,
)

COMPLETE: dict[str, object] = {
    "data_classes": ["personal", "internal"],
    "residency": "own_region",
    "regulations": [],
    "vendor_terms_ok": "unsure",
    "p95_latency_ms": 1200,
    "offline": "never",
    "availability": "99.9",
    "deployment": "cloud",
    "adaptation": "retrieval",
    "domain": "specialized",
    "inspectability": "helpful",
    "ml_team": "small",
    "requests_per_month": 250_000,
    "input_tokens": 1_500,
    "output_tokens": 400,
    "monthly_growth_pct": 2.5,
    "horizon_months": 36,
    "gpu_infrastructure": "none",
    "lock_in_tolerance": "medium",
    "frontier_capability": "helpful",
    "license_risk_tolerance": "low",
    "safety_operations": "vendor",
    "regulatory_exposure": "medium",
}


def errors_of(raw: object, *, partial: bool = False) -> tuple[FieldError, ...]:
    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(raw, partial=partial)
    return caught.value.errors


def test_it_has_one_area_per_criterion_covering_every_question_once() -> None:
    assert tuple(area.criterion for area in AREAS) == CRITERIA
    listed = [question_id for area in AREAS for question_id in area.question_ids]
    assert sorted(listed) == sorted(question.id for question in QUESTIONS)
    for area in AREAS:
        for question_id in area.question_ids:
            assert QUESTIONS_BY_ID[question_id].criterion == area.criterion


def test_it_accepts_a_complete_valid_document() -> None:
    clean = validate_answers(COMPLETE)

    assert list(clean) == [question.id for question in QUESTIONS]
    assert clean["residency"] == "own_region"
    assert clean["regulations"] == []
    assert clean["monthly_growth_pct"] == 2.5


def test_it_accepts_the_demo_answers_unchanged() -> None:
    assert validate_answers(HOSPITAL_NOTES) == HOSPITAL_NOTES


def test_it_puts_multi_choice_answers_in_bank_order_without_duplicates() -> None:
    clean = validate_answers(
        {
            **COMPLETE,
            "data_classes": ["secret", "public", "secret", "health"],
            "regulations": ("hipaa", "gdpr", "hipaa"),
        }
    )

    assert clean["data_classes"] == ["public", "health", "secret"]
    assert clean["regulations"] == ["gdpr", "hipaa"]


def test_it_gives_equal_documents_for_equal_answers_in_any_order() -> None:
    shuffled = dict(reversed(list(COMPLETE.items())))
    shuffled["data_classes"] = ["internal", "personal", "internal"]

    assert validate_answers(shuffled) == validate_answers(COMPLETE)
    assert list(validate_answers(shuffled)) == list(validate_answers(COMPLETE))


def test_it_rejects_an_unknown_question_id() -> None:
    assert errors_of({**COMPLETE, "budget": 10}) == (FieldError("budget", "unknown question id"),)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requests_per_month", "1000", "must be a number"),
        ("horizon_months", True, "must be a number"),
        ("p95_latency_ms", None, "must be a number"),
        ("monthly_growth_pct", [3], "must be a number"),
        ("residency", 2, "must be one of: none, approved_vendor, own_region, own_infrastructure"),
        ("offline", ["never"], "must be one of: never, sometimes, always"),
        (
            "data_classes",
            "public",
            "must be a list of: public, internal, personal, health, financial, secret",
        ),
        (
            "regulations",
            [1],
            "must be a list of: gdpr, hipaa, pci_dss, eu_ai_act_high_risk, export_control",
        ),
    ],
)
def test_it_rejects_an_answer_of_the_wrong_type(field: str, value: object, message: str) -> None:
    assert errors_of({**COMPLETE, field: value}) == (FieldError(field, message),)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("p95_latency_ms", 49, "must be between 50 and 600,000 ms"),
        ("p95_latency_ms", 600_001, "must be between 50 and 600,000 ms"),
        ("requests_per_month", -1, "must be between 0 and 1,000,000,000,000 requests"),
        ("input_tokens", 0, "must be between 1 and 10,000,000 tokens"),
        ("monthly_growth_pct", -50.5, "must be between -50 and 500 % per month"),
        ("monthly_growth_pct", 500.01, "must be between -50 and 500 % per month"),
        ("horizon_months", 121, "must be between 1 and 120 months"),
    ],
)
def test_it_rejects_a_number_out_of_range(field: str, value: float, message: str) -> None:
    assert errors_of({**COMPLETE, field: value}) == (FieldError(field, message),)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("p95_latency_ms", 50),
        ("p95_latency_ms", 600_000),
        ("requests_per_month", 0),
        ("requests_per_month", 10**12),
        ("monthly_growth_pct", -50),
        ("monthly_growth_pct", 500.0),
        ("horizon_months", 1),
        ("horizon_months", 120),
    ],
)
def test_it_accepts_the_bounds_of_a_range(field: str, value: float) -> None:
    assert validate_answers({**COMPLETE, field: value})[field] == value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "residency",
            "cloud",
            "'cloud' is not one of: none, approved_vendor, own_region, own_infrastructure",
        ),
        ("availability", "99.999", "'99.999' is not one of: best_effort, 99.0, 99.9, 99.99"),
        (
            "data_classes",
            ["public", "medical"],
            "'medical' is not one of: public, internal, personal, health, financial, secret",
        ),
        (
            "regulations",
            ["sox"],
            "'sox' is not one of: gdpr, hipaa, pci_dss, eu_ai_act_high_risk, export_control",
        ),
    ],
)
def test_it_rejects_an_unknown_choice(field: str, value: object, message: str) -> None:
    assert errors_of({**COMPLETE, field: value}) == (FieldError(field, message),)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("field", ["monthly_growth_pct", "requests_per_month"])
def test_it_rejects_a_number_that_is_not_finite(field: str, value: float) -> None:
    assert errors_of({**COMPLETE, field: value}) == (FieldError(field, "must be a finite number"),)


def test_it_rejects_a_whole_number_question_given_a_fraction() -> None:
    assert errors_of({**COMPLETE, "horizon_months": 12.5}) == (
        FieldError("horizon_months", "must be a whole number"),
    )


def test_it_accepts_a_float_with_an_integer_value_for_a_whole_number_question() -> None:
    clean = validate_answers({**COMPLETE, "requests_per_month": 250000.0, "horizon_months": 24.0})

    assert clean["requests_per_month"] == 250_000
    assert type(clean["requests_per_month"]) is int
    assert type(clean["horizon_months"]) is int


def test_it_stores_a_plain_number_question_as_a_float() -> None:
    clean = validate_answers({**COMPLETE, "monthly_growth_pct": 3})

    assert clean["monthly_growth_pct"] == 3.0
    assert type(clean["monthly_growth_pct"]) is float


def test_it_allows_empty_regulations_but_not_empty_data_classes() -> None:
    assert validate_answers({**COMPLETE, "regulations": []})["regulations"] == []
    assert errors_of({**COMPLETE, "data_classes": []}) == (
        FieldError("data_classes", "choose at least one"),
    )


def test_it_requires_every_question_unless_partial() -> None:
    raw = {k: v for k, v in COMPLETE.items() if k not in {"residency", "horizon_months"}}

    assert errors_of(raw) == (
        FieldError("residency", "is required"),
        FieldError("horizon_months", "is required"),
    )


def test_it_allows_missing_questions_when_partial() -> None:
    assert validate_answers({"residency": "none", "offline": "always"}, partial=True) == {
        "residency": "none",
        "offline": "always",
    }
    assert validate_answers({}, partial=True) == {}


def test_it_still_rejects_a_bad_answer_when_partial() -> None:
    assert errors_of({"residency": "moon"}, partial=True) == (
        FieldError(
            "residency",
            "'moon' is not one of: none, approved_vendor, own_region, own_infrastructure",
        ),
    )


def test_it_reports_every_bad_field_at_once_naming_each() -> None:
    raw = {**COMPLETE, "residency": "moon", "p95_latency_ms": 10, "colour": "blue"}
    del raw["offline"]

    error_fields = [error.field for error in errors_of(raw)]

    assert error_fields == ["residency", "p95_latency_ms", "colour", "offline"]


def test_it_says_which_field_in_the_exception_message() -> None:
    with pytest.raises(AnswersInvalid, match=r"^horizon_months: must be between 1 and 120 months$"):
        validate_answers({**COMPLETE, "horizon_months": 0})


@pytest.mark.parametrize("raw", [None, [], "answers", 3])
def test_it_rejects_a_document_that_is_not_an_object(raw: object) -> None:
    assert errors_of(raw) == (FieldError("answers", "must be an object of question ids"),)


def test_it_lists_only_areas_whose_every_question_is_answered() -> None:
    sensitivity_only = {
        "data_classes": ["public"],
        "residency": "none",
        "regulations": [],
        "vendor_terms_ok": "yes",
        "p95_latency_ms": 800,
    }

    assert answered_areas({}) == ()
    assert answered_areas(sensitivity_only) == ("sensitivity",)
    assert answered_areas(validate_answers(COMPLETE)) == CRITERIA


def test_it_counts_an_empty_multi_choice_as_answered() -> None:
    answers = {"data_classes": ["public"], "residency": "none", "vendor_terms_ok": "yes"}

    assert answered_areas(answers) == ()
    assert answered_areas({**answers, "regulations": []}) == ("sensitivity",)


@pytest.mark.parametrize(
    ("question_id", "value", "text"),
    [
        ("residency", "own_infrastructure", "Only on our infrastructure"),
        ("vendor_terms_ok", "unsure", "Unsure"),
        ("data_classes", ["personal", "health"], "Personal data, Health data"),
        ("regulations", [], "none"),
        ("p95_latency_ms", 1200, "1,200 ms"),
        ("requests_per_month", 10**12, "1,000,000,000,000 requests"),
        ("monthly_growth_pct", 2.5, "2.5 % per month"),
        ("monthly_growth_pct", 3.0, "3 % per month"),
        ("horizon_months", 36, "36 months"),
    ],
)
def test_it_formats_an_answer_for_people(question_id: str, value: Answer, text: str) -> None:
    assert format_answer(QUESTIONS_BY_ID[question_id], value) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (50, "ms", "50 ms"),
        (1, "tokens", "1 token"),
        (10_000_000, "tokens", "10,000,000 tokens"),
        (1, "months", "1 month"),
        (-50, "% per month", "-50 % per month"),
        (2.5, "", "2.5"),
    ],
)
def test_it_writes_a_limit_with_its_unit(value: float, unit: str, text: str) -> None:
    assert limit_text(value, unit) == text
