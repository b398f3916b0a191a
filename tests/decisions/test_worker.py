"""Simulations run by a real Celery worker process, through a real broker, and survive faults.

The broker is the configured one: Redis when REDIS_URL is set (CI), otherwise the
filesystem transport. The fault tests need Redis's redelivery and run a private
redis-server on 127.0.0.1 that they can stop and start.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from decisions.models import Decision, TcoSimulation
from decisions.services import simulations
from scoring.tco import default_inputs, merge_inputs, simulate
from tests.conftest import client_for, require
from tests.processes import RedisServer, celery_broker, running_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = TcoSimulation.Status


@pytest.fixture
def decision(contract: Decision) -> Decision:
    return contract  # the contract review (tests/decisions/conftest.py)


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def redis(tmp_path: Path) -> Any:
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def start(decision: Decision, user: User, *, trials: int, horizon: int = 36) -> TcoSimulation:
    inputs = merge_inputs(default_inputs(decision.answers)[0], {"horizon_months": horizon})
    return simulations.simulation_start(
        decision=decision, user=user, inputs=inputs, trials=trials, seed=7
    )


def reload(simulation: TcoSimulation) -> TcoSimulation:
    return TcoSimulation.objects.get(pk=simulation.pk)


def finished(simulation: TcoSimulation) -> bool:
    return reload(simulation).is_finished


def test_it_runs_a_simulation_in_a_worker_process_through_the_broker(
    decision: Decision, editor: User, logs: Path
) -> None:
    with running_worker(logs / "worker.log", os.environ.get("REDIS_URL")) as worker:
        simulation = start(decision, editor, trials=2_000)
        wait_until(lambda: finished(simulation), timeout=60, what="the simulation to finish")
        done = reload(simulation)
        assert done.status == Status.SUCCEEDED, worker.output()[-2000:]
        assert "run_tco_simulation_task" in worker.output()
    expected = simulate(
        merge_inputs(default_inputs({})[0], done.inputs), trials=2_000, seed=7
    ).to_json()
    assert done.summary == expected
    assert done.progress == 1.0
    assert done.attempts == 1


def test_it_completes_a_run_whose_worker_process_was_killed_mid_run(
    decision: Decision, editor: User, logs: Path, redis: RedisServer
) -> None:
    with celery_broker(redis.url), running_worker(logs / "worker.log", redis.url) as worker:
        # Long enough (a million trials over ten years) to be caught in the middle.
        simulation = start(decision, editor, trials=1_000_000, horizon=120)
        wait_until(
            lambda: reload(simulation).status == Status.RUNNING,
            timeout=60,
            what="the simulation to start",
        )
        killed = worker.kill_child()
        # The broker hands the unacknowledged message to a new pool process, which takes
        # the run over (same task id) and finishes it.
        wait_until(lambda: finished(simulation), timeout=120, what="the redelivered run")
        done = reload(simulation)
        log = worker.output()
    assert done.status == Status.SUCCEEDED, log[-3000:]
    assert done.attempts == 2
    assert f"pid:{killed}" in log
    assert done.summary is not None
    assert done.summary["trials"] == 1_000_000


def test_it_sweeps_a_run_whose_whole_worker_died_to_a_new_worker(
    decision: Decision, editor: User, logs: Path, redis: RedisServer, monkeypatch: Any
) -> None:
    with celery_broker(redis.url):
        with running_worker(logs / "first.log", redis.url) as first:
            simulation = start(decision, editor, trials=1_000_000, horizon=120)
            wait_until(
                lambda: reload(simulation).status == Status.RUNNING,
                timeout=60,
                what="the simulation to start",
            )
            first.kill()  # main process and pool: nobody requeues the message
        # Without heartbeats the run is stale; the periodic sweep hands it to a new worker.
        monkeypatch.setattr(simulations, "STALE_AFTER", simulations.timedelta(seconds=1))
        monkeypatch.setattr(
            simulations,
            "SIMULATION_JOB",
            replace(simulations.SIMULATION_JOB, stale_after=simulations.STALE_AFTER),
        )
        wait_until(
            lambda: reload(simulation).heartbeat_at < timezone.now() - simulations.STALE_AFTER,
            timeout=10,
            what="the dead worker's last heartbeat to go stale",
        )
        with running_worker(logs / "second.log", redis.url):
            swept = simulations.simulations_sweep()
            assert (swept["revived"], swept["enqueued"]) == (1, 1)
            wait_until(lambda: finished(simulation), timeout=120, what="the swept run")
        done = reload(simulation)
    assert done.status == Status.SUCCEEDED
    assert done.attempts == 2


def test_it_keeps_a_run_queued_while_the_broker_is_down_and_starts_it_when_back(
    decision: Decision, editor: User, logs: Path, redis: RedisServer
) -> None:
    client = client_for(editor)
    form = client.get(f"/decisions/{decision.pk}/tco/").context["form"]
    data = {name: value for name, value in form.initial.items()}
    data["trials"] = 2_000
    with celery_broker(redis.url):
        redis.stop()
        response = client.post(f"/decisions/{decision.pk}/tco/", data, follow=True)
        simulation = TcoSimulation.objects.get(decision=decision)
        # The row stays queued, and the page says the run will start by itself. (That
        # publishing gives up at once is tests/decisions/test_simulation_services.py's.)
        assert simulation.status == Status.QUEUED
        assert simulation.enqueue_error
        assert "will start by itself when a worker is reachable" in response.content.decode()

        redis.start()
        with running_worker(logs / "worker.log", redis.url):
            assert simulations.simulations_sweep()["enqueued"] == 1
            wait_until(lambda: finished(simulation), timeout=60, what="the queued run")
    done = reload(simulation)
    assert done.status == Status.SUCCEEDED
    assert done.enqueue_error == ""


def test_it_gives_up_on_a_run_that_kills_its_worker_every_time(
    decision: Decision, editor: User, logs: Path, redis: RedisServer
) -> None:
    """As a run that runs out of memory would: each attempt's pool process is killed while
    it runs, the broker redelivers the message, and after MAX_ATTEMPTS the next delivery
    fails the run with a sentence instead of starting it again."""
    with celery_broker(redis.url), running_worker(logs / "worker.log", redis.url) as worker:
        simulation = start(decision, editor, trials=1_000_000, horizon=120)
        for attempt in range(1, simulations.MAX_ATTEMPTS + 1):
            wait_until(
                lambda attempt=attempt: (
                    (row := reload(simulation)).status == Status.RUNNING
                    and row.attempts == attempt
                    and len(worker.children()) == 1
                ),
                timeout=60,
                what=f"attempt {attempt} to start",
            )
            worker.kill_child()
        wait_until(lambda: finished(simulation), timeout=60, what="the run to be given up")
        done = reload(simulation)
        log = worker.output()
    assert (done.status, done.attempts, done.summary) == (
        Status.FAILED,
        simulations.MAX_ATTEMPTS,
        None,
    )
    assert done.error == simulations.GIVEN_UP, log[-3000:]
