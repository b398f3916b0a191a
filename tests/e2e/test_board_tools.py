"""A board member weighs the criteria with sliders, then runs a cost simulation and watches
it finish in a real worker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from decisions import demo
from decisions.models import (
    Decision,
    Membership,
    Organization,
    ScoringRun,
    TcoSimulation,
    WeightSet,
)
from decisions.services.weights import weight_set_save_direct
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


def two_options_compete(decision: Decision) -> None:
    """The contract review with frontier quality only helpful: open and hybrid both stay in
    (essential would exclude open)."""
    decision.answers = {**decision.answers, "frontier_capability": "helpful"}
    decision.save()


def test_it_re_ranks_live_while_a_weight_slider_moves(
    live_server: Any, page: Any, signed_in: Decision
) -> None:
    from playwright.sync_api import expect

    two_options_compete(signed_in)
    page.goto(f"{live_server.url}/decisions/{signed_in.pk}/weights/")
    assert page.get_by_text("Nobody has given weights yet").is_visible()
    slider = page.get_by_label("Total cost of ownership")
    slider.focus()
    for _ in range(40):  # the keyboard moves a range input one step at a time
        page.keyboard.press("ArrowRight")
    # She started from the weights the answers suggest, 8, 2, 2, 2 and 4 points for this
    # contract review, on the sliders as 100 / 25 / 25 / 25 / 50, and moved TCO up by 40 to
    # 65: 65 / (100 + 25 + 25 + 65 + 50) = 24.5 %.
    what_if = page.locator("#what-if")
    expect(what_if).to_contain_text("Total cost of ownership 25 %")
    expect(what_if.locator(".what-if-label")).to_have_text("What-if: not saved")
    # Open (100 + 21.875 + 21.25 + 65 + 43.5) / 265 = 0.950, hybrid
    # (90 + 24.375 + 21.25 + 58.871 + 45.5) / 265 = 0.906.
    expect(what_if.locator(".option-card .score")).to_have_text(["0.950", "0.906"])
    assert what_if.locator(".option-card.winner").count() == 1
    # Nothing saved by trying: the board still has no weights, and no result is stored.
    assert not WeightSet.objects.filter(decision=signed_in).exists()
    assert not ScoringRun.objects.filter(decision=signed_in).exists()
    assert page.locator("#live").get_by_text("Nobody has given weights yet").is_visible()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_what_if_saves_nothing_until_she_saves_and_then_saves_the_tab_s_method(
    live_server: Any, page: Any, signed_in: Decision
) -> None:
    from playwright.sync_api import expect

    two_options_compete(signed_in)
    # Her vote so far: sliders, 40, 10, 20, 10, 20; one scoring run stored with it.
    weight_set_save_direct(
        decision=signed_in,
        member=signed_in.owner,
        weights={"sensitivity": 40, "latency": 10, "customization": 20, "tco": 10, "risk": 20},
    )
    assert ScoringRun.objects.filter(decision=signed_in).count() == 1
    page.goto(f"{live_server.url}/decisions/{signed_in.pk}/weights/?method=pairwise")
    page.get_by_label("Data sensitivity vs Total cost of ownership").select_option("4")
    page.get_by_label("Latency and availability vs Total cost of ownership").select_option("2")
    what_if = page.locator("#what-if")
    expect(what_if.locator(".what-if-label")).to_have_text("What-if: not saved")
    expect(what_if).to_contain_text("Consistency ratio")
    # Still her sliders, still one run.
    assert WeightSet.objects.get(decision=signed_in).method == WeightSet.Method.DIRECT
    assert ScoringRun.objects.filter(decision=signed_in).count() == 1

    page.get_by_role("button", name="Save as my weights").click()

    expect(what_if.locator(".what-if-label")).to_have_text("Your saved weights")
    expect(page.locator("#live")).to_contain_text("pairwise comparisons")
    weight_set = WeightSet.objects.get(decision=signed_in)
    assert weight_set.method == WeightSet.Method.PAIRWISE
    assert weight_set.pairwise[0][3] == 4.0  # sensitivity against TCO
    assert weight_set.pairwise[1][3] == 2.0  # latency against TCO
    assert ScoringRun.objects.filter(decision=signed_in).count() == 2
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
        status = page.inner_text("#simulation-status")
        assert (
            "breaks even" in status
            or "catch up with the API" in status
            or ("catches up with the API" in status)
        )
    simulation = TcoSimulation.objects.get(decision=signed_in)
    assert simulation.status == TcoSimulation.Status.SUCCEEDED
    assert simulation.trials == 20_000
    page.goto(f"{live_server.url}/decisions/{signed_in.pk}/results/")
    assert f"simulation {simulation.number}" in page.inner_text("main")
    assert page.console_errors == []  # type: ignore[attr-defined]
