"""A new editor signs in, starts a decision, answers the five steps and reads the result."""

from __future__ import annotations

import re
from typing import Any

import pytest

from decisions.models import Decision, Membership, Organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_editor(django_user_model: Any) -> Any:
    org = Organization.objects.create(name="Acme Health", slug="acme")
    user = django_user_model.objects.create_user(username="nina", password="a-long-passphrase")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.EDITOR)
    return user


def choose(page: Any, question_id: str, label: str) -> None:
    """Tick the option of a question whose label starts with ``label``, as a user would."""
    field = page.locator(f"#field-{question_id}")
    field.get_by_label(re.compile(r"^\s*" + re.escape(label))).check()


def test_it_walks_a_decision_from_sign_in_to_ranked_result(
    live_server: Any, page: Any, new_editor: Any
) -> None:
    page.goto(live_server.url + "/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Start the first one").click()

    page.get_by_label("Title").fill("Ward round summaries")
    page.get_by_label("Use case").fill("Summarise ward rounds for the next shift.")
    page.get_by_role("button", name="Create and start the questions").click()

    # 1. Data sensitivity
    page.get_by_text("Step 1 of 5").wait_for()
    choose(page, "data_classes", "Health data")
    choose(page, "data_classes", "Internal")
    choose(page, "residency", "Only on our infrastructure")
    choose(page, "regulations", "HIPAA")
    choose(page, "vendor_terms_ok", "No")
    page.get_by_role("button", name="Save and continue").click()

    # 2. Latency — first a typo, which is reported beside the field and kept as typed.
    page.get_by_text("Step 2 of 5").wait_for()
    assert page.title() == "Latency and availability · Ward round summaries · openweigh"
    latency = page.get_by_label("What 95th-percentile response time do you need?")
    latency.fill("2 seconds")
    choose(page, "offline", "No, it is always online")
    choose(page, "availability", "99.9 %")
    choose(page, "deployment", "On premises")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("networkidle")  # the autosave and the submit both answered
    page.locator("#id_p95_latency_ms_error").get_by_text(
        "“seconds” is not this box's unit: enter the number in ms."
    ).wait_for()
    assert latency.input_value() == "2 seconds"
    latency.fill("2000 ms")  # the box's own unit is fine
    page.get_by_role("button", name="Save and continue").click()

    # 3. Customization — halfway through, back to latency and on again: nothing is lost.
    page.get_by_text("Step 3 of 5").wait_for()
    choose(page, "adaptation", "Retrieval")
    choose(page, "domain", "Specialised")
    page.get_by_role("button", name="Back").click()
    page.get_by_text("Step 2 of 5").wait_for()
    assert page.url.endswith("/questions/latency/")
    assert latency.input_value() == "2000"  # as stored
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Step 3 of 5").wait_for()
    assert page.locator("#field-adaptation").get_by_label(re.compile("Retrieval")).is_checked()
    choose(page, "inspectability", "Helpful")
    choose(page, "ml_team", "Small")
    page.get_by_role("button", name="Save and continue").click()

    # 4. Total cost of ownership
    page.get_by_text("Step 4 of 5").wait_for()
    page.get_by_label("How many requests per month do you expect?").fill("300,000")
    page.get_by_label("Average input tokens per request").fill("1500")
    page.get_by_label("Average output tokens per request").fill("400")
    page.get_by_label("Expected monthly growth of volume").fill("3")
    page.get_by_label("Over how many months should costs be compared?").fill("36")
    choose(page, "gpu_infrastructure", "Some")
    page.get_by_role("button", name="Save and continue").click()

    # 5. Risk
    page.get_by_text("Step 5 of 5").wait_for()
    choose(page, "lock_in_tolerance", "Medium")
    choose(page, "frontier_capability", "Essential")
    choose(page, "license_risk_tolerance", "Medium")
    choose(page, "safety_operations", "We will, in house")
    choose(page, "regulatory_exposure", "High")
    page.get_by_role("button", name="Save and see the results").click()

    page.get_by_role("heading", name="Results").wait_for()
    page.wait_for_selector(".chart[data-drawn='true'] .main-svg")
    assert page.locator("#option-hybrid").get_by_text("Recommended").is_visible()
    assert page.locator("#option-closed").get_by_text("Excluded").is_visible()
    assert "closed becomes feasible if" in page.locator("#option-closed").inner_text()
    assert page.locator(".chart .main-svg rect.bg, .chart .main-svg .point").count() > 0

    decision = Decision.objects.get(title="Ward round summaries")
    assert decision.is_complete
    assert decision.answers["requests_per_month"] == 300_000
    assert page.console_errors == []  # type: ignore[attr-defined]


def sign_in(page: Any, url: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def open_latency_step(page: Any, url: str, editor: Any) -> Decision:
    """A new decision of ``editor``'s, its latency step open in ``page`` after signing in."""
    decision = Decision.objects.create(
        organization=editor.memberships.get().organization, owner=editor, title="Notes"
    )
    sign_in(page, url)
    page.goto(f"{url}/decisions/{decision.pk}/questions/latency/")
    return decision


def test_signing_out_and_in_elsewhere_loses_nothing_typed_on_a_step(
    live_server: Any, page: Any, new_editor: Any
) -> None:
    from config.expired import SIGNED_OUT

    decision = open_latency_step(page, live_server.url, new_editor)
    other_tab = page.context.new_page()
    status = page.locator("#save-status")

    # Signed out in another tab: the answer is refused, says so, and stays ticked.
    other_tab.goto(live_server.url + "/")
    other_tab.get_by_role("button", name="Sign out").click()
    choose(page, "offline", "Sometimes")
    status.get_by_text(SIGNED_OUT).wait_for()
    assert page.locator("#request-problem").inner_text() == SIGNED_OUT
    assert page.locator("#field-offline").get_by_label(re.compile(r"^\s*Sometimes")).is_checked()
    assert page.locator("#step h2").inner_text() == "Latency and availability"

    # Signed in again there (a new CSRF token): the same page saves.
    sign_in(other_tab, live_server.url)
    choose(page, "availability", "99.9 %")
    status.get_by_text("Saved.", exact=True).wait_for()
    assert page.locator("#request-problem").is_hidden()
    decision.refresh_from_db()
    assert decision.answers == {"offline": "sometimes", "availability": "99.9"}


def test_a_step_link_keeps_what_cannot_be_saved_and_moves_once_it_can(
    live_server: Any, page: Any, new_editor: Any
) -> None:
    decision = open_latency_step(page, live_server.url, new_editor)
    latency = page.get_by_label("What 95th-percentile response time do you need?")

    latency.fill("abc")
    page.get_by_role("link", name="3. Customization depth").click()
    page.get_by_text("Not gone to that step: fix or clear the marked answers first.").wait_for()
    assert latency.input_value() == "abc"
    assert page.locator("#step h2").inner_text() == "Latency and availability"

    latency.fill("800")
    page.get_by_role("link", name="3. Customization depth").click()
    page.get_by_text("Step 3 of 5").wait_for()
    assert page.url.endswith(f"/decisions/{decision.pk}/questions/customization/")
    decision.refresh_from_db()
    assert decision.answers == {"p95_latency_ms": 800}
