"""The decision record's text, and the short forms of its lifecycle (verdicts, deprecation)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from decisions.forms.widgets import RadioChoices
from decisions.models import Decision
from scoring.questions import OPTION_LABELS, OPTIONS

NAME_SEPARATORS = re.compile(r"[\n;,]+")


class NamesField(forms.CharField):
    """People, one per line (or separated by commas): members' names or anyone else's."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        names = [name.strip() for name in NAME_SEPARATORS.split(text or "")]
        return list(dict.fromkeys(name for name in names if name))


class RecordForm(forms.ModelForm):
    """What the board writes down. ``recommendation``: the option the model ranks first, so
    that choosing another needs a justification."""

    decision_makers = NamesField(required=False, label="Decision-makers")
    consulted = NamesField(required=False, label="Consulted")
    informed = NamesField(required=False, label="Informed")
    # When the page was loaded: a save only lands if nobody changed the decision since.
    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Decision
        # option_notes: the pros and cons, one field per option and side (below).
        fields = [name for name in Decision.RECORD_TEXT_FIELDS if name != "option_notes"]
        labels = {
            "context": "Context and problem",
            "drivers": "Decision drivers",
            "chosen_option": "Chosen option",
            "choice_justification": "Why not the recommended option",
            "revisit_on": "Revisit on",
        }
        widgets = {
            "context": forms.Textarea(attrs={"rows": 3}),
            "drivers": forms.Textarea(attrs={"rows": 4}),
            "choice_justification": forms.Textarea(attrs={"rows": 2}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "consequences": forms.Textarea(attrs={"rows": 3}),
            "dissent": forms.Textarea(attrs={"rows": 2}),
            "revisit_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(
        self,
        *args: Any,
        recommendation: str | None = None,
        option_notes: dict[str, dict[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        chosen = self.fields["chosen_option"]
        assert isinstance(chosen, forms.ChoiceField)
        chosen.widget = RadioChoices(
            choice_help={recommendation: "Recommended by the model."} if recommendation else {}
        )
        chosen.choices = [(option, OPTION_LABELS[option]) for option in OPTIONS]
        notes = option_notes or {}
        for option in OPTIONS:
            for side in ("pros", "cons"):
                self.fields[f"{option}_{side}"] = forms.CharField(
                    required=False,
                    label=f"{OPTION_LABELS[option]}: {side}",
                    initial=notes.get(option, {}).get(side, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.updated_at.isoformat()

    def clean_version(self) -> datetime:
        version = parse_datetime(self.cleaned_data["version"])
        if version is None:
            raise forms.ValidationError("Reload the page: this form is missing its version.")
        return version

    def clean_revisit_on(self) -> Any:
        revisit_on = self.cleaned_data.get("revisit_on")
        if revisit_on is not None and revisit_on < timezone.localdate():
            raise forms.ValidationError("Choose a date to come: this one has passed.")
        return revisit_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("chosen_option")
        justified = (cleaned.get("choice_justification") or "").strip()
        if chosen and self.recommendation and chosen != self.recommendation and not justified:
            self.add_error(
                "choice_justification",
                f"The model recommends {OPTION_LABELS[self.recommendation]}: say why the "
                "board chooses another option.",
            )
        return cleaned

    def record_values(self) -> dict[str, Any]:
        """What ``records.record_update`` writes."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["option_notes"] = {
            option: {
                side: self.cleaned_data[f"{option}_{side}"].strip() for side in ("pros", "cons")
            }
            for option in OPTIONS
        }
        return values

    def option_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(OPTION_LABELS[o], self[f"{o}_pros"], self[f"{o}_cons"]) for o in OPTIONS]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject")], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        required=False,
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to reject: what must change.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("verdict") == "reject" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say why you reject it: the editors need to know.")
        return cleaned


class DeprecateForm(forms.Form):
    comment = forms.CharField(
        label="Why is it no longer in force?", widget=forms.Textarea(attrs={"rows": 2})
    )
