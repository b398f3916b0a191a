from __future__ import annotations

from typing import Any

from django import template

from catalog.licences import CATEGORY_LABELS, FLAG_LABELS
from scoring import wording
from scoring.policy import PolicyInvalid, parse_rule
from scoring.questions import AREAS_BY_CRITERION, QUESTIONS_BY_ID, format_answer

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f} %"


@register.filter
def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


@register.filter
def impact(value: float) -> str:
    """How far an explanation moves a total, signed: "+0.023", "−0.050", "+0.0025"; three
    decimals, a fourth where it is not a zero."""
    text = f"{abs(value):.4f}"
    if text.endswith("0"):
        text = text[:-1]
    return f"{'+' if value > 0 else '−'}{text}"


@register.filter
def fit(value: float) -> str:
    """A fit with two decimals, as the rules state them (0.85), or three where a third is
    not zero (a TCO fit of 0.906), so that an impact can be recomputed from what is shown."""
    text = f"{value:.3f}"
    return text[:-1] if text.endswith("0") else text


_STANDINGS = {"meets": "Meets", "in part": "Meets in part", "cannot": "Cannot meet"}


@register.filter
def standing_label(status: str) -> str:
    """Where an option stands on a must-have ("meets", "in part", "cannot"), for a reader."""
    return _STANDINGS[status]


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def criterion_score(option: object, criterion: str) -> object:
    return option.criterion(criterion)  # type: ignore[attr-defined]


@register.filter
def usd(value: float | None) -> str:
    return "–" if value is None else f"${value:,.0f}"


@register.filter
def usd2(value: float | None) -> str:
    return "–" if value is None else f"${value:,.2f}"


@register.filter
def break_even_sentence(summary: dict[str, Any]) -> str:
    """Self-hosting against the API, in words, from a simulation summary: the domain's
    sentence (``scoring.wording``), not one of the page's own."""
    return wording.break_even_sentence(summary)


@register.filter
def criterion_title(criterion: str) -> str:
    return AREAS_BY_CRITERION[criterion].title


@register.filter
def question_label(question_id: str) -> str:
    question = QUESTIONS_BY_ID.get(question_id)
    return question_id if question is None else question.label


_RECORD_FIELD_NAMES = {
    "title": "Title",
    "context": "Context",
    "drivers": "Decision drivers",
    "option_notes": "Pros and cons",
    "chosen_option": "Chosen option",
    "choice_justification": "Justification",
    "rationale": "Rationale",
    "consequences": "Consequences",
    "dissent": "Dissent",
    "decision_makers": "Decision-makers",
    "consulted": "Consulted",
    "informed": "Informed",
    "revisit_on": "Revisit on",
    "open_model": "Shortlisted open model",
    "closed_model": "Shortlisted closed model",
    "simulation": "Cost basis, simulation",
    "by": "Superseded by decision",
    "revisits": "Revisits decision",
    "successor": "Revisited in decision",
}


def _said(value: object) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_said(v)}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


@register.filter
def change_lines(changes: dict[str, Any]) -> list[str]:
    """An audit event's changes in words: "Where may this data be processed?: Anywhere →
    Only on our infrastructure"."""
    lines = []
    for name, change in changes.items():
        if name == "weights" and isinstance(change, dict):
            shares = ", ".join(f"{c} {w:.0%}" for c, w in change.items())
            lines.append(f"Weights: {shares}")
            continue
        if name == "method":
            lines.append(f"Method: {'pairwise comparisons' if change == 'pairwise' else 'sliders'}")
            continue
        question = QUESTIONS_BY_ID.get(name)
        label = question.label if question else _RECORD_FIELD_NAMES.get(name, name)
        if isinstance(change, list) and len(change) == 2:
            old, new = change
            if question is not None:
                old = "(none)" if old is None else format_answer(question, old)
                new = "(none)" if new is None else format_answer(question, new)
            lines.append(f"{label}: {_said(old)} → {_said(new)}")
        else:
            lines.append(f"{label}: {_said(change)}")
    return lines


@register.filter
def person(user: Any) -> str:
    """A user's full name, or their username; "openweigh" for what the app did itself."""
    if user is None:
        return "openweigh"
    return str(user.get_full_name() or user.username)


@register.filter
def licence_category(category: str) -> str:
    """A licence category as the catalog words it ("Open weights, with restrictions")."""
    return CATEGORY_LABELS.get(category, category)


@register.filter
def flag_label(flag: str) -> str:
    """A licence flag as the catalog words it ("User cap")."""
    return FLAG_LABELS.get(flag, flag)


@register.filter
def policy_conditions(definition: dict[str, Any]) -> str:
    """A stored rule's conditions in words ("“Data classes” includes “Health”"); a rule
    that no longer parses (a question since removed) as its JSON."""
    try:
        return parse_rule({**definition, "name": "rule"}).describe()
    except PolicyInvalid:
        return str(definition.get("when", ""))
