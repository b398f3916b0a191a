"""The shortlist's licence facts and the organisation's policy rules in scoring model v2."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decisions import demo
from scoring.context import EMPTY, Context
from scoring.evaluation import as_numbers, evaluate, reevaluate
from scoring.licences import ModelFacts
from scoring.policy import PolicyInvalid, parse_rule
from scoring.v2.model import question_fits, score
from tests.scoring.examples import complete_answers

LLAMA = ModelFacts(
    "Llama 3.1 70B",
    "Llama 3.1 Community License Agreement",
    "open_weights_restricted",
    ("open_washing", "user_cap", "use_policy", "attribution_naming"),
)
MISTRAL = ModelFacts("Mistral 7B", "Apache License 2.0", "permissive", ())
GPT4O = ModelFacts("GPT-4o", "OpenAI terms", "proprietary", ())

NO_USER_CAP = parse_rule(
    {
        "id": 1,
        "name": "No user caps",
        "version": 2,
        "effect": "knockout",
        "options": ["open", "hybrid"],
        "reason": "We ship to millions of users.",
        "when": [{"model": "open", "flag": "user_cap"}],
    }
)
HEALTH_STAYS_IN = parse_rule(
    {
        "id": 2,
        "name": "Health data stays in",
        "version": 1,
        "effect": "knockout",
        "options": ["closed"],
        "reason": "No vendor sees health data without a signed BAA.",
        "when": [
            {"answer": "data_classes", "includes": "health"},
            {"answer": "vendor_terms_ok", "is_not": "yes"},
        ],
    }
)
WARN_ON_GDPR = parse_rule(
    {
        "id": 3,
        "name": "Tell the DPO",
        "version": 1,
        "effect": "warning",
        "options": ["closed", "hybrid"],
        "reason": "Personal data at a vendor: the DPO signs the transfer assessment.",
        "when": [{"answer": "regulations", "includes": "gdpr"}],
    }
)


# The support chat, where frontier quality helps rather than being essential: every option is
# feasible.
ALL_FEASIBLE = {**demo.SUPPORT_CHAT, "frontier_capability": "helpful"}


def risk_fit(context: Context, option: str) -> float:
    return score(demo.CONTRACT_REVIEW, context=context).options[option].criterion("risk").fit


# --- the licence of the shortlisted open model ----------------------------------------------
def test_a_restricted_licence_lowers_the_open_options_licence_fit_at_medium_tolerance() -> None:
    # Contract review: licence risk tolerance "medium", whose generic row gives open 0.85,
    # closed 1.0 and hybrid 0.85. Llama's licence (open weights with restrictions) gives open
    # 0.7, and the hybrid the mean of 0.7 and closed's 1.0, 0.85. Risk has five questions, so
    # open's risk fit moves by (0.7 − 0.85) / 5 = −0.03 and the hybrid's by 0.
    with_llama = Context(models={"open": LLAMA}, catalog_version=4)

    assert risk_fit(with_llama, "open") == pytest.approx(risk_fit(EMPTY, "open") - 0.03, abs=1e-12)
    assert risk_fit(with_llama, "hybrid") == pytest.approx(risk_fit(EMPTY, "hybrid"), abs=1e-12)
    assert risk_fit(with_llama, "closed") == risk_fit(EMPTY, "closed")


def test_a_permissive_licence_raises_it() -> None:
    # Apache-2.0 at medium tolerance: 1.0 instead of 0.85, +0.15 / 5 = +0.03 on risk; the
    # hybrid (1.0 + 1.0) / 2 = 1.0 instead of 0.85: +0.03 too.
    with_mistral = Context(models={"open": MISTRAL})

    assert risk_fit(with_mistral, "open") == pytest.approx(
        risk_fit(EMPTY, "open") + 0.03, abs=1e-12
    )
    assert risk_fit(with_mistral, "hybrid") == pytest.approx(
        risk_fit(EMPTY, "hybrid") + 0.03, abs=1e-12
    )


def test_the_reason_names_the_model_its_licence_and_its_red_flags() -> None:
    bindings = question_fits(
        "license_risk_tolerance", demo.CONTRACT_REVIEW, Context(models={"open": LLAMA})
    )
    assert bindings["open"].rule is bindings["hybrid"].rule
    assert bindings["closed"].rule.id == "license-risk-medium"  # the vendor's terms, as before
    assert bindings["open"].rule.reason.startswith(
        "Llama 3.1 70B comes under the Llama 3.1 Community License Agreement, an open-weights "
        "licence with restrictions; its terms include a cap on monthly active users, a use "
        "policy that binds end users, naming and attribution duties, and the tolerance for "
        "licence risk is medium. It is called open, but its licence is not an OSI-approved "
        "open-source licence."
    )


# --- policy rules ------------------------------------------------------------------------------
def test_a_knockout_rule_excludes_the_options_it_names_with_its_reason_and_version() -> None:
    result = score(ALL_FEASIBLE, context=Context(models={"open": LLAMA}, policies=(NO_USER_CAP,)))

    assert result.ranking == ("closed",)
    (knockout,) = result.options["open"].knockouts
    assert knockout.rule_id == "policy-1"
    assert knockout.reason == (
        "Organisation policy “No user caps” (v2): We ship to millions of users."
    )
    assert (
        knockout.condition
        == "the shortlisted open-weights model's licence has a cap on monthly active users"
    )
    assert result.options["open"].remedy is None  # no answer lifts a fact of the licence


def test_a_model_rule_does_not_touch_an_option_whose_model_is_not_shortlisted_or_is_fine() -> None:
    for models in ({}, {"open": MISTRAL}):
        result = score(ALL_FEASIBLE, context=Context(models=models, policies=(NO_USER_CAP,)))
        assert set(result.ranking) == {"open", "closed", "hybrid"}


def test_the_remedy_of_an_answer_rule_names_the_answers_that_lift_it() -> None:
    answers = {
        **demo.CONTRACT_REVIEW,
        "data_classes": ["internal", "health"],
        "residency": "none",
        "vendor_terms_ok": "unsure",
    }
    result = score(answers, context=Context(policies=(HEALTH_STAYS_IN,)))

    assert "closed" not in result.ranking
    remedy = result.options["closed"].remedy
    assert remedy is not None
    assert [change.question for change in remedy.changes] == ["data_classes"]


def test_a_warning_rule_is_named_and_excludes_nothing() -> None:
    evaluation = evaluate(demo.CONTRACT_REVIEW, context=Context(policies=(WARN_ON_GDPR,)))

    assert evaluation.policy_warnings == (WARN_ON_GDPR,)
    output = evaluation.to_json()
    assert output["policy"][0]["name"] == "Tell the DPO"
    assert output["policy"][0]["applies"] is True


def test_a_run_with_a_shortlist_and_rules_reproduces_from_its_stored_inputs() -> None:
    context = Context(
        models={"open": LLAMA, "closed": GPT4O},
        catalog_version=7,
        policies=(NO_USER_CAP, WARN_ON_GDPR),
    )
    evaluation = evaluate(demo.CONTRACT_REVIEW, {"risk": 3, "tco": 1}, context=context)

    assert evaluation.inputs["context"]["catalog_version"] == 7
    assert as_numbers(reevaluate(2, evaluation.inputs)) == as_numbers(evaluation.to_json())


def test_without_a_context_the_output_is_the_same_as_before() -> None:
    assert (
        evaluate(demo.HOSPITAL_NOTES).to_json()
        == evaluate(demo.HOSPITAL_NOTES, context=EMPTY).to_json()
    )
    assert "context" not in evaluate(demo.HOSPITAL_NOTES).inputs


@settings(max_examples=60, deadline=None)
@given(answers=complete_answers(), open_capped=st.booleans())
def test_no_option_a_knockout_rule_excludes_is_ever_ranked_first(
    answers: dict, open_capped: bool
) -> None:
    context = Context(
        models={"open": LLAMA if open_capped else MISTRAL}, policies=(NO_USER_CAP, HEALTH_STAYS_IN)
    )
    result = score(answers, context=context)
    for rule in context.policies:
        if rule.holds(answers, context.models) and result.ranking:
            assert result.ranking[0] not in rule.options


# --- rules are data, checked when saved --------------------------------------------------------
@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            {"when": [{"answer": "data_class", "includes": "health"}]},
            "when[0].answer: 'data_class' is not a question id: did you mean data_classes?",
        ),
        (
            {"when": [{"answer": "data_classes", "is": "health"}]},
            "when[0].is: data_classes is a multiple choice: use includes or excludes",
        ),
        (
            {"when": [{"answer": "residency", "is": "moon"}]},
            "when[0].is: 'moon' is not one of: none, approved_vendor, own_region, "
            "own_infrastructure",
        ),
        (
            {"when": [{"answer": "p95_latency_ms", "is": "fast"}]},
            "when[0].is: p95_latency_ms is a number question: use at_least or at_most",
        ),
        (
            {"when": [{"model": "open", "flag": "evil"}]},
            "when[0].flag: 'evil' is not one of: open_washing, user_cap, use_policy, "
            "non_commercial, remote_restriction, regional_exclusion, attribution_naming",
        ),
        (
            {"when": [{"model": "both", "shortlisted": True}]},
            "when[0].model: 'both' is not one of: open, closed",
        ),
        ({"options": ["opn"]}, "options[0]: 'opn' is not one of: open, closed, hybrid"),
        ({"effect": "ban"}, "effect: must be one of: knockout, warning"),
        ({"reason": " "}, "reason: say why: the reason is shown on every result the rule touches"),
        (
            {"when": [{"answer": "residency"}]},
            "when[0]: give exactly one of: is, is_not, includes, excludes, at_least, at_most",
        ),
        (
            {"when": [{"answer": "p95_latency_ms", "at_most": float("nan")}]},
            "when[0].at_most: must be a number",
        ),
    ],
)
def test_a_malformed_rule_is_refused_naming_the_key_at_fault(rule: dict, expected: str) -> None:
    base = {"name": "R", "effect": "knockout", "options": ["closed"], "reason": "Why.", "when": []}
    with pytest.raises(PolicyInvalid) as refused:
        parse_rule({**base, **rule})
    assert expected in [str(error) for error in refused.value.errors]


def test_the_catalog_and_the_scoring_model_share_their_licence_words() -> None:
    from catalog import licences
    from scoring import licences as scoring_licences

    assert tuple(scoring_licences.FLAG_NAMES) == licences.FLAG_IDS
    assert scoring_licences.CATEGORIES == licences.CATEGORIES
