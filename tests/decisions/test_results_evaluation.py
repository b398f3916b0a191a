"""A scoring run is stored when what a result rests on changes (answers, weights, cost basis),
never by viewing it; the results page names the stored run it shows, and the stored run
reproduces itself.

The run's inputs and outputs go through the database's JSON column, so these tests must hold
on SQLite and on PostgreSQL (jsonb) alike: the suite runs under both.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from decisions import demo
from decisions.models import Decision, ScoringRun, TcoSimulation
from decisions.services.answers import decision_save_answers
from decisions.services.evaluations import scoring_run_store, tco_fingerprint
from decisions.services.weights import weight_set_save_direct, weight_set_save_pairwise
from scoring.evaluation import as_numbers, reevaluate
from scoring.tco import default_inputs, simulate
from tests.decisions.weights_fixtures import EDITOR_SLIDERS, FOUR_TWO_TWO_ONE_ONE_MATRIX


def results_url(decision: Decision) -> str:
    return f"/decisions/{decision.pk}/results/"


def show(client: Client, decision: Decision) -> str:
    response = client.get(results_url(decision))
    assert response.status_code == 200
    return response.content.decode()


def stored_run(decision: Decision) -> ScoringRun:
    """The latest run, read back from the database (through its JSON columns)."""
    return ScoringRun.objects.filter(decision=decision).latest("created_at", "pk")


def succeeded_simulation(decision: Decision, *, seed: int = 3) -> TcoSimulation:
    inputs, _ = default_inputs(decision.answers)
    summary = simulate(inputs, trials=100, seed=seed)
    return TcoSimulation.objects.create(
        decision=decision,
        number=decision.simulations.count() + 1,
        status=TcoSimulation.Status.SUCCEEDED,
        progress=1.0,
        trials=100,
        seed=seed,
        inputs=inputs.to_json(),
        answers_fingerprint=tco_fingerprint(decision),
        summary=summary.to_json(),
        started_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        finished_at=datetime(2026, 3, 2, 9, 1, tzinfo=UTC),
    )


# --- stored on change, never on view ----------------------------------------------------
def test_viewing_the_results_or_the_weights_writes_nothing(
    editor_client: Client, contract: Decision
) -> None:
    show(editor_client, contract)
    editor_client.get(f"/decisions/{contract.pk}/weights/")

    assert not ScoringRun.objects.exists()


def test_it_stores_one_scoring_run_per_distinct_input_when_something_changes(
    editor_client: Client, editor: User, contract: Decision
) -> None:
    decision_save_answers(decision=contract, answers={"regulatory_exposure": "low"})
    run = stored_run(contract)
    decision_save_answers(decision=contract, answers={"regulatory_exposure": "low"})  # the same
    first = show(editor_client, contract)

    assert ScoringRun.objects.filter(decision=contract).count() == 1
    assert f"Result {run.pk}, scoring model v2" in first
    assert run.inputs["weights"] == dict.fromkeys(EDITOR_SLIDERS, 0.2)

    weight_set_save_direct(decision=contract, member=editor, weights=EDITOR_SLIDERS)
    changed = show(editor_client, contract)

    assert ScoringRun.objects.filter(decision=contract).count() == 2
    new = stored_run(contract)
    assert new.pk != run.pk
    assert f"Result {new.pk}, scoring model v2" in changed
    # 40, 10, 20, 10, 20 of 100.
    assert new.inputs["weights"] == {
        "sensitivity": 0.4,
        "latency": 0.1,
        "customization": 0.2,
        "tco": 0.1,
        "risk": 0.2,
    }
    assert new.inputs_hash != run.inputs_hash


def test_a_result_not_stored_yet_says_so(editor_client: Client, contract: Decision) -> None:
    page = show(editor_client, contract)

    assert "not stored yet" in page
    assert not ScoringRun.objects.exists()


def test_it_does_not_store_a_run_before_the_questionnaire_is_complete(
    editor_client: Client, draft: Decision
) -> None:
    decision_save_answers(decision=draft, answers={"residency": "none"})
    show(editor_client, draft)

    assert not ScoringRun.objects.exists()


# --- reproducible ------------------------------------------------------------------------
def with_equal_weights(decision: Decision, editor: User) -> None:
    """Nobody has given weights: every criterion weighs 1/5."""


def with_direct_weights(decision: Decision, editor: User) -> None:
    weight_set_save_direct(decision=decision, member=editor, weights=EDITOR_SLIDERS)


def with_pairwise_weights(decision: Decision, editor: User) -> None:
    weight_set_save_pairwise(decision=decision, member=editor, matrix=FOUR_TWO_TWO_ONE_ONE_MATRIX)


def with_a_simulation(decision: Decision, editor: User) -> None:
    with_direct_weights(decision, editor)
    succeeded_simulation(decision)


@pytest.mark.parametrize(
    "given",
    [with_equal_weights, with_direct_weights, with_pairwise_weights, with_a_simulation],
    ids=["equal", "direct", "pairwise", "simulation"],
)
@pytest.mark.parametrize(
    "answers",
    [demo.CONTRACT_REVIEW, demo.HOSPITAL_NOTES, demo.SUPPORT_CHAT],
    ids=["contract", "hospital", "support"],
)
def test_it_reproduces_a_stored_run_exactly_from_its_stored_inputs(
    editor_client: Client, editor: User, contract: Decision, given, answers: dict
) -> None:
    contract.answers = dict(answers)
    contract.save()
    given(contract, editor)
    scoring_run_store(decision=contract)
    show(editor_client, contract)

    run = stored_run(contract)

    assert run.model_version == 2
    assert as_numbers(reevaluate(run.model_version, run.inputs)) == as_numbers(run.outputs)
    # What the database gave back is what was stored: plain JSON, nothing lost.
    assert json.loads(json.dumps(run.outputs)) == run.outputs


def test_it_records_the_consistency_ratio_of_pairwise_board_weights(
    editor_client: Client, editor: User, contract: Decision
) -> None:
    with_pairwise_weights(contract, editor)

    run = stored_run(contract)

    # Consistent judgments: CR 0.
    assert run.inputs["consistency_ratio"] == pytest.approx(0.0, abs=1e-12)
    assert run.outputs["consistency_ratio"] == run.inputs["consistency_ratio"]
    assert run.outputs["weights"] == pytest.approx(
        {"sensitivity": 0.4, "latency": 0.2, "customization": 0.2, "tco": 0.1, "risk": 0.1},
        abs=1e-12,
    )


# Growing 30 % a month for ten years: the point estimate runs into the 10^17s, where a float's
# shortest repr is written with an exponent (closed: 3.665601040440972e+17).
RUNAWAY_GROWTH = {
    **demo.CONTRACT_REVIEW,
    "requests_per_month": 1_000_000,
    "monthly_growth_pct": 30,
    "horizon_months": 120,
}


def test_it_reproduces_a_stored_run_whose_costs_are_written_with_an_exponent(
    editor_client: Client, contract: Decision
) -> None:
    contract.answers = dict(RUNAWAY_GROWTH)
    contract.save()
    scoring_run_store(decision=contract)

    run = stored_run(contract)

    assert min(run.inputs["costs"].values()) > 1e16
    assert as_numbers(reevaluate(run.model_version, run.inputs)) == as_numbers(run.outputs)


# --- what the page says ------------------------------------------------------------------
def test_it_states_the_flip_points_and_the_robustness_in_words(
    editor_client: Client, contract: Decision
) -> None:
    # Since model v2 an essential need for frontier quality excludes open; with frontier
    # quality only helpful, open and hybrid compete (closed stays out: the data may not leave).
    contract.answers = {**demo.CONTRACT_REVIEW, "frontier_capability": "helpful"}
    contract.save()
    run = scoring_run_store(decision=contract)
    assert run is not None
    page = show(editor_client, contract)

    # Equal weights, 1/5 each. Fits:
    #   open   sensitivity 1.0, latency 0.875, customization 0.85, TCO 1.0,     risk 0.87
    #   hybrid sensitivity 0.9, latency 0.975, customization 0.85, TCO 0.90571, risk 0.91
    #   (hybrid's TCO fit: open's $761,400 / hybrid's $840,664 from the point estimate;
    #   risk: open (1.0 + 0.7 + 0.85 + 1.0 + 0.8) / 5, hybrid (0.9 + 0.9 + 0.85 + 0.9 + 1.0) / 5).
    # Totals: open 4.595 / 5 = 0.919, hybrid 4.54071 / 5 = 0.90814: open first.
    # Sensitivity at t, the other four at (1 − t) / 4 each:
    #   open   t + (1 − t)(0.875 + 0.85 + 1.0 + 0.87) / 4          = 0.89875 + 0.10125 t
    #   hybrid 0.9 t + (1 − t)(0.975 + 0.85 + 0.90571 + 0.91) / 4 = 0.91018 − 0.01018 t
    #   equal at t = 0.01143 / 0.11143 = 0.1026: 10 %.
    assert (
        "Open stays first as long as sensitivity weighs at least 10 % (now 20 %); "
        "below that, hybrid comes first." in page
    )
    # Latency at t: open 0.93 − 0.055 t, hybrid 0.89143 + 0.08357 t; equal at
    # t = 0.03857 / 0.13857 = 0.2783: 28 %.
    assert (
        "Open stays first unless latency weighs more than 28 % (now 20 %); "
        "above that, hybrid comes first." in page
    )
    texts = [point["text"] for point in run.outputs["flip_points"]]
    assert len(texts) == 5
    for text in texts:
        assert html_lib.escape(text) in page
    robustness = run.outputs["robustness_detail"]["text"]
    assert re.fullmatch(
        r"Open comes first in \d+ % of plausible weightings and hybrid in \d+ %\.", robustness
    )
    assert f"<strong>{html_lib.escape(robustness)}</strong>" in page
    # p_first of the two feasible options adds up to 1.
    assert sum(run.outputs["robustness"].values()) == pytest.approx(1.0, abs=1e-12)


# --- the TCO basis -----------------------------------------------------------------------
def test_it_takes_the_tco_fit_from_a_simulation_run_on_the_current_answers(
    editor_client: Client, contract: Decision
) -> None:
    simulation = succeeded_simulation(contract)
    scoring_run_store(decision=contract)  # as the worker does when a simulation succeeds

    page = show(editor_client, contract)

    assert (
        f"Cost basis for the TCO fit: median cost over 36 months in simulation {simulation.number} "
        "(100 trials, seed 3, 02 Mar 2026)." in page
    )
    assert "point estimate" not in page
    run = stored_run(contract)
    # The costs behind the fit are the simulation's medians at the horizon, as stored.
    assert run.inputs["costs"] == {
        option: simulation.summary["options"][option]["cumulative"]["p50"][-1]
        for option in ("open", "closed", "hybrid")
    }
    assert as_numbers(reevaluate(run.model_version, run.inputs)) == as_numbers(run.outputs)


def test_it_keeps_the_simulation_when_an_answer_the_costs_do_not_use_changes(
    editor_client: Client, contract: Decision
) -> None:
    simulation = succeeded_simulation(contract)
    decision_save_answers(decision=contract, answers={"regulatory_exposure": "low"})

    page = show(editor_client, contract)

    assert f"in simulation {simulation.number} (100 trials" in page


def test_it_falls_back_to_the_point_estimate_when_the_answers_change(
    editor_client: Client, contract: Decision
) -> None:
    simulation = succeeded_simulation(contract)
    show(editor_client, contract)
    decision_save_answers(decision=contract, answers={"requests_per_month": 600_000})

    page = show(editor_client, contract)

    assert f"simulation {simulation.number}" not in page
    assert (
        "Cost basis for the TCO fit: point estimate over 36 months from the questionnaire "
        "and default prices (no simulation yet)." in page
    )
    assert stored_run(contract).inputs["tco_basis"].startswith("point estimate over 36 months")


@pytest.mark.parametrize(
    "status",
    [TcoSimulation.Status.FAILED, TcoSimulation.Status.RUNNING, TcoSimulation.Status.CANCELLED],
)
def test_it_ignores_a_simulation_that_did_not_succeed(
    editor_client: Client, contract: Decision, status: str
) -> None:
    simulation = succeeded_simulation(contract)
    simulation.status = status
    simulation.save()

    page = show(editor_client, contract)

    assert f"simulation {simulation.number}" not in page
    assert "point estimate over 36 months" in page


def test_it_uses_the_latest_simulation_run_on_the_current_answers(
    editor_client: Client, contract: Decision
) -> None:
    matching = succeeded_simulation(contract, seed=3)
    decision_save_answers(decision=contract, answers={"requests_per_month": 600_000})
    newer = succeeded_simulation(contract, seed=4)
    newer.finished_at = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    newer.save()
    # Back to the answers the first simulation was run on.
    decision_save_answers(decision=contract, answers={"requests_per_month": 150_000})

    page = show(editor_client, contract)

    assert f"in simulation {matching.number} (100 trials, seed 3" in page
