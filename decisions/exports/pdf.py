"""A decision record as a PDF a board can file: HTML from a template, laid out on paper by
WeasyPrint (``static/css/print.css``), with the charts as vector SVG.

WeasyPrint fetches nothing but what ``PaperFetcher`` gives it: the app's own static files
(``static:css/print.css``) and this PDF's charts (``chart:contributions``). Every other URL —
the network, a ``file:`` path, a ``data:`` URL — is refused, so nothing a record contains can
make the renderer read or reach anything.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import ssl
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from decisions.exports.charts import Chart
from decisions.exports.record import ExportedRecord, Paper, paper_context

logger = logging.getLogger(__name__)

TEMPLATE = "decisions/exports/record_pdf.html"


class RefusedURL(ValueError):
    pass


# Never used to connect (the fetcher reaches no network), but given so that urllib does not
# load the system's certificates for every PDF.
_NO_NETWORK = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def chart_url(name: str, svg: str) -> str:
    """A chart's address in the HTML, unique to its drawing: WeasyPrint's image cache may
    then keep a parsed chart between PDFs without ever showing a stale one."""
    return f"chart:{name}-{hashlib.sha256(svg.encode()).hexdigest()[:20]}"


class PaperFetcher(URLFetcher):
    """WeasyPrint's only way out: the app's static files and the charts, nothing else."""

    def __init__(self, svgs: Mapping[str, str]) -> None:
        super().__init__(ssl_context=_NO_NETWORK)
        self.charts = {chart_url(name, svg): svg for name, svg in svgs.items()}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme, _, rest = url.partition(":")
        if scheme == "chart" and url in self.charts:
            return URLFetcherResponse(
                url, self.charts[url].encode(), {"Content-Type": "image/svg+xml"}
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
        charts={
            chart.name: {
                "chart": chart,
                "url": chart_url(chart.name, svgs[chart.name]) if chart.name in svgs else "",
            }
            for chart in figures
        },
        charts_note=charts_note,
    )
    return render_to_string(TEMPLATE, context)


class _RecentImages(OrderedDict[str, Any]):
    """WeasyPrint's image cache, holding the last few charts parsed."""

    LIMIT = 48

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        while len(self) > self.LIMIT:
            self.popitem(last=False)


# Kept between the PDFs a process makes (a worker makes them one at a time): fontconfig's
# fonts, found once, and the charts last parsed.
_kept = threading.local()
os.register_at_fork(after_in_child=lambda: _kept.__dict__.clear())


def html_to_pdf(html: str, svgs: Mapping[str, str]) -> bytes:
    """WeasyPrint alone: the HTML laid out and written as PDF bytes."""
    if not hasattr(_kept, "fonts"):
        _kept.fonts, _kept.images = FontConfiguration(), _RecentImages()
    document = HTML(string=html, url_fetcher=PaperFetcher(svgs))
    pdf = document.write_pdf(font_config=_kept.fonts, cache=_kept.images)
    assert pdf is not None
    return pdf
