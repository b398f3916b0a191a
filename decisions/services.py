"""Writes, and the calls into the scoring domain that views and tasks share."""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.models import User
from django.db import connections, router, transaction
from django.db.models import F, Q
from django.utils import timezone

from decisions.models import (
    EDITING_ROLES,
    Decision,
    Organization,
    ScoringRun,
    TcoSimulation,
    WeightSet,
)
from scoring.evaluation import Evaluation, evaluate
from scoring.questions import CRITERIA, validate_answers
from scoring.tco import TcoInputs, TcoSummary, default_inputs, merge_inputs, simulate
from scoring.weights import (
    AhpResult,
    Spread,
    aggregate_ahp,
    aggregate_direct,
    ahp_weights,
    most_disputed_criterion,
    normalise,
    weights_spread,
)


def decision_create(
    *,
    organization: Organization,
    owner: User,
    title: str,
    use_case: str,
    team: str = "",
) -> Decision:
    return Decision.objects.create(
        organization=organization, owner=owner, title=title, use_case=use_case, team=team
    )


def decision_save_answers(*, decision: Decision, answers: dict[str, Any]) -> Decision:
    """Merge validated answers of one step into the decision's answers document.

    Two steps saved at once must not drop each other's answers, so the write only lands if
    nobody changed the row since it was read (compare-and-set on ``updated_at``); otherwise
    the row is re-read under a lock and merged again.
    """
    clean = validate_answers(answers, partial=True)
    merged = validate_answers({**decision.answers, **clean}, partial=True)
    now = timezone.now()
    if not _write_answers_if_unchanged(decision, merged, now):
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=decision.pk)
            merged = validate_answers({**locked.answers, **clean}, partial=True)
            Decision.objects.filter(pk=decision.pk).update(answers=merged, updated_at=now)
    decision.answers = merged
    decision.updated_at = now
    return decision


def _write_answers_if_unchanged(decision: Decision, answers: dict[str, Any], now: Any) -> bool:
    """The compare-and-set of ``decision_save_answers``: write only if ``updated_at`` is still
    what was read. Plain SQL, because it runs for every answer saved and building it through
    the ORM took longer than running it."""
    connection = connections[router.db_for_write(Decision, instance=decision)]
    ops = connection.ops
    sql = (
        f"UPDATE {ops.quote_name(Decision._meta.db_table)} "  # the name comes from the model
        "SET answers = %s, updated_at = %s WHERE id = %s AND updated_at = %s"
    )
    answers_field = Decision._meta.get_field("answers")
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                answers_field.get_db_prep_save(answers, connection),
                ops.adapt_datetimefield_value(now),
                decision.pk,
                ops.adapt_datetimefield_value(decision.updated_at),
            ],
        )
        return cursor.rowcount == 1


# --- TCO simulations ---------------------------------------------------------------------
# A simulation row is the job. ``simulation_start`` writes it and enqueues the task after the
# transaction commits; ``simulation_execute`` (called by the task) claims it, runs it and
# stores the summary; ``simulations_sweep`` (Celery beat) re-enqueues what the broker or a
# dead worker left behind. Every step is safe to repeat.

DEFAULT_TRIALS = 100_000
STALE_AFTER = timedelta(seconds=60)  # no heartbeat for this long: the worker is gone
REQUEUE_AFTER = timedelta(seconds=30)  # queued this long without starting: enqueue again
MAX_ATTEMPTS = 5
HEARTBEAT_EVERY_S = 0.5

logger = logging.getLogger(__name__)


def tco_fingerprint(answers: Mapping[str, Any]) -> str:
    """Identifies the questionnaire answers a simulation's defaults were derived from."""
    inputs, _ = default_inputs(answers)
    return _digest(inputs.to_json())


def _digest(data: object) -> str:
    encoded = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def simulation_create(
    *, decision: Decision, user: User | None, inputs: TcoInputs, trials: int, seed: int
) -> TcoSimulation:
    """A queued simulation row, tied to the answers its defaults came from."""
    return TcoSimulation.objects.create(
        decision=decision,
        created_by=user,
        trials=trials,
        seed=seed,
        inputs=inputs.to_json(),
        answers_fingerprint=tco_fingerprint(decision.answers),
    )


def simulation_start(
    *, decision: Decision, user: User | None, inputs: TcoInputs, trials: int, seed: int
) -> TcoSimulation:
    simulation = simulation_create(
        decision=decision, user=user, inputs=inputs, trials=trials, seed=seed
    )
    transaction.on_commit(lambda: simulation_enqueue(simulation_id=simulation.pk))
    return simulation


def simulation_enqueue(*, simulation_id: int) -> bool:
    """Publish the task for a queued simulation. Returns False (and leaves the row queued,
    with the reason) when the broker cannot be reached: publishing fails fast, never hangs."""
    from decisions.tasks import run_tco_simulation_task

    task_id = str(uuid.uuid4())
    # The row names the message that may run it; an older duplicate message is ignored.
    TcoSimulation.objects.filter(pk=simulation_id, status=TcoSimulation.Status.QUEUED).update(
        task_id=task_id, enqueued_at=timezone.now()
    )
    try:
        run_tco_simulation_task.apply_async(args=(simulation_id,), task_id=task_id)
    except Exception as error:  # kombu raises a variety of connection errors
        logger.warning("Could not enqueue simulation %s: %s", simulation_id, error)
        TcoSimulation.objects.filter(pk=simulation_id).update(
            enqueue_error=f"The task queue is not reachable ({type(error).__name__})."[:300]
        )
        return False
    TcoSimulation.objects.filter(pk=simulation_id).update(enqueue_error="")
    return True


def simulation_cancel(*, simulation: TcoSimulation) -> bool:
    """Cancel a queued or running simulation; the worker stops at its next progress report."""
    updated = TcoSimulation.objects.filter(
        pk=simulation.pk,
        status__in=[TcoSimulation.Status.QUEUED, TcoSimulation.Status.RUNNING],
    ).update(status=TcoSimulation.Status.CANCELLED, finished_at=timezone.now())
    simulation.refresh_from_db()
    return bool(updated)


class SimulationCancelled(Exception):
    pass


def simulation_execute(*, simulation_id: int, task_id: str | None) -> str:
    """Run a simulation once. Idempotent: a finished row is left alone, a row another live
    worker is running is left alone, and a redelivered message (same task id) picks up the
    run of a worker that died. Returns what happened, for logs and tests."""
    me = task_id or ""
    now = timezone.now()
    Status = TcoSimulation.Status
    claimable = Q(status=Status.QUEUED) | (
        Q(status=Status.RUNNING) & (Q(task_id=me) | Q(heartbeat_at__lt=now - STALE_AFTER))
    )
    claimed = TcoSimulation.objects.filter(claimable, pk=simulation_id).update(
        status=Status.RUNNING,
        task_id=me,
        started_at=now,
        heartbeat_at=now,
        progress=0.0,
        attempts=F("attempts") + 1,
        error="",
    )
    if not claimed:
        return "skipped"
    simulation = TcoSimulation.objects.get(pk=simulation_id)
    mine = TcoSimulation.objects.filter(pk=simulation_id, status=Status.RUNNING, task_id=me)
    last_beat = time.monotonic()

    def report(fraction: float) -> None:
        nonlocal last_beat
        if time.monotonic() - last_beat < HEARTBEAT_EVERY_S and fraction < 1.0:
            return
        last_beat = time.monotonic()
        # Zero rows: cancelled, or handed to another worker by the sweep. Stop either way.
        if not mine.update(progress=round(fraction, 4), heartbeat_at=timezone.now()):
            raise SimulationCancelled

    try:
        inputs = merge_inputs(default_inputs({})[0], simulation.inputs)
        summary = simulate(inputs, trials=simulation.trials, seed=simulation.seed, progress=report)
    except SimulationCancelled:
        return "cancelled"
    except SoftTimeLimitExceeded:
        mine.update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error="The simulation took too long and was stopped. Try fewer trials.",
        )
        return "failed"
    except Exception as error:
        logger.exception("Simulation %s failed", simulation_id)
        mine.update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error=_failure_message(error),
        )
        return "failed"
    stored = mine.update(
        status=Status.SUCCEEDED,
        finished_at=timezone.now(),
        progress=1.0,
        summary=summary.to_json(),
    )
    return "succeeded" if stored else "cancelled"


def _failure_message(error: Exception) -> str:
    """What the simulation page says about an unexpected error; some (a MemoryError from an
    allocation that does not fit) carry no message of their own."""
    if isinstance(error, MemoryError):
        return "The simulation failed: it ran out of memory. Try fewer trials."
    detail = str(error) or type(error).__name__
    return f"The simulation failed: {detail}"[:1000]


def simulations_sweep() -> dict[str, int]:
    """Re-enqueue simulations left queued (broker was down) or stuck (worker died)."""
    now = timezone.now()
    Status = TcoSimulation.Status
    stuck = TcoSimulation.objects.filter(status=Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    given_up = stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED,
        finished_at=now,
        error=f"The worker running this simulation stopped {MAX_ATTEMPTS} times. "
        "Try fewer trials, or ask an administrator to check the workers.",
    )
    # Cleared enqueued_at: a revived run is enqueued again right away, below.
    revived = stuck.update(status=Status.QUEUED, progress=0.0, enqueued_at=None)
    waiting = TcoSimulation.objects.filter(status=Status.QUEUED).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REQUEUE_AFTER) | ~Q(enqueue_error="")
    )
    enqueued = failed = 0
    for simulation_id in waiting.values_list("pk", flat=True):
        if simulation_enqueue(simulation_id=simulation_id):
            enqueued += 1
        else:
            failed += 1
            break  # the broker is down: the next sweep tries again
    return {"revived": revived, "given_up": given_up, "enqueued": enqueued, "failed": failed}


# --- weights ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberWeights:
    weight_set: WeightSet
    weights: dict[str, float]  # normalised
    ahp: AhpResult | None  # for pairwise members


@dataclass(frozen=True)
class BoardWeights:
    """The weights a decision is scored with, and where they come from."""

    weights: dict[str, float]
    basis: str  # "equal", "direct" (mean of members) or "pairwise" (geometric mean)
    members: tuple[MemberWeights, ...]
    spread: dict[str, Spread] | None
    disputed: str | None
    ahp: AhpResult | None  # the group's pairwise result, when every member used pairwise

    @property
    def consistency_ratio(self) -> float | None:
        return None if self.ahp is None else self.ahp.consistency_ratio


def member_weights(weight_set: WeightSet) -> MemberWeights:
    if weight_set.method == WeightSet.Method.PAIRWISE:
        ahp = ahp_weights(weight_set.pairwise)
        return MemberWeights(weight_set, dict(ahp.weights), ahp)
    return MemberWeights(weight_set, normalise(weight_set.direct), None)


def board_weights(*, decision: Decision) -> BoardWeights:
    """Aggregate the weights of the organisation's editors, approvers and admins.

    All pairwise: the element-wise geometric mean of their judgments (Aczél–Saaty), then the
    principal eigenvector. Otherwise: the mean of every member's normalised weights (a
    pairwise member counting with their eigenvector weights). Nobody yet: equal weights.
    """
    sets = (
        WeightSet.objects.filter(
            decision=decision,
            member__memberships__organization=decision.organization_id,
            member__memberships__role__in=EDITING_ROLES,
        )
        .select_related("member")
        .order_by("member__username")
    )
    members = tuple(member_weights(weight_set) for weight_set in sets)
    if not members:
        equal = {criterion: 1 / len(CRITERIA) for criterion in CRITERIA}
        return BoardWeights(equal, "equal", (), None, None, None)
    all_weights = [member.weights for member in members]
    if all(member.ahp is not None for member in members):
        group = aggregate_ahp([member.weight_set.pairwise for member in members])
        weights, basis, ahp = dict(group.weights), "pairwise", group
    else:
        weights, basis, ahp = aggregate_direct(all_weights), "direct", None
    return BoardWeights(
        weights=weights,
        basis=basis,
        members=members,
        spread=weights_spread(all_weights),
        disputed=most_disputed_criterion(all_weights),
        ahp=ahp,
    )


def weight_set_save_direct(
    *, decision: Decision, member: User, weights: Mapping[str, float]
) -> WeightSet:
    weight_set, _ = WeightSet.objects.update_or_create(
        decision=decision,
        member=member,
        defaults={"method": WeightSet.Method.DIRECT, "direct": dict(weights)},
    )
    return weight_set


def weight_set_save_pairwise(
    *, decision: Decision, member: User, matrix: list[list[float]]
) -> WeightSet:
    weight_set, _ = WeightSet.objects.update_or_create(
        decision=decision,
        member=member,
        defaults={"method": WeightSet.Method.PAIRWISE, "pairwise": matrix},
    )
    return weight_set


# --- evaluation ---------------------------------------------------------------------------
def tco_costs(*, decision: Decision) -> tuple[dict[str, float], str, TcoSimulation] | None:
    """The costs behind the TCO fit from the latest successful simulation that was run on the
    decision's current answers; None when there is none (the point estimate is used)."""
    latest = (
        decision.simulations.filter(
            status=TcoSimulation.Status.SUCCEEDED,
            summary__isnull=False,
            answers_fingerprint=tco_fingerprint(decision.answers),
        )
        .order_by("-finished_at")
        .first()
    )
    if latest is None or latest.summary is None:
        return None
    summary = TcoSummary.from_json(latest.summary)
    basis = (
        f"median cost over {summary.horizon_months} months in simulation {latest.pk} "
        f"({latest.trials:,} trials, seed {latest.seed}, "
        f"{latest.finished_at:%d %b %Y})"
    )
    return summary.median_costs_at_horizon(), basis, latest


def decision_evaluate(
    *, decision: Decision, weights: BoardWeights | None = None
) -> tuple[Evaluation, ScoringRun]:
    """Evaluate a complete decision with the board's weights and the best cost basis, and
    store the result (once per distinct set of inputs)."""
    answers = validate_answers(decision.answers)
    board = weights or board_weights(decision=decision)
    costs = tco_costs(decision=decision)
    evaluation = evaluate(
        answers,
        board.weights,
        costs=None if costs is None else costs[0],
        tco_basis=None if costs is None else costs[1],
        consistency_ratio=board.consistency_ratio,
    )
    inputs = json.loads(json.dumps(evaluation.inputs))
    run, _ = ScoringRun.objects.get_or_create(
        decision=decision,
        model_version=evaluation.result.model_version,
        inputs_hash=_digest(inputs),
        defaults={"inputs": inputs, "outputs": json.loads(json.dumps(evaluation.to_json()))},
    )
    return evaluation, run
