"""A decision scored with the board's weights and its cost basis, and the scoring runs that
keep what was scored.

Reading a result never writes: ``decision_evaluate`` only computes. A run is stored
(``scoring_run_store``) when something the score rests on changes — a saved answer, a
member's weights, a finished cost simulation — so that the board can later be shown exactly
what it saw, and the numbers reproduced.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from decisions.models import Decision, ScoringRun, TcoSimulation
from decisions.services.board import BoardWeights, board_weights
from decisions.services.shortlist import decision_context, shortlist_facts, tco_defaults
from scoring.evaluation import Evaluation, evaluate
from scoring.questions import OPTIONS, validate_answers
from scoring.tco import TcoSummary, closed_form_costs


def digest(data: object) -> str:
    """SHA-256 of a JSON document in its canonical form (sorted keys, no spaces)."""
    encoded = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def tco_fingerprint(decision: Decision) -> str:
    """Identifies what a simulation's defaults were derived from: the answers, and the
    shortlisted models' catalog figures."""
    inputs, _ = tco_defaults(decision)
    return digest(inputs.to_json())


def cost_basis(*, decision: Decision) -> TcoSimulation | None:
    """The simulation the TCO fit rests on: the one an editor pinned, while it was run on
    the current answers (a newer run never replaces it); with nothing pinned, the latest
    successful run on the current answers. None: the point estimate."""
    fingerprint = tco_fingerprint(decision)
    if decision.cost_basis_id is not None:
        pinned = decision.cost_basis
        assert pinned is not None
        usable = pinned.status == TcoSimulation.Status.SUCCEEDED and pinned.summary
        return pinned if usable and pinned.answers_fingerprint == fingerprint else None
    return (
        decision.simulations.filter(
            status=TcoSimulation.Status.SUCCEEDED,
            summary__isnull=False,
            answers_fingerprint=fingerprint,
        )
        .order_by("-finished_at")
        .first()
    )


def outdated_simulation(*, decision: Decision) -> TcoSimulation | None:
    """When the decision has no cost basis: its latest successful simulation, run before
    the answers or the shortlist changed the cost model's defaults (so it no longer
    counts), to say so rather than let it vanish. None otherwise."""
    if cost_basis(decision=decision) is not None:
        return None
    return (
        decision.simulations.filter(status=TcoSimulation.Status.SUCCEEDED, summary__isnull=False)
        .order_by("-finished_at")
        .first()
    )


def tco_costs(*, decision: Decision) -> tuple[dict[str, float], str, TcoSimulation] | None:
    """The costs behind the TCO fit, from the cost basis; None when there is none (the
    point estimate is used)."""
    simulation = cost_basis(decision=decision)
    if simulation is None or simulation.summary is None:
        return None
    summary = TcoSummary.from_json(simulation.summary)
    pinned = " (pinned)" if decision.cost_basis_id == simulation.pk else ""
    basis = (
        f"median cost over {summary.horizon_months} months in simulation {simulation.number}"
        f"{pinned} ({simulation.trials:,} trials, seed {simulation.seed}, "
        f"{simulation.finished_at:%d %b %Y})"
    )
    return summary.median_costs_at_horizon(), basis, simulation


def decision_evaluate(*, decision: Decision, board: BoardWeights | None = None) -> Evaluation:
    """Score a complete decision with the board's weights, the best cost basis, and its
    context: the shortlisted models' licence facts and the organisation's policy rules."""
    answers = validate_answers(decision.answers)
    board = board or board_weights(decision=decision)
    facts = shortlist_facts(decision)
    costs = tco_costs(decision=decision) or point_estimate(decision, facts)
    return evaluate(
        answers,
        board.weights,
        costs=None if costs is None else costs[0],
        tco_basis=None if costs is None else costs[1],
        consistency_ratio=board.consistency_ratio,
        context=decision_context(decision, facts=facts),
    )


def point_estimate(
    decision: Decision, facts: dict[str, dict[str, Any]]
) -> tuple[dict[str, float], str] | None:
    """The closed-form costs from the cost model's defaults when the shortlist brings
    catalog figures into them; None otherwise (the scoring model's own point estimate, from
    the generic defaults, is the same)."""
    if not facts:
        return None
    inputs, _ = tco_defaults(decision, facts=facts)
    paths = closed_form_costs(inputs)
    cited = [f["name"] for f in facts.values()]
    basis = (
        f"point estimate over {inputs.horizon_months} months from the questionnaire and the "
        f"model catalog's figures for {' and '.join(cited)} (no simulation yet)"
    )
    return {option: paths.total(option) for option in OPTIONS}, basis


def _stored_inputs(evaluation: Evaluation) -> dict[str, Any]:
    return json.loads(json.dumps(evaluation.inputs))


def scoring_run_for(*, decision: Decision, evaluation: Evaluation) -> ScoringRun | None:
    """The stored run of exactly this evaluation, if there is one."""
    return ScoringRun.objects.filter(
        decision=decision,
        model_version=evaluation.result.model_version,
        inputs_hash=digest(_stored_inputs(evaluation)),
    ).first()


def scoring_run_store(*, decision: Decision) -> ScoringRun | None:
    """Store the decision's current result (once per distinct set of inputs); nothing while
    the questionnaire is incomplete."""
    if not decision.is_complete:
        return None
    evaluation = decision_evaluate(decision=decision)
    inputs = _stored_inputs(evaluation)
    run, _ = ScoringRun.objects.get_or_create(
        decision=decision,
        model_version=evaluation.result.model_version,
        inputs_hash=digest(inputs),
        defaults={"inputs": inputs, "outputs": json.loads(json.dumps(evaluation.to_json()))},
    )
    return run
