"""Shared by the cost-model tests (imported explicitly by them): a record of what would have
been sent to the broker, a broker that is down, and simulation rows in any state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from decisions import demo, queue
from decisions.models import Decision, TcoSimulation
from scoring.tco import TcoInputs, default_inputs, merge_inputs, simulate


@dataclass(frozen=True)
class Published:
    args: tuple[Any, ...]
    task_id: str


@pytest.fixture(name="published")
def published_fixture(monkeypatch: pytest.MonkeyPatch) -> list[Published]:
    """Every task message the code publishes, instead of publishing it."""
    calls: list[Published] = []

    def publish(task_name: str, *args: Any, task_id: str) -> None:
        assert task_name == queue.RUN_TCO_SIMULATION
        calls.append(Published(tuple(args), task_id))

    monkeypatch.setattr(queue, "publish", publish)
    return calls


@pytest.fixture(name="broker_down")
def broker_down_fixture(monkeypatch: pytest.MonkeyPatch) -> list[Published]:
    """A broker that refuses every message, as kombu reports it; the attempts are recorded."""
    calls: list[Published] = []

    def publish(task_name: str, *args: Any, task_id: str) -> None:
        calls.append(Published(tuple(args), task_id))
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(queue, "publish", publish)
    return calls


def known_inputs(**overrides: object) -> TcoInputs:
    """The hospital's defaults with every range collapsed to its likely value: the
    simulation then equals the closed-form calculation, so its results are exact."""
    defaults, _ = default_inputs(demo.HOSPITAL_NOTES)
    collapsed: dict[str, object] = {key: r.likely for key, r in defaults.ranges().items()}
    return merge_inputs(defaults, {**collapsed, **overrides})


def hospital_inputs() -> TcoInputs:
    """The hospital's defaults, ranges and all."""
    return default_inputs(demo.HOSPITAL_NOTES)[0]


def make_simulation(
    decision: Decision,
    *,
    inputs: TcoInputs | None = None,
    trials: int = 200,
    seed: int = 3,
    **fields: Any,
) -> TcoSimulation:
    return TcoSimulation.objects.create(
        decision=decision,
        number=decision.simulations.count() + 1,
        created_by=decision.owner,
        trials=trials,
        seed=seed,
        inputs=(inputs or hospital_inputs()).to_json(),
        **fields,
    )


def make_succeeded(
    decision: Decision, inputs: TcoInputs, *, trials: int = 200, seed: int = 3
) -> TcoSimulation:
    started = timezone.now() - timedelta(seconds=10)
    summary = simulate(inputs, trials=trials, seed=seed).to_json()
    return make_simulation(
        decision,
        inputs=inputs,
        trials=trials,
        seed=seed,
        status=TcoSimulation.Status.SUCCEEDED,
        progress=1.0,
        summary=summary,
        attempts=1,
        started_at=started,
        heartbeat_at=started + timedelta(seconds=2.5),
        finished_at=started + timedelta(seconds=2.5),
    )
