"""A decision record as a PDF a board can file: HTML from a template, laid out on paper by
WeasyPrint (``static/css/print.css``), with the charts as vector SVG.

WeasyPrint fetches nothing but what ``PaperFetcher`` gives it: the app's own static files
(``static:css/print.css``) and this PDF's charts (``chart:contributions``). Every other URL —
the network, a ``file:`` path, a ``data:`` URL — is refused, so nothing a record contains can
make the renderer read or reach anything.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from decisions.exports.charts import Chart
from decisions.exports.record import ExportedRecord, Paper, paper_context

logger = logging.getLogger(__name__)

TEMPLATE = "decisions/exports/record_pdf.html"


class RefusedURL(ValueError):
    pass


class PaperFetcher(URLFetcher):
    """WeasyPrint's only way out: the app's static files and the charts, nothing else."""

    def __init__(self, svgs: Mapping[str, str]) -> None:
        super().__init__()
        self.svgs = svgs
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme, _, rest = url.partition(":")
        if scheme == "chart" and rest in self.svgs:
            return URLFetcherResponse(
                url, self.svgs[rest].encode(), {"Content-Type": "image/svg+xml"}
            )
        if scheme == "static" and (path := static_file(rest)) is not None:
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        logger.warning("The PDF renderer refused %s", url[:200])
        raise RefusedURL(f"refused {url[:80]}: only the app's static files and charts are read")


def static_file(relative: str) -> Path | None:
    """One of the app's own static files, by its path under ``static/``; None for anything
    else (a path outside the static folders, a folder, a file that is not there)."""
    if not relative or relative.startswith(("/", "\\")) or "\\" in relative:
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if not isinstance(found, str):
        return None
    path = Path(found)
    return path if path.is_file() else None


def record_html(
    record: ExportedRecord,
    *,
    paper: Paper,
    figures: Sequence[Chart],
    svgs: Mapping[str, str],
    charts_note: str,
) -> str:
    """The PDF's HTML: the paper context, and each chart as its SVG or, when Chromium could
    not draw it, as a table with the reason."""
    context = paper_context(record)
    context.update(
        paper=paper,
        charts={chart.name: {"chart": chart, "drawn": chart.name in svgs} for chart in figures},
        charts_note=charts_note,
    )
    return render_to_string(TEMPLATE, context)


def html_to_pdf(html: str, svgs: Mapping[str, str]) -> bytes:
    """WeasyPrint alone: the HTML laid out and written as PDF bytes."""
    pdf = HTML(string=html, url_fetcher=PaperFetcher(svgs)).write_pdf()
    assert pdf is not None
    return pdf
