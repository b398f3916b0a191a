"""The exports on the record page: download links for Markdown and JSON, a PDF made in the
background whose state the page polls, and all of it only for members who may read the
record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions.models import Decision, PdfExport
from decisions.services import exports
from tests.decisions.exports_fixtures import (
    broker_down_fixture,  # noqa: F401
    front_matter,
    hostile_fixture,  # noqa: F401
    published_fixture,  # noqa: F401
    record_fixture,  # noqa: F401
    support_fixture,  # noqa: F401
)

Status = PdfExport.Status


def url(name: str, decision: Decision, *args: object) -> str:
    return reverse(f"decisions:{name}", args=[decision.pk, *args])


def made(decision: Decision, **fields: Any) -> PdfExport:
    values: dict[str, Any] = {
        "decision": decision,
        "created_by": decision.owner,
        "status": Status.SUCCEEDED,
        "content": b"%PDF-1.7 made",
        "content_hash": "ab" * 32,
        "size": 13,
        "progress": 1.0,
        "finished_at": timezone.now(),
    }
    values.update(fields)
    return PdfExport.objects.create(**values)


def status_html(client: Client, decision: Decision, htmx_headers: dict[str, str]) -> Any:
    return client.get(url("record-exports", decision), headers=htmx_headers)


# --- the panel --------------------------------------------------------------------------------
def test_the_record_page_offers_the_three_exports_to_a_viewer(
    viewer_client: Client, support: Decision
) -> None:
    page = viewer_client.get(url("record", support)).content.decode()
    assert f'action="{url("record-export-pdf", support)}"' in page
    assert '<button class="primary" type="submit" name="paper" value="a4">Download PDF' in page
    assert 'name="paper" value="letter">PDF on US Letter</button>' in page
    assert f'href="{url("record-export-markdown", support)}">Markdown (MADR)</a>' in page
    assert f'href="{url("record-export-json", support)}">JSON</a>' in page
    assert f'hx-get="{url("record-exports", support)}" hx-trigger="load"' in page
    assert "every export says “DRAFT — not approved”" in page


def test_the_status_stops_polling_when_nothing_is_being_made(
    editor_client: Client, support: Decision, htmx_headers: dict[str, str]
) -> None:
    response = status_html(editor_client, support, htmx_headers)
    assert response.status_code == 286
    assert 'hx-trigger="every 1s"' not in response.content.decode()


def test_asking_for_a_pdf_queues_it_and_the_status_polls(
    editor_client: Client,
    support: Decision,
    htmx_headers: dict[str, str],
    published: list[tuple[str, tuple[Any, ...]]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url("record-export-pdf", support), {"paper": "letter"}, headers=htmx_headers
        )
    export = PdfExport.objects.get()
    assert (export.paper, export.status, export.created_by) == ("letter", "queued", support.owner)
    assert published == [(exports.EXPORT_PDF_TASK, (export.pk,))]
    page = response.content.decode()
    assert "PDF (US Letter) queued: waiting for a worker…" in page
    assert f'hx-get="{url("record-exports", support)}" hx-trigger="every 1s"' in page
    assert status_html(editor_client, support, htmx_headers).status_code == 200


def test_without_javascript_it_goes_to_the_exports_page_which_reloads_itself(
    editor_client: Client,
    support: Decision,
    published: list[tuple[str, tuple[Any, ...]]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url("record-export-pdf", support), {"paper": "tabloid"})
    assert response.status_code == 302
    assert response["Location"] == url("record-exports", support)
    assert PdfExport.objects.get().paper == "a4"  # an unknown paper is the default
    page = editor_client.get(response["Location"]).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "PDF (A4) queued" in page


def test_a_get_on_the_form_s_address_shows_the_exports(
    editor_client: Client, support: Decision
) -> None:
    response = editor_client.get(url("record-export-pdf", support))
    assert response.status_code == 302
    assert response["Location"] == url("record-exports", support)
    assert PdfExport.objects.count() == 0


def test_a_broker_outage_is_said_on_the_page(
    editor_client: Client,
    support: Decision,
    htmx_headers: dict[str, str],
    broker_down: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url("record-export-pdf", support), headers=htmx_headers)
    page = status_html(editor_client, support, htmx_headers).content.decode()
    assert (
        "The task queue is not reachable right now. Your PDF (A4) is saved and will "
        "be made when a worker is reachable; you can leave this page." in page
    )
    assert PdfExport.objects.get().content is None


def test_it_shows_the_progress_of_a_pdf_being_made(
    editor_client: Client, support: Decision, htmx_headers: dict[str, str]
) -> None:
    made(support, status=Status.RUNNING, progress=0.6, content=None, size=0)
    response = status_html(editor_client, support, htmx_headers)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Making the PDF (A4)…" in page
    assert '<progress max="1" value="0.60" aria-label="Progress"></progress>' in page


def test_a_failure_is_said_on_the_page_and_offers_nothing_to_download(
    editor_client: Client, support: Decision, htmx_headers: dict[str, str]
) -> None:
    export = made(
        support,
        status=Status.FAILED,
        content=None,
        size=0,
        error="The PDF could not be laid out (no font).",
    )
    response = status_html(editor_client, support, htmx_headers)
    assert response.status_code == 286
    page = response.content.decode()
    assert "<strong>No PDF was made.</strong> The PDF could not be laid out (no font)." in page
    assert "Download the PDF" not in page
    download = editor_client.get(url("record-export-download", support, export.pk))
    assert download.status_code == 404


def test_a_made_pdf_is_offered_with_why_its_charts_are_tables(
    editor_client: Client, support: Decision, htmx_headers: dict[str, str]
) -> None:
    export = made(support, charts_note="no Chromium was found on this machine (install chromium).")
    response = status_html(editor_client, support, htmx_headers)
    assert response.status_code == 286
    page = response.content.decode()
    assert (
        f'href="{url("record-export-download", support, export.pk)}">Download the PDF (A4)' in page
    )
    assert (
        "Its charts are tables of their numbers: no Chromium was found on this machine "
        "(install chromium)." in page
    )
    assert "The record has changed since" not in page
    Decision.objects.filter(pk=support.pk).update(updated_at=timezone.now())
    page = status_html(editor_client, support, htmx_headers).content.decode()
    assert "The record has changed since this PDF was made" in page


def test_the_download_is_the_pdf_named_after_the_record(
    viewer_client: Client, support: Decision
) -> None:
    export = made(support)
    response = viewer_client.get(url("record-export-download", support, export.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{support.pk:04d}-website-support-assistant.pdf"'
    )
    assert response.content == b"%PDF-1.7 made"
    assert response["Cache-Control"] == "private, no-store"


def test_an_accepted_record_offers_its_stored_pdfs_to_everyone(
    viewer_client: Client, record: Decision, htmx_headers: dict[str, str]
) -> None:
    export = made(record, record_hash=record.snapshot.content_hash, record_status="accepted")
    page = status_html(viewer_client, record, htmx_headers).content.decode()
    assert "Download the PDF (A4)" in page
    assert "from the frozen record; SHA-256 <code>abababababababab…</code>" in page
    assert viewer_client.get(url("record-export-download", record, export.pk)).status_code == 200


# --- Markdown and JSON ------------------------------------------------------------------------
def test_markdown_downloads_as_a_madr_file(viewer_client: Client, record: Decision) -> None:
    response = viewer_client.get(url("record-export-markdown", record))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{record.pk:04d}-website-support-assistant.md"'
    )
    assert front_matter(response.content.decode())["status"] == "accepted"


def test_json_downloads_as_the_export_document(viewer_client: Client, record: Decision) -> None:
    response = viewer_client.get(url("record-export-json", record))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{record.pk:04d}-website-support-assistant.json"'
    )
    assert response.json()["content_hash"] == record.snapshot.content_hash


# --- who may ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["record-exports", "record-export-markdown", "record-export-json"])
def test_another_organisation_s_member_finds_nothing(
    outsider_client: Client, support: Decision, name: str
) -> None:
    assert outsider_client.get(url(name, support)).status_code == 404


def test_another_organisation_s_member_can_neither_start_nor_download_a_pdf(
    outsider_client: Client, support: Decision
) -> None:
    export = made(support)
    assert outsider_client.post(url("record-export-pdf", support)).status_code == 404
    assert outsider_client.get(url("record-export-download", support, export.pk)).status_code == 404
    assert PdfExport.objects.count() == 1


def test_a_pdf_is_downloaded_only_through_its_own_record(
    editor_client: Client, support: Decision, draft: Decision
) -> None:
    export = made(draft)
    response = editor_client.get(url("record-export-download", support, export.pk))
    assert response.status_code == 404


def test_signed_out_every_export_asks_to_sign_in(client: Client, support: Decision) -> None:
    for address in (
        url("record-exports", support),
        url("record-export-markdown", support),
        url("record-export-json", support),
        url("record-export-download", support, 1),
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_hostile_text_is_escaped_on_the_exports_page(
    editor_client: Client, hostile: Decision
) -> None:
    page = editor_client.get(url("record-exports", hostile)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
