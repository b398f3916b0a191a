from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from decisions.cli import invalid, load_json, split_document
from scoring.evaluation import evaluate
from scoring.questions import AnswersInvalid, FieldError, validate_answers
from scoring.weights import AhpResult, WeightsInvalid, parse_ahp, parse_direct


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
