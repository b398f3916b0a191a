"""The cost model's inputs, as low / likely / high ranges."""

from __future__ import annotations

from typing import Any

from django import forms

from decisions.forms.messages import sentence
from decisions.forms.numbers import (
    ENTER_A_NUMBER,
    ENTER_A_WHOLE_NUMBER,
    LenientIntegerField,
    number_field,
)
from decisions.forms.widgets import NumberBox
from scoring.tco import (
    HORIZON_LIMITS,
    INPUT_SPECS,
    MAX_TRIALS,
    MIN_TRIALS,
    InputSpec,
    TcoInputs,
    TcoInputsInvalid,
    default_inputs,
    merge_inputs,
)


class TcoForm(forms.Form):
    """The cost model's inputs as low / likely / high ranges, plus trials and seed.

    Each range is three fields (``<id>_low``, ``<id>_likely``, ``<id>_high``); problems with
    a range as a whole (low above high) are reported on its row, in ``row_errors``.
    """

    horizon_months = number_field(
        integer=True, limits=HORIZON_LIMITS, unit="months", label="Horizon"
    )
    trials = LenientIntegerField(
        label="Trials",
        min_value=1,
        widget=NumberBox(integer=True),
        help_text=f"Between {MIN_TRIALS:,} and {MAX_TRIALS:,}; others are moved to the limit.",
        error_messages={
            "required": ENTER_A_NUMBER,
            "invalid": ENTER_A_WHOLE_NUMBER,
            "min_value": "At least 1.",
        },
    )
    seed = LenientIntegerField(
        label="Seed",
        min_value=0,
        max_value=2**63 - 1,
        widget=NumberBox(integer=True),
        help_text="The same seed and inputs give the same result.",
        error_messages={
            "required": ENTER_A_NUMBER,
            "invalid": ENTER_A_WHOLE_NUMBER,
            "min_value": "Must not be negative.",
            "max_value": f"At most {2**63 - 1:,}.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_errors: dict[str, list[str]] = {}
        self.trials_adjusted = ""  # what clean_trials changed, for the user
        for spec in INPUT_SPECS:
            for part in RANGE_PARTS:
                self.fields[f"{spec.id}_{part}"] = _range_part_field(spec, part)

    @classmethod
    def initial_from(cls, inputs: TcoInputs, *, trials: int, seed: int) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "horizon_months": inputs.horizon_months,
            "trials": trials,
            "seed": seed,
        }
        for key, value in inputs.ranges().items():
            for part in RANGE_PARTS:
                initial[f"{key}_{part}"] = getattr(value, part)
        return initial

    def clean_trials(self) -> int:
        """Out-of-range trial counts are moved to the nearest limit, and the user is told."""
        trials = int(self.cleaned_data["trials"])
        if trials > MAX_TRIALS:
            self.trials_adjusted = f"Trials were capped at {MAX_TRIALS:,}."
            return MAX_TRIALS
        if trials < MIN_TRIALS:
            self.trials_adjusted = f"Trials were raised to the minimum of {MIN_TRIALS:,}."
            return MIN_TRIALS
        return trials

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw: dict[str, object] = {}
        for spec in INPUT_SPECS:
            parts = [cleaned.get(f"{spec.id}_{part}") for part in RANGE_PARTS]
            if all(part is not None for part in parts):
                raw[spec.id] = parts
        if "horizon_months" in cleaned:
            raw["horizon_months"] = cleaned["horizon_months"]
        try:
            self.inputs = merge_inputs(default_inputs({})[0], raw)
        except TcoInputsInvalid as invalid:
            for error in invalid.errors:
                key = error.field.removeprefix("tco.")
                self.row_errors.setdefault(key, []).append(sentence(error.message))
            raise forms.ValidationError(
                "Some inputs need another look; see the marked rows."
            ) from None
        return cleaned

    def rows(self) -> list[dict[str, Any]]:
        """Per input: its three fields, and its errors, each naming the part it is about
        ("Likely: not a number."). ``whole_range`` marks a problem of the range as a whole."""
        rows = []
        for spec in INPUT_SPECS:
            bound = [self[f"{spec.id}_{part}"] for part in RANGE_PARTS]
            errors = [
                f"{part.capitalize()}: {message[:1].lower()}{message[1:]}"
                for part, field in zip(RANGE_PARTS, bound, strict=True)
                for message in map(str, field.errors)
            ]
            range_errors = self.row_errors.get(spec.id, [])
            rows.append(
                {
                    "spec": spec,
                    "fields": bound,
                    "errors": errors + range_errors,
                    "whole_range": bool(range_errors),
                }
            )
        return rows


RANGE_PARTS = ("low", "likely", "high")


def _range_part_field(spec: InputSpec, part: str) -> forms.Field:
    """One of an input's low / likely / high boxes, with the input's limits, so that a value
    out of range is marked on its own box."""
    return number_field(
        integer=spec.integer,
        limits=(spec.minimum, spec.maximum),
        unit=spec.unit,
        attrs={"size": 8},
        show_unit=False,  # the table has a column of units
        label=f"{spec.label} ({part})",
    )
