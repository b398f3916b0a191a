from __future__ import annotations

from django import template
from django.forms import BoundField

from decisions.forms import NONE_OF_THESE
from scoring.questions import Choice, Question

register = template.Library()


@register.filter
def is_selected(field: BoundField, value: str) -> bool:
    """Whether a choice is selected in a radio or checkbox field, bound or not."""
    current = field.value()
    if isinstance(current, list | tuple):
        return value in [str(v) for v in current]
    return current is not None and str(current) == value


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f} %"


@register.filter
def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def criterion_score(option: object, criterion: str) -> object:
    return option.criterion(criterion)  # type: ignore[attr-defined]


@register.filter
def choices_with_none(question: Question) -> tuple[Choice, ...]:
    """The question's choices, plus the explicit "None of these" where empty is an answer."""
    if question.kind == "multi" and question.allow_empty:
        return (*question.choices, Choice(NONE_OF_THESE, "None of these"))
    return question.choices
