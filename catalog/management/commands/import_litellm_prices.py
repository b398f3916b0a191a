"""Refresh API prices from a LiteLLM-format price map (model_prices_and_context_window.json)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from catalog.cli import REFUSALS, decode, digest, read_bytes, refuse, source_name
from catalog.importing import prices_import
from catalog.sources import parse_litellm


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise refuse(f"--as-of: expected a date YYYY-MM-DD, got {value!r}") from error


class Command(BaseCommand):
    help = (
        "Refresh the API prices of the catalog's models from a LiteLLM-format JSON file; "
        "prints what was added, changed (old → new) and unchanged, and makes a new catalog "
        "version. A malformed file is refused whole (exit status 2)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as-of",
            default=None,
            help="the date the prices were read (YYYY-MM-DD; default today, UTC)",
        )
        parser.add_argument(
            "--label",
            default=None,
            help="how the source is cited (default: LiteLLM <file name>)",
        )

    def handle(
        self, *args: Any, file: Path, as_of: str | None, label: str | None, **options: Any
    ) -> None:
        when = iso_date(as_of) if as_of else datetime.datetime.now(datetime.UTC).date()
        data = read_bytes(file)
        try:
            prices = parse_litellm(decode(data, file.name), file.name)
            report = prices_import(
                prices=prices,
                label=label or f"LiteLLM {file.name}",
                source=source_name(file),
                content_hash=digest(data),
                as_of=when,
            )
        except REFUSALS as error:
            raise refuse(str(error)) from error
        self.stdout.write("\n".join(report.lines()))
