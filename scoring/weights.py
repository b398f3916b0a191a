"""Criterion weights: direct (any non-negative numbers, normalised)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from scoring.questions import CRITERIA, FieldError


class WeightsInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in errors))


def parse_direct(raw: object, *, field: str = "weights.direct") -> dict[str, float]:
    """``{"sensitivity": 30, ...}`` → weights summing to 1. Missing criteria weigh 0."""
    if not isinstance(raw, Mapping):
        raise WeightsInvalid([FieldError(field, "must be an object of criterion weights")])
    errors: list[FieldError] = []
    values: dict[str, float] = {}
    for key, value in raw.items():
        if key not in CRITERIA:
            errors.append(
                FieldError(f"{field}.{key}", f"unknown criterion; use {', '.join(CRITERIA)}")
            )
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            errors.append(FieldError(f"{field}.{key}", "must be a finite number"))
        elif value < 0:
            errors.append(FieldError(f"{field}.{key}", "must not be negative"))
        else:
            values[key] = float(value)
    if not errors and sum(values.values()) <= 0:
        errors.append(FieldError(field, "at least one weight must be above zero"))
    if errors:
        raise WeightsInvalid(errors)
    total = sum(values.values())
    return {criterion: values.get(criterion, 0.0) / total for criterion in CRITERIA}
