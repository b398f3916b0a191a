from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoring.model import result_to_json, score
from scoring.questions import AnswersInvalid, FieldError, validate_answers
from scoring.weights import WeightsInvalid, parse_direct


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


def fail(errors: tuple[FieldError, ...] | list[FieldError]) -> CommandError:
    return CommandError(
        "invalid input:\n" + "\n".join(f"  {error}" for error in errors), returncode=2
    )


class Command(BaseCommand):
    help = (
        'Score an answers document (or {"answers": ..., "weights": ...}) and print the '
        "result as JSON. Exit status 2 on invalid input."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON file, or - for standard input")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        document = load_json(file)
        answers_raw, weights_raw = document, None
        if isinstance(document, dict) and "answers" in document:
            unknown = sorted(set(document) - {"answers", "weights"})
            if unknown:
                raise fail([FieldError(unknown[0], "unknown key; expected answers, weights")])
            answers_raw, weights_raw = document["answers"], document.get("weights")
        errors: list[FieldError] = []
        prefix = "answers." if answers_raw is not document else ""
        try:
            answers = validate_answers(answers_raw)
        except AnswersInvalid as invalid:
            errors.extend(FieldError(prefix + e.field, e.message) for e in invalid.errors)
        weights = None
        if weights_raw is not None:
            try:
                weights = parse_weights(weights_raw)
            except WeightsInvalid as invalid:
                errors.extend(invalid.errors)
        if errors:
            raise fail(errors)
        result = score(answers, weights)
        self.stdout.write(json.dumps(result_to_json(result), indent=2))


def parse_weights(raw: Any) -> dict[str, float]:
    if not isinstance(raw, dict) or set(raw) != {"direct"}:
        raise WeightsInvalid([FieldError("weights", 'must be {"direct": {...}}')])
    return parse_direct(raw["direct"])
