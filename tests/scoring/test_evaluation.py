"""evaluate() and reevaluate(): the output contract, and exact reproduction from stored inputs.

The worked example is the insurer's claims assistant of docs/scoring-model.md; its fits are
derived by hand in tests/scoring/test_model.py and repeated here where a number depends on
them. Passing ``costs=`` fixes the TCO fit. ``evaluate`` is model v2; ``evaluate_v1`` is v1
as it was (tests/scoring/test_v1_frozen.py replays runs stored before v2).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.evaluation import EVALUATORS, evaluate, evaluate_v1, reevaluate
from scoring.questions import CRITERIA, OPTIONS, QUESTIONS, Answer, validate_answers
from tests.scoring.examples import CLAIMS, CLAIMS_COSTS, CLAIMS_WEIGHTS, any_answer, jsonb_order

Answers = dict[str, Answer]


# Field maintenance on offshore sites: always offline, so only open can serve it.
OFFLINE: Answers = {**CLAIMS, "offline": "always", "deployment": "edge"}

TOP_LEVEL = {"model_version", "recommendation", "weights", "options", "flip_points", "robustness"}
OPTION_KEYS = {"feasible", "score", "rank", "criteria", "reasons", "knockouts"}
V2_TOP_LEVEL = {"close_call", "close_call_detail", "requirements"}
V2_OPTION_KEYS = {"explanations", "answer_flip"}
EXPLANATION_KEYS = {
    "criterion",
    "question",
    "rule",
    "answer",
    "fit",
    "rival",
    "rival_fit",
    "impact",
    "top",
    "text",
}


def round_trip(data: Any) -> Any:
    return json.loads(json.dumps(data))


# --- the contract ------------------------------------------------------------------------
def test_it_follows_the_scoring_output_contract() -> None:
    output = evaluate(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS).to_json()

    assert set(output) >= TOP_LEVEL | V2_TOP_LEVEL
    assert "consistency_ratio" not in output
    assert output["model_version"] == 2
    # 30, 10, 20, 25, 15 of 100.
    assert output["weights"] == {
        "sensitivity": 0.3,
        "latency": 0.1,
        "customization": 0.2,
        "tco": 0.25,
        "risk": 0.15,
    }
    assert list(output["options"]) == list(OPTIONS)
    for entry in output["options"].values():
        assert set(entry) >= OPTION_KEYS | V2_OPTION_KEYS
        assert entry["feasible"] is True
        assert len(entry["reasons"]) == len(entry["explanations"])
        for explanation in entry["explanations"]:
            assert set(explanation) == EXPLANATION_KEYS
        assert [e["top"] for e in entry["explanations"][:4]] == [True, True, True, False]
        assert list(entry["criteria"]) == list(CRITERIA)
        for criterion, part in entry["criteria"].items():
            assert set(part) == {"fit", "weight", "contribution"}
            assert part["weight"] == output["weights"][criterion]
            assert part["contribution"] == part["weight"] * part["fit"]
        assert all(isinstance(reason, str) for reason in entry["reasons"])
        assert entry["knockouts"] == []
    # From test_model: open 0.803, closed 0.845, hybrid 0.8655.
    assert {option: entry["score"] for option, entry in output["options"].items()} == (
        pytest.approx({"open": 0.803, "closed": 0.845, "hybrid": 0.8655}, abs=1e-12)
    )
    assert {option: entry["rank"] for option, entry in output["options"].items()} == {
        "open": 3,
        "closed": 2,
        "hybrid": 1,
    }
    assert output["recommendation"] == "hybrid"
    assert [point["criterion"] for point in output["flip_points"]] == list(CRITERIA)
    assert set(output["robustness"]) == set(OPTIONS)
    assert sum(output["robustness"].values()) == pytest.approx(1.0, abs=1e-12)
    # The winner has no answer flip; the others do (see test_v2_answer_flips).
    assert output["options"]["hybrid"]["answer_flip"] is None
    assert output["options"]["closed"]["answer_flip"]["found"] is True
    assert output["close_call"] is False
    assert output["requirements"] == []


def test_it_keeps_v1_s_output_for_v1() -> None:
    output = evaluate_v1(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS).to_json()

    assert output["model_version"] == 1
    assert set(output) == TOP_LEVEL | {"tco", "robustness_detail"}
    assert set(output["options"]["open"]) == OPTION_KEYS
    assert sorted(EVALUATORS) == [1, 2]


def test_it_lists_the_requirements_the_answers_state() -> None:
    output = evaluate(OFFLINE, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS).to_json()

    assert output["requirements"] == [
        {
            "requirement": "offline-always",
            "question": "offline",
            "answer": "Always",
            "must": "It must work without any internet connection.",
            "options": {
                "open": {
                    "status": "meets",
                    "text": "A model on our own hardware runs without a connection.",
                },
                "closed": {
                    "status": "cannot",
                    "text": "A vendor API cannot be reached without a connection.",
                },
                "hybrid": {
                    "status": "cannot",
                    "text": (
                        "The vendor half of a hybrid would never be reachable, so it could not "
                        "work as a hybrid at all."
                    ),
                },
            },
        }
    ]


def test_it_finds_the_flip_points_of_the_worked_example() -> None:
    output = evaluate(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS).to_json()

    tco = next(point for point in output["flip_points"] if point["criterion"] == "tco")
    # TCO at t, the other weights (0.3, 0.1, 0.2, 0.15 of 0.75) rescaled by (1 − t) / 0.75.
    # Each option's score without TCO, over 0.75 (fits from test_model):
    #   open   (0.3 + 0.0875 + 0.175 + 0.1155) / 0.75 = 0.678 / 0.75  = 1356 / 1500
    #   closed (0.2175 + 0.0875 + 0.155 + 0.135) / 0.75 = 0.595 / 0.75 = 1190 / 1500
    #   hybrid (0.2775 + 0.0925 + 0.165 + 0.1305) / 0.75 = 0.6655 / 0.75 = 1331 / 1500
    # S(t) = R + t (u_tco − R), u_tco: open 0.5, closed 1.0, hybrid 0.8.
    #   hybrid − open   = −25/1500 + t · 475/1500 = 0 at t = 1/19
    #   hybrid − closed = 141/1500 − t · 441/1500 = 0 at t = 141/441 = 47/147
    assert tco["winner"] == "hybrid"
    assert tco["weight"] == 0.25
    assert tco["low"] == pytest.approx(1 / 19, abs=1e-12)
    assert tco["high"] == pytest.approx(47 / 147, abs=1e-12)
    assert (tco["rival_below"], tco["rival_above"]) == ("open", "closed")
    assert tco["text"] == (
        "Hybrid stays first as long as TCO weighs between 5 % and 32 % (now 25 %). Below 5 %, "
        "open comes first; above 32 %, closed does."
    )


def test_it_adds_the_consistency_ratio_only_when_given() -> None:
    without = evaluate(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS)
    zero = evaluate(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS, consistency_ratio=0.0)
    some = evaluate(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS, consistency_ratio=0.042)

    assert "consistency_ratio" not in without.to_json()
    assert zero.to_json()["consistency_ratio"] == 0.0
    assert some.to_json()["consistency_ratio"] == 0.042
    assert some.inputs["consistency_ratio"] == 0.042
    # Everything else is the same.
    assert {k: v for k, v in some.to_json().items() if k != "consistency_ratio"} == (
        without.to_json()
    )


def test_it_gives_an_infeasible_option_no_score_and_no_rank_but_its_knock_outs() -> None:
    output = evaluate(OFFLINE, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS).to_json()

    for option in ("closed", "hybrid"):
        entry = output["options"][option]
        assert entry["feasible"] is False
        assert "score" not in entry
        assert "rank" not in entry
        assert "offline-always" in [knockout["rule"] for knockout in entry["knockouts"]]
        assert {"rule", "when", "reason"} <= set(entry["knockouts"][0])
    assert output["options"]["open"]["feasible"] is True
    assert output["options"]["open"]["rank"] == 1
    assert 0.0 <= output["options"]["open"]["score"] <= 1.0
    assert output["recommendation"] == "open"
    assert output["robustness"] == {"open": 1.0}
    assert [point["text"] for point in output["flip_points"]] == [
        f"Open is the only feasible option, so no weight of {name} changes the result."
        for name in ("sensitivity", "latency", "customization", "TCO", "risk")
    ]
    assert output["close_call_detail"]["text"] == "Open is the only feasible option."
    # Working through outages is a requirement closed cannot meet either; the hybrid can.
    for option, values in (
        ("closed", "'No, it is always online'"),
        ("hybrid", "'Sometimes' or 'No, it is always online'"),
    ):
        entry = output["options"][option]
        assert entry["explanations"] == []
        assert entry["remedy_description"] == (
            f"{option} becomes feasible if the answer to “Must it work without an internet "
            f"connection?” is {values} (now 'Always')"
        )


def test_it_records_its_inputs_as_given() -> None:
    evaluation = evaluate(CLAIMS, CLAIMS_WEIGHTS, costs=CLAIMS_COSTS, samples=500, seed=9)

    assert evaluation.inputs == {
        "answers": CLAIMS,
        # Not normalised: normalising twice may move the last bit.
        "weights": CLAIMS_WEIGHTS,
        "costs": CLAIMS_COSTS,
        "tco_basis": "",
        "consistency_ratio": None,
        "robustness": {"samples": 500, "seed": 9, "concentration": 30.0},
    }
    assert evaluation.to_json()["robustness_detail"]["samples"] == 500


# --- reproduction ------------------------------------------------------------------------
@pytest.mark.parametrize(("version", "evaluator"), [(1, evaluate_v1), (2, evaluate)])
def test_it_reproduces_the_worked_example_exactly(version: int, evaluator: Any) -> None:
    evaluation = evaluator(CLAIMS, CLAIMS_WEIGHTS, consistency_ratio=0.07)
    stored_inputs = round_trip(evaluation.inputs)
    stored_outputs = round_trip(evaluation.to_json())

    assert evaluation.result.model_version == version
    assert reevaluate(version, stored_inputs) == stored_outputs
    assert reevaluate(version, jsonb_order(stored_inputs)) == stored_outputs


def test_it_refuses_an_unknown_model_version() -> None:
    inputs = round_trip(evaluate(CLAIMS, CLAIMS_WEIGHTS, samples=100).inputs)

    with pytest.raises(ValueError, match="unknown scoring model version 3"):
        reevaluate(3, inputs)
    with pytest.raises(ValueError, match="unknown scoring model version 0"):
        reevaluate(0, inputs)


complete_answers = st.fixed_dictionaries(
    {question.id: any_answer(question) for question in QUESTIONS}
).map(validate_answers)

weights = st.one_of(
    st.none(),
    st.fixed_dictionaries({c: st.integers(0, 100) for c in CRITERIA}).filter(
        lambda w: sum(w.values()) > 0
    ),
    # Board weights: already normalised floats, e.g. means of members' weights.
    st.fixed_dictionaries({c: st.floats(0.001, 1.0) for c in CRITERIA}).map(
        lambda w: {c: v / sum(w.values()) for c, v in w.items()}
    ),
)

costs = st.one_of(
    st.none(),
    st.fixed_dictionaries({option: st.floats(1.0, 1e9) for option in OPTIONS}),
)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    version=st.sampled_from([1, 2]),
    answers=complete_answers,
    weights=weights,
    costs=costs,
    consistency_ratio=st.one_of(st.none(), st.floats(0.0, 2.0)),
    seed=st.integers(0, 2**32),
)
def test_it_reproduces_every_evaluation_from_its_stored_inputs(
    version: int,
    answers: Answers,
    weights: dict[str, float] | None,
    costs: dict[str, float] | None,
    consistency_ratio: float | None,
    seed: int,
) -> None:
    evaluation = (evaluate_v1 if version == 1 else evaluate)(
        answers,
        weights,
        costs=costs,
        tco_basis=None if costs is None else "given costs",
        consistency_ratio=consistency_ratio,
        samples=1_000,
        seed=seed,
    )
    # As decision_evaluate stores them.
    stored_inputs = round_trip(evaluation.inputs)
    stored_outputs = round_trip(evaluation.to_json())

    assert evaluation.result.model_version == version
    assert reevaluate(version, stored_inputs) == stored_outputs
    # As PostgreSQL gives them back: the same values, every object's keys reordered.
    assert reevaluate(version, jsonb_order(stored_inputs)) == stored_outputs
