from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from decisions.cli import write_output
from decisions.exports.record import DEFAULT_PAPER, PAPERS
from decisions.models import Decision
from decisions.services import exports

FORMATS = ("pdf", "md", "json")


class Command(BaseCommand):
    help = (
        "Export a decision record (docs/exports.md): --format pdf (a paper for the board's "
        "files, A4 or --paper letter), md (MADR 4.0 Markdown with YAML front matter) or json "
        "(the record with its frozen snapshot and content hash). A record that is not "
        "accepted is marked DRAFT. Exit status 2 for an unknown id or format or a path that "
        "cannot be written, 1 when the PDF cannot be made; nothing is half-written."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("id", type=int, help="the decision's id")
        parser.add_argument("--format", default="json", help="pdf, md or json (default: json)")
        parser.add_argument(
            "--paper", default=DEFAULT_PAPER, help="for a PDF: a4 or letter (default: a4)"
        )
        parser.add_argument("-o", "--output", default="-", help="file to write, or - for stdout")

    def handle(
        self, *args: Any, id: int, format: str, paper: str, output: str, **options: Any
    ) -> None:
        if format not in FORMATS:
            raise CommandError(
                f"unknown format {format!r}: choose one of {', '.join(FORMATS)}", returncode=2
            )
        if paper not in PAPERS:
            raise CommandError(
                f"unknown paper {paper!r}: choose one of {', '.join(PAPERS)}", returncode=2
            )
        if output != "-" and not Path(output).parent.is_dir():
            raise CommandError(
                f"cannot write {output}: {Path(output).parent} is not a folder", returncode=2
            )
        decision = Decision.objects.select_related("organization", "owner").filter(pk=id).first()
        if decision is None:
            raise CommandError(f"no decision with id {id}", returncode=2)
        if format == "pdf":
            try:
                content = exports.pdf_export(decision=decision, paper=paper)
            except exports.PdfFailed as failed:
                raise CommandError(str(failed), returncode=1) from failed
        elif format == "md":
            content = exports.markdown_export(decision=decision)[1].encode()
        else:
            content = exports.json_export(decision=decision)[1].encode()
        write_output(output, content)
