"""Weights: direct, AHP, group aggregation and suggestions from the answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decisions.demo import HOSPITAL_NOTES, SUPPORT_CHAT
from scoring.questions import CRITERIA, Answers, validate_answers
from scoring.weights import (
    RANDOM_INDEX,
    SAATY_SCALE,
    AhpResult,
    Spread,
    WeightsInvalid,
    aggregate_ahp,
    aggregate_direct,
    ahp_weights,
    format_judgment,
    matrix_from_judgments,
    most_disputed_criterion,
    parse_ahp,
    parse_direct,
    snap_to_scale,
    suggest_weights,
    weights_spread,
)
from tests.scoring.examples import complete_answers

SIZE_MESSAGE = (
    "matrix must be 5 × 5 (criteria in the order sensitivity, latency, customization, tco, risk)"
)


def consistent_matrix(weights: list[float]) -> list[list[float]]:
    return [[wi / wj for wj in weights] for wi in weights]


def ones() -> list[list[float]]:
    return [[1.0] * 5 for _ in range(5)]


def errors_of(raw: object) -> dict[str, str]:
    with pytest.raises(WeightsInvalid) as caught:
        parse_ahp(raw)
    return {error.field: error.message for error in caught.value.errors}


# --- AHP: published and constructed examples ---------------------------------------------
def test_it_recovers_the_weights_of_a_consistent_matrix() -> None:
    w = [0.4, 0.25, 0.15, 0.12, 0.08]
    result = ahp_weights(consistent_matrix(w))
    # A = w wᵀ⁻¹ has rank one: A w = n w, so λ_max = 5, CI = CR = 0 and w comes back.
    assert list(result.weights) == list(CRITERIA)
    assert list(result.weights.values()) == pytest.approx(w, abs=1e-12)
    assert result.lambda_max == pytest.approx(5, abs=1e-12)
    assert result.consistency_ratio == pytest.approx(0, abs=1e-12)
    assert result.most_inconsistent_pair is None
    assert result.suggested_value is None
    assert result.warning is None


def test_it_gives_equal_weights_for_all_equal_judgments() -> None:
    result = ahp_weights(ones())
    assert list(result.weights.values()) == pytest.approx([0.2] * 5, abs=1e-15)
    assert result.consistency_ratio == pytest.approx(0, abs=1e-12)


def test_it_matches_saatys_textbook_three_by_three() -> None:
    # The classic A = [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]], published with priorities
    # (0.637, 0.258, 0.105), λ_max ≈ 3.039 and CR ≈ 0.033.
    matrix: list[list[float]] = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
    result = ahp_weights(matrix, ("a", "b", "c"))
    assert [round(w, 3) for w in result.weights.values()] == [0.637, 0.258, 0.105]
    # For a 3 × 3 reciprocal matrix λ_max = 1 + ρ^(1/3) + ρ^(-1/3) with ρ = a12·a23 / a13
    # = 3·3/5 = 1.8: 1 + 1.21644 + 0.82207 = 3.03851.
    rho = 3 * 3 / 5
    assert result.lambda_max == pytest.approx(1 + rho ** (1 / 3) + rho ** (-1 / 3), abs=1e-12)
    # CI = (3.03851 − 3) / 2 = 0.019256; CR = 0.019256 / 0.58 = 0.0332.
    assert result.consistency_index == pytest.approx((result.lambda_max - 3) / 2, abs=1e-15)
    assert round(result.consistency_ratio, 4) == 0.0332
    assert result.warning is None


def test_it_returns_the_principal_eigenvector() -> None:
    matrix: list[list[float]] = [
        [1, 1 / 3, 1 / 9, 1 / 5],
        [3, 1, 1, 1],
        [9, 1, 1, 3],
        [5, 1, 1 / 3, 1],
    ]
    result = ahp_weights(matrix, ("a", "b", "c", "d"))
    w = np.array(list(result.weights.values()))
    assert np.all(w > 0)
    assert w.sum() == pytest.approx(1, abs=1e-15)
    assert np.asarray(matrix) @ w == pytest.approx(result.lambda_max * w, abs=1e-12)
    # λ_max = (1/n) Σ_ij a_ij w_j / w_i for the Perron vector (sum the rows of A w = λ w / w).
    ratios = np.asarray(matrix) * w[None, :] / w[:, None]
    assert result.lambda_max == pytest.approx(ratios.sum() / 4, abs=1e-12)
    assert result.consistency_ratio == pytest.approx((result.lambda_max - 4) / 3 / 0.90)


def test_it_uses_saatys_random_index() -> None:
    assert RANDOM_INDEX == {
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


def test_it_divides_the_consistency_index_by_the_random_index_for_five_criteria() -> None:
    matrix = consistent_matrix([8, 4, 2, 1, 1])
    matrix[3][4], matrix[4][3] = 9, 1 / 9
    result = ahp_weights(matrix)
    assert result.consistency_index == pytest.approx((result.lambda_max - 5) / 4, abs=1e-15)
    assert result.consistency_ratio == pytest.approx(result.consistency_index / 1.12, abs=1e-15)


def test_it_names_the_most_inconsistent_pair_and_a_scale_value_that_fits() -> None:
    # Weights 8 : 4 : 2 : 1 : 1, except that TCO is judged 9 times as important as risk
    # (instead of 1). Rows 0–2 stay proportional (row 0 = 2 · row 1 = 4 · row 2), so the
    # eigenvector keeps w_s : w_l : w_c = 4 : 2 : 1 exactly and all the contradiction lies in
    # the TCO–risk judgment. The weights imply TCO ≈ 2.9 × risk, nearest scale value 3.
    matrix = consistent_matrix([8, 4, 2, 1, 1])
    matrix[3][4], matrix[4][3] = 9, 1 / 9
    result = ahp_weights(matrix)
    w = result.weights
    assert w["sensitivity"] / w["latency"] == pytest.approx(2, abs=1e-12)
    assert w["latency"] / w["customization"] == pytest.approx(2, abs=1e-12)
    assert result.most_inconsistent_pair == ("tco", "risk")
    assert w["tco"] / w["risk"] == pytest.approx(2.861, abs=1e-3)
    assert result.suggested_value == 3
    assert round(result.consistency_ratio, 3) == 0.148
    assert result.warning == (
        "Your comparisons contradict each other (consistency ratio 0.15; up to 0.10 is "
        "acceptable). The one that fits the others least is TCO against risk: you said TCO is "
        "9 times as important as risk, but your other judgments suggest about 2.9 times. "
        "Consider rating TCO 3 times as important as risk."
    )
    assert not result.consistent_enough
    # The same judgments as a board's combined matrix: the warning speaks of the board.
    board = aggregate_ahp([matrix])
    assert board.most_inconsistent_pair == ("tco", "risk")
    assert board.warning == (
        "The board's combined comparisons contradict each other (consistency ratio 0.15; up "
        "to 0.10 is acceptable). The one that fits the others least is TCO against risk: "
        "together you said TCO is 9 times as important as risk, but the other judgments "
        "suggest about 2.9 times. Consider rating TCO 3 times as important as risk."
    )


def test_equally_inconsistent_pairs_name_the_first_alone_and_as_a_board() -> None:
    # sensitivity 9× latency, latency 9× customization, yet customization 9× sensitivity: a
    # cycle in which the three judgments are equally far off (each by a factor of 9, ln 9 in
    # exact arithmetic), so the first of them in order is the one to reconsider, whether the
    # matrix is one member's or the board's geometric mean of it. Rounding once picked
    # another pair for each.
    n = len(CRITERIA)
    matrix = [[1.0] * n for _ in range(n)]
    for row, column, value in (
        ("sensitivity", "latency", 9.0),
        ("latency", "customization", 9.0),
        ("sensitivity", "customization", 1 / 9),
    ):
        i, j = CRITERIA.index(row), CRITERIA.index(column)
        matrix[i][j], matrix[j][i] = value, 1 / value
    assert ahp_weights(matrix).most_inconsistent_pair == ("sensitivity", "latency")
    assert aggregate_ahp([matrix]).most_inconsistent_pair == ("sensitivity", "latency")


def test_it_names_the_pair_without_warning_when_consistent_enough() -> None:
    matrix = consistent_matrix([8, 4, 2, 1, 1])
    matrix[3][4], matrix[4][3] = 2, 1 / 2
    result = ahp_weights(matrix)
    assert result.consistency_ratio < 0.10
    assert result.most_inconsistent_pair == ("tco", "risk")
    assert result.suggested_value == 1
    assert result.warning is None


def test_it_writes_reciprocals_in_the_warning() -> None:
    # Sensitivity judged 1/9 of latency although everything else says 2 : 1.
    matrix = consistent_matrix([8, 4, 2, 1, 1])
    matrix[0][1], matrix[1][0] = 1 / 9, 9
    result = ahp_weights(matrix)
    assert result.most_inconsistent_pair == ("sensitivity", "latency")
    assert result.warning is not None
    # 1/9 is said the other way round, and so is what the other judgments imply (2.2).
    assert (
        "sensitivity against latency: you said latency is 9 times as important as "
        "sensitivity, but your other judgments suggest about 2.2 times. Consider rating "
        "latency twice as important as sensitivity."
    ) in result.warning


def test_it_says_when_the_other_judgments_make_two_criteria_equal() -> None:
    # TCO judged 9 times latency, yet latency 9 times risk and risk 9 times TCO: the cycle
    # leaves latency and TCO about equal (every other judgment is 1).
    matrix = ones()
    for row, column, value in (("tco", "risk", 1 / 9), ("latency", "risk", 9.0)):
        i, j = CRITERIA.index(row), CRITERIA.index(column)
        matrix[i][j], matrix[j][i] = value, 1 / value
    i, j = CRITERIA.index("latency"), CRITERIA.index("tco")
    matrix[i][j], matrix[j][i] = 1 / 9, 9.0
    result = ahp_weights(matrix)
    assert result.most_inconsistent_pair == ("latency", "tco")
    assert result.warning is not None
    assert result.warning.endswith(
        "The one that fits the others least is latency against TCO: you said TCO is 9 times "
        "as important as latency, but your other judgments suggest the two matter about "
        "equally. Consider rating the two as equally important."
    )


def test_it_snaps_to_the_nearest_scale_value_on_a_log_scale() -> None:
    assert snap_to_scale(2.6) == 3  # |ln(2.6/3)| = 0.143 < |ln(2.6/2)| = 0.262
    assert snap_to_scale(1 / 2.6) == pytest.approx(1 / 3)
    assert snap_to_scale(1.4) == 1  # ln 1.4 = 0.336 < ln(2/1.4) = 0.357
    assert snap_to_scale(1.42) == 2  # ln 1.42 = 0.351 > ln(2/1.42) = 0.342
    assert snap_to_scale(20) == 9
    assert snap_to_scale(0.01) == pytest.approx(1 / 9)
    assert len(SAATY_SCALE) == 17


def test_it_formats_judgments_the_way_people_write_them() -> None:
    assert format_judgment(3.0) == "3"
    assert format_judgment(1 / 3) == "1/3"
    assert format_judgment(2.861) == "2.9"
    assert format_judgment(1 / 2.861) == "1/2.9"


# --- parse_ahp ----------------------------------------------------------------------------
def test_it_parses_a_valid_matrix_and_rebuilds_exact_reciprocals() -> None:
    raw = ones()
    raw[0][1], raw[1][0] = 3, 0.3333333
    result = parse_ahp(raw)
    exact = ones()
    exact[0][1], exact[1][0] = 3, 1 / 3
    assert result == ahp_weights(exact)
    assert isinstance(result, AhpResult)


def test_it_rejects_a_judgment_that_is_not_the_reciprocal_of_its_mirror() -> None:
    raw = ones()
    raw[1][3], raw[3][1] = 2, 0.25
    assert errors_of(raw) == {"weights.ahp[1][3]": "must be the reciprocal of [3][1] (0.25), got 2"}


def test_it_rejects_non_positive_judgments() -> None:
    raw = ones()
    raw[0][2], raw[2][0] = 0, -1
    assert errors_of(raw) == {
        "weights.ahp[0][2]": "must be positive",
        "weights.ahp[2][0]": "must be positive",
    }


@pytest.mark.parametrize(
    "raw",
    [
        [[1.0] * 5 for _ in range(4)],
        [[1.0] * 4 for _ in range(5)],
        [[1.0] * 5 for _ in range(4)] + [[1.0] * 6],
        {"sensitivity": 1},
        "1,1,1",
        None,
    ],
)
def test_it_rejects_a_matrix_of_the_wrong_size(raw: object) -> None:
    assert errors_of(raw) == {"weights.ahp": SIZE_MESSAGE}


def test_it_rejects_nan_infinite_and_non_numbers() -> None:
    raw: list[list[object]] = [list(row) for row in ones()]
    raw[0][4] = math.nan
    raw[4][0] = math.inf
    raw[2][3] = "3"
    raw[3][2] = True
    assert errors_of(raw) == {
        "weights.ahp[0][4]": "must be a finite number",
        "weights.ahp[4][0]": "must be a finite number",
        "weights.ahp[2][3]": "must be a number",
        "weights.ahp[3][2]": "must be a number",
    }


def test_it_rejects_judgments_outside_saatys_scale() -> None:
    raw = ones()
    raw[1][2], raw[2][1] = 10, 0.1
    assert errors_of(raw) == {
        "weights.ahp[1][2]": "must be between 1/9 and 9 (Saaty's scale)",
        "weights.ahp[2][1]": "must be between 1/9 and 9 (Saaty's scale)",
    }


def test_it_accepts_the_ends_of_the_scale() -> None:
    raw = ones()
    raw[1][2], raw[2][1] = 9, 0.1111111
    assert parse_ahp(raw).weights["latency"] > parse_ahp(raw).weights["customization"]


def test_it_rejects_a_diagonal_other_than_one() -> None:
    raw = ones()
    raw[2][2] = 2
    assert errors_of(raw) == {"weights.ahp[2][2]": "must be 1 (a criterion compared with itself)"}


def test_it_uses_the_field_it_is_given() -> None:
    with pytest.raises(WeightsInvalid) as caught:
        parse_ahp([[1]], field="members[2].ahp")
    assert caught.value.errors[0].field == "members[2].ahp"


# --- judgments from a form ----------------------------------------------------------------
def test_it_builds_the_matrix_from_the_ten_judgments() -> None:
    judgments = {(a, b): 1.0 for i, a in enumerate(CRITERIA) for b in CRITERIA[i + 1 :]} | {
        ("sensitivity", "tco"): 5.0
    }
    del judgments[("latency", "risk")]
    judgments[("risk", "latency")] = 3.0  # the other orientation: risk 3 × latency
    matrix = matrix_from_judgments(judgments)
    assert matrix[0][3] == 5
    assert matrix[3][0] == 1 / 5
    assert matrix[1][4] == 1 / 3
    assert matrix[4][1] == 3
    assert parse_ahp(matrix) == ahp_weights(matrix)


def test_it_names_missing_duplicate_and_invalid_judgments() -> None:
    judgments = {(a, b): 1.0 for i, a in enumerate(CRITERIA) for b in CRITERIA[i + 1 :]}
    del judgments[("tco", "risk")]
    judgments[("latency", "sensitivity")] = 2.0
    judgments[("customization", "tco")] = 0.0
    judgments[("speed", "tco")] = 2.0
    judgments[("risk", "risk")] = 1.0
    with pytest.raises(WeightsInvalid) as caught:
        matrix_from_judgments(judgments)
    assert {e.field: e.message for e in caught.value.errors} == {
        "weights.ahp.latency.sensitivity": "latency and sensitivity are compared twice",
        "weights.ahp.customization.tco": "must be positive",
        "weights.ahp.speed.tco": (
            "unknown criterion; use sensitivity, latency, customization, tco, risk"
        ),
        "weights.ahp.risk.risk": "compare two different criteria",
        "weights.ahp.tco.risk": "comparison is missing",
    }


# --- groups -------------------------------------------------------------------------------
def test_it_aggregates_ahp_members_by_the_geometric_mean_of_their_judgments() -> None:
    # Member 1: sensitivity 9 × every other criterion; member 2: all equal. The geometric
    # mean of 9 and 1 is 3, so the group matrix is consistent with weights 3 : 1 : 1 : 1 : 1,
    # i.e. 3/7 and 1/7 each, not the mean of the members' weights (9/13 + 1/5) / 2 = 0.446.
    first = ones()
    for j in range(1, 5):
        first[0][j], first[j][0] = 9, 1 / 9
    group = aggregate_ahp([first, ones()])
    assert list(group.weights.values()) == pytest.approx([3 / 7] + [1 / 7] * 4, abs=1e-12)
    assert group.consistency_ratio == pytest.approx(0, abs=1e-12)


def test_it_aggregates_inconsistent_members_through_the_mean_matrix() -> None:
    first = consistent_matrix([8, 4, 2, 1, 1])
    second = ones()
    second[3][4], second[4][3] = 1 / 7, 7
    group = aggregate_ahp([first, second])
    # By hand: every cell is √(a · b), e.g. tco/risk √(1 · 1/7) = 0.378 and risk/tco √7.
    mean = [
        [math.sqrt(a * b) for a, b in zip(r1, r2, strict=True)]
        for r1, r2 in zip(first, second, strict=True)
    ]
    expected = ahp_weights(mean)
    assert list(group.weights.values()) == pytest.approx(list(expected.weights.values()), abs=1e-12)
    assert group.consistency_ratio == pytest.approx(expected.consistency_ratio, abs=1e-12)
    assert group.most_inconsistent_pair == expected.most_inconsistent_pair


def test_it_aggregates_a_single_member_to_their_own_weights() -> None:
    member = consistent_matrix([8, 4, 2, 1, 1])
    group = aggregate_ahp([member])
    assert list(group.weights.values()) == pytest.approx([0.5, 0.25, 0.125, 0.0625, 0.0625])


def test_it_averages_direct_members_after_normalising_each() -> None:
    # (3, 1, 0, 0, 0) → (0.75, 0.25, 0, 0, 0); (0, 0, 0, 1, 0) stays; mean of the two.
    group = aggregate_direct([{"sensitivity": 3, "latency": 1}, {"tco": 1}])
    assert group == {
        "sensitivity": 0.375,
        "latency": 0.125,
        "customization": 0.0,
        "tco": 0.5,
        "risk": 0.0,
    }


def test_it_shows_the_spread_of_the_members_weights() -> None:
    spread = weights_spread([{"sensitivity": 3, "latency": 1}, {"tco": 1}])
    # sensitivity: 0.75 and 0 → population stdev = |0.75 − 0| / 2 = 0.375.
    assert spread["sensitivity"] == Spread(0.0, 0.75, 0.375)
    assert spread["tco"] == Spread(0.0, 1.0, 0.5)
    assert spread["customization"] == Spread(0.0, 0.0, 0.0)
    assert spread["tco"].width == 1


def test_it_names_the_most_disputed_criterion() -> None:
    members = [{"sensitivity": 3, "latency": 1}, {"tco": 1}]
    assert most_disputed_criterion(members) == "tco"  # range 1 against 0.75 and 0.25
    assert most_disputed_criterion(members[:1]) is None
    assert most_disputed_criterion([{"risk": 1}, {"risk": 5}]) is None  # they agree
    # Equal ranges: the first in criterion order.
    assert most_disputed_criterion([{"latency": 1}, {"risk": 1}]) == "latency"


# --- suggested weights --------------------------------------------------------------------
def test_it_suggests_weights_for_the_hospital() -> None:
    suggestion = suggest_weights(HOSPITAL_NOTES)
    # sensitivity 2 + 3 (own infrastructure) + 2 (health) + 1 (GDPR) + 1 (HIPAA) = 9;
    # latency 2; customization 2 + 1 (fine-tuning) + 1 (highly specialised) = 4; tco 2
    # (400,000 a month); risk 2 + 2 (low lock-in tolerance) + 2 (high regulatory exposure)
    # = 6. Total 23. (Before model v2's suggestions, GDPR and HIPAA added nothing: 7 of 21.)
    assert suggestion.points == {
        "sensitivity": 9,
        "latency": 2,
        "customization": 4,
        "tco": 2,
        "risk": 6,
    }
    assert suggestion.weights == {
        "sensitivity": 9 / 23,
        "latency": 2 / 23,
        "customization": 4 / 23,
        "tco": 2 / 23,
        "risk": 6 / 23,
    }
    assert suggestion.explanations["sensitivity"] == (
        "Sensitivity: 9 of 23 points (39 %): 2 to start; +3 because the data may not leave "
        "your own infrastructure; +2 because the data includes health data; +1 because GDPR "
        "applies; +1 because HIPAA applies."
    )
    assert suggestion.explanations["tco"] == (
        "TCO: 2 of 23 points (9 %): the 2 every criterion starts with; no answer raises it."
    )


def test_it_raises_sensitivity_for_card_data_under_pci_dss_and_gdpr() -> None:
    # The board's report: payment data under PCI DSS and GDPR left sensitivity at its floor.
    answers = {
        **SUPPORT_CHAT,
        "data_classes": ["personal", "financial"],
        "regulations": ["gdpr", "pci_dss"],
    }
    suggestion = suggest_weights(validate_answers(answers))
    # 2 + 1 (personal) + 1 (financial) + 1 (GDPR) + 1 (PCI DSS) = 6 of 6 + 4 × 2 = 14.
    assert suggestion.points["sensitivity"] == 6
    assert suggestion.explanations["sensitivity"] == (
        "Sensitivity: 6 of 14 points (43 %): 2 to start; +1 because the data includes "
        "personal data; +1 because the data includes financial data (card, account or "
        "trading data); +1 because GDPR applies; +1 because PCI DSS applies to card data."
    )


@pytest.mark.parametrize(
    ("question", "value", "criterion"),
    [
        ("data_classes", "personal", "sensitivity"),
        ("data_classes", "financial", "sensitivity"),
        ("data_classes", "health", "sensitivity"),
        ("data_classes", "secret", "sensitivity"),
        ("regulations", "gdpr", "sensitivity"),
        ("regulations", "hipaa", "sensitivity"),
        ("regulations", "pci_dss", "sensitivity"),
        ("regulations", "export_control", "sensitivity"),
        ("regulations", "eu_ai_act_high_risk", "risk"),
    ],
)
def test_it_raises_a_weight_for_every_data_class_and_regulation_that_raises_the_stakes(
    question: str, value: str, criterion: str
) -> None:
    base = {**SUPPORT_CHAT, "data_classes": ["public"], "regulations": []}
    raised = {**base, question: [value]}
    before, after = suggest_weights(base), suggest_weights(raised)

    assert after.points[criterion] > before.points[criterion]
    assert "because" in after.explanations[criterion]


def test_it_suggests_equal_weights_when_nothing_stands_out() -> None:
    assert suggest_weights(SUPPORT_CHAT).weights == dict.fromkeys(CRITERIA, 0.2)


def test_it_adds_the_points_of_every_row_that_holds() -> None:
    answers = {
        **SUPPORT_CHAT,
        "data_classes": ["internal", "secret"],
        "residency": "own_region",
        "regulations": ["gdpr", "export_control"],
        "offline": "always",
        "p95_latency_ms": 200,
        "adaptation": "deep",
        "domain": "specialized",
        "inspectability": "required",
        "requests_per_month": 20_000_000,
        "lock_in_tolerance": "medium",
        "license_risk_tolerance": "low",
        "regulatory_exposure": "high",
    }
    suggestion = suggest_weights(validate_answers(answers))
    # sensitivity 2 + 2 (secret) + 1 (GDPR) + 2 (export control) = 7; latency 2 + 3
    # (always offline) + 2 (under 300 ms) = 7; customization 2 + 2 (deep) + 2 (inspectable)
    # = 6; tco 2 + 1 (a million or more) + 1 (ten million or more) = 4; risk 2 + 1 (low
    # licence tolerance) + 2 (high exposure) = 5. Total 29.
    assert suggestion.points == {
        "sensitivity": 7,
        "latency": 7,
        "customization": 6,
        "tco": 4,
        "risk": 5,
    }
    assert suggestion.weights["latency"] == 7 / 29
    assert suggestion.explanations["latency"] == (
        "Latency: 7 of 29 points (24 %): 2 to start; +3 because it must always work offline; "
        "+2 because responses are needed in under 300 ms."
    )


def test_it_suggests_from_partial_answers() -> None:
    assert suggest_weights({"offline": "sometimes"}).points["latency"] == 3


@settings(max_examples=200)
@given(complete_answers())
def test_it_suggests_normalised_weights_with_a_reason_for_every_criterion(
    answers: Answers,
) -> None:
    suggestion = suggest_weights(answers)
    assert math.fsum(suggestion.weights.values()) == pytest.approx(1, abs=1e-12)
    assert list(suggestion.weights) == list(CRITERIA)
    assert all(points >= 2 for points in suggestion.points.values())
    assert set(suggestion.explanations) == set(CRITERIA)


# --- properties ---------------------------------------------------------------------------
direct_weights = st.dictionaries(
    st.sampled_from(CRITERIA),
    st.one_of(st.integers(0, 1000), st.floats(0, 1e6, allow_nan=False)),
    min_size=1,
).filter(lambda weights: sum(weights.values()) > 0)


@given(direct_weights)
def test_it_normalises_direct_weights_to_one(raw: dict[str, float]) -> None:
    weights = parse_direct(raw)
    assert list(weights) == list(CRITERIA)
    assert math.fsum(weights.values()) == pytest.approx(1, abs=1e-12)
    assert all(0 <= weight <= 1 for weight in weights.values())


@given(st.lists(st.floats(0.01, 100), min_size=5, max_size=5))
def test_it_recovers_any_consistent_weights(values: list[float]) -> None:
    result = ahp_weights(consistent_matrix(values))
    total = sum(values)
    assert list(result.weights.values()) == pytest.approx([v / total for v in values], rel=1e-9)
    assert result.consistency_ratio == pytest.approx(0, abs=1e-9)


upper_triangles = st.lists(st.sampled_from(SAATY_SCALE), min_size=10, max_size=10)


def _judgments(upper: list[float]) -> dict[tuple[str, str], float]:
    pairs = [(a, b) for i, a in enumerate(CRITERIA) for b in CRITERIA[i + 1 :]]
    return dict(zip(pairs, upper, strict=True))


@given(upper_triangles)
def test_it_derives_positive_weights_and_a_sound_ratio_from_any_judgments(
    upper: list[float],
) -> None:
    result = parse_ahp(matrix_from_judgments(_judgments(upper)))
    assert all(weight > 0 for weight in result.weights.values())
    assert math.fsum(result.weights.values()) == pytest.approx(1, abs=1e-12)
    assert result.lambda_max >= 5 - 1e-9
    assert result.consistency_ratio >= 0
    assert (result.warning is not None) == (result.consistency_ratio > 0.10)
    if result.suggested_value is not None:
        assert result.suggested_value in SAATY_SCALE
    if result.warning is not None:
        assert result.most_inconsistent_pair is not None
        a, b = result.most_inconsistent_pair
        assert f"{a if a != 'tco' else 'TCO'} against {b if b != 'tco' else 'TCO'}" in (
            result.warning
        )


@given(st.lists(upper_triangles, min_size=1, max_size=4))
def test_it_aggregates_to_a_reciprocal_matrix(members: list[list[float]]) -> None:
    matrices = [matrix_from_judgments(_judgments(upper)) for upper in members]
    group = aggregate_ahp(matrices)
    stack = np.log(np.asarray(matrices))
    mean = np.exp(stack.mean(axis=0))
    assert mean * mean.T == pytest.approx(np.ones((5, 5)), rel=1e-12)
    assert math.fsum(group.weights.values()) == pytest.approx(1, abs=1e-12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SAATY_SCALE), min_size=10, max_size=10))
def test_the_warning_never_says_one_times_as_important(upper: list[float]) -> None:
    # Every judgment above the diagonal from Saaty's scale; a ratio that rounds to 1 either
    # way ("1", "1/1") is "about equally", never "1 times as important".
    matrix = ones()
    cells = [(i, j) for i in range(len(CRITERIA)) for j in range(i + 1, len(CRITERIA))]
    for (i, j), value in zip(cells, upper, strict=True):
        matrix[i][j], matrix[j][i] = value, 1 / value
    warning = ahp_weights(matrix).warning or ""
    assert " 1 times" not in warning
