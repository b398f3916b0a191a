"""Print one catalog model (or every name) from the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from catalog import services
from catalog.cli import refuse


def model_json(name: str, version: int | None = None) -> dict[str, Any]:
    """The command's JSON contract: a subset of services.model_facts."""
    facts = services.model_facts(name, version)
    licence = facts["licence"]
    return {
        "name": facts["name"],
        "developer": facts["developer"],
        "access": facts["access"],
        "licence": {
            "name": licence["name"],
            "spdx": licence["spdx"],
            "osi_approved": licence["osi_approved"],
            "category": licence["category"],
        },
        "flags": facts["flags"],
        "catalog_version": facts["catalog_version"],
    }


class Command(BaseCommand):
    help = 'Show one model of the catalog (catalog_model "Llama 3.1" --json), or --list every name.'

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name", nargs="?", help="the model's name (any case) or slug")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print the model as JSON"
        )
        parser.add_argument(
            "--list", dest="list_names", action="store_true", help="print every model's name"
        )
        parser.add_argument(
            "--catalog-version", type=int, default=None, help="a catalog version (default: current)"
        )

    def handle(
        self,
        *args: Any,
        name: str | None,
        as_json: bool,
        list_names: bool,
        catalog_version: int | None,
        **options: Any,
    ) -> None:
        if list_names == bool(name):
            raise refuse('give a model name, or --list (e.g. catalog_model "Llama 3.1" --json)')
        try:
            if list_names:
                names = services.model_names(catalog_version)
                if not names:
                    raise refuse("the catalog is empty: run `manage.py load_catalog` first")
                self.stdout.write("\n".join(names))
                return
            assert name is not None
            if not name.strip():
                raise refuse("the model name is empty")
            result = model_json(name, catalog_version)
        except (services.UnknownModel, services.UnknownVersion) as error:
            raise refuse(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        self.stdout.write(_text(result))


def _text(result: dict[str, Any]) -> str:
    licence = result["licence"]
    lines = [
        f"{result['name']} ({result['developer']}, {result['access']})",
        f"licence: {licence['name']} — {licence['category']}"
        + (f", SPDX {licence['spdx']}" if licence["spdx"] else "")
        + (", OSI-approved" if licence["osi_approved"] else ", not OSI-approved"),
    ]
    lines += [f"flag {flag['id']}: {flag['text']} [{flag['source']}]" for flag in result["flags"]]
    lines.append(f"catalog version {result['catalog_version']}")
    return "\n".join(lines)
