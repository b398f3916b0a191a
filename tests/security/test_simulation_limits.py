"""How many simulations one user and one organisation may have queued or running at once:
beyond that a start is refused on the cost-model form, which keeps what was typed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from decisions.models import Decision, Membership, Organization, TcoSimulation
from decisions.services import simulations
from decisions.services.simulations import SimulationLimitReached
from scoring.tco import default_inputs
from tests.conftest import client_for, make_member
from tests.decisions.tco_fixtures import Published, published_fixture  # noqa: F401

Status = TcoSimulation.Status


@pytest.fixture(autouse=True)
def limits(settings: SettingsWrapper) -> None:
    settings.SIMULATIONS_PER_USER = 2
    settings.SIMULATIONS_PER_ORGANIZATION = 3


def start(decision: Decision, user: User) -> TcoSimulation:
    return simulations.simulation_start(
        decision=decision,
        user=user,
        inputs=default_inputs(decision.answers)[0],
        trials=1_000,
        seed=1,
    )


@pytest.mark.usefixtures("published")
def test_it_refuses_a_third_run_of_one_user_until_one_has_finished(
    complete: Decision, editor: User
) -> None:
    first, _ = start(complete, editor), start(complete, editor)

    with pytest.raises(SimulationLimitReached) as refused:
        start(complete, editor)
    assert str(refused.value) == (
        "You already have 2 simulations queued or running, the most one person may have at "
        "once. Start this one when one of them has finished, or cancel one."
    )
    assert complete.simulations.count() == 2

    simulations.simulation_cancel(simulation=first)
    assert start(complete, editor).number == 3


@pytest.mark.usefixtures("published")
def test_it_refuses_a_fourth_run_in_one_organisation(
    org: Organization, complete: Decision, editor: User
) -> None:
    colleague = make_member(org, "carl", Membership.Role.EDITOR)
    start(complete, editor)
    start(complete, editor)
    start(complete, colleague)

    with pytest.raises(SimulationLimitReached) as refused:
        start(complete, colleague)
    assert str(refused.value) == (
        "Acme Health already has 3 simulations queued or running, the most one organisation "
        "may have at once. Start this one when one of them has finished."
    )


@pytest.mark.usefixtures("published")
def test_finished_runs_and_other_organisations_do_not_count(
    complete: Decision, editor: User, other_org: Organization
) -> None:
    for status in (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED):
        TcoSimulation.objects.filter(pk=start(complete, editor).pk).update(status=status)
    stranger = make_member(other_org, "sam", Membership.Role.EDITOR)
    theirs = Decision.objects.create(
        organization=other_org, owner=stranger, title="Theirs", answers=complete.answers
    )
    start(theirs, stranger)
    start(theirs, stranger)

    start(complete, editor)
    start(complete, editor)
    assert complete.simulations.filter(status=Status.QUEUED).count() == 2


@pytest.mark.usefixtures("published")
def test_the_cost_model_form_says_so_and_keeps_what_was_typed(
    complete: Decision, editor: User
) -> None:
    client: Client = client_for(editor)
    data = dict(client.get(f"/decisions/{complete.pk}/tco/").context["form"].initial)
    data["trials"] = 12_345
    for _ in range(2):
        assert client.post(f"/decisions/{complete.pk}/tco/", data).status_code == 302

    response = client.post(f"/decisions/{complete.pk}/tco/", data)

    assert response.status_code == 429
    page = response.content.decode()
    assert (
        "You already have 2 simulations queued or running, the most one person may have at "
        "once. Start this one when one of them has finished, or cancel one."
    ) in page
    assert 'name="trials" value="12345"' in page
    assert complete.simulations.count() == 2
