"""A board member weighs the criteria with sliders, then runs a cost simulation and watches
it finish in a real worker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from decisions import demo
from decisions.models import Decision, Membership, Organization, TcoSimulation, WeightSet
from tests.processes import running_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(live_server: Any, page: Any, django_user_model: Any) -> Decision:
    org = Organization.objects.create(name="Acme Health", slug="acme")
    user = django_user_model.objects.create_user(username="nina", password="a-long-passphrase")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.EDITOR)
    decision = Decision.objects.create(
        organization=org,
        owner=user,
        title="Contract review",
        use_case="Flag risky clauses.",
        answers=dict(demo.CONTRACT_REVIEW),
    )
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Decisions").wait_for()
    return decision


def test_it_re_ranks_live_while_a_weight_slider_moves(
    live_server: Any, page: Any, signed_in: Decision
) -> None:
    page.goto(f"{live_server.url}/decisions/{signed_in.pk}/weights/")
    assert page.get_by_text("Nobody has given weights yet").is_visible()
    slider = page.get_by_label("Total cost of ownership")
    slider.focus()
    for _ in range(40):  # the keyboard moves a range input one step at a time
        page.keyboard.press("ArrowRight")
    page.locator("#live").get_by_text("Nina").wait_for()  # the board table now lists her
    page.wait_for_load_state("networkidle")
    weights = WeightSet.objects.get(decision=signed_in).direct
    # She started from the weights the answers suggest, 5, 2, 2, 2 and 4 points for this
    # contract review, on the sliders as 100 / 40 / 40 / 40 / 80, and moved TCO up by 40.
    assert weights == {
        "sensitivity": 100,
        "latency": 40,
        "customization": 40,
        "tco": 80,
        "risk": 80,
    }
    # The panel shows her weights normalised: 80 / (100 + 40 + 40 + 80 + 80) = 24 %.
    assert "24 %" in page.locator("#live").inner_text()
    assert page.locator("#live .option-card.winner").count() == 1
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_it_runs_a_simulation_in_the_background_and_draws_its_charts(
    live_server: Any, page: Any, signed_in: Decision, tmp_path: Path
) -> None:
    with running_worker(tmp_path / "worker.log", os.environ.get("REDIS_URL")):
        page.goto(f"{live_server.url}/decisions/{signed_in.pk}/tco/")
        page.get_by_label("Trials").fill("20000")
        page.get_by_role("button", name="Run the simulation").click()
        page.get_by_role("heading", name="Cost simulation").wait_for()
        # The status panel polls until the worker is done, then shows the charts.
        page.get_by_text("Finished in").wait_for(timeout=60_000)
        page.wait_for_selector("[data-figure='fan-figure'][data-drawn='true'] .main-svg")
        page.wait_for_selector("[data-figure='cheapest-figure'][data-drawn='true'] .main-svg")
        assert "breaks even" in page.inner_text("#simulation-status") or (
            "does not catch up" in page.inner_text("#simulation-status")
        )
    simulation = TcoSimulation.objects.get(decision=signed_in)
    assert simulation.status == TcoSimulation.Status.SUCCEEDED
    assert simulation.trials == 20_000
    page.goto(f"{live_server.url}/decisions/{signed_in.pk}/results/")
    assert f"simulation {simulation.number}" in page.inner_text("main")
    assert page.console_errors == []  # type: ignore[attr-defined]
