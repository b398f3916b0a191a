"""Scoring model v1: fits, knock-outs, remedies and the weighted sum, checked by hand.

Expected values are computed in the comments from the rules table (scoring/rules.py, also
docs/scoring-model.md). Passing ``costs=`` to ``score`` fixes the TCO fit, so every number
here can be recomputed on paper.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.model import (
    ScoreResult,
    feasible_options,
    knockouts,
    question_fits,
    remedy,
    result_to_json,
    score,
)
from scoring.questions import CRITERIA, OPTIONS, QUESTIONS, Answer
from scoring.rules import FIT_RULES, KNOCKOUT_RULES, condition_questions
from tests.scoring.examples import (
    CLAIMS,
    CLAIMS_COSTS,
    CLAIMS_WEIGHTS,
    HIGH_VOLUME,
    HOSPITAL,
    MIXED_NEEDS,
    SMALL_TEAM,
    assert_remedy_reinstates,
    complete_answers,
    direct_weights,
    health_data_kept_in_house,
)

Answers = dict[str, Answer]


def fits_of(result: ScoreResult, option: str) -> dict[str, float]:
    return {c.criterion: c.fit for c in result.options[option].criteria}


def scores_of(result: ScoreResult) -> dict[str, float | None]:
    return {option: result.options[option].score for option in OPTIONS}


def approx(expected: Mapping[str, float]) -> object:
    return pytest.approx(expected, abs=1e-12)


# --- fits from rules ----------------------------------------------------------------------
def test_it_takes_the_lowest_fit_of_a_multi_choice_answer_for_each_option() -> None:
    fits = question_fits("data_classes", {"data_classes": ["public", "internal", "health"]})

    # open: 1.0 everywhere, the first rule binds; closed: min(1.0, 0.9, 0.3); hybrid:
    # min(1.0, 1.0, 0.9).
    assert {option: (fit, rule.id) for option, (fit, rule) in fits.items()} == {
        "open": (1.0, "data-public"),
        "closed": (0.3, "data-health"),
        "hybrid": (0.9, "data-health"),
    }


def test_it_takes_a_knock_out_as_lower_than_any_fit() -> None:
    fits = question_fits("data_classes", {"data_classes": ["health", "secret"]})

    # closed: min(0.3, KO) is KO; hybrid: min(0.9, 0.8) = 0.8.
    assert {option: (fit, rule.id) for option, (fit, rule) in fits.items()} == {
        "open": (1.0, "data-health"),
        "closed": (None, "data-secret"),
        "hybrid": (0.8, "data-secret"),
    }


def test_it_matches_the_empty_rule_for_no_regulations() -> None:
    fits = question_fits("regulations", {"regulations": []})

    assert {option: (fit, rule.id) for option, (fit, rule) in fits.items()} == {
        "open": (1.0, "regulations-none"),
        "closed": (1.0, "regulations-none"),
        "hybrid": (1.0, "regulations-none"),
    }


@pytest.mark.parametrize(
    ("latency", "rule_id", "closed_fit"),
    [
        (50, "latency-under-300ms", 0.3),
        (299, "latency-under-300ms", 0.3),
        (300, "latency-300ms-to-1s", 0.6),
        (999, "latency-300ms-to-1s", 0.6),
        (1000, "latency-1s-to-5s", 0.9),
        (4999, "latency-1s-to-5s", 0.9),
        (5000, "latency-5s-or-more", 1.0),
        (600_000, "latency-5s-or-more", 1.0),
    ],
)
def test_it_puts_a_number_in_the_interval_that_starts_at_or_below_it(
    latency: int, rule_id: str, closed_fit: float
) -> None:
    fit, rule = question_fits("p95_latency_ms", {"p95_latency_ms": latency})["closed"]

    assert (fit, rule.id) == (closed_fit, rule_id)


# --- the weighted sum, by hand ------------------------------------------------------------
def test_it_scores_the_worked_example_of_the_docs() -> None:
    result = score(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS, tco_basis="simulation medians")

    # Weights 30, 10, 20, 25, 15 of 100.
    assert result.weights == approx(
        {"sensitivity": 0.3, "latency": 0.1, "customization": 0.2, "tco": 0.25, "risk": 0.15}
    )
    # sensitivity = mean(data_classes, residency, regulations, vendor_terms_ok):
    #   data_classes [internal, personal] binds on data-personal (1.0, 0.6, 0.9);
    #   own_region (1.0, 0.6, 0.9); gdpr (1.0, 0.7, 0.9); vendor terms yes (1, 1, 1)
    #   open 4/4 = 1.0; closed 2.9/4 = 0.725; hybrid 3.7/4 = 0.925
    # latency: 800 ms in [300, 1000) (1.0, 0.6, 0.8); never offline (1, 1, 1);
    #   99.9 (0.7, 0.9, 1.0); cloud (0.8, 1.0, 0.9)
    #   open 3.5/4 = 0.875; closed 3.5/4 = 0.875; hybrid 3.7/4 = 0.925
    # customization: retrieval (0.9, 1.0, 1.0); highly specialised (1.0, 0.5, 0.9);
    #   inspection helpful (1.0, 0.6, 0.8); small team (0.6, 1.0, 0.6)
    #   open 3.5/4 = 0.875; closed 3.1/4 = 0.775; hybrid 3.3/4 = 0.825
    # tco: cheapest feasible is closed at 600k: open 600/1200 = 0.5, closed 1, hybrid 0.8
    # risk: lock-in medium (1.0, 0.7, 0.9); frontier helpful (0.7, 1.0, 0.9); licence risk
    #   medium (0.85, 1.0, 0.85); vendor runs safety (0.4, 1.0, 0.7); exposure medium
    #   (0.9, 0.8, 1.0): open 3.85/5 = 0.77; closed 4.5/5 = 0.9; hybrid 4.35/5 = 0.87
    assert fits_of(result, "open") == approx(
        {"sensitivity": 1.0, "latency": 0.875, "customization": 0.875, "tco": 0.5, "risk": 0.77}
    )
    assert fits_of(result, "closed") == approx(
        {"sensitivity": 0.725, "latency": 0.875, "customization": 0.775, "tco": 1.0, "risk": 0.9}
    )
    assert fits_of(result, "hybrid") == approx(
        {"sensitivity": 0.925, "latency": 0.925, "customization": 0.825, "tco": 0.8, "risk": 0.87}
    )
    # open   0.3 + 0.0875 + 0.175 + 0.125 + 0.1155  = 0.803
    # closed 0.2175 + 0.0875 + 0.155 + 0.25 + 0.135 = 0.845
    # hybrid 0.2775 + 0.0925 + 0.165 + 0.2 + 0.1305 = 0.8655
    assert scores_of(result) == approx({"open": 0.803, "closed": 0.845, "hybrid": 0.8655})
    assert {c.criterion: c.contribution for c in result.options["hybrid"].criteria} == approx(
        {
            "sensitivity": 0.2775,
            "latency": 0.0925,
            "customization": 0.165,
            "tco": 0.2,
            "risk": 0.1305,
        }
    )
    assert result.ranking == ("hybrid", "closed", "open")
    assert [result.options[option].rank for option in OPTIONS] == [3, 2, 1]
    assert result.recommendation == "hybrid"
    assert result.tco_basis == "simulation medians"
    assert result.costs == CLAIMS_COSTS


def test_it_scores_the_worked_example_when_the_data_may_not_leave_our_infrastructure() -> None:
    result = score(
        {**CLAIMS, "residency": "own_infrastructure"}, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS
    )

    assert result.excluded == ("closed",)
    # The TCO bar is now hybrid's 750k, the cheapest feasible: open 750/1200 = 0.625. Closed
    # is cheaper still but excluded, so it cannot raise the bar; it shows 1.0.
    assert {o: result.options[o].criterion("tco").fit for o in OPTIONS} == approx(
        {"open": 0.625, "closed": 1.0, "hybrid": 1.0}
    )
    # closed's sensitivity counts the knock-out as 0: (0.6 + 0 + 0.7 + 1.0) / 4 = 0.575
    assert result.options["closed"].criterion("sensitivity").fit == pytest.approx(0.575, abs=1e-12)
    # open   0.3 + 0.0875 + 0.175 + 0.25 * 0.625 + 0.1155 = 0.83425
    # hybrid 0.2775 + 0.0925 + 0.165 + 0.25 + 0.1305      = 0.9155
    assert scores_of(result) == {
        "open": pytest.approx(0.83425, abs=1e-12),
        "closed": None,
        "hybrid": pytest.approx(0.9155, abs=1e-12),
    }
    assert result.ranking == ("hybrid", "open")


def test_it_normalises_direct_weights_and_scores_by_hand() -> None:
    weights = {"sensitivity": 3, "latency": 1, "customization": 1, "tco": 2, "risk": 1}
    costs = {"open": 400_000.0, "closed": 10_000.0, "hybrid": 500_000.0}

    result = score(SMALL_TEAM, weights, costs=costs)

    # 3, 1, 1, 2, 1 of 8: binary fractions, so these are exact.
    assert result.weights == {
        "sensitivity": 0.375,
        "latency": 0.125,
        "customization": 0.125,
        "tco": 0.25,
        "risk": 0.125,
    }
    # sensitivity: public, no residency rule, no regulation, vendor terms ok: 1, 1, 1
    # latency: 2 s in [1000, 5000) (1.0, 0.9, 1.0); never offline (1, 1, 1); 99.0 (1, 1, 1);
    #   cloud (0.8, 1.0, 0.9): open 3.8/4 = 0.95; closed 3.9/4 = 0.975; hybrid 0.975
    # customization: prompting (0.8, 1.0, 0.9); general (0.7, 1.0, 0.9); not needed
    #   (1, 1, 1); small team (0.6, 1.0, 0.6): open 3.1/4 = 0.775; closed 1.0; hybrid 0.85
    # tco: open 10k/400k = 0.025; closed 1.0; hybrid 10k/500k = 0.02
    # risk: medium lock-in (1.0, 0.7, 0.9); frontier essential (0.2, 1.0, 0.9); licence
    #   medium (0.85, 1.0, 0.85); vendor safety (0.4, 1.0, 0.7); exposure low (1, 1, 1)
    #   open 3.45/5 = 0.69; closed 4.7/5 = 0.94; hybrid 4.35/5 = 0.87
    # open   0.375 + 0.125*0.95 + 0.125*0.775 + 0.25*0.025 + 0.125*0.69 = 0.683125
    # closed 0.375 + 0.125*0.975 + 0.125*1.0 + 0.25*1.0 + 0.125*0.94    = 0.989375
    # hybrid 0.375 + 0.125*0.975 + 0.125*0.85 + 0.25*0.02 + 0.125*0.87  = 0.716875
    assert scores_of(result) == approx({"open": 0.683125, "closed": 0.989375, "hybrid": 0.716875})
    assert result.ranking == ("closed", "hybrid", "open")


def test_it_scores_the_same_for_weights_in_proportion() -> None:
    weights = {"sensitivity": 3, "latency": 1, "customization": 1, "tco": 2, "risk": 1}
    tenfold = {criterion: 10 * weight for criterion, weight in weights.items()}

    assert score(CLAIMS, tenfold, costs=CLAIMS_COSTS) == score(CLAIMS, weights, costs=CLAIMS_COSTS)


def test_it_weighs_a_criterion_left_out_as_zero() -> None:
    result = score(CLAIMS, {"sensitivity": 2}, costs=CLAIMS_COSTS)

    assert result.weights == {
        "sensitivity": 1.0,
        "latency": 0.0,
        "customization": 0.0,
        "tco": 0.0,
        "risk": 0.0,
    }
    # Only sensitivity counts: 1.0, 0.725, 0.925 (see the worked example).
    assert scores_of(result) == approx({"open": 1.0, "closed": 0.725, "hybrid": 0.925})
    assert result.ranking == ("open", "hybrid", "closed")


def test_it_weighs_every_criterion_equally_without_weights() -> None:
    result = score(CLAIMS, costs=CLAIMS_COSTS)

    assert result.weights == dict.fromkeys(CRITERIA, 0.2)
    # hybrid (0.925 + 0.925 + 0.825 + 0.8 + 0.87) / 5 = 0.869
    assert result.options["hybrid"].score == pytest.approx(0.869, abs=1e-12)


def test_it_refuses_weights_that_are_all_zero() -> None:
    with pytest.raises(ValueError, match="must not all be zero"):
        score(CLAIMS, dict.fromkeys(CRITERIA, 0))


def test_it_keeps_a_perfect_score_at_most_1_whatever_the_weights() -> None:
    perfect_for_open: Answers = {
        **HIGH_VOLUME,
        "availability": "99.0",
        "deployment": "on_premises",
        "domain": "highly_specialized",
        "frontier_capability": "not_needed",
        "license_risk_tolerance": "high",
        "regulatory_exposure": "low",
    }
    weights = {"customization": 0.1, "tco": 1, "risk": 3}

    result = score(perfect_for_open, weights)

    assert fits_of(result, "open") == dict.fromkeys(CRITERIA, 1.0)
    assert result.options["open"].score == 1.0


# --- the TCO fit --------------------------------------------------------------------------
def test_it_divides_the_cheapest_feasible_cost_by_each_option_s_own() -> None:
    result = score(CLAIMS, costs={"open": 400.0, "closed": 100.0, "hybrid": 200.0})

    assert {o: result.options[o].criterion("tco").fit for o in OPTIONS} == {
        "open": 0.25,
        "closed": 1.0,
        "hybrid": 0.5,
    }


def test_it_gives_other_options_zero_on_tco_when_a_feasible_one_costs_nothing() -> None:
    result = score(CLAIMS, costs={"open": 50_000.0, "closed": 0.0, "hybrid": 25_000.0})

    assert {o: result.options[o].criterion("tco").fit for o in OPTIONS} == {
        "open": 0.0,
        "closed": 1.0,
        "hybrid": 0.0,
    }


def test_it_labels_a_point_estimate_when_no_costs_are_given() -> None:
    result = score(CLAIMS)

    assert result.tco_basis.startswith("point estimate over 36 months")
    assert "no simulation yet" in result.tco_basis
    cheapest = min(result.ranking, key=lambda option: result.costs[option])
    assert result.options[cheapest].criterion("tco").fit == 1.0


# --- knock-outs and remedies --------------------------------------------------------------
def test_it_knocks_out_closed_when_the_data_may_not_leave_our_infrastructure() -> None:
    result = score({**SMALL_TEAM, "residency": "own_infrastructure"})
    closed = result.options["closed"]

    assert result.excluded == ("closed",)
    assert (closed.feasible, closed.score, closed.rank) == (False, None, None)
    assert [ko.rule_id for ko in closed.knockouts] == ["residency-own-infrastructure"]
    assert closed.knockouts[0].condition == "residency is 'own_infrastructure'"
    assert closed.remedy is not None
    assert closed.remedy.text == (
        "closed becomes feasible if residency is 'own_region', 'approved_vendor' or 'none' "
        "(now 'own_infrastructure')"
    )


def test_it_reports_an_excluded_option_without_score_or_rank_in_json() -> None:
    entry = result_to_json(score({**SMALL_TEAM, "residency": "own_infrastructure"}))["options"]

    assert isinstance(entry, dict)
    closed = entry["closed"]
    assert closed["feasible"] is False
    assert "score" not in closed
    assert "rank" not in closed
    assert closed["knockouts"] == [
        {
            "rule": "residency-own-infrastructure",
            "when": "residency is 'own_infrastructure'",
            "reason": (
                "The data may not leave our servers, so a vendor API cannot process it; a "
                "hybrid keeps that traffic on its self-hosted half."
            ),
        }
    ]
    assert closed["remedy"] == (
        "closed becomes feasible if residency is 'own_region', 'approved_vendor' or 'none' "
        "(now 'own_infrastructure')"
    )


def test_it_knocks_out_closed_and_hybrid_when_it_must_always_run_offline() -> None:
    result = score({**SMALL_TEAM, "offline": "always", "deployment": "edge"})

    assert result.ranking == ("open",)
    for option in ("closed", "hybrid"):
        excluded = result.options[option]
        assert [ko.rule_id for ko in excluded.knockouts] == ["offline-always"]
        assert excluded.remedy is not None
        assert excluded.remedy.text == (
            f"{option} becomes feasible if offline is 'sometimes' or 'never' (now 'always')"
        )


def test_it_knocks_out_hybrid_when_only_health_data_must_stay_in_house() -> None:
    result = score(HOSPITAL)
    hybrid = result.options["hybrid"]
    closed = result.options["closed"]

    assert result.ranking == ("open",)
    assert [ko.rule_id for ko in hybrid.knockouts] == ["hybrid-no-vendor-traffic"]
    # Neither residency nor vendor terms alone would do (the other still forbids a vendor),
    # so the one-answer remedy is data a vendor may take.
    assert hybrid.remedy is not None
    assert hybrid.remedy.text == (
        "hybrid becomes feasible if data_classes also includes 'public' or 'internal'"
    )
    # The same, said with the question bank's words for the pages.
    assert hybrid.remedy.description == (
        "hybrid becomes feasible if the answer to “Which kinds of data will the model see?” "
        "also includes 'Public' or 'Internal'"
    )
    assert [ko.rule_id for ko in closed.knockouts] == [
        "residency-own-infrastructure",
        "vendor-terms-no",
    ]
    assert closed.remedy is not None
    assert closed.remedy.text == (
        "closed becomes feasible if residency is 'own_region', 'approved_vendor' or 'none' "
        "(now 'own_infrastructure') and vendor_terms_ok is 'unsure' or 'yes' (now 'no')"
    )
    assert [change.values for change in closed.remedy.changes] == [
        ("own_region", "approved_vendor", "none"),
        ("unsure", "yes"),
    ]


def test_it_knocks_out_closed_for_deep_adaptation() -> None:
    result = score({**HIGH_VOLUME, "adaptation": "deep"})
    closed = result.options["closed"]

    assert result.excluded == ("closed",)
    assert [ko.rule_id for ko in closed.knockouts] == ["adaptation-deep"]
    assert closed.remedy is not None
    assert closed.remedy.text == (
        "closed becomes feasible if adaptation is 'fine_tuning', 'retrieval' or 'prompting' "
        "(now 'deep')"
    )


def test_it_knocks_out_hybrid_when_all_the_data_is_secret() -> None:
    kos = knockouts({**SMALL_TEAM, "data_classes": ["secret"]})

    assert [ko.rule_id for ko in kos["closed"]] == ["data-secret"]
    assert [ko.rule_id for ko in kos["hybrid"]] == ["hybrid-only-secret"]
    assert kos["open"] == ()


def test_it_finds_a_remedy_when_secret_is_the_only_data_class() -> None:
    assert remedy("closed", {**SMALL_TEAM, "data_classes": ["secret"]}) is not None


# --- common sense -------------------------------------------------------------------------
def _variations(answers: Answers, keep: set[str]) -> list[tuple[str, str]]:
    """Every one-answer change of a single-choice question outside ``keep``."""
    return [
        (question.id, value)
        for question in QUESTIONS
        if question.kind == "one" and question.id not in keep
        for value in question.values
        if value != answers[question.id]
    ]


def _winner_changes(answers: Answers, expected: str, keep: set[str]) -> list[str]:
    """The one-answer variations (that keep ``expected`` feasible) with another winner."""
    changed: list[str] = []
    for question_id, value in _variations(answers, keep):
        varied = {**answers, question_id: value}
        if expected not in feasible_options(varied):
            continue
        winner = score(varied).recommendation
        if winner != expected:
            changed.append(f"{question_id}={value} → {winner}")
    return changed


def test_it_recommends_closed_to_a_small_team_with_public_data_needing_frontier_quality() -> None:
    result = score(SMALL_TEAM)

    assert result.recommendation == "closed"
    assert _winner_changes(SMALL_TEAM, "closed", {"ml_team", "frontier_capability"}) == []


def test_it_recommends_hybrid_for_a_sensitive_subset_plus_frontier_tasks() -> None:
    result = score(MIXED_NEEDS)

    assert result.excluded == ("closed",)
    assert result.ranking == ("hybrid", "open")
    assert _winner_changes(MIXED_NEEDS, "hybrid", {"residency", "frontier_capability"}) == []


def test_it_favours_open_for_very_high_volume_with_a_strong_team_and_gpus() -> None:
    result = score(HIGH_VOLUME)

    tco = {option: result.options[option].criterion("tco").fit for option in OPTIONS}
    assert result.costs["open"] < result.costs["closed"]
    assert tco["open"] == 1.0
    assert tco["open"] > tco["closed"]
    assert result.recommendation == "open"
    assert result.ranking.index("open") < result.ranking.index("closed")
    assert _winner_changes(HIGH_VOLUME, "open", {"ml_team", "gpu_infrastructure"}) == []


# --- properties over all complete questionnaires -------------------------------------------
# Derandomised: the same examples on every run and every machine (house style: seeded).
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)


@PROPERTY
@given(answers=complete_answers())
def test_it_keeps_every_fit_and_feasible_score_within_0_and_1(answers: Answers) -> None:
    result = score(answers)

    for option_result in result.options.values():
        for criterion in option_result.criteria:
            assert 0.0 <= criterion.fit <= 1.0
        if option_result.feasible:
            assert option_result.score is not None
            assert 0.0 <= option_result.score <= 1.0


@PROPERTY
@given(answers=complete_answers(), weights=direct_weights)
def test_it_makes_each_score_the_sum_of_its_contributions(
    answers: Answers, weights: dict[str, int]
) -> None:
    result = score(answers, weights)

    assert sum(result.weights.values()) == pytest.approx(1.0, abs=1e-12)
    for option_result in result.options.values():
        for criterion in option_result.criteria:
            assert criterion.weight == result.weights[criterion.criterion]
            assert criterion.contribution == criterion.weight * criterion.fit
        if option_result.feasible:
            # Equal up to the last ulp, which the model clamps to stay within [0, 1].
            assert option_result.score == pytest.approx(
                sum(c.contribution for c in option_result.criteria), abs=1e-12
            )
            assert 0.0 <= option_result.score <= 1.0


@PROPERTY
@given(answers=complete_answers())
def test_it_excludes_an_option_exactly_when_a_knock_out_fires(answers: Answers) -> None:
    result = score(answers)

    for option_result in result.options.values():
        assert option_result.feasible == (not option_result.knockouts)
        if not option_result.feasible:
            assert option_result.score is None
            assert option_result.rank is None
    # No rule knocks out open in v1, so there is always a recommendation.
    assert result.options["open"].feasible
    assert result.recommendation is not None


@PROPERTY
@given(answers=complete_answers(), weights=st.none() | direct_weights)
def test_it_ranks_feasible_options_by_score(
    answers: Answers, weights: dict[str, int] | None
) -> None:
    result = score(answers, weights)

    assert set(result.ranking) == set(feasible_options(answers))
    scores = [result.options[option].score for option in result.ranking]
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    assert [result.options[option].rank for option in result.ranking] == list(
        range(1, len(result.ranking) + 1)
    )


@PROPERTY
@given(answers=complete_answers())
def test_it_round_trips_the_json_result(answers: Answers) -> None:
    document = result_to_json(score(answers))

    assert json.loads(json.dumps(document, allow_nan=False)) == document


@PROPERTY
@given(answers=complete_answers())
def test_it_scores_the_same_answers_identically(answers: Answers) -> None:
    reordered = dict(reversed(list(answers.items())))

    assert score(answers) == score(answers)
    assert score(reordered) == score(answers)


def _questions_of_knockouts(rule_ids: set[str]) -> set[str]:
    questions = {rule.question for rule in FIT_RULES if rule.id in rule_ids}
    for ko_rule in KNOCKOUT_RULES:
        if ko_rule.id in rule_ids:
            questions |= set(condition_questions(ko_rule.condition))
    return questions


@PROPERTY
@given(answers=complete_answers())
def test_it_offers_remedies_that_really_reinstate_the_option(answers: Answers) -> None:
    result = score(answers)

    for option in result.excluded:
        found = result.options[option].remedy
        assert found is not None, f"no remedy for {option}"
        fired = {ko.rule_id for ko in result.options[option].knockouts}
        assert {c.question for c in found.changes} <= _questions_of_knockouts(fired)
        assert_remedy_reinstates(found, answers, feasible_options)


@PROPERTY
@given(
    answers=health_data_kept_in_house(),
    weights=st.none() | direct_weights,
)
def test_it_never_recommends_a_vendor_api_for_health_data_that_must_stay_in_house(
    answers: Answers, weights: dict[str, int] | None
) -> None:
    result = score(answers, weights)

    assert "closed" in result.excluded
    assert result.recommendation != "closed"
    assert "closed" not in result.ranking


@PROPERTY
@given(answers=complete_answers(offline=st.just("always")), weights=st.none() | direct_weights)
def test_it_recommends_open_for_always_offline_use(
    answers: Answers, weights: dict[str, int] | None
) -> None:
    result = score(answers, weights)

    assert result.ranking == ("open",)
    assert result.excluded == ("closed", "hybrid")
