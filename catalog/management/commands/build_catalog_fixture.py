"""Rebuild catalog/data/catalog.json from the source data (see catalog/build.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.build import BuildError, build_document
from catalog.document import check_document
from catalog.sources import SourceInvalid

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "catalog.json"


def default_data_dir() -> Path:
    """shared/data beside the repository: where the project keeps its source data."""
    return Path(settings.BASE_DIR).parent / "shared" / "data"


def render(document: dict[str, Any]) -> str:
    """One row per line: compact, and a change shows as a small diff."""
    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            rows = ",\n  ".join(_compact(row) for row in value)
            parts.append(f"{json.dumps(key)}: [\n  {rows}\n ]")
        elif isinstance(value, dict) and value:
            rows = ",\n  ".join(f"{json.dumps(k)}: {_compact(v)}" for k, v in value.items())
            parts.append(f"{json.dumps(key)}: {{\n  {rows}\n }}")
        else:
            parts.append(f"{json.dumps(key)}: {_compact(value)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Command(BaseCommand):
    help = (
        "Build the shipped catalog file from model_catalog_facts.csv, LiteLLM, the Model "
        "Openness Tool and the European Open Source AI Index."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data", type=Path, default=None, help="the source data folder")
        parser.add_argument("--output", type=Path, default=FIXTURE)
        parser.add_argument(
            "--check", action="store_true", help="exit 1 if the file differs from a fresh build"
        )

    def handle(
        self, *args: Any, data: Path | None, output: Path, check: bool, **options: Any
    ) -> None:
        data = data or default_data_dir()
        if not data.is_dir():
            raise CommandError(f"no source data folder at {data}", returncode=2)
        try:
            document = build_document(data)
            check_document(document, "built catalog")
        except (BuildError, SourceInvalid, OSError) as error:
            raise CommandError(str(error), returncode=2) from error
        text = render(document)
        if check:
            if not output.exists() or output.read_text(encoding="utf-8") != text:
                raise CommandError(f"{output} is not what the sources build: rebuild it")
            self.stdout.write(f"{output} is up to date.")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(
            f"Wrote {output}: {len(document['models'])} models, {len(document['licences'])} "
            f"licences, {len(document['api_prices'])} API prices, {len(text) // 1024} KB."
        )
