"""An organisation's policy rule, as its admins write it: checked against the question bank
and the catalog's words when saved (``scoring.policy``)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from decisions.forms.widgets import CheckboxChoices, RadioChoices
from decisions.models import PolicyRule
from scoring.policy import PolicyInvalid, parse_rule
from scoring.questions import OPTION_LABELS

EXAMPLE = """[
  {"answer": "data_classes", "includes": "health"},
  {"answer": "vendor_terms_ok", "is_not": "yes"}
]"""


class PolicyRuleForm(forms.Form):
    name = forms.CharField(max_length=120)
    effect = forms.ChoiceField(
        choices=[("knockout", "Knock out"), ("warning", "Warn")],
        initial="knockout",
        widget=RadioChoices(
            choice_help={
                "knockout": "The options it names are excluded whatever the weights.",
                "warning": "The result shows the rule's reason; nothing is excluded.",
            }
        ),
    )
    options = forms.MultipleChoiceField(
        choices=list(OPTION_LABELS.items()),
        widget=CheckboxChoices,
        label="Options it names",
        help_text="The options it knocks out, or the ones its warning is about.",
        error_messages={"required": "Choose at least one option for the rule to name."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on every result the rule touches.",
    )
    when = forms.CharField(
        label="When (all of these hold)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "code", "placeholder": EXAMPLE}),
        help_text=(
            'A JSON list of conditions; empty means always. {"answer": QUESTION, "is" | '
            '"is_not": VALUE}, {"answer": QUESTION, "includes" | "excludes": VALUE}, '
            '{"answer": QUESTION, "at_least" | "at_most": NUMBER}, {"model": "open" | '
            '"closed", "flag": FLAG}, {"model": …, "category": CATEGORY}, {"model": …, '
            '"shortlisted": true | false}. The words are listed below the form.'
        ),
    )
    active = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args: Any, organization_rules: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.others = organization_rules  # the organisation's other rules, for the name

    @classmethod
    def initial_for(cls, rule: PolicyRule) -> dict[str, Any]:
        return {
            "name": rule.name,
            "effect": rule.definition["effect"],
            "options": rule.definition["options"],
            "reason": rule.definition["reason"],
            "when": json.dumps(rule.definition.get("when", []), indent=2),
            "active": rule.active,
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.others is not None and self.others.filter(name=name).exists():
            raise forms.ValidationError("Another rule of this organisation has that name.")
        return name

    def clean_when(self) -> list[Any]:
        text = self.cleaned_data["when"].strip() or "[]"
        try:
            when = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"Not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
            ) from None
        if not isinstance(when, list):
            raise forms.ValidationError("Give a list of conditions: [ … ].")
        return when

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "when" in self.errors:
            return cleaned  # conditions that are not JSON cannot be checked
        # Checked even when another field is refused, so that every fault is said at once;
        # a field already refused is not refused twice.
        try:
            parse_rule(self.definition() | {"name": cleaned.get("name") or "rule"})
        except PolicyInvalid as invalid:
            for error in invalid.errors:
                field = error.field.split("[")[0].split(".")[0]
                target = field if field in self.fields else None
                if target not in self.errors:
                    ended = error.message.endswith((".", "?", "!"))
                    self.add_error(target, f"{error.field}: {error.message}{'' if ended else '.'}")
        return cleaned

    def definition(self) -> dict[str, Any]:
        """The rule as stored (``PolicyRule.definition``)."""
        return {
            "effect": self.cleaned_data.get("effect", ""),
            "options": list(self.cleaned_data.get("options", [])),
            "reason": self.cleaned_data.get("reason", "").strip(),
            "when": self.cleaned_data.get("when", []),
        }
