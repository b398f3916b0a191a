"""The board signs a record: the editor writes and submits it, an approver approves it, and
the accepted record shows its content hash, verified."""

from __future__ import annotations

import re
from typing import Any

import pytest

from decisions import demo
from decisions.models import Decision, Membership, Organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-passphrase"


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Decisions").wait_for()


def test_an_editor_submits_an_approver_approves_and_the_record_shows_its_hash(
    live_server: Any, browser: Any, page: Any, django_user_model: Any
) -> None:
    org = Organization.objects.create(name="Acme Health", slug="acme")
    for username, role in (("nina", "editor"), ("omar", "approver")):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, organization=org, role=role)
    decision = Decision.objects.create(
        organization=org,
        owner=django_user_model.objects.get(username="nina"),
        title="Clinical notes",
        use_case="Summarise notes inside the hospital network.",
        answers=dict(demo.HOSPITAL_NOTES),
    )

    # The editor writes the record and submits it.
    sign_in(page, live_server.url, "nina")
    page.goto(f"{live_server.url}/decisions/{decision.pk}/record/")
    assert page.get_by_text("Choose the option the board decides on.").is_visible()
    page.locator("#field-chosen_option").get_by_label(re.compile(r"^\s*Open weights")).check()
    page.get_by_label("Rationale").fill("Patient data may not leave the hospital network.")
    page.get_by_role("button", name="Save the record").click()
    page.get_by_text("Record saved.").wait_for()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Submitted for review: the approvers").wait_for()
    assert page.get_by_role("button", name="Approve").count() == 0  # four eyes

    # An approver, in another browser, approves it.
    other = browser.new_context(viewport={"width": 390, "height": 844})  # on a phone
    approver_page = other.new_page()
    sign_in(approver_page, live_server.url, "omar")
    approver_page.goto(f"{live_server.url}/decisions/{decision.pk}/record/")
    approver_page.get_by_label("Comment").fill("Sound reasoning.")
    approver_page.get_by_role("button", name="Approve").click()
    approver_page.get_by_text("Approved: the record is accepted and frozen.").wait_for()

    decision.refresh_from_db()
    assert decision.status == Decision.Status.ACCEPTED
    assert approver_page.get_by_text(decision.snapshot.content_hash).is_visible()
    assert approver_page.get_by_text("✓ Verified").is_visible()
    assert approver_page.get_by_role("button", name="Save the record").count() == 0  # frozen
    other.close()
    assert page.console_errors == []  # type: ignore[attr-defined]
