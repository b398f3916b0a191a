"""The web's PDF export made by a real Celery worker process through the configured broker
(Redis when REDIS_URL is set, as in CI; otherwise the filesystem transport)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import Decision, PdfExport
from tests.decisions.exports_fixtures import (
    needs_chromium,
    pdf_pages,
    pdf_text,
    record_fixture,  # noqa: F401
    support_fixture,  # noqa: F401
)
from tests.processes import running_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished(export_id: int) -> bool:
    return PdfExport.objects.get(pk=export_id).is_finished


def test_a_worker_makes_the_pdf_the_page_asked_for_and_the_page_offers_it(
    record: Decision, viewer_client: Client, tmp_path: Path
) -> None:
    needs_chromium()
    status = reverse("decisions:record-exports", args=[record.pk])
    with running_worker(tmp_path / "worker.log", os.environ.get("REDIS_URL")) as worker:
        viewer_client.post(
            reverse("decisions:record-export-pdf", args=[record.pk]),
            {"paper": "letter"},
            headers={"HX-Request": "true"},
        )
        export = PdfExport.objects.get()
        wait_until(lambda: finished(export.pk), timeout=90, what="the PDF to be made")
        export.refresh_from_db()
        assert export.status == PdfExport.Status.SUCCEEDED, worker.output()[-3000:]
        assert "export_pdf_task" in worker.output()

    panel = viewer_client.get(status, headers={"HX-Request": "true"})
    assert panel.status_code == 286
    download = reverse("decisions:record-export-download", args=[record.pk, export.pk])
    assert f'href="{download}">Download the PDF (US Letter)' in panel.content.decode()
    content = viewer_client.get(download).content
    assert "Website support assistant" in pdf_pages(content)[0]
    assert "weighted score" in pdf_text(content)  # the worker's Chromium drew the charts
    assert export.record_hash == record.snapshot.content_hash
    assert export.charts_note == ""
    assert export.charts is not None
