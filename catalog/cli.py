"""What the catalog's commands share: reading files, and refusing with exit status 2."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from catalog.importing import CatalogEmpty, ConcurrentImport
from catalog.sources import SourceInvalid


def refuse(message: str) -> CommandError:
    """Nothing was written; exit status 2 and the message."""
    return CommandError(message, returncode=2)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise refuse(f"cannot read {path}: {error.strerror or error}") from error


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise refuse(f"{name}: line {line}: not UTF-8 text") from error


def source_name(path: Path) -> str:
    """How a version cites the file it was made from: its path in the project, or its
    name — never where it sits on the server that imported it."""
    resolved = path.resolve()
    if resolved.is_relative_to(settings.BASE_DIR):
        return str(resolved.relative_to(settings.BASE_DIR))
    return path.name


def digest(*parts: bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()


REFUSALS = (SourceInvalid, CatalogEmpty, ConcurrentImport)
