"""The simulation page says when a run started again after its worker stopped, and why a run
that kept stopping its worker was given up."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from decisions.models import Decision, TcoSimulation
from decisions.services.simulations import GIVEN_UP
from tests.conftest import client_for
from tests.decisions.tco_fixtures import make_simulation

Status = TcoSimulation.Status
RESTARTED = (
    "Started again from the beginning: the worker running it stopped before it finished "
    "(attempt 2)."
)
REQUEUED = (
    "The worker running this simulation stopped before it finished; it will start again "
    "from the beginning."
)


def status_panel(editor: User, simulation: TcoSimulation) -> str:
    url = simulation.get_absolute_url()
    response = client_for(editor).get(url, headers={"HX-Request": "true"})
    assert response.status_code in (200, 286)
    return response.content.decode()


@pytest.mark.parametrize(
    ("status", "attempts", "shown", "hidden"),
    [
        (Status.RUNNING, 1, [], [RESTARTED, REQUEUED]),
        (Status.RUNNING, 2, [RESTARTED], [REQUEUED]),
        (Status.QUEUED, 0, [], [RESTARTED, REQUEUED]),
        (Status.QUEUED, 1, [REQUEUED], [RESTARTED]),
    ],
)
def test_it_says_when_a_run_started_again(
    complete: Decision,
    editor: User,
    status: str,
    attempts: int,
    shown: list[str],
    hidden: list[str],
) -> None:
    simulation = make_simulation(
        complete, status=status, attempts=attempts, heartbeat_at=timezone.now()
    )
    panel = status_panel(editor, simulation)
    for sentence in shown:
        assert sentence in panel
    for sentence in hidden:
        assert sentence not in panel


def test_it_says_why_a_run_was_given_up(complete: Decision, editor: User) -> None:
    simulation = make_simulation(
        complete, status=Status.FAILED, attempts=3, error=GIVEN_UP, finished_at=timezone.now()
    )
    panel = status_panel(editor, simulation)
    assert "The worker stopped three times while running this simulation, so it is not " in panel
    assert "tried again: try fewer trials." in panel
