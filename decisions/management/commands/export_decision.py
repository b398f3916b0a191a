from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from decisions.cli import write_output
from decisions.exports.document import export_document
from decisions.models import Decision

FORMATS = ("json",)


class Command(BaseCommand):
    help = (
        "Export a decision record: --format json writes the record with its frozen snapshot "
        "and content hash (docs/records.md). Exit status 2 for an unknown id, format or a "
        "path that cannot be written; nothing is half-written."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("id", type=int, help="the decision's id")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("-o", "--output", default="-", help="file to write, or - for stdout")

    def handle(self, *args: Any, id: int, format: str, output: str, **options: Any) -> None:
        decision = Decision.objects.select_related("organization", "owner").filter(pk=id).first()
        if decision is None:
            raise CommandError(f"no decision with id {id}", returncode=2)
        content = json.dumps(export_document(decision), indent=2, ensure_ascii=False) + "\n"
        write_output(output, content.encode())
