from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoring.evaluation import evaluate
from scoring.questions import AnswersInvalid, FieldError, validate_answers
from scoring.weights import AhpResult, WeightsInvalid, parse_ahp, parse_direct


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


def parse_weights(raw: Any) -> tuple[dict[str, float], AhpResult | None]:
    """{"direct": {...}} or {"ahp": [[...]]} → normalised weights and, for AHP, its result."""
    if not isinstance(raw, dict) or len(raw) != 1 or set(raw) - {"direct", "ahp"}:
        raise WeightsInvalid(
            [FieldError("weights", 'must be {"direct": {criterion: weight}} or {"ahp": matrix}')]
        )
    if "direct" in raw:
        return parse_direct(raw["direct"]), None
    ahp = parse_ahp(raw["ahp"])
    return dict(ahp.weights), ahp


def consistency_report(ahp: AhpResult) -> dict[str, Any]:
    """Above Saaty's 0.10, the warning and the judgment to reconsider, for the output."""
    pair = ahp.most_inconsistent_pair
    return {
        "consistency_warning": ahp.warning,
        "most_inconsistent_pair": None
        if pair is None or ahp.consistent_enough
        else {"row": pair[0], "column": pair[1], "suggested_value": ahp.suggested_value},
    }


class Command(BaseCommand):
    help = (
        'Score an answers document, or {"answers": ..., "weights": {"direct": {...}} | '
        '{"ahp": [[...]]}}, and print the result as JSON: ranking, per-criterion '
        "contributions, reasons, knock-outs, flip points and robustness. Exit status 2 on "
        "invalid input."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON file, or - for standard input")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        answers_raw, parts, prefix = split_document(load_json(file), {"weights"})
        errors: list[FieldError] = []
        try:
            answers = validate_answers(answers_raw)
        except AnswersInvalid as error:
            errors.extend(FieldError(prefix + e.field, e.message) for e in error.errors)
        weights, ahp = None, None
        if "weights" in parts:
            try:
                weights, ahp = parse_weights(parts["weights"])
            except WeightsInvalid as error:
                errors.extend(error.errors)
        if errors:
            raise invalid(errors)
        evaluation = evaluate(
            answers, weights, consistency_ratio=None if ahp is None else ahp.consistency_ratio
        )
        output = evaluation.to_json()
        if ahp is not None:
            output |= consistency_report(ahp)
            if ahp.warning:
                self.stderr.write(f"warning: {ahp.warning}")
        self.stdout.write(json.dumps(output, indent=2))
