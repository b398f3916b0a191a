"""Sentences for people: answers and conditions in the question bank's words, shares of
trials, and the break-even of a cost simulation.

Nothing here decides anything; it only says what the model and the simulation found, the way
a board member would say it (no rule ids, no ``residency is 'x'``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scoring.questions import QUESTIONS_BY_ID, format_number
from scoring.rules import AllOf, AnyOf, Condition, Includes, InRange, Is, IsEmpty


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def listed(items: Sequence[str], conjunction: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def quoted(text: str) -> str:
    return f"“{text}”"


def value_label(question_id: str, value: str) -> str:
    return QUESTIONS_BY_ID[question_id].label_of(value)


# --- conditions in words ------------------------------------------------------------------
def condition_in_words(condition: Condition) -> str:
    """A rule's condition as a sentence part, with the question bank's labels:
    ``“Where may this data be processed?” is answered “Only on our infrastructure”``."""
    if isinstance(condition, Is):
        question = QUESTIONS_BY_ID[condition.question]
        return f"{quoted(question.label)} is answered {quoted(question.label_of(condition.value))}"
    if isinstance(condition, Includes):
        question = QUESTIONS_BY_ID[condition.question]
        return f"{quoted(question.label)} includes {quoted(question.label_of(condition.value))}"
    if isinstance(condition, IsEmpty):
        return f"{quoted(QUESTIONS_BY_ID[condition.question].label)} is answered “None of these”"
    if isinstance(condition, InRange):
        question = QUESTIONS_BY_ID[condition.question]
        unit = f" {question.unit}" if question.unit else ""
        if condition.high is None:
            return f"{quoted(question.label)} is {format_number(condition.low)}{unit} or more"
        return (
            f"{quoted(question.label)} is at least {format_number(condition.low)} and under "
            f"{format_number(condition.high)}{unit}"
        )
    if isinstance(condition, AllOf):
        return "; and ".join(condition_in_words(part) for part in condition.conditions)
    if isinstance(condition, AnyOf):
        values = included_values(condition)
        if values is not None:
            question_id, included = values
            labels = [quoted(value_label(question_id, value)) for value in included]
            return f"{quoted(QUESTIONS_BY_ID[question_id].label)} includes {listed(labels)}"
        parts = [condition_in_words(part) for part in condition.conditions]
        return "either " + ", or ".join(parts)
    inner = condition.condition
    if isinstance(inner, AnyOf):
        values = included_values(inner)
        if values is not None:
            question_id, included = values
            labels = [quoted(value_label(question_id, value)) for value in included]
            label = quoted(QUESTIONS_BY_ID[question_id].label)
            if len(labels) == 2:
                return f"{label} includes neither {labels[0]} nor {labels[1]}"
            return f"{label} includes none of {listed(labels)}"
    if isinstance(inner, Includes):
        question = QUESTIONS_BY_ID[inner.question]
        return f"{quoted(question.label)} does not include {quoted(question.label_of(inner.value))}"
    return f"it is not so that {condition_in_words(inner)}"


def included_values(condition: AnyOf) -> tuple[str, tuple[str, ...]] | None:
    """``(question, values)`` when the condition reads "question includes any of values"
    (one question, only ``Includes``): it is then said as one phrase."""
    parts = condition.conditions
    if not all(isinstance(part, Includes) for part in parts):
        return None
    questions = {part.question for part in parts if isinstance(part, Includes)}
    if len(questions) != 1:
        return None
    return questions.pop(), tuple(part.value for part in parts if isinstance(part, Includes))


# --- shares -------------------------------------------------------------------------------
def share_in_words(p: float) -> str:
    """A share as a board member would read it: "77 %", and never "0 %" for some or "100 %"
    for not all: "under 1 %", "over 99 %"."""
    percent = round(p * 100)
    if p > 0 and percent == 0:
        return "under 1 %"
    if p < 1 and percent == 100:
        return "over 99 %"
    return f"{percent} %"


# --- the cost simulation's break-even -----------------------------------------------------
def break_even_sentence(summary: Mapping[str, Any]) -> str:
    """When self-hosting catches up with the API, in words, from a stored simulation summary
    (``TcoSummary.to_json()``): its ``break_even_month`` and ``horizon_months``.

    P10 and P90 are read as "in four trials out of five, between …": the months by which a
    tenth and nine tenths of the trials have broken even. A percentile that falls among the
    trials that never break even is None.
    """
    break_even = summary["break_even_month"]
    never = float(break_even["never_share"])
    horizon = int(summary["horizon_months"])
    within = f"within {horizon} month{'s' if horizon != 1 else ''}"
    if never >= 1.0:
        return f"In none of the trials does self-hosting catch up with the API {within}."
    if break_even["p50"] is None:
        return (
            f"Self-hosting catches up with the API {within} in {share_in_words(1 - never)} of "
            "the trials; in the rest it does not."
        )
    low, median, high = break_even["p10"], break_even["p50"], break_even["p90"]
    text = f"Self-hosting breaks even with the API around month {median:g}"
    if high is None:
        text += f" (in nine trials out of ten not before month {low:g})"
    elif low == high:
        text += f" (in month {low:g} in four trials out of five)"
    else:
        text += f" (between month {low:g} and month {high:g} in four trials out of five)"
    if never > 0:
        text += f"; in {share_in_words(never)} of the trials it does not catch up {within}"
    return text + "."
