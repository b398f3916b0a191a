"""Scoring model v2: requirements as hard constraints, ranked explanations, checked by hand.

Expected values are computed in the comments from the rules table (scoring/v2/rules.py, also
docs/scoring-model.md). v2's fits are v1's, so the v1 hand computations of test_model.py
hold wherever the answers state no requirement.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decisions.demo import CONTRACT_REVIEW, HOSPITAL_NOTES, SUPPORT_CHAT
from scoring import model as v1
from scoring.model import ScoreResult
from scoring.questions import OPTIONS, QUESTIONS_BY_ID, Answer
from scoring.v2.explanations import TOP, Explanation
from scoring.v2.model import (
    SCORING_MODEL_VERSION,
    feasible_options,
    knockouts,
    question_fits,
    score,
    stated_requirements,
)
from scoring.v2.rules import REQUIREMENTS, Cannot, InPart, Requirement
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
SMALL_TEAM_WEIGHTS = {"sensitivity": 3, "latency": 1, "customization": 1, "tco": 2, "risk": 1}
SMALL_TEAM_COSTS = {"open": 400_000.0, "closed": 10_000.0, "hybrid": 500_000.0}


def scores_of(result: ScoreResult) -> dict[str, float | None]:
    return {option: result.options[option].score for option in OPTIONS}


def explanations(result: ScoreResult, option: str) -> list[Explanation]:
    reasons = result.options[option].reasons
    assert all(isinstance(reason, Explanation) for reason in reasons)
    return [reason for reason in reasons if isinstance(reason, Explanation)]


# --- the same sums as v1 ------------------------------------------------------------------
def test_it_scores_the_worked_example_as_v1_did() -> None:
    result = score(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS, tco_basis="simulation medians")

    # No requirement is stated, so every fit is v1's (see test_model): 0.803, 0.845, 0.8655.
    assert result.model_version == SCORING_MODEL_VERSION == 2
    assert scores_of(result) == pytest.approx(
        {"open": 0.803, "closed": 0.845, "hybrid": 0.8655}, abs=1e-12
    )
    assert result.ranking == ("hybrid", "closed", "open")
    assert result.excluded == ()


# --- requirements -------------------------------------------------------------------------
def test_an_essential_need_for_frontier_quality_excludes_open_however_cheap() -> None:
    # The board's report: open won on cost although frontier quality is essential.
    answers = {**CLAIMS, "frontier_capability": "essential", "ml_team": "strong"}
    weights = {"sensitivity": 1, "latency": 1, "customization": 1, "tco": 3, "risk": 1}
    costs = {"open": 300_000.0, "closed": 900_000.0, "hybrid": 700_000.0}

    assert v1.score(answers, weights, costs=costs).recommendation == "open"
    result = score(answers, weights, costs=costs)

    assert result.excluded == ("open",)
    assert [ko.rule_id for ko in result.options["open"].knockouts] == ["frontier-essential"]
    # Weights 1, 1, 1, 3, 1 of 7. The bar is hybrid's 700k: closed 7/9, hybrid 1.0.
    # closed: sensitivity 0.725, latency 0.875, customization (1.0 + 0.5 + 0.6 + 0.9) / 4
    #   = 0.75, risk (0.7 + 1.0 + 1.0 + 1.0 + 0.8) / 5 = 0.9: 3.25 / 7 + 3/7 · 7/9
    # hybrid: 0.925, 0.925, (1.0 + 0.9 + 0.8 + 1.0) / 4 = 0.925, risk (0.9 + 0.9 + 0.85 + 0.7
    #   + 1.0) / 5 = 0.87: 3.645 / 7 + 3/7
    assert scores_of(result) == {
        "open": None,
        "closed": pytest.approx(3.25 / 7 + 1 / 3, abs=1e-12),
        "hybrid": pytest.approx(6.645 / 7, abs=1e-12),
    }
    assert result.ranking == ("hybrid", "closed")


def test_a_required_inspection_excludes_closed_instead_of_averaging_into_customization() -> None:
    answers = {**CLAIMS, "inspectability": "required"}

    result = score(answers, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS)

    assert result.excluded == ("closed",)
    # The bar is now hybrid's 750k: open 750/1200 = 0.625, hybrid 1.0.
    # hybrid customization (1.0 + 0.9 + 0.6 + 0.6) / 4 = 0.775:
    #   0.2775 + 0.0925 + 0.2 · 0.775 + 0.25 + 0.1305 = 0.9055
    # open 0.3 + 0.0875 + 0.175 + 0.25 · 0.625 + 0.1155 = 0.83425
    assert scores_of(result) == {
        "open": pytest.approx(0.83425, abs=1e-12),
        "closed": None,
        "hybrid": pytest.approx(0.9055, abs=1e-12),
    }


def test_two_requirements_can_leave_only_the_hybrid_that_meets_both_in_part() -> None:
    answers = {**SMALL_TEAM, "inspectability": "required"}  # and frontier quality is essential

    result = score(answers, SMALL_TEAM_WEIGHTS, costs=SMALL_TEAM_COSTS)

    assert result.ranking == ("hybrid",)
    # Weights 3, 1, 1, 2, 1 of 8; hybrid alone sets the TCO bar (1.0). customization
    # (0.9 + 0.9 + 0.6 + 0.6) / 4 = 0.75; latency 0.975 and risk 0.87 as in test_model:
    # 0.375 + 0.125 · 0.975 + 0.125 · 0.75 + 0.25 + 0.125 · 0.87 = 0.949375
    assert result.options["hybrid"].score == pytest.approx(0.949375, abs=1e-12)
    texts = {s.requirement.id: s.standings["hybrid"] for s in stated_requirements(answers)}
    assert texts["inspectability-required"].status == "in part"
    assert texts["frontier-essential"].text.startswith(
        "A hybrid routes the tasks that need frontier quality to its vendor half"
    )


def test_it_excludes_closed_when_it_must_keep_working_through_outages() -> None:
    result = score({**CLAIMS, "offline": "sometimes"}, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS)

    assert result.excluded == ("closed",)
    (stated,) = stated_requirements({**CLAIMS, "offline": "sometimes"})
    assert {option: s.status for option, s in stated.standings.items()} == {
        "open": "meets",
        "closed": "cannot",
        "hybrid": "in part",
    }
    assert stated.standings["hybrid"].text == (
        "A hybrid falls back to its self-hosted half while the link is down; what its vendor "
        "half serves waits until the link returns."
    )


def test_it_says_in_words_why_closed_is_out_and_how_the_hybrid_meets_the_requirement() -> None:
    result = score(CONTRACT_REVIEW)
    closed = result.options["closed"]

    assert result.ranking == ("hybrid",)
    residency = closed.knockouts[0]
    assert residency.rule_id == "residency-own-infrastructure"
    assert residency.condition == (
        "“Where may this data be processed?” is answered “Only on our infrastructure”"
    )
    assert residency.reason == (
        "The data may not leave our own infrastructure. A vendor API processes the data on the "
        "vendor's servers. A hybrid keeps the data that may not leave on its self-hosted half "
        "and sends only public or internal data to its vendor half."
    )


def test_it_does_not_offer_the_hybrid_when_the_hybrid_is_excluded_too() -> None:
    result = score(HOSPITAL_NOTES)

    assert result.ranking == ("open",)
    assert result.excluded == ("closed", "hybrid")
    for ko in result.options["closed"].knockouts:
        assert "hybrid" not in ko.reason.lower(), ko.reason
    hybrid = result.options["hybrid"].knockouts[0]
    assert hybrid.condition == (
        "“Where may this data be processed?” is answered “Only on our infrastructure”; and "
        "“Which kinds of data will the model see?” includes neither “Public” nor “Internal”"
    )
    assert result.options["hybrid"].remedy is not None
    assert result.options["hybrid"].remedy.text == (
        "hybrid becomes feasible if data_classes also includes 'public' or 'internal'"
    )


def test_it_recommends_nothing_when_the_requirements_conflict() -> None:
    # Health data that may not leave, no vendor at all, and frontier quality essential: open
    # lacks the quality, closed may not see the data, the hybrid has nothing to send out.
    result = score(HOSPITAL)

    assert result.ranking == ()
    assert result.recommendation is None
    assert result.excluded == OPTIONS
    remedies = {o: result.options[o].remedy for o in OPTIONS}
    assert all(remedy is not None for remedy in remedies.values())
    assert remedies["open"] is not None
    assert remedies["open"].text == (
        "open becomes feasible if frontier_capability is 'helpful' or 'not_needed' "
        "(now 'essential')"
    )


# --- explanations -------------------------------------------------------------------------
def test_it_explains_a_multi_choice_answer_by_the_value_that_decided_the_fit() -> None:
    fits = question_fits("data_classes", {"data_classes": ["internal", "health"]})

    # open gets 1.0 from both; health's rule is the harder one (1.0 + 0.3 + 0.9 against
    # 1.0 + 0.9 + 1.0), so it decides: one health record makes it health data.
    assert {option: binding.rule.id for option, binding in fits.items()} == dict.fromkeys(
        OPTIONS, "data-health"
    )
    result = score({**CLAIMS, "data_classes": ["internal", "health"]}, CLAIMS_WEIGHTS)
    (data,) = [e for e in explanations(result, "open") if e.question == "data_classes"]
    assert (data.rule_id, data.answer) == ("data-health", "Health data")
    assert data.text.startswith("Health data at a vendor needs a BAA")


def test_it_ranks_the_winner_s_reasons_by_what_they_move_against_the_runner_up() -> None:
    result = score(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS, tco_basis="simulation medians")

    # hybrid against closed. A question's share of its criterion: sensitivity 0.3 / 4 =
    # 0.075, latency 0.1 / 4 = 0.025, customization 0.2 / 4 = 0.05, risk 0.15 / 5 = 0.03;
    # TCO 0.25 on its own. impact = share × (hybrid's fit − closed's fit):
    #   tco 0.25 (0.8 − 1.0) = −0.05; data_classes 0.075 (0.9 − 0.6) = 0.0225; residency the
    #   same; domain 0.05 (0.9 − 0.5) = 0.02; ml_team 0.05 (0.6 − 1.0) = −0.02; regulations
    #   0.075 (0.9 − 0.7) = 0.015; inspectability 0.05 (0.8 − 0.6) = 0.01; safety 0.03 (0.7 −
    #   1.0) = −0.009; lock-in 0.03 (0.9 − 0.7) = 0.006; exposure 0.03 (1.0 − 0.8) = 0.006;
    #   latency 0.025 (0.8 − 0.6) = 0.005; licence 0.03 (0.85 − 1.0) = −0.0045; frontier 0.03
    #   (0.9 − 1.0) = −0.003; availability 0.025 (1.0 − 0.9) = 0.0025; deployment 0.025 (0.9 −
    #   1.0) = −0.0025. vendor terms, offline and adaptation: equal fits, not listed.
    # Largest first, equal ones in the bank's order; they add up to 0.8655 − 0.845 = 0.0205.
    hybrid = explanations(result, "hybrid")
    assert [(e.question or e.criterion, e.impact) for e in hybrid] == [
        ("tco", pytest.approx(-0.05, abs=1e-12)),
        ("data_classes", pytest.approx(0.0225, abs=1e-12)),
        ("residency", pytest.approx(0.0225, abs=1e-12)),
        ("domain", pytest.approx(0.02, abs=1e-12)),
        ("ml_team", pytest.approx(-0.02, abs=1e-12)),
        ("regulations", pytest.approx(0.015, abs=1e-12)),
        ("inspectability", pytest.approx(0.01, abs=1e-12)),
        ("safety_operations", pytest.approx(-0.009, abs=1e-12)),
        ("lock_in_tolerance", pytest.approx(0.006, abs=1e-12)),
        ("regulatory_exposure", pytest.approx(0.006, abs=1e-12)),
        ("p95_latency_ms", pytest.approx(0.005, abs=1e-12)),
        ("license_risk_tolerance", pytest.approx(-0.0045, abs=1e-12)),
        ("frontier_capability", pytest.approx(-0.003, abs=1e-12)),
        ("availability", pytest.approx(0.0025, abs=1e-12)),
        ("deployment", pytest.approx(-0.0025, abs=1e-12)),
    ]
    assert [e.top for e in hybrid] == [True] * 3 + [False] * 12
    assert {e.rival for e in hybrid} == {"closed"}
    assert sum(e.impact for e in hybrid) == pytest.approx(0.0205, abs=1e-12)
    tco, personal = hybrid[0], hybrid[1]
    assert tco.question == ""
    assert (tco.answer, tco.text) == (
        "$750,000",
        "$750,000 over the horizon, against $600,000 for closed, the cheapest feasible option. "
        "Basis: simulation medians.",
    )
    assert (personal.answer, personal.fit, personal.rival_fit) == ("Personal data", 0.9, 0.6)
    # closed and open are compared with the winner, hybrid.
    assert {e.rival for e in explanations(result, "closed")} == {"hybrid"}
    assert {e.rival for e in explanations(result, "open")} == {"hybrid"}


def test_it_explains_a_lone_feasible_option_against_a_perfect_fit() -> None:
    result = score(HOSPITAL_NOTES, costs={"open": 1.0, "closed": 2.0, "hybrid": 3.0})

    # Equal weights: a question's share is 0.2 / 4 = 0.05 (risk 0.2 / 5 = 0.04). open's fits
    # below 1: availability 99.9 (0.7), ml_team small (0.6), lock-in low is 1.0, exposure
    # high (0.8), licence medium (0.85), frontier helpful (0.7).
    impacts = {e.question: e.impact for e in explanations(result, "open")}
    assert impacts == pytest.approx(
        {
            "availability": 0.05 * -0.3,
            "ml_team": 0.05 * -0.4,
            "frontier_capability": 0.04 * -0.3,
            "license_risk_tolerance": 0.04 * -0.15,
            "regulatory_exposure": 0.04 * -0.2,
        },
        abs=1e-12,
    )
    assert {e.rival for e in explanations(result, "open")} == {None}
    assert explanations(result, "closed") == explanations(result, "hybrid") == []


# --- properties over all complete questionnaires -------------------------------------------
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)


def _stating(requirement: Requirement) -> st.SearchStrategy[Answers]:
    """Complete answers that state ``requirement``, anything else."""
    question = QUESTIONS_BY_ID[requirement.question]
    if question.kind == "multi":
        fixed: st.SearchStrategy[Answer] = st.lists(st.sampled_from(question.values)).map(
            lambda values: [*values, requirement.condition.value]
        )
    else:
        fixed = st.just(requirement.condition.value)
    return complete_answers(**{requirement.question: fixed})


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=lambda r: r.id)
def test_no_answers_ever_rank_first_an_option_that_fails_a_stated_requirement(
    requirement: Requirement,
) -> None:
    @PROPERTY
    @given(answers=_stating(requirement), weights=st.none() | direct_weights)
    def check(answers: Answers, weights: dict[str, int] | None) -> None:
        result = score(answers, weights)
        for option in OPTIONS:
            verdict = requirement.verdict(option)
            fails = isinstance(verdict, Cannot) or (
                isinstance(verdict, InPart)
                and verdict.unless is not None
                and verdict.unless.holds(answers)
            )
            knocked_out_here = requirement.id in [
                ko.rule_id for ko in result.options[option].knockouts
            ]
            assert knocked_out_here == fails, option
            if fails:
                assert option not in result.ranking
                assert result.recommendation != option

    check()


no_requirement = {
    "data_classes": st.lists(
        st.sampled_from(["public", "internal", "personal", "health", "financial"]), min_size=1
    ),
    "residency": st.sampled_from(["none", "approved_vendor", "own_region"]),
    "vendor_terms_ok": st.sampled_from(["yes", "unsure"]),
    "offline": st.just("never"),
    "adaptation": st.sampled_from(["prompting", "retrieval", "fine_tuning"]),
    "inspectability": st.sampled_from(["not_needed", "helpful"]),
    "frontier_capability": st.sampled_from(["not_needed", "helpful"]),
}


@PROPERTY
@given(answers=complete_answers(**no_requirement), weights=st.none() | direct_weights)
def test_it_scores_as_v1_when_the_answers_state_no_requirement(
    answers: Answers, weights: dict[str, int] | None
) -> None:
    old, new = v1.score(answers, weights), score(answers, weights)

    assert stated_requirements(answers) == ()
    assert new.ranking == old.ranking
    assert scores_of(new) == scores_of(old)
    for option in OPTIONS:
        assert new.options[option].criteria == old.options[option].criteria


@PROPERTY
@given(answers=complete_answers(), weights=st.none() | direct_weights)
def test_it_ranks_each_option_s_reasons_by_their_impact_against_its_rival(
    answers: Answers, weights: dict[str, int] | None
) -> None:
    result = score(answers, weights)

    for option in OPTIONS:
        found = explanations(result, option)
        if option not in result.ranking:
            assert found == []
            continue
        winner = result.ranking[0]
        rival = winner if option != winner else next(iter(result.ranking[1:]), None)
        assert {e.rival for e in found} <= {rival}
        sizes = [abs(e.impact) for e in found]
        assert all(larger >= smaller - 1e-12 for larger, smaller in itertools.pairwise(sizes))
        assert all(e.impact != 0 for e in found)
        assert [e.top for e in found] == [i < TOP for i in range(len(found))]
        # The impacts add up to the difference of the two totals.
        own = result.options[option].score
        assert own is not None
        against = 1.0 if rival is None else result.options[rival].score
        assert against is not None
        assert sum(e.impact for e in found) == pytest.approx(own - against, abs=1e-9)


@PROPERTY
@given(answers=complete_answers())
def test_it_offers_remedies_that_really_reinstate_the_option(answers: Answers) -> None:
    result = score(answers)

    for option in result.excluded:
        found = result.options[option].remedy
        assert found is not None, f"no remedy for {option}"
        assert_remedy_reinstates(found, answers, feasible_options)


@PROPERTY
@given(answers=complete_answers())
def test_it_excludes_an_option_exactly_when_a_stated_requirement_knocks_it_out(
    answers: Answers,
) -> None:
    result = score(answers)

    kos = knockouts(answers)
    for option in OPTIONS:
        assert result.options[option].feasible == (not kos[option])
        assert [k.rule_id for k in result.options[option].knockouts] == [
            k.rule_id for k in kos[option]
        ]


# --- common sense -------------------------------------------------------------------------
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


@PROPERTY
@given(
    answers=complete_answers(
        offline=st.just("always"),
        frontier_capability=st.sampled_from(["not_needed", "helpful"]),
    ),
    weights=st.none() | direct_weights,
)
def test_it_recommends_open_for_always_offline_use(
    answers: Answers, weights: dict[str, int] | None
) -> None:
    result = score(answers, weights)

    assert result.ranking == ("open",)
    assert result.excluded == ("closed", "hybrid")


def test_it_recommends_nothing_offline_when_frontier_quality_is_essential() -> None:
    # Only open can run offline, and open lacks frontier quality: the board must give one up.
    result = score({**SUPPORT_CHAT, "offline": "always"})

    assert result.ranking == ()


def test_it_recommends_closed_to_a_small_team_with_public_data_needing_frontier_quality() -> None:
    result = score(SMALL_TEAM)

    assert result.excluded == ("open",)
    assert result.recommendation == "closed"


def test_it_recommends_hybrid_for_a_sensitive_subset_plus_frontier_tasks() -> None:
    result = score(MIXED_NEEDS)

    assert result.excluded == ("open", "closed")
    assert result.recommendation == "hybrid"


def test_it_favours_open_for_very_high_volume_with_a_strong_team_and_gpus() -> None:
    result = score(HIGH_VOLUME)

    assert result.costs["open"] < result.costs["closed"]
    assert result.options["open"].criterion("tco").fit == 1.0
    assert result.recommendation == "open"
