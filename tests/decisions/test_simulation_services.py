"""Simulations as jobs: running one exactly once, cancelling it, failing clearly, and the sweep
that picks up what a dead worker or an unreachable broker left behind."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

# Imported before anything is timed, so that a first import is not counted as waiting.
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from kombu.exceptions import OperationalError

from decisions import queue, tasks
from decisions.models import Decision, TcoSimulation
from decisions.services import simulations
from decisions.services.simulations import (
    MAX_ATTEMPTS,
    REQUEUE_AFTER,
    STALE_AFTER,
    simulation_cancel,
    simulation_enqueue,
    simulation_execute,
    simulations_sweep,
)
from scoring.tco import TcoInputs, simulate
from tests.decisions.tco_fixtures import (
    Published,
    broker_down_fixture,  # noqa: F401
    hospital_inputs,
    make_simulation,
    published_fixture,  # noqa: F401
)
from tests.processes import celery_broker

Status = TcoSimulation.Status
SECOND = timedelta(seconds=1)
NOT_REACHABLE = "The task queue is not reachable right now."
GIVEN_UP = (
    "The worker stopped three times while running this simulation, so it is not tried again: "
    "try fewer trials. If smaller runs stop too, ask an administrator to check the workers."
)


@pytest.fixture
def queued(complete: Decision) -> TcoSimulation:
    return make_simulation(complete, trials=200, seed=11)


def expected_summary(inputs: TcoInputs, *, trials: int = 200, seed: int = 11) -> object:
    """What the row should hold: the simulation's summary, as JSON stores it."""
    return json.loads(json.dumps(simulate(inputs, trials=trials, seed=seed).to_json()))


def row(simulation: TcoSimulation) -> dict[str, Any]:
    return TcoSimulation.objects.values().get(pk=simulation.pk)


def reload(simulation: TcoSimulation) -> TcoSimulation:
    return TcoSimulation.objects.get(pk=simulation.pk)


def running(decision: Decision, *, beat_age: timedelta, **fields: Any) -> TcoSimulation:
    beat = timezone.now() - beat_age
    fields = {"task_id": "task-of-another-worker", "attempts": 1, "progress": 0.6, **fields}
    return make_simulation(
        decision,
        trials=200,
        seed=11,
        status=Status.RUNNING,
        started_at=beat - 10 * SECOND,
        heartbeat_at=beat,
        **fields,
    )


def between(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment <= end


FakeSimulate = Callable[..., Any]


def fake_simulate(monkeypatch: pytest.MonkeyPatch, body: FakeSimulate) -> None:
    """Replace the simulation the service calls; ``body(progress)`` plays the run."""

    def simulate_(inputs: TcoInputs, *, trials: int, seed: int, progress: Any) -> Any:
        return body(progress, inputs=inputs, trials=trials, seed=seed)

    monkeypatch.setattr(simulations, "simulate", simulate_)


# --- running ------------------------------------------------------------------------------
def test_it_runs_a_queued_simulation_and_stores_its_summary(queued: TcoSimulation) -> None:
    before = timezone.now()
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "succeeded"
    after = timezone.now()
    done = reload(queued)
    assert done.status == Status.SUCCEEDED
    assert done.summary == expected_summary(hospital_inputs())
    assert done.summary["trials"] == 200
    assert done.summary["seed"] == 11
    assert (done.progress, done.attempts, done.task_id, done.error) == (1.0, 1, "task-1", "")
    assert between(done.started_at, before, after)
    assert between(done.finished_at, before, after)
    assert done.started_at is not None
    assert done.finished_at is not None
    assert done.started_at <= done.finished_at
    assert between(done.heartbeat_at, before, after)


def test_it_runs_a_simulation_called_without_a_task_id(queued: TcoSimulation) -> None:
    assert simulation_execute(simulation_id=queued.pk, task_id=None) == "succeeded"
    assert reload(queued).summary == expected_summary(hospital_inputs())


def test_it_skips_a_simulation_that_already_succeeded(queued: TcoSimulation) -> None:
    simulation_execute(simulation_id=queued.pk, task_id="task-1")
    before = row(queued)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "skipped"
    assert simulation_execute(simulation_id=queued.pk, task_id="task-2") == "skipped"
    assert row(queued) == before


@pytest.mark.parametrize("status", [Status.FAILED, Status.CANCELLED])
def test_it_skips_a_simulation_that_failed_or_was_cancelled(
    complete: Decision, status: str
) -> None:
    ended = make_simulation(
        complete, status=status, task_id="task-1", attempts=1, finished_at=timezone.now()
    )
    before = row(ended)
    assert simulation_execute(simulation_id=ended.pk, task_id="task-1") == "skipped"
    assert row(ended) == before


def test_it_skips_a_simulation_that_no_longer_exists(db: None) -> None:
    assert simulation_execute(simulation_id=987_654, task_id="task-1") == "skipped"


@pytest.mark.parametrize("beat_age", [timedelta(0), STALE_AFTER - 5 * SECOND])
def test_it_leaves_a_run_another_worker_is_beating_for_alone(
    complete: Decision, beat_age: timedelta
) -> None:
    busy = running(complete, beat_age=beat_age)
    before = row(busy)
    assert simulation_execute(simulation_id=busy.pk, task_id="task-2") == "skipped"
    assert row(busy) == before


def test_it_picks_up_its_own_run_when_the_message_is_redelivered(complete: Decision) -> None:
    # The worker died mid-run and the broker gave the same message to another worker; the
    # heartbeat is still fresh, but the task id says the run is this message's.
    mine = running(complete, beat_age=2 * SECOND, task_id="task-1")
    assert simulation_execute(simulation_id=mine.pk, task_id="task-1") == "succeeded"
    done = reload(mine)
    assert (done.status, done.task_id, done.attempts, done.progress) == (
        Status.SUCCEEDED,
        "task-1",
        2,
        1.0,
    )
    assert done.summary == expected_summary(hospital_inputs())


def test_it_takes_over_a_run_whose_worker_stopped_beating(complete: Decision) -> None:
    stuck = running(complete, beat_age=STALE_AFTER + SECOND, attempts=2)
    before = timezone.now()
    assert simulation_execute(simulation_id=stuck.pk, task_id="task-2") == "succeeded"
    done = reload(stuck)
    assert (done.status, done.task_id, done.attempts) == (Status.SUCCEEDED, "task-2", 3)
    assert between(done.started_at, before, timezone.now())
    assert done.summary == expected_summary(hospital_inputs())


def test_it_attempts_a_run_three_times_at_most() -> None:
    assert MAX_ATTEMPTS == 3
    assert simulations.GIVEN_UP == GIVEN_UP


def test_it_gives_up_on_a_redelivered_run_that_was_attempted_too_often(
    complete: Decision, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run that kills its worker each time (out of memory): the broker redelivers the same
    # message, with a fresh heartbeat each time; the attempts stop it, not the sweep.
    mine = running(complete, beat_age=2 * SECOND, task_id="task-1", attempts=MAX_ATTEMPTS)
    fake_simulate(monkeypatch, lambda progress, **call: pytest.fail("attempted once more"))
    before = timezone.now()

    assert simulation_execute(simulation_id=mine.pk, task_id="task-1") == "given_up"

    done = reload(mine)
    assert (done.status, done.error, done.summary, done.attempts) == (
        Status.FAILED,
        GIVEN_UP,
        None,
        MAX_ATTEMPTS,
    )
    assert between(done.finished_at, before, timezone.now())


def test_it_counts_every_redelivery_as_an_attempt_until_it_gives_up(
    complete: Decision, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every delivery of the message claims the run and dies (the worker is killed); the
    fourth is refused."""
    mine = make_simulation(complete, task_id="task-1")

    class WorkerKilled(BaseException):
        pass

    def die(progress: Callable[[float], None], **call: Any) -> Any:
        raise WorkerKilled

    fake_simulate(monkeypatch, die)
    seen = []
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(WorkerKilled):
            simulation_execute(simulation_id=mine.pk, task_id="task-1")
        seen.append((reload(mine).status, reload(mine).attempts))
    assert seen == [(Status.RUNNING, 1), (Status.RUNNING, 2), (Status.RUNNING, 3)]

    assert simulation_execute(simulation_id=mine.pk, task_id="task-1") == "given_up"
    assert (reload(mine).status, reload(mine).error) == (Status.FAILED, GIVEN_UP)
    # And whatever delivers it later finds it finished.
    assert simulation_execute(simulation_id=mine.pk, task_id="task-1") == "skipped"


def test_it_gives_up_on_a_stale_run_taken_over_after_too_many_attempts(
    complete: Decision,
) -> None:
    stuck = running(complete, beat_age=STALE_AFTER + SECOND, attempts=MAX_ATTEMPTS)
    assert simulation_execute(simulation_id=stuck.pk, task_id="task-2") == "given_up"
    assert (reload(stuck).status, reload(stuck).error) == (Status.FAILED, GIVEN_UP)


# --- progress, cancelling, failing -----------------------------------------------------------
def test_it_reports_progress_and_a_heartbeat_while_it_runs(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulations, "HEARTBEAT_EVERY_S", 0)
    seen: list[tuple[str, float]] = []

    def play(progress: Callable[[float], None], **call: Any) -> Any:
        during = reload(queued)
        seen.append((during.status, during.progress))
        progress(0.25)
        during = reload(queued)
        seen.append((during.status, during.progress))
        return simulate(call["inputs"], trials=call["trials"], seed=call["seed"])

    fake_simulate(monkeypatch, play)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "succeeded"
    assert seen == [(Status.RUNNING, 0.0), (Status.RUNNING, 0.25)]


def test_it_writes_progress_at_most_once_per_heartbeat_interval(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulations, "HEARTBEAT_EVERY_S", 3600)
    seen: list[float] = []

    def play(progress: Callable[[float], None], **call: Any) -> Any:
        progress(0.5)
        seen.append(reload(queued).progress)
        progress(1.0)  # the end is always written
        seen.append(reload(queued).progress)
        return simulate(call["inputs"], trials=call["trials"], seed=call["seed"])

    fake_simulate(monkeypatch, play)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "succeeded"
    assert seen == [0.0, 1.0]


def test_it_stops_at_the_next_progress_report_after_a_cancel(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulations, "HEARTBEAT_EVERY_S", 0)
    reached: list[float] = []

    def play(progress: Callable[[float], None], **call: Any) -> Any:
        progress(0.25)
        reached.append(0.25)
        assert simulation_cancel(simulation=reload(queued)) is True
        progress(0.5)
        reached.append(0.5)
        raise AssertionError("the run went on after it was cancelled")

    fake_simulate(monkeypatch, play)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "cancelled"
    assert reached == [0.25]
    done = reload(queued)
    assert (done.status, done.summary, done.progress, done.error) == (
        Status.CANCELLED,
        None,
        0.25,
        "",
    )
    assert done.finished_at is not None


def test_it_drops_the_summary_of_a_run_cancelled_as_it_finished(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def play(progress: Callable[[float], None], **call: Any) -> Any:
        summary = simulate(call["inputs"], trials=call["trials"], seed=call["seed"])
        simulation_cancel(simulation=reload(queued))
        return summary

    fake_simulate(monkeypatch, play)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "cancelled"
    done = reload(queued)
    assert (done.status, done.summary) == (Status.CANCELLED, None)


def test_it_stops_when_the_sweep_handed_the_run_to_another_worker(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulations, "HEARTBEAT_EVERY_S", 0)

    def play(progress: Callable[[float], None], **call: Any) -> Any:
        # Another worker took the run over (a long pause here looked like a dead worker).
        TcoSimulation.objects.filter(pk=queued.pk).update(task_id="task-2")
        progress(0.5)
        raise AssertionError("two workers ran the same simulation")

    fake_simulate(monkeypatch, play)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "cancelled"
    done = reload(queued)
    assert (done.status, done.task_id, done.progress) == (Status.RUNNING, "task-2", 0.0)


def test_it_marks_a_run_that_raised_as_failed_with_the_reason(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def play(progress: Callable[[float], None], **call: Any) -> Any:
        raise ValueError("trials must be between 100 and 1,000,000")

    fake_simulate(monkeypatch, play)
    before = timezone.now()
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "failed"
    done = reload(queued)
    assert done.status == Status.FAILED
    assert done.error == "The simulation failed: trials must be between 100 and 1,000,000"
    assert done.summary is None
    assert between(done.finished_at, before, timezone.now())


def test_it_fails_a_run_whose_stored_inputs_are_invalid(complete: Decision) -> None:
    broken = make_simulation(complete)
    TcoSimulation.objects.filter(pk=broken.pk).update(
        inputs={**broken.inputs, "gpu_hourly_usd": [4, 3, 2]}
    )
    assert simulation_execute(simulation_id=broken.pk, task_id="task-1") == "failed"
    assert reload(broken).error == (
        "The simulation failed: tco.gpu_hourly_usd: low (4) is above high (2)"
    )


def test_it_names_the_failure_of_an_exception_without_a_message(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def play(progress: Callable[[float], None], **call: Any) -> Any:
        raise MemoryError

    fake_simulate(monkeypatch, play)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "failed"
    error = reload(queued).error
    assert error.startswith("The simulation failed")
    assert error.rstrip(" :.") != "The simulation failed"


def test_it_marks_a_run_stopped_by_the_time_limit_as_too_long(
    queued: TcoSimulation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulations, "HEARTBEAT_EVERY_S", 0)

    def play(progress: Callable[[float], None], **call: Any) -> Any:
        progress(0.4)
        raise SoftTimeLimitExceeded

    fake_simulate(monkeypatch, play)
    assert simulation_execute(simulation_id=queued.pk, task_id="task-1") == "failed"
    done = reload(queued)
    assert (done.status, done.error, done.summary, done.progress) == (
        Status.FAILED,
        "The simulation took too long and was stopped. Try fewer trials.",
        None,
        0.4,
    )
    assert done.finished_at is not None


def test_it_runs_the_task_under_its_own_message_id(queued: TcoSimulation) -> None:
    result = tasks.run_tco_simulation_task.apply(args=(queued.pk,), task_id="task-7")
    assert result.get() == "succeeded"
    assert reload(queued).task_id == "task-7"


# --- the sweep ----------------------------------------------------------------------------
@pytest.mark.parametrize("attempts", [1, MAX_ATTEMPTS - 1])
def test_it_requeues_and_enqueues_a_run_whose_worker_stopped_beating(
    complete: Decision, published: list[Published], attempts: int
) -> None:
    stuck = running(complete, beat_age=STALE_AFTER + SECOND, attempts=attempts)
    before = timezone.now()
    assert simulations_sweep() == {"revived": 1, "given_up": 0, "enqueued": 1, "failed": 0}
    requeued = reload(stuck)
    assert published == [Published((stuck.pk,), requeued.task_id)]
    assert requeued.task_id != "task-of-another-worker"
    assert (requeued.status, requeued.progress, requeued.attempts) == (
        Status.QUEUED,
        0.0,
        attempts,
    )
    assert between(requeued.enqueued_at, before, timezone.now())
    # The new message runs it.
    assert simulation_execute(simulation_id=stuck.pk, task_id=requeued.task_id) == "succeeded"
    assert reload(stuck).attempts == attempts + 1


def test_it_gives_up_on_a_run_whose_workers_stopped_too_often(
    complete: Decision, published: list[Published]
) -> None:
    stuck = running(complete, beat_age=STALE_AFTER + SECOND, attempts=MAX_ATTEMPTS)
    before = timezone.now()
    assert simulations_sweep() == {"revived": 0, "given_up": 1, "enqueued": 0, "failed": 0}
    done = reload(stuck)
    assert (done.status, done.error, done.summary) == (Status.FAILED, GIVEN_UP, None)
    assert between(done.finished_at, before, timezone.now())
    assert published == []


@pytest.mark.parametrize(
    ("enqueued_age", "enqueue_error"),
    [
        pytest.param(None, "", id="never-enqueued"),
        pytest.param(REQUEUE_AFTER + SECOND, "", id="enqueued-long-ago"),
        pytest.param(5 * SECOND, NOT_REACHABLE, id="broker-was-down"),
    ],
)
def test_it_enqueues_a_queued_run_the_broker_may_not_have(
    complete: Decision,
    published: list[Published],
    enqueued_age: timedelta | None,
    enqueue_error: str,
) -> None:
    waiting = make_simulation(
        complete,
        task_id="" if enqueued_age is None else "task-lost",
        enqueued_at=None if enqueued_age is None else timezone.now() - enqueued_age,
        enqueue_error=enqueue_error,
    )
    before = timezone.now()
    assert simulations_sweep() == {"revived": 0, "given_up": 0, "enqueued": 1, "failed": 0}
    again = reload(waiting)
    assert published == [Published((waiting.pk,), again.task_id)]
    assert again.task_id not in ("", "task-lost")
    assert (again.status, again.enqueue_error) == (Status.QUEUED, "")
    assert between(again.enqueued_at, before, timezone.now())


def test_it_leaves_fresh_and_finished_runs_alone(
    complete: Decision, published: list[Published]
) -> None:
    now = timezone.now()
    long_ago = now - timedelta(days=1)
    rows = [
        make_simulation(complete, task_id="t1", enqueued_at=now - 2 * SECOND),
        make_simulation(complete, task_id="t2", enqueued_at=now - REQUEUE_AFTER + 5 * SECOND),
        running(complete, beat_age=timedelta(0)),
        running(complete, beat_age=STALE_AFTER - 5 * SECOND, attempts=MAX_ATTEMPTS),
        make_simulation(complete, status=Status.SUCCEEDED, heartbeat_at=long_ago),
        make_simulation(
            complete, status=Status.FAILED, heartbeat_at=long_ago, enqueued_at=long_ago
        ),
        make_simulation(
            complete, status=Status.CANCELLED, enqueued_at=long_ago, enqueue_error=NOT_REACHABLE
        ),
    ]
    before = [row(simulation) for simulation in rows]
    assert simulations_sweep() == {"revived": 0, "given_up": 0, "enqueued": 0, "failed": 0}
    assert [row(simulation) for simulation in rows] == before
    assert published == []


def test_it_stops_sweeping_at_the_first_enqueue_that_fails(
    complete: Decision, broker_down: list[Published]
) -> None:
    waiting = [make_simulation(complete) for _ in range(3)]
    stuck = running(complete, beat_age=STALE_AFTER + SECOND)
    assert simulations_sweep() == {"revived": 1, "given_up": 0, "enqueued": 0, "failed": 1}
    assert len(broker_down) == 1
    (tried,) = broker_down
    rows = {simulation.pk: row(simulation) for simulation in [*waiting, stuck]}
    assert {pk for pk, r in rows.items() if r["enqueue_error"]} == {tried.args[0]}
    assert rows[tried.args[0]]["enqueue_error"] == NOT_REACHABLE
    assert rows[tried.args[0]]["task_id"] == tried.task_id
    untried = {pk: r for pk, r in rows.items() if pk != tried.args[0]}
    assert all(r["enqueued_at"] is None for r in untried.values())
    # The stuck run is queued again either way; the next sweep enqueues it.
    assert rows[stuck.pk]["status"] == Status.QUEUED


def test_it_counts_what_it_enqueued_before_the_broker_went_down(
    complete: Decision, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        make_simulation(complete)
    sent: list[int] = []

    def publish(task_name: str, *args: int, task_id: str) -> None:
        if sent:
            raise OperationalError("Connection refused.")
        sent.append(args[0])

    monkeypatch.setattr(queue, "publish", publish)
    assert simulations_sweep() == {"revived": 0, "given_up": 0, "enqueued": 1, "failed": 1}
    errors = list(TcoSimulation.objects.values_list("enqueue_error", flat=True))
    assert sorted(errors) == ["", "", NOT_REACHABLE]
    assert TcoSimulation.objects.filter(enqueued_at__isnull=True).count() == 1


def test_it_returns_the_sweep_s_counts_from_the_sweep_task(
    complete: Decision, published: list[Published]
) -> None:
    make_simulation(complete)
    result = tasks.sweep_simulations_task.apply()
    assert result.get() == {"revived": 0, "given_up": 0, "enqueued": 1, "failed": 0}


# --- enqueueing -----------------------------------------------------------------------------
def test_it_enqueues_a_run_under_a_new_message_id(
    complete: Decision, published: list[Published]
) -> None:
    waiting = make_simulation(complete, task_id="old", enqueue_error=NOT_REACHABLE)
    before = timezone.now()
    assert simulation_enqueue(simulation_id=waiting.pk) is True
    again = reload(waiting)
    assert published == [Published((waiting.pk,), again.task_id)]
    assert again.task_id != "old"
    assert (again.status, again.enqueue_error) == (Status.QUEUED, "")
    assert between(again.enqueued_at, before, timezone.now())


def test_it_keeps_a_run_queued_with_the_reason_when_the_broker_refuses_it(
    complete: Decision, broker_down: list[Published]
) -> None:
    waiting = make_simulation(complete)
    assert simulation_enqueue(simulation_id=waiting.pk) is False
    again = reload(waiting)
    assert broker_down == [Published((waiting.pk,), again.task_id)]
    assert (again.status, again.enqueue_error) == (Status.QUEUED, NOT_REACHABLE)
    assert again.enqueued_at is not None


@pytest.fixture
def unreachable_redis_broker() -> Iterator[None]:
    """The Celery app pointed at a Redis nobody runs (nothing listens on port 1), with the
    options production uses for Redis; everything is put back afterwards."""
    with celery_broker("redis://127.0.0.1:1/0"):
        yield


@pytest.fixture
def silent_redis_broker() -> Iterator[None]:
    """A Redis that hangs: the port accepts connections (into the kernel's backlog) but
    nothing ever answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        with celery_broker(f"redis://127.0.0.1:{listener.getsockname()[1]}/0"):
            yield


@pytest.fixture
def redis_connects(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    """Every connection this process opens to a Redis, as the (connect, read) timeouts it
    was opened with: how long publishing may take, checked without a clock."""
    import redis.connection

    opened: list[tuple[object, object]] = []
    connect = redis.connection.Connection._connect

    def recording(self: redis.connection.Connection) -> Any:
        opened.append((self.socket_connect_timeout, self.socket_timeout))
        return connect(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", recording)
    return opened


def test_it_gives_up_on_an_unreachable_broker_after_one_attempt(
    complete: Decision, unreachable_redis_broker: None, redis_connects: list[tuple[object, object]]
) -> None:
    waiting = make_simulation(complete)
    assert simulation_enqueue(simulation_id=waiting.pk) is False
    # One refused connection and no retry loop: the page says "queued" at once.
    assert redis_connects == [(1, 1)]
    again = reload(waiting)
    assert (again.status, again.enqueue_error) == (Status.QUEUED, NOT_REACHABLE)


def test_it_gives_up_on_a_broker_that_never_answers_after_its_read_timeout(
    complete: Decision, silent_redis_broker: None, redis_connects: list[tuple[object, object]]
) -> None:
    waiting = make_simulation(complete)
    assert simulation_enqueue(simulation_id=waiting.pk) is False
    # The connection is accepted and never answered: one attempt, given up after the
    # 1-second read timeout, so the page can say "queued" within about a second.
    assert redis_connects == [(1, 1)]
    again = reload(waiting)
    assert (again.status, again.enqueue_error) == (Status.QUEUED, NOT_REACHABLE)
