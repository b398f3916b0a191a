from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from decisions.cli import invalid, load_json, split_document
from scoring.questions import AnswersInvalid, FieldError, range_text, validate_answers
from scoring.tco import (
    MAX_TRIALS,
    MIN_TRIALS,
    TcoInputsInvalid,
    default_inputs,
    merge_inputs,
    simulate,
)


class Command(BaseCommand):
    help = (
        'Run the TCO Monte Carlo simulation for {"answers": {...}, "tco": {...}} and print '
        "its summary as JSON. In tco, a range is [low, likely, high] and a number means all "
        "three are equal; what is left out comes from the answers and the defaults. Exit "
        "status 2 on invalid input."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON file, or - for standard input")
        parser.add_argument(
            "--trials",
            type=int,
            default=100_000,
            help=f"number of trials, {MIN_TRIALS:,} to {MAX_TRIALS:,}",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args: Any, file: str, trials: int, seed: int, **options: Any) -> None:
        answers_raw, parts, prefix = split_document(load_json(file), {"tco"})
        errors: list[FieldError] = []
        if not MIN_TRIALS <= trials <= MAX_TRIALS:
            errors.append(FieldError("--trials", f"must be {range_text(MIN_TRIALS, MAX_TRIALS)}"))
        if seed < 0:
            errors.append(FieldError("--seed", "must not be negative"))
        answers: dict[str, Any] = {}
        try:
            # Partial answers will do: only the volumes and a few choices feed the defaults.
            answers = validate_answers(answers_raw, partial=True)
        except AnswersInvalid as error:
            errors.extend(FieldError(prefix + e.field, e.message) for e in error.errors)
        inputs = None
        try:
            inputs = merge_inputs(default_inputs(answers)[0], parts.get("tco", {}))
        except TcoInputsInvalid as error:
            errors.extend(error.errors)
        if errors or inputs is None:
            raise invalid(errors)
        summary = simulate(inputs, trials=trials, seed=seed)
        self.stdout.write(json.dumps(summary.to_json(), indent=2))
