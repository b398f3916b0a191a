"""Exports of a decision record: the PDF (made in the background, followed on the record
page), Markdown after MADR and JSON. Every member who may read the record may export it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseStopPolling

from decisions.access import get_decision_for_user
from decisions.exports.record import DEFAULT_PAPER, PAPERS
from decisions.models import Decision, PdfExport
from decisions.services import exports
from decisions.views.common import HtmxHttpRequest, post_only, vary_on_htmx, wants_partial


@login_required
@vary_on_htmx
def record_exports(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The exports of a record and the state of the reader's PDF; htmx polls its panel
    until the PDF is made (HTTP 286 stops the polling)."""
    decision = get_decision_for_user(request.user, pk)
    context = _exports_context(request, decision)
    if wants_partial(request):
        response = render(request, "decisions/exports/exports.html#export-status", context)
        if not context["pending"]:
            response.status_code = HttpResponseStopPolling.status_code
        return response
    return render(request, "decisions/exports/exports.html", context)


@login_required
@post_only("decisions:record-exports")
def record_export_pdf(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    paper = request.POST.get("paper", DEFAULT_PAPER)
    if paper not in PAPERS:
        paper = DEFAULT_PAPER
    exports.pdf_export_start(decision=decision, user=request.user, paper=paper)
    if request.htmx:
        return render(
            request,
            "decisions/exports/exports.html#export-status",
            _exports_context(request, decision),
        )
    return redirect("decisions:record-exports", pk=decision.pk)


@login_required
def record_export_download(request: HtmxHttpRequest, pk: int, export_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    export = get_object_or_404(decision.pdf_exports, pk=export_id)
    content = export.content
    if not export.is_ready or content is None:
        raise Http404("This PDF is not ready, or no longer kept.")
    return _attachment(bytes(content), exports.pdf_filename(decision), "application/pdf")


@login_required
def record_export_markdown(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    filename, text = exports.markdown_export(decision=decision)
    return _attachment(text.encode(), filename, "text/markdown; charset=utf-8")


@login_required
def record_export_json(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    filename, text = exports.json_export(decision=decision)
    return _attachment(text.encode(), filename, "application/json")


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # The file name is a slug of the title and the id: ASCII letters, digits and dashes.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _exports_context(request: HtmxHttpRequest, decision: Decision) -> dict[str, object]:
    mine = (
        PdfExport.objects.filter(decision=decision, created_by=request.user)
        .defer("content", "charts")
        .first()
    )
    stored = [
        export
        for paper in PAPERS
        if (export := exports.stored_pdf(decision=decision, paper=paper)) is not None
    ]
    latest = mine if mine is not None and mine not in stored else None
    return {
        "decision": decision,
        "papers": PAPERS.values(),
        "default_paper": DEFAULT_PAPER,
        "stored": stored,
        "latest": latest,
        "stale": latest is not None
        and not decision.is_frozen
        and decision.updated_at > latest.created_at,
        "pending": latest is not None and not latest.is_finished,
        "status_url": reverse("decisions:record-exports", args=[decision.pk]),
    }
