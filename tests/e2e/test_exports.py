"""A board member downloads the PDF of an accepted record, made by a real worker while the
page polls; the results and record pages print without navigation or buttons, their charts
within the paper."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from decisions import demo
from decisions.models import Decision, Membership, Organization, PdfExport
from decisions.services.evaluations import decision_evaluate
from tests.decisions.conftest import accepted
from tests.decisions.exports_fixtures import pdf_pages, pdf_text, with_simulation
from tests.processes import running_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-passphrase"
# The printable width of an A4 page with the print stylesheet's margins (12 mm each side),
# in CSS pixels.
A4_PRINTABLE_PX = (210 - 24) / 25.4 * 96


@pytest.fixture
def signed_in(live_server: Any, page: Any, django_user_model: Any) -> Decision:
    org = Organization.objects.create(name="Acme Health", slug="acme")
    users = {}
    for username, role in (("erin", "editor"), ("april", "approver"), ("vic", "viewer")):
        users[username] = django_user_model.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=users[username], organization=org, role=role)
    decision = Decision.objects.create(
        organization=org,
        owner=users["erin"],
        title="Website support assistant",
        use_case="Answer customers' questions from our published help pages.",
        answers=dict(demo.SUPPORT_CHAT),
        rationale="Public data and a small team: a vendor API answers best for least.",
    )
    decision.chosen_option = decision_evaluate(decision=decision).result.recommendation or ""
    decision.save()
    with_simulation(decision)
    record = accepted(decision, users["erin"], users["april"])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("vic")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Decisions").wait_for()
    return record


def test_a_viewer_downloads_the_pdf_of_an_accepted_record(
    live_server: Any, page: Any, signed_in: Decision, tmp_path: Path
) -> None:
    with running_worker(tmp_path / "worker.log", os.environ.get("REDIS_URL")):
        page.goto(f"{live_server.url}/decisions/{signed_in.pk}/record/")
        page.wait_for_load_state("networkidle")  # htmx has loaded the panel's state
        panel = page.locator("#exports")
        assert "Made from the frozen record, exactly as it was signed." in panel.inner_text()
        page.get_by_role("button", name="Download PDF", exact=True).click()
        # The panel follows the worker until the PDF is made.
        link = page.get_by_role("link", name="Download the PDF (A4)")
        link.wait_for(timeout=90_000)
        with page.expect_download() as download:
            link.click()
    assert download.value.suggested_filename == (
        f"{signed_in.pk:04d}-website-support-assistant.pdf"
    )
    saved = tmp_path / "saved.pdf"
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert "Website support assistant" in pdf_pages(content)[0]
    assert signed_in.snapshot.content_hash in pdf_text(content)
    assert PdfExport.objects.get().status == PdfExport.Status.SUCCEEDED
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("address", ["results", "record"])
def test_the_pages_print_without_navigation_or_buttons_and_charts_fit_the_paper(
    live_server: Any, page: Any, signed_in: Decision, address: str
) -> None:
    page.goto(f"{live_server.url}/decisions/{signed_in.pk}/{address}/")
    if address == "results":
        page.wait_for_selector("[data-figure='contributions-figure'][data-drawn='true'] .main-svg")
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("#exports").is_visible()
    visible_buttons = [b for b in page.locator("button, a.button").all() if b.is_visible()]
    assert visible_buttons == []
    # The charts keep the size they were drawn at on screen, printed two thirds as large.
    widths = page.eval_on_selector_all(
        ".chart",
        "charts => charts.map(c => c.querySelector('.main-svg').getBoundingClientRect().width)",
    )
    assert len(widths) == (3 if address == "results" else 0)  # the record page draws none
    assert all(0 < width <= A4_PRINTABLE_PX for width in widths), widths
