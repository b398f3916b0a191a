"""Load the shipped catalog file (or another in the same format) as a new catalog version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from catalog.cli import REFUSALS, decode, digest, read_bytes, refuse, source_name
from catalog.document import check_document
from catalog.importing import catalog_load

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "catalog.json"


class Command(BaseCommand):
    help = (
        "Load a catalog file (default: the shipped catalog/data/catalog.json) as a new catalog "
        "version. Idempotent: a file already loaded is not loaded again (--force to reload)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=SHIPPED)
        parser.add_argument("--force", action="store_true", help="load even if already loaded")

    def handle(self, *args: Any, file: Path, force: bool, **options: Any) -> None:
        data = read_bytes(file)
        text = decode(data, file.name)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise refuse(
                f"{file.name}: line {error.lineno}, column {error.colno}: "
                f"not valid JSON: {error.msg}"
            ) from error
        try:
            checked = check_document(document, file.name)
            result = catalog_load(
                document=checked, source=source_name(file), content_hash=digest(data), force=force
            )
        except REFUSALS as error:
            raise refuse(str(error)) from error
        if not result.loaded:
            self.stdout.write(
                f"Catalog version {result.version} already holds {file.name}; nothing to load."
            )
            return
        counts = ", ".join(
            f"{n} {section.replace('_', ' ')}" for section, n in result.counts.items()
        )
        self.stdout.write(f"Loaded {file.name} as catalog version {result.version}: {counts}.")
