"""Refresh training code and data openness from Model Openness Tool YAML records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from catalog.cli import REFUSALS, decode, digest, read_bytes, refuse, source_name
from catalog.importing import openness_import
from catalog.sources import MotRecord, SourceInvalid, parse_mot

LABEL = "Model Openness Tool"


def record_files(paths: list[Path]) -> list[Path]:
    """The YAML files named, and those in the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml"))
            if not found:
                raise refuse(f"{path}: no .yml or .yaml files in this folder")
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise refuse(f"{path}: no such file or folder")
    names = [file.name for file in files]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise refuse(f"two records with the same file name: {', '.join(repeated)}")
    return files


class Command(BaseCommand):
    help = (
        "Refresh openness (training code, training data) from Model Openness Tool records: "
        "folders of .yml files or single files. Prints what changed and makes a new catalog "
        "version; a malformed record is refused with the file, line and key (exit status 2), "
        "and nothing is imported."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="DIR_OR_FILE")
        parser.add_argument("--label", default=LABEL, help="how the source is cited")

    def handle(self, *args: Any, paths: list[Path], label: str, **options: Any) -> None:
        files = record_files(paths)
        contents = [read_bytes(file) for file in files]
        records: list[MotRecord] = []
        errors: list[str] = []
        for file, data in zip(files, contents, strict=True):
            try:
                records.append(parse_mot(decode(data, file.name), file.name))
            except SourceInvalid as error:
                errors += error.errors
        try:
            if errors:
                raise SourceInvalid(errors)
            report = openness_import(
                records=records,
                label=label,
                source=", ".join(source_name(path) for path in paths),
                content_hash=digest(
                    *(file.name.encode() + data for file, data in zip(files, contents, strict=True))
                ),
            )
        except REFUSALS as error:
            raise refuse(str(error)) from error
        self.stdout.write("\n".join(report.lines()))
