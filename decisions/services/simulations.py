"""TCO simulations in the background. The row is the job.

``simulation_start`` writes the row and enqueues the task after the transaction commits;
``simulation_execute`` (called by the task) claims it, runs it and stores the summary;
``simulations_sweep`` (Celery beat) re-enqueues what the broker or a dead worker left behind.
Every step is safe to repeat.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from decisions import queue
from decisions.models import Decision, Organization, TcoSimulation
from decisions.services.evaluations import scoring_run_store, tco_fingerprint
from decisions.services.jobs import JobKind, job_claim, job_enqueue, job_sweep
from scoring.tco import TcoInputs, default_inputs, merge_inputs, simulate

DEFAULT_TRIALS = 100_000
STALE_AFTER = timedelta(seconds=60)  # no heartbeat for this long: the worker is gone
REQUEUE_AFTER = timedelta(seconds=30)  # queued this long without starting: enqueue again
# A run is attempted at most this many times, across redeliveries and sweeps: a run that
# kills its worker (out of memory) would otherwise be handed on for ever.
MAX_ATTEMPTS = 3
HEARTBEAT_EVERY_S = 0.5
_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}
GIVEN_UP = (
    f"The worker stopped {_TIMES.get(MAX_ATTEMPTS, f'{MAX_ATTEMPTS} times')} while running this "
    "simulation, so it is not tried again: try fewer trials. If smaller runs stop too, ask an "
    "administrator to check the workers."
)

# The row is the job (decisions/services/jobs.py).
SIMULATION_JOB = JobKind(
    model=TcoSimulation,
    task=queue.RUN_TCO_SIMULATION,
    stale_after=STALE_AFTER,
    requeue_after=REQUEUE_AFTER,
    max_attempts=MAX_ATTEMPTS,
    given_up=GIVEN_UP,
)

logger = logging.getLogger(__name__)


def simulation_create(
    *, decision: Decision, user: User | None, inputs: TcoInputs, trials: int, seed: int
) -> TcoSimulation:
    """A queued simulation row, tied to the answers its defaults came from, numbered after
    the decision's last one (the decision's row is locked while the number is taken)."""
    with transaction.atomic():
        Decision.objects.select_for_update().filter(pk=decision.pk).values("pk").get()
        last = decision.simulations.aggregate(last=Max("number"))["last"] or 0
        return TcoSimulation.objects.create(
            decision=decision,
            number=last + 1,
            created_by=user,
            trials=trials,
            seed=seed,
            inputs=inputs.to_json(),
            answers_fingerprint=tco_fingerprint(decision),
        )


class SimulationLimitReached(Exception):
    """Too many simulations queued or running for this user or organisation; the sentence
    says which, and what to do."""


def simulation_start(
    *, decision: Decision, user: User | None, inputs: TcoInputs, trials: int, seed: int
) -> TcoSimulation:
    """Queue a simulation, within the limits on how many one user (``SIMULATIONS_PER_USER``)
    and one organisation (``SIMULATIONS_PER_ORGANIZATION``) may have queued or running: the
    workers are shared, and twenty large runs from one person would hold everyone else's for
    minutes. Raises ``SimulationLimitReached``."""
    with transaction.atomic():
        # The organisation's and the user's rows are locked while counting, so that two
        # starts at once cannot both take the last place.
        organization = Organization.objects.select_for_update().get(pk=decision.organization_id)
        active = TcoSimulation.objects.filter(
            status__in=[TcoSimulation.Status.QUEUED, TcoSimulation.Status.RUNNING]
        )
        if user is not None:
            User.objects.select_for_update().filter(pk=user.pk).values("pk").get()
            mine = active.filter(created_by=user).count()
            if mine >= settings.SIMULATIONS_PER_USER:
                raise SimulationLimitReached(
                    f"You already have {mine} simulations queued or running, the most one "
                    "person may have at once. Start this one when one of them has finished, "
                    "or cancel one."
                )
        theirs = active.filter(decision__organization=organization).count()
        if theirs >= settings.SIMULATIONS_PER_ORGANIZATION:
            raise SimulationLimitReached(
                f"{organization.name} already has {theirs} simulations queued or running, the "
                "most one organisation may have at once. Start this one when one of them has "
                "finished."
            )
        simulation = simulation_create(
            decision=decision, user=user, inputs=inputs, trials=trials, seed=seed
        )
    transaction.on_commit(lambda: simulation_enqueue(simulation_id=simulation.pk))
    return simulation


def simulation_enqueue(*, simulation_id: int) -> bool:
    """Publish the task for a queued simulation. Returns False (and leaves the row queued,
    with the reason) when the broker cannot be reached: publishing fails fast, never hangs."""
    return job_enqueue(SIMULATION_JOB, simulation_id)


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
    run of a worker that died — unless it has been attempted ``MAX_ATTEMPTS`` times already:
    then it is failed, saying why. Returns what happened, for logs and tests."""
    claim = job_claim(SIMULATION_JOB, simulation_id, task_id)
    if claim != "claimed":
        return claim
    me = task_id or ""
    Status = TcoSimulation.Status
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
    if not stored:
        return "cancelled"
    # A new simulation on the current answers is a new cost basis for the result.
    scoring_run_store(decision=simulation.decision)
    return "succeeded"


def _failure_message(error: Exception) -> str:
    """What the simulation page says about an unexpected error; some (a MemoryError from an
    allocation that does not fit) carry no message of their own."""
    if isinstance(error, MemoryError):
        return "The simulation failed: it ran out of memory. Try fewer trials."
    detail = str(error) or type(error).__name__
    return f"The simulation failed: {detail}"[:1000]


def simulations_sweep() -> dict[str, int]:
    """Re-enqueue simulations left queued (broker was down) or stuck (worker died)."""
    return job_sweep(SIMULATION_JOB, lambda pk: simulation_enqueue(simulation_id=pk))
