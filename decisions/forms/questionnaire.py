"""A new decision, and the questionnaire: one form per evaluation area, built from the bank."""

from __future__ import annotations

import functools
from typing import Any

from django import forms

from decisions.forms.messages import sentence
from decisions.forms.numbers import number_field
from decisions.forms.widgets import CheckboxChoices, RadioChoices
from decisions.models import Decision, Organization
from scoring.questions import (
    AREAS_BY_CRITERION,
    QUESTIONS_BY_ID,
    AnswersInvalid,
    Area,
    Question,
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


def question_field(question: Question) -> forms.Field:
    """A new form field for one question of the bank, with the bank's choices and limits."""
    common: dict[str, Any] = {"label": question.label, "help_text": question.help}
    choices = [(c.value, c.label) for c in question.choices]
    choice_help = {c.value: c.help for c in question.choices if c.help}
    if question.kind == "one":
        return forms.ChoiceField(
            choices=choices,
            widget=RadioChoices(choice_help=choice_help),
            error_messages={"required": "Choose one."},
            **common,
        )
    if question.kind == "multi" and question.allow_empty:
        return NoneOfTheseField(
            choices=[*choices, (NONE_OF_THESE, "None of these")],
            widget=CheckboxChoices(choice_help=choice_help),
            error_messages={"required": "Tick the ones that apply, or 'None of these'."},
            **common,
        )
    if question.kind == "multi":
        return forms.MultipleChoiceField(
            choices=choices,
            widget=CheckboxChoices(choice_help=choice_help),
            error_messages={"required": "Choose at least one."},
            **common,
        )
    assert question.minimum is not None
    assert question.maximum is not None
    return number_field(
        integer=question.kind == "int",
        limits=(question.minimum, question.maximum),
        unit=question.unit,
        **common,
    )


class AreaForm(forms.Form):
    """The questions of one evaluation area (``area_form`` makes the form of each). Valid
    answers can be saved even while other fields of the step still have errors
    (``valid_answers``)."""

    area: Area
    # Sent with the answers by the page itself, not answers: the CSRF token, and where a step
    # link or the Back button asks to go.
    CONTROL_KEYS = frozenset({"csrfmiddlewaretoken", "to"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unknown = sorted(set(self.data) - set(self.fields) - self.CONTROL_KEYS)
        if unknown:
            self.add_error(None, f"Not a question of this step: {', '.join(unknown)}.")
        return cleaned

    def valid_answers(self) -> dict[str, Any]:
        """Answers of the fields that passed validation (call after ``is_valid``)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            question_id: cleaned[question_id]
            for question_id in self.area.question_ids
            if question_id in cleaned and question_id not in self.errors
        }

    def refused_by_the_bank(self, invalid: AnswersInvalid) -> None:
        """Put what the question bank refused beside the fields it names."""
        for error in invalid.errors:
            field = error.field if error.field in self.fields else None
            self.add_error(field, sentence(error.message))

    def forget_missing(self) -> None:
        """Drop "required" errors of questions not answered yet: while the user is still
        filling in a step, an empty field is not a mistake."""
        for name in list(self.errors):
            if name in self.fields and not self.sent(name):
                del self.errors[name]

    def sent(self, question_id: str) -> bool:
        """Whether this request carried an answer to the question (not just an empty box, or
        one holding only spaces)."""
        return self.is_bound and any(v.strip() for v in self.data.getlist(question_id))  # type: ignore[attr-defined]

    def sent_fields(self) -> list[forms.BoundField]:
        """The fields answered in this request: an autosave updates only their messages."""
        return [self[name] for name in self.area.question_ids if self.sent(name)]


@functools.cache
def _area_form_class(criterion: str) -> type[AreaForm]:
    """A declarative form class per area; Django copies its fields for every instance."""
    area = AREAS_BY_CRITERION[criterion]
    fields = {qid: question_field(QUESTIONS_BY_ID[qid]) for qid in area.question_ids}
    name = f"{criterion.title()}Form"
    # type() hands the class to Django's form metaclass, which collects the fields.
    return type(name, (AreaForm,), {"area": area, **fields})


def area_form(
    criterion: str, data: Any = None, *, answers: dict[str, Any] | None = None
) -> AreaForm:
    """The form of one area: bound to posted ``data``, or showing the stored ``answers``."""
    form_class = _area_form_class(criterion)
    if data is not None:
        return form_class(data)
    stored = answers or {}
    initial = {
        qid: [NONE_OF_THESE] if stored[qid] == [] else stored[qid]
        for qid in form_class.area.question_ids
        if qid in stored
    }
    return form_class(initial=initial)
