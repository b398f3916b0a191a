"""The PDF: a board paper with real text, the record's charts as vector graphics (tables when
no Chromium can draw them), a frozen record exactly as signed, a draft marked on every page,
and a renderer that reads nothing but the app's own static files."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from PIL import Image
from pypdf import PdfReader

from decisions.exports import pdf as pdf_module
from decisions.exports.pdf import PaperFetcher, RefusedURL, chart_url, static_file
from decisions.models import Decision, PdfExport
from decisions.services import exports, records
from scoring.questions import OPTION_LABELS
from tests.decisions.exports_fixtures import (
    HOSTILE,
    hostile_fixture,  # noqa: F401
    needs_chromium,
    needs_pdftoppm,
    page_png,
    pdf_pages,
    pdf_text,
    record_fixture,  # noqa: F401
    support_fixture,  # noqa: F401
)

A4 = (595.28, 841.89)  # points
LETTER = (612.0, 792.0)
NO_CHROMIUM = "no Chromium at BROWSER_PATH="


def render(decision: Decision, paper: str = "a4") -> exports.RenderedPdf:
    return exports.pdf_render(decision=Decision.objects.get(pk=decision.pk), paper=paper)


def page_sizes(content: bytes) -> set[tuple[float, float]]:
    return {
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in PdfReader(io.BytesIO(content)).pages
    }


def raster_images(content: bytes) -> int:
    """Image XObjects (pixels) on any page; charts drawn as SVG are vector forms."""
    count = 0
    for page in PdfReader(io.BytesIO(content)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


def longest_text_map_entry(content: bytes) -> int:
    """The longest text one glyph stands for in the fonts' ToUnicode maps, in hex digits."""
    longest = 0
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            to_unicode = font.get_object().get("/ToUnicode")
            if to_unicode is not None:
                data = to_unicode.get_object().get_data().decode("latin-1")
                for target in re.findall(r"^<[0-9a-fA-F]+> <([0-9a-fA-F]*)>$", data, re.M):
                    longest = max(longest, len(target))
    return longest


# --- what it says ---------------------------------------------------------------------------
def test_an_accepted_record_s_pdf_holds_its_title_options_choice_and_hash(
    record: Decision,
) -> None:
    rendered = render(record)
    text = pdf_text(rendered.content)
    first = " ".join(pdf_pages(rendered.content)[0].split())

    assert rendered.content.startswith(b"%PDF-")
    assert "Website support assistant" in first
    for label in OPTION_LABELS.values():
        assert label in first  # the three scores, on the page an executive reads alone
    assert "DECISION Closed model via vendor API As the model recommends" in first
    assert "excluded 0.995 0.729 knocked out rank 1 · chosen rank 2" in first
    assert f"SHA-256 {record.snapshot.content_hash}" in first
    assert "Approvals Approver Verdict When Comment april Approved" in first
    assert "Cost over 24 months Option Median P10 – P90 Cheapest in" in first
    assert "Accepted on" in first
    assert "DRAFT" not in text
    for heading in (
        "The use case",
        "The answers to the five questions",
        "The weights and the board's spread",
        "The options, ranked",
        "Knock-outs",
        "Flip points",
        "What answers would change the winner",
        "Robustness",
        "Cost",
        "Rationale",
        "Consequences",
        "Dissent",
        "Audit summary",
    ):
        assert heading in text
    assert record.rationale in text


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_every_page_has_the_paper_size_the_title_the_status_and_its_number(
    record: Decision, paper: str, size: tuple[float, float]
) -> None:
    pages = pdf_pages(render(record, paper).content)
    assert page_sizes(render(record, paper).content) == {size}
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert "Website support assistant Accepted" in flat
        assert f"Page {number} of {len(pages)}" in flat


def test_its_first_page_is_not_blank(record: Decision, tmp_path: Path) -> None:
    needs_pdftoppm()
    png = page_png(render(record).content, tmp_path)
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:160])  # pixels darker than light grey
    assert image.size == (331, 468)  # A4 at 40 dpi
    assert dark > 0.02 * image.size[0] * image.size[1]


def test_a_frozen_record_s_pdf_shows_its_snapshot_not_the_row(record: Decision) -> None:
    with connection.cursor() as cursor:  # as a tampered row would be
        cursor.execute(
            "UPDATE decisions_decision SET title = %s, rationale = %s WHERE id = %s",
            ["Tampered", "Changed after the vote.", record.pk],
        )
    text = pdf_text(render(record).content)
    assert "Website support assistant" in text
    assert "Tampered" not in text
    assert "Changed after the vote." not in text
    assert record.rationale in text


def test_a_frozen_record_s_audit_summary_ends_with_its_acceptance(
    record: Decision, editor: User
) -> None:
    records.record_revisit(decision=record, by=editor)
    audit = pdf_text(render(record).content).split("Audit summary", 1)[1]
    assert "april Approved — “Agreed.”" in audit
    assert "openweigh Accepted" in audit
    assert "Revisited" not in audit


@pytest.mark.parametrize("status", ["draft", "in_review", "rejected"])
def test_a_record_that_is_not_accepted_says_draft_on_every_page(
    support: Decision, editor: User, approver: User, status: str
) -> None:
    if status != "draft":
        records.record_submit(decision=support, by=editor)
    if status == "rejected":
        records.record_judge(decision=support, by=approver, approve=False, comment="Not yet.")
    assert Decision.objects.get(pk=support.pk).status == status
    pages = pdf_pages(render(support).content)
    assert len(pages) >= 5
    for text in pages:
        assert "DRAFT — not approved" in " ".join(text.split())
    first = " ".join(pages[0].split())
    assert "None: only an accepted record is frozen and hashed." in first


def test_an_incomplete_draft_still_exports_and_says_it_is_not_scored(draft: Decision) -> None:
    text = pdf_text(render(draft).content)
    assert "Discharge letters" in text
    assert "Not scored yet: the questionnaire is not complete." in text
    assert "DRAFT — not approved" in text


# --- the charts -------------------------------------------------------------------------------
def test_with_chromium_the_charts_are_vector_graphics_from_the_web_s_figures(
    record: Decision,
) -> None:
    needs_chromium()
    rendered = render(record)
    text = pdf_text(rendered.content)
    assert set(rendered.charts) == {
        "contributions",
        "flip_points",
        "robustness",
        "cost_fan",
        "cost_spread",
        "cheapest",
    }
    assert all(svg.startswith("<svg") for svg in rendered.charts.values())
    assert rendered.charts_note == ""
    # The charts' own words (axis titles) are text in the PDF, and nothing is a bitmap.
    assert "weighted score" in text
    assert "cumulative cost (USD)" in text
    assert "shown as a table" not in text
    assert raster_images(rendered.content) == 0


def test_without_chromium_each_chart_is_a_table_and_the_pdf_says_why(
    record: Decision, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    rendered = render(record)
    text = pdf_text(rendered.content)
    assert rendered.charts == {}
    assert rendered.charts_note == f"{NO_CHROMIUM}'{tmp_path / 'no-chromium'}'."
    assert not rendered.reusable
    assert text.count("This chart is shown as a table: no Chromium at BROWSER_PATH=") == 6
    assert "Option Ranks first in" in text
    assert "Criterion Weight now Winner stays first from to" in text
    assert "Month Open weights, self-hosted: median (P10–P90)" in text
    assert "weighted score" not in text


def test_a_browser_that_will_not_start_gives_tables_and_says_so(
    support: Decision, monkeypatch: pytest.MonkeyPatch
) -> None:
    false = shutil.which("false")
    assert false is not None
    monkeypatch.setenv("BROWSER_PATH", false)
    rendered = render(support)
    assert rendered.charts == {}
    assert rendered.charts_note == (
        "Chromium could not draw them (The browser seemed to close immediately after starting.)."
    )
    assert "This chart is shown as a table: Chromium could not draw them" in pdf_text(
        rendered.content
    )


def test_a_frozen_record_s_charts_are_drawn_once_and_kept_for_the_other_paper(
    record: Decision, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_chromium()
    exports.pdf_export(decision=record, paper="a4")
    kept = PdfExport.objects.get()
    assert kept.charts is not None
    assert set(kept.charts) >= {"contributions", "cheapest"}

    def no_chromium(figures: Any) -> dict[str, str]:
        raise AssertionError("the charts were drawn again")

    monkeypatch.setattr(exports, "chart_svgs", no_chromium)
    letter = exports.pdf_export(decision=record, paper="letter")
    assert page_sizes(letter) == {LETTER}
    assert "weighted score" in pdf_text(letter)


def test_a_draft_s_charts_are_drawn_every_time(
    support: Decision, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    monkeypatch.setattr(exports, "chart_svgs", lambda figures: drawn.append(len(figures)) or {})
    render(support)
    render(support)
    assert drawn == [3, 3]  # contributions, flip points, robustness: no simulation yet


# --- failures ---------------------------------------------------------------------------------
def test_a_weasyprint_failure_is_a_clear_message(
    record: Decision, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(html: str, svgs: Any) -> bytes:
        raise RuntimeError("cairo ran out of glyphs\nand more detail")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    with pytest.raises(exports.PdfFailed) as failed:
        exports.pdf_export(decision=record, paper="a4")
    assert str(failed.value) == "The PDF could not be laid out (cairo ran out of glyphs)."
    assert PdfExport.objects.count() == 0


# --- safety -----------------------------------------------------------------------------------
def test_hostile_text_comes_out_as_text(hostile: Decision, monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []
    fetch = PaperFetcher.fetch

    def spy(self: PaperFetcher, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(PaperFetcher, "fetch", spy)
    content = render(hostile).content
    text = pdf_text(content)
    assert "<script>alert(1)</script>" in text
    assert "[click](javascript:alert(1))" in text
    assert "<img src=http://127.0.0.1:9/x.png>" in text
    assert b"javascript" not in content  # no link, no action: text is compressed in streams
    assert all("/Annots" not in page for page in PdfReader(io.BytesIO(content)).pages)
    assert [url for url in fetched if not url.startswith("chart:")] == ["static:css/print.css"]
    assert HOSTILE.split("\n")[-1][:40] in text
    # The running header shows the title cut short by the template, not by WeasyPrint, whose
    # ellipsis would map one glyph to the whole hidden rest in the text map (readers refuse
    # such a map: bfchar entries hold at most 512 bytes).
    assert "<script>ale…" in pdf_pages(content)[1]
    assert longest_text_map_entry(content) < 64


def test_the_renderer_fetches_only_static_files_and_this_pdf_s_charts() -> None:
    fetcher = PaperFetcher({"contributions": "<svg/>"})
    assert fetcher.fetch("static:css/print.css").read().startswith(b"/* The decision record")
    assert fetcher.fetch(chart_url("contributions", "<svg/>")).read() == b"<svg/>"
    refused = [
        "chart:contributions",
        chart_url("contributions", "<svg>another drawing</svg>"),
        "static:../config/settings.py",
        "static:/etc/passwd",
        "static:css",
        "static:css/missing.css",
        "chart:robustness",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.invalid/font.woff",
        "data:text/css,body{color:red}",
        "ftp://127.0.0.1/x",
    ]
    for url in refused:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert fetcher.refused == refused


@pytest.mark.parametrize(
    "path", ["../config/settings.py", "/etc/passwd", "..\\x", "", "css", "css/../../manage.py"]
)
def test_static_file_finds_only_files_in_the_static_folders(path: str) -> None:
    assert static_file(path) is None
