from __future__ import annotations

from typing import Any

from django import forms

from decisions.models import Decision, Organization
from scoring.questions import (
    AREAS_BY_CRITERION,
    QUESTIONS_BY_ID,
    AnswersInvalid,
    Question,
    validate_answers,
)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["organization", "title", "use_case", "team"]
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": "e.g. Clinical notes summarisation"}),
            "use_case": forms.Textarea(
                attrs={
                    "rows": 4,
                    "placeholder": "What will the model do, for whom, with which data?",
                }
            ),
            "team": forms.TextInput(attrs={"placeholder": "e.g. Platform"}),
        }

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = organizations if organizations is not None else Organization.objects.none()
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
        field.empty_label = None
        if queryset.count() == 1:
            field.initial = queryset.first()
            field.widget = forms.HiddenInput()


# An unticked checkbox group looks the same as an unanswered one; for questions where "none"
# is a valid answer the user says so explicitly.
NONE_OF_THESE = "none_of_these"


class NoneOfTheseField(forms.MultipleChoiceField):
    def clean(self, value: Any) -> list[str]:
        selected = super().clean(value)
        if NONE_OF_THESE in selected:
            if len(selected) > 1:
                raise forms.ValidationError("'None of these' cannot be ticked with others.")
            return []
        return list(selected)


def initial_value(question: Question, answer: Any) -> Any:
    """The form's initial value for a stored answer."""
    if question.kind == "multi" and question.allow_empty and answer == []:
        return [NONE_OF_THESE]
    return answer


def question_field(question: Question) -> forms.Field:
    """A form field for one question of the bank, with the bank's limits."""
    common: dict[str, Any] = {"label": question.label, "help_text": question.help}
    if question.kind == "one":
        return forms.ChoiceField(
            choices=[(c.value, c.label) for c in question.choices],
            widget=forms.RadioSelect,
            error_messages={"required": "Choose one."},
            **common,
        )
    if question.kind == "multi" and question.allow_empty:
        return NoneOfTheseField(
            choices=[(c.value, c.label) for c in question.choices]
            + [(NONE_OF_THESE, "None of these")],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Tick the ones that apply, or 'None of these'."},
            **common,
        )
    if question.kind == "multi":
        return forms.MultipleChoiceField(
            choices=[(c.value, c.label) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one."},
            **common,
        )
    # A text input, not type=number: the browser would silently drop what it cannot
    # parse, and the user's typing must come back to them with a message instead.
    attrs = {"inputmode": "numeric" if question.kind == "int" else "decimal", "autocomplete": "off"}
    if question.kind == "int":
        assert question.minimum is not None
        assert question.maximum is not None
        return LenientIntegerField(
            min_value=int(question.minimum),
            max_value=int(question.maximum),
            widget=forms.TextInput(attrs=attrs),
            error_messages={"required": "Enter a number.", "invalid": "Enter a whole number."},
            **common,
        )
    return LenientFloatField(
        min_value=question.minimum,
        max_value=question.maximum,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"required": "Enter a number.", "invalid": "Enter a number."},
        **common,
    )


def _strip_separators(value: Any) -> Any:
    """Accept "1,000,000", "1 000 000" and "1_000_000" as people write them."""
    if isinstance(value, str):
        return value.replace(",", "").replace("_", "").replace(" ", "").replace("\u202f", "")
    return value


class LenientIntegerField(forms.IntegerField):
    def to_python(self, value: Any) -> int | None:
        return super().to_python(_strip_separators(value))


class LenientFloatField(forms.FloatField):
    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        return super().to_python(_strip_separators(value))


class AreaForm(forms.Form):
    """The questions of one evaluation area. Valid answers can be saved even while other
    fields of the step still have errors (``valid_answers``)."""

    @classmethod
    def for_answers(cls, criterion: str, answers: dict[str, Any]) -> AreaForm:
        """An unbound form showing the stored answers of this area."""
        area = AREAS_BY_CRITERION[criterion]
        initial = {
            qid: initial_value(QUESTIONS_BY_ID[qid], answers[qid])
            for qid in area.question_ids
            if qid in answers
        }
        return cls(criterion, initial=initial)

    def __init__(self, criterion: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area = AREAS_BY_CRITERION[criterion]
        for question_id in self.area.question_ids:
            self.fields[question_id] = question_field(QUESTIONS_BY_ID[question_id])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The bank is the authority on what an answer may be; check with it too.
        present = {key: value for key, value in cleaned.items() if key in self.fields}
        try:
            validate_answers(present, partial=True)
        except AnswersInvalid as invalid:
            for error in invalid.errors:
                self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned

    def valid_answers(self) -> dict[str, Any]:
        """Answers of the fields that passed validation (call after ``is_valid``)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            question_id: cleaned[question_id]
            for question_id in self.area.question_ids
            if question_id in cleaned and question_id not in self.errors
        }

    def forget_missing(self) -> None:
        """Drop "required" errors of questions not answered yet: while the user is still
        filling in a step, an empty field is not a mistake."""
        for name in list(self.errors):
            if (
                name in self.fields
                and self.data.get(name) in (None, "")
                and not self.data.getlist(name)
            ):
                del self.errors[name]

    def question_rows(self) -> list[tuple[Question, forms.BoundField]]:
        return [(QUESTIONS_BY_ID[qid], self[qid]) for qid in self.area.question_ids]
