"""What the management commands share: reading a JSON document and saying, with exit status
2, which field of it is wrong."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from scoring.questions import FieldError


def load_json(path: str) -> Any:
    """Read a JSON document from a file, or from stdin for "-"; exit 2 with a clear message."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}", returncode=2) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            returncode=2,
        ) from error


def invalid(errors: tuple[FieldError, ...] | list[FieldError]) -> CommandError:
    return CommandError(
        "invalid input:\n" + "\n".join(f"  {error}" for error in errors), returncode=2
    )


def split_document(document: Any, allowed: set[str]) -> tuple[Any, dict[str, Any], str]:
    """A bare answers document, or {"answers": ..., <allowed>...}: the answers, the other
    parts, and the prefix that names answer fields in messages."""
    if isinstance(document, dict) and "answers" in document:
        unknown = sorted(set(document) - {"answers", *allowed})
        if unknown:
            expected = ", ".join(sorted({"answers", *allowed}))
            raise invalid([FieldError(unknown[0], f"unknown key; expected {expected}")])
        return document["answers"], {k: document[k] for k in allowed if k in document}, "answers."
    return document, {}, ""


def write_output(output: str, content: bytes) -> None:
    """To stdout ("-"), or to a file written whole or not at all: a temporary file in the
    same folder, renamed into place. Exit 2 when it cannot be written."""
    if output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    path = Path(output)
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as file:
            temporary = file.name
            file.write(content)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise CommandError(
            f"cannot write {output}: {error.strerror or error}", returncode=2
        ) from error
