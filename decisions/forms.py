from __future__ import annotations

import copy
import functools
import re
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from decisions.models import Decision, Organization
from scoring.questions import (
    AREAS,
    AREAS_BY_CRITERION,
    CRITERIA,
    QUESTIONS_BY_ID,
    AnswersInvalid,
    Choice,
    Question,
    limit_text,
    validate_answers,
)
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
from scoring.weights import (
    WeightsInvalid,
    ahp_weights,
    format_judgment,
    matrix_from_judgments,
    parse_direct,
    snap_to_scale,
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
    assert question.minimum is not None
    assert question.maximum is not None
    return number_field(
        integer=question.kind == "int",
        limits=(question.minimum, question.maximum),
        unit=question.unit,
        messages={
            "required": "Enter a number.",
            "invalid": "Enter a whole number." if question.kind == "int" else "Enter a number.",
        },
        attrs={"autocomplete": "off"},
        **common,
    )


def number_field(
    *,
    integer: bool,
    limits: tuple[float, float],
    unit: str,
    messages: dict[str, str],
    attrs: dict[str, Any] | None = None,
    **kwargs: Any,
) -> forms.Field:
    """A text box for a number within ``limits``, saying them in the bank's words ("At least
    50 ms.") rather than Django's "Ensure this value is greater than…".

    A text input, not type=number: the browser would silently drop what it cannot parse, and
    the user's typing must come back to them with a message instead.
    """
    minimum, maximum = limits
    widget = forms.TextInput(
        attrs={"inputmode": "numeric" if integer else "decimal", **(attrs or {})}
    )
    error_messages = {**messages, **_limit_messages(minimum, maximum, unit)}
    if integer:
        return LenientIntegerField(
            min_value=int(minimum),
            max_value=int(maximum),
            widget=widget,
            error_messages=error_messages,
            **kwargs,
        )
    return LenientFloatField(
        min_value=minimum, max_value=maximum, widget=widget, error_messages=error_messages, **kwargs
    )


def _limit_messages(minimum: float, maximum: float, unit: str) -> dict[str, str]:
    messages = {
        "min_value": f"At least {limit_text(minimum, unit)}.",
        "max_value": f"At most {limit_text(maximum, unit)}.",
    }
    # Django fills in these messages with "%" formatting: "% per month" must reach it as
    # "%% per month".
    return {code: message.replace("%", "%%") for code, message in messages.items()}


# Commas that group thousands: "1,000" or "12,500,000.5"; anything else with a comma (a
# decimal comma: "5,5") is refused rather than read as 55.
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def _strip_separators(value: Any) -> Any:
    """Accept "1,000,000", "1 000 000" and "1_000_000" as people write them."""
    if not isinstance(value, str):
        return value
    value = value.replace("_", "").replace(" ", "").replace("\u202f", "")
    if "," in value:
        if not _THOUSANDS.fullmatch(value):
            raise forms.ValidationError(
                "Write decimals with a point (5.5), not a comma.", code="decimal_comma"
            )
        value = value.replace(",", "")
    return value


def read_only(form: forms.Form) -> None:
    """Shows a viewer what the form holds without letting them change it."""
    for field in form.fields.values():
        field.disabled = True


class LenientIntegerField(forms.IntegerField):
    def to_python(self, value: Any) -> int | None:
        return super().to_python(_strip_separators(value))


class LenientFloatField(forms.FloatField):
    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        return super().to_python(_strip_separators(value))


QUESTION_FIELDS: dict[str, forms.Field] = {
    q.id: question_field(q) for q in QUESTIONS_BY_ID.values()
}


class AreaForm(forms.Form):
    """The questions of one evaluation area. Valid answers can be saved even while other
    fields of the step still have errors (``valid_answers``)."""

    # Sent with the answers by the page itself, not answers.
    CONTROL_KEYS = frozenset({"csrfmiddlewaretoken", "autosave", "go"})

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
            # A copy of a field built once: building the fields anew took a tenth of a step
            # save. Nothing changes a field's widget; ``disabled`` is set on the copy.
            self.fields[question_id] = copy.copy(QUESTION_FIELDS[question_id])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unknown = sorted(set(self.data) - set(self.fields) - self.CONTROL_KEYS)
        if unknown:
            self.add_error(None, f"Not a question of this step: {', '.join(unknown)}.")
        # The bank is the authority on what an answer may be; check with it too.
        present = {key: value for key, value in cleaned.items() if key in self.fields}
        try:
            validate_answers(present, partial=True)
        except AnswersInvalid as invalid:
            for error in invalid.errors:
                self.add_error(
                    error.field if error.field in self.fields else None, _sentence(error.message)
                )
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
            if name in self.fields and not self.sent(name):
                del self.errors[name]

    def sent(self, question_id: str) -> bool:
        """Whether this request carried an answer to the question (not just an empty box, or
        one holding only spaces)."""
        return self.is_bound and any(v.strip() for v in self.data.getlist(question_id))  # type: ignore[attr-defined]

    def question_rows(self) -> list[dict[str, Any]]:
        """What the step template shows per question, worked out once in Python.

        The step is the page saved most often, and Django's template engine is slow at
        per-choice logic (about a third of the step's rendering went into its choice loop),
        so every attribute is ready to print in plain dicts (the engine's fastest lookup),
        and the radio buttons and checkboxes come as HTML from ``choice_inputs``.
        """
        rows = []
        for question_id in self.area.question_ids:
            question = QUESTIONS_BY_ID[question_id]
            bound = self[question_id]
            value = bound.value()
            disabled = _DISABLED if bound.field.disabled else ""
            choices_html = ""
            text = ""
            if question.kind in ("one", "multi"):
                selected = (
                    {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
                )
                choices_html = choice_inputs(question, selected, disabled)
            elif isinstance(value, float):  # a stored answer: 3.0 is shown as 3
                text = str(_plain_number(value))
            elif value is not None:
                text = str(value)  # as typed, or a stored whole number
            rows.append(
                {
                    **_row_constants(question),
                    "choices_html": choices_html,
                    "text": text,
                    "errors": [str(error) for error in bound.errors],
                    "disabled": disabled,
                    "sent": self.sent(question_id),  # see the autosave partial
                }
            )
        return rows


_DISABLED = mark_safe(" disabled")


@functools.cache
def _row_constants(question: Question) -> dict[str, str]:
    """What a question's row prints that the bank fixes, escaped once: the template prints
    safe strings as they are, and escaping these on every render took a fifth of it."""
    return {
        "id": escape(question.id),
        "label": escape(question.label),
        "help": escape(question.help),
        "unit": escape(question.unit),
        "inputmode": escape("numeric" if question.kind == "int" else "decimal"),
    }


def choice_inputs(question: Question, selected: set[str], disabled: str) -> str:
    """The radio buttons (or checkboxes) of one question as HTML, ``selected`` checked.

    The markup of each choice is fixed by the question bank; only its state (" checked",
    " disabled") changes from one request to the next, so it is put between two
    pre-escaped halves (``_choice_markup``).
    """
    return mark_safe(
        "".join(
            f"{before}{' checked' if value in selected else ''}{disabled}{after}"
            for value, before, after in _choice_markup(question)
        )
    )


@functools.cache
def _choice_markup(question: Question) -> tuple[tuple[str, str, str], ...]:
    """Per choice: its value, and its escaped HTML before and after the input's state."""
    input_type = "radio" if question.kind == "one" else "checkbox"
    markup = []
    for index, choice in enumerate(choices_with_none(question)):
        input_id = f"id_{question.id}_{index}"
        choice_help = (
            f'<span class="choice-help">{escape(choice.help)}</span>' if choice.help else ""
        )
        before = (
            f'<label for="{input_id}"><input type="{input_type}" name="{question.id}" '
            f'id="{input_id}" value="{escape(choice.value)}"'
        )
        after = f"><span>{escape(choice.label)}{choice_help}</span></label>"
        markup.append((choice.value, before, after))
    return tuple(markup)


def choices_with_none(question: Question) -> tuple[Choice, ...]:
    """The question's choices, plus the explicit "None of these" where empty is an answer."""
    if question.kind == "multi" and question.allow_empty:
        return (*question.choices, Choice(NONE_OF_THESE, "None of these"))
    return question.choices


class TcoForm(forms.Form):
    """The cost model's inputs as low / likely / high ranges, plus trials and seed.

    Each range is three fields (``<id>_low``, ``<id>_likely``, ``<id>_high``); problems with
    a range as a whole (low above high) are reported on its row, in ``row_errors``.
    """

    horizon_months = number_field(
        integer=True,
        limits=HORIZON_LIMITS,
        unit="months",
        messages={"invalid": "Enter a whole number of months."},
        label="Horizon",
    )
    trials = LenientIntegerField(
        label="Trials",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=f"Between {MIN_TRIALS:,} and {MAX_TRIALS:,}; others are moved to the limit.",
        error_messages={"invalid": "Enter a whole number.", "min_value": "At least 1."},
    )
    seed = LenientIntegerField(
        label="Seed",
        min_value=0,
        max_value=2**63 - 1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="The same seed and inputs give the same result.",
        error_messages={
            "invalid": "Enter a whole number.",
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
                initial[f"{key}_{part}"] = _plain_number(getattr(value, part))
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
                self.row_errors.setdefault(key, []).append(_sentence(error.message))
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
        messages={
            "required": "Required.",
            "invalid": "Enter a whole number." if spec.integer else "Not a number.",
        },
        attrs={"size": 8},
        label=f"{spec.label} ({part})",
    )


def _sentence(message: str) -> str:
    """The domain's "low must be a number" as a form writes it: "Low must be a number."."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class DirectWeightsForm(forms.Form):
    """One slider per criterion, 0–100; only the proportions matter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in AREAS:
            self.fields[area.criterion] = LenientFloatField(
                label=area.title,
                min_value=0,
                max_value=100,
                widget=forms.NumberInput(attrs={"type": "range", "min": 0, "max": 100, "step": 1}),
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

    def pair_rows(self) -> list[forms.BoundField]:
        return [self[f"{a}__{b}"] for a, b in PAIRS]
