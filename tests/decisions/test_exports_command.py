"""manage.py export_decision ID --format pdf|md|json -o FILE: rendered on the spot, written
whole or not at all, exit status 2 for what the caller got wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from decisions.exports import pdf as pdf_module
from decisions.models import Decision
from tests.decisions.exports_fixtures import (
    front_matter,
    pdf_pages,
    record_fixture,  # noqa: F401
    support_fixture,  # noqa: F401
)


def export(*args: str) -> None:
    call_command("export_decision", *args)


def test_it_writes_the_three_formats(record: Decision, tmp_path: Path) -> None:
    for fmt in ("pdf", "md", "json"):
        export(str(record.pk), "--format", fmt, "-o", str(tmp_path / f"record.{fmt}"))
    pages = pdf_pages((tmp_path / "record.pdf").read_bytes())
    assert "Website support assistant" in pages[0]
    assert front_matter((tmp_path / "record.md").read_text())["status"] == "accepted"
    document = json.loads((tmp_path / "record.json").read_text())
    assert document["content_hash"] == record.snapshot.content_hash
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json", "record.md", "record.pdf"]


def test_it_prints_markdown_to_stdout(
    support: Decision, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    export(str(support.pk), "--format", "md")
    out = capsysbinary.readouterr().out.decode()
    assert out.startswith('---\nstatus: "draft"\n')
    assert "# Website support assistant\n" in out


def test_a_letter_pdf_is_letter_sized(support: Decision, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    export(str(support.pk), "--format", "pdf", "--paper", "letter", "-o", str(out))
    from pypdf import PdfReader

    sizes = {(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(out).pages}
    assert sizes == {(612.0, 792.0)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999", "--format", "pdf"], "no decision with id 999"),
        (["{pk}", "--format", "docx"], "unknown format 'docx': choose one of pdf, md, json"),
        (
            ["{pk}", "--format", "pdf", "--paper", "a3"],
            "unknown paper 'a3': choose one of a4, letter",
        ),
    ],
)
def test_it_exits_2_for_what_the_caller_got_wrong_and_writes_nothing(
    support: Decision, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(CommandError) as refused:
        export(*[a.format(pk=support.pk) for a in args], "-o", str(out))
    assert refused.value.returncode == 2
    assert str(refused.value) == message
    assert list(tmp_path.iterdir()) == []


def test_it_exits_2_for_a_path_it_cannot_write(support: Decision, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError) as refused:
        export(str(support.pk), "--format", "pdf", "-o", str(blocker / "out.pdf"))
    assert refused.value.returncode == 2
    assert str(refused.value) == f"cannot write {blocker / 'out.pdf'}: {blocker} is not a folder"


def test_a_pdf_that_cannot_be_made_leaves_the_old_file_as_it_was(
    support: Decision, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "record.pdf"
    out.write_bytes(b"the PDF filed last week")

    def broken(html: str, svgs: Any) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    with pytest.raises(CommandError) as failed:
        export(str(support.pk), "--format", "pdf", "-o", str(out))
    assert failed.value.returncode == 1
    assert str(failed.value) == "The PDF could not be laid out (no fonts)."
    assert out.read_bytes() == b"the PDF filed last week"
    assert [p.name for p in tmp_path.iterdir()] == ["record.pdf"]
