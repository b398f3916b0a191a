"""Exports of a decision record: the PDF in the background, Markdown and JSON on the spot.

The PDF is a job as a cost simulation is (``decisions/services/jobs.py``): the row is the
job. ``pdf_export_start`` writes it and enqueues the task after the transaction commits;
``pdf_export_execute`` (the task) claims it by a conditional update, makes the PDF and stores
it with its status in one update, so that a failure leaves no half-made PDF;
``pdf_exports_sweep`` (Celery beat) enqueues again what the broker or a dead worker left.

An accepted record's PDF shows its frozen snapshot, so it is made once per paper size and
served again; its charts are drawn once and kept for the other size. A draft's PDF is made
anew every time it is asked for.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from decisions.exports.charts import Chart, ChartsUnavailable, chart_svgs, record_charts
from decisions.exports.document import export_document
from decisions.exports.markdown import record_markdown
from decisions.exports.record import PAPERS, ExportedRecord, export_basename, exported_record
from decisions.models import Decision, PdfExport, RecordSnapshot
from decisions.services.jobs import JobKind, job_claim, job_enqueue, job_sweep

EXPORT_PDF_TASK = "decisions.tasks.export_pdf_task"
STALE_AFTER = timedelta(seconds=120)  # no heartbeat for this long: the worker is gone
REQUEUE_AFTER = timedelta(seconds=30)  # queued this long without starting: enqueue again
MAX_ATTEMPTS = 3
DRAFT_PDF_KEPT = timedelta(days=1)  # then a draft's PDF is dropped: it is out of date anyway

Status = PdfExport.Status
logger = logging.getLogger(__name__)

# The row is the job (decisions/services/jobs.py).
EXPORT_JOB = JobKind(
    model=PdfExport,
    task=EXPORT_PDF_TASK,
    stale_after=STALE_AFTER,
    requeue_after=REQUEUE_AFTER,
    max_attempts=MAX_ATTEMPTS,
    given_up=f"The worker making this PDF stopped {MAX_ATTEMPTS} times. Ask an administrator "
    "to check the workers.",
)


class PdfFailed(Exception):
    """The PDF could not be made; the message says why, for the page and the command line."""


@dataclass(frozen=True)
class RenderedPdf:
    record: ExportedRecord
    content: bytes
    charts: dict[str, str]
    charts_note: str  # why the charts are tables; "" when they are drawn

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def reusable(self) -> bool:
        """A frozen record's PDF with its charts drawn: the one to serve again."""
        return self.record.frozen and not self.charts_note


# --- making a PDF -----------------------------------------------------------------------------
def pdf_render(
    *, decision: Decision, paper: str, progress: Callable[[float], None] | None = None
) -> RenderedPdf:
    """Make the PDF now. Raises PdfFailed (with the reason) when WeasyPrint cannot."""
    # Imported here: WeasyPrint takes over a second to import, which a web process that never
    # makes a PDF should not pay (a worker imports it before it forks: decisions/tasks.py).
    from decisions.exports.pdf import html_to_pdf, record_html

    report = progress or (lambda fraction: None)
    record = exported_record(decision)
    figures = record_charts(record.document)
    report(0.2)
    svgs, note = _chart_images(decision, record, figures)
    report(0.6)
    html = record_html(record, paper=PAPERS[paper], figures=figures, svgs=svgs, charts_note=note)
    try:
        content = html_to_pdf(html, svgs)
    except Exception as error:
        logger.exception("WeasyPrint failed on decision %s", decision.pk)
        detail = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        raise PdfFailed(f"The PDF could not be laid out ({detail}).") from error
    return RenderedPdf(record, content, svgs, note)


def _chart_images(
    decision: Decision, record: ExportedRecord, figures: list[Chart]
) -> tuple[dict[str, str], str]:
    """The charts as SVG, and why not when they cannot be drawn: a frozen record's from the
    row that kept them, otherwise drawn now by Chromium."""
    if record.frozen:
        kept = (
            PdfExport.objects.filter(
                decision=decision, record_hash=record.content_hash, charts__isnull=False
            )
            .values_list("charts", flat=True)
            .first()
        )
        if kept and set(kept) >= {figure.name for figure in figures}:
            return kept, ""
    try:
        return chart_svgs(figures), ""
    except ChartsUnavailable as unavailable:
        return {}, f"{unavailable}."


def stored_pdf(*, decision: Decision, paper: str) -> PdfExport | None:
    """The PDF made before of this accepted record, in this paper size, showing the same
    snapshot and status, with its charts drawn; None for a draft."""
    if not decision.is_frozen:
        return None
    snapshot = RecordSnapshot.objects.filter(decision=decision).values("content_hash").first()
    if snapshot is None:
        return None
    return (
        PdfExport.objects.filter(
            decision=decision,
            paper=paper,
            status=Status.SUCCEEDED,
            record_hash=snapshot["content_hash"],
            record_status=decision.status,
            charts_note="",
            size__gt=0,
        )
        .defer("content", "charts")
        .order_by("finished_at", "pk")
        .first()
    )


def pdf_export(*, decision: Decision, paper: str) -> bytes:
    """The PDF for the command line, made on the spot: an accepted record's stored one, or
    made now (and kept, if it is one to serve again)."""
    stored = stored_pdf(decision=decision, paper=paper)
    if stored is not None and stored.content is not None:
        return bytes(stored.content)
    rendered = pdf_render(decision=decision, paper=paper)
    if rendered.reusable:
        now = timezone.now()
        PdfExport.objects.create(
            decision=decision,
            paper=paper,
            status=Status.SUCCEEDED,
            progress=1.0,
            started_at=now,
            finished_at=now,
            **_stored_fields(rendered, decision),
        )
    return rendered.content


def _stored_fields(rendered: RenderedPdf, decision: Decision) -> dict[str, object]:
    frozen = rendered.record.frozen
    return {
        "content": rendered.content,
        "content_hash": rendered.content_hash,
        "size": len(rendered.content),
        "record_hash": rendered.record.content_hash,
        "record_status": decision.status if frozen else "",
        "charts": rendered.charts if frozen and rendered.charts else None,
        "charts_note": rendered.charts_note[:300],
    }


def pdf_filename(decision: Decision) -> str:
    return export_basename(decision.pk, decision.title) + ".pdf"


# --- the PDF in the background ----------------------------------------------------------------
def pdf_export_start(*, decision: Decision, user: User | None, paper: str) -> PdfExport:
    """The export to follow: an accepted record's stored PDF, one already under way in the
    same paper size (for a draft: by the same person), or a new queued row, enqueued once
    the transaction commits."""
    if (stored := stored_pdf(decision=decision, paper=paper)) is not None:
        return stored
    under_way = PdfExport.objects.filter(
        decision=decision, paper=paper, status__in=[Status.QUEUED, Status.RUNNING]
    )
    if not decision.is_frozen:  # a draft's PDF is its reader's: the record may change
        under_way = under_way.filter(created_by=user)
    pending = under_way.defer("content", "charts").first()
    if pending is not None:
        return pending
    export = PdfExport.objects.create(decision=decision, created_by=user, paper=paper)
    transaction.on_commit(lambda: pdf_export_enqueue(export_id=export.pk))
    return export


def pdf_export_enqueue(*, export_id: int) -> bool:
    """Publish the task for a queued export. False (the row stays queued, with the reason)
    when the broker cannot be reached: publishing fails fast, and the sweep tries again."""
    return job_enqueue(EXPORT_JOB, export_id)


def pdf_export_execute(*, export_id: int, task_id: str | None) -> str:
    """Make a queued PDF once. Idempotent: a finished row, or one another live worker is
    making, is left alone; a redelivered message (same task id) takes over the work of a
    worker that died. Returns what happened, for logs and tests."""
    claim = job_claim(EXPORT_JOB, export_id, task_id)
    if claim != "claimed":
        return claim
    me = task_id or ""
    export = PdfExport.objects.select_related("decision__organization", "decision__owner").get(
        pk=export_id
    )
    mine = PdfExport.objects.filter(pk=export_id, status=Status.RUNNING, task_id=me)

    def report(fraction: float) -> None:
        mine.update(progress=fraction, heartbeat_at=timezone.now())

    try:
        rendered = pdf_render(decision=export.decision, paper=export.paper, progress=report)
    except PdfFailed as failed:
        mine.update(status=Status.FAILED, finished_at=timezone.now(), error=str(failed))
        return "failed"
    except SoftTimeLimitExceeded:
        mine.update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error="Making the PDF took too long and was stopped.",
        )
        return "failed"
    except Exception as error:
        logger.exception("PDF export %s failed", export_id)
        detail = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        mine.update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error=f"The PDF could not be made ({detail}).",
        )
        return "failed"
    stored = mine.update(
        status=Status.SUCCEEDED,
        progress=1.0,
        finished_at=timezone.now(),
        **_stored_fields(rendered, export.decision),
    )
    return "succeeded" if stored else "skipped"


def pdf_exports_sweep() -> dict[str, int]:
    """Enqueue again the exports left queued (broker down) or stuck (worker died); drop the
    PDFs of drafts once they are a day old."""
    swept = job_sweep(EXPORT_JOB, lambda pk: pdf_export_enqueue(export_id=pk))
    dropped = PdfExport.objects.filter(
        record_hash="", finished_at__lt=timezone.now() - DRAFT_PDF_KEPT, size__gt=0
    ).update(content=None, size=0)
    return {**swept, "dropped": dropped}


# --- Markdown and JSON ------------------------------------------------------------------------
def markdown_export(*, decision: Decision) -> tuple[str, str]:
    """``(file name, text)``: MADR 4.0 Markdown named ``NNNN-title.md``."""
    return export_basename(decision.pk, decision.title) + ".md", record_markdown(
        exported_record(decision)
    )


def json_export(*, decision: Decision) -> tuple[str, str]:
    """``(file name, text)``: the JSON export (docs/schemas/decision-export.schema.json)."""
    text = json.dumps(export_document(decision), indent=2, ensure_ascii=False) + "\n"
    return export_basename(decision.pk, decision.title) + ".json", text
