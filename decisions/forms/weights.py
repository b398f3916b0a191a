"""A board member's weights: sliders, or Saaty's pairwise comparisons (AHP)."""

from __future__ import annotations

from typing import Any

from django import forms

from decisions.forms.numbers import LenientFloatField
from decisions.forms.widgets import Slider
from scoring.questions import AREAS, AREAS_BY_CRITERION, CRITERIA
from scoring.weights import (
    WeightsInvalid,
    ahp_weights,
    format_judgment,
    matrix_from_judgments,
    parse_direct,
    snap_to_scale,
)


class DirectWeightsForm(forms.Form):
    """One slider per criterion, 0–100; only the proportions matter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in AREAS:
            self.fields[area.criterion] = LenientFloatField(
                label=area.title,
                min_value=0,
                max_value=100,
                widget=Slider(),
                error_messages={
                    "required": "Give a weight (0 to leave it out).",
                    "min_value": "A weight cannot be negative.",
                    "max_value": "At most 100.",
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = {c: cleaned[c] for c in CRITERIA if cleaned.get(c) is not None}
        if len(values) == len(CRITERIA):
            try:
                self.weights = parse_direct(values)
            except WeightsInvalid as invalid:
                raise forms.ValidationError(
                    "At least one criterion must weigh more than zero."
                    if all(v == 0 for v in values.values())
                    else str(invalid)
                ) from None
        return cleaned


SAATY_VERBAL = {
    1: "equally",
    2: "equally to moderately",
    3: "moderately",
    4: "moderately to strongly",
    5: "strongly",
    6: "strongly to very strongly",
    7: "very strongly",
    8: "very to extremely",
    9: "extremely",
}


def judgment_choices(a: str, b: str) -> list[tuple[str, str]]:
    """Saaty's 1–9 scale for one pair, from 'a extremely more important' to 'b …'."""
    a_name = AREAS_BY_CRITERION[a].title
    b_name = AREAS_BY_CRITERION[b].title
    choices = [
        (str(v), f"{a_name} {SAATY_VERBAL[v]} more important ({v})") for v in range(9, 1, -1)
    ]
    choices.append(("1", "Equally important (1)"))
    choices += [
        (f"1/{v}", f"{b_name} {SAATY_VERBAL[v]} more important ({v})") for v in range(2, 10)
    ]
    return choices


PAIRS = tuple(
    (CRITERIA[i], CRITERIA[j]) for i in range(len(CRITERIA)) for j in range(i + 1, len(CRITERIA))
)


class PairwiseForm(forms.Form):
    """The ten pairwise comparisons of the five criteria (AHP)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for a, b in PAIRS:
            self.fields[f"{a}__{b}"] = forms.ChoiceField(
                label=f"{AREAS_BY_CRITERION[a].title} vs {AREAS_BY_CRITERION[b].title}",
                choices=judgment_choices(a, b),
                error_messages={"invalid_choice": "Pick a value of the 1–9 scale."},
            )

    @staticmethod
    def initial_from(matrix: list[list[float]]) -> dict[str, str]:
        index = {c: k for k, c in enumerate(CRITERIA)}
        initial = {}
        for a, b in PAIRS:
            value = snap_to_scale(matrix[index[a]][index[b]]) if matrix else 1.0
            initial[f"{a}__{b}"] = format_judgment(value)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            judgments = {}
            for a, b in PAIRS:
                text = cleaned[f"{a}__{b}"]
                judgments[(a, b)] = 1 / float(text[2:]) if text.startswith("1/") else float(text)
            self.matrix = matrix_from_judgments(judgments)
            self.ahp = ahp_weights(self.matrix)
        return cleaned
