"""The rules table of ``docs/scoring-model.md``, rendered from the rules themselves.

``rules_markdown()`` is pure: it turns ``FIT_RULES``, ``KNOCKOUT_RULES`` and
``COST_MODEL_QUESTIONS`` into Markdown, so the document a board reads is the table the code
runs. ``python -m scoring.docs`` rewrites the section between the markers in that document;
a test fails when the two drift apart.
"""

from __future__ import annotations

from scoring.questions import AREAS, QUESTIONS_BY_ID, Question
from scoring.rules import (
    COST_MODEL_QUESTIONS,
    FIT_RULES,
    KNOCKOUT_RULES,
    KO,
    RULES_BY_QUESTION,
    AllOf,
    AnyOf,
    Condition,
    Effect,
    Includes,
    InRange,
    Is,
    IsEmpty,
)

START_MARKER = "<!-- rules:start -->"
END_MARKER = "<!-- rules:end -->"

_HOW_IT_MATCHES = {
    "one": "One answer, one rule.",
    "multi": (
        "One rule per ticked value; each option takes its lowest fit among them "
        "(a knock-out is lower than any fit)."
    ),
    "int": "The rule whose interval contains the number (low ≤ value < high).",
    "number": "The rule whose interval contains the number (low ≤ value < high).",
}


def _code(text: object) -> str:
    return f"`{text}`"


def _number(value: float) -> str:
    return f"{value:,g}"


def effect_markdown(effect: Effect) -> str:
    """A fit exactly as the rule states it (``0.85``, not a rounding of it), or ``KO``."""
    if effect is KO:
        return "KO"
    assert isinstance(effect, int | float)
    return repr(float(effect))


def condition_markdown(condition: Condition) -> str:
    if isinstance(condition, Is):
        return f"{_code(condition.question)} is {_code(condition.value)}"
    if isinstance(condition, Includes):
        return f"{_code(condition.question)} includes {_code(condition.value)}"
    if isinstance(condition, IsEmpty):
        return f"{_code(condition.question)} is empty"
    if isinstance(condition, InRange):
        if condition.high is None:
            return f"{_code(condition.question)} ≥ {_number(condition.low)}"
        return f"{_number(condition.low)} ≤ {_code(condition.question)} < {_number(condition.high)}"
    if isinstance(condition, AllOf):
        return " and ".join(_grouped(part) for part in condition.conditions)
    if isinstance(condition, AnyOf):
        includes = _includes_of_one_question(condition)
        if includes is not None:
            question, values = includes
            return f"{_code(question)} includes any of {', '.join(map(_code, values))}"
        return " or ".join(_grouped(part) for part in condition.conditions)
    if isinstance(condition.condition, AnyOf):
        includes = _includes_of_one_question(condition.condition)
        if includes is not None:
            question, values = includes
            return f"{_code(question)} includes none of {', '.join(map(_code, values))}"
    return f"not {_grouped(condition.condition)}"


def _grouped(condition: Condition) -> str:
    text = condition_markdown(condition)
    if isinstance(condition, AllOf | AnyOf) and (" or " in text or " and " in text):
        return f"({text})"
    return text


def _includes_of_one_question(condition: AnyOf) -> tuple[str, tuple[str, ...]] | None:
    """``(q, values)`` when the condition reads "q includes any of values"."""
    parts = condition.conditions
    if not all(isinstance(part, Includes) for part in parts):
        return None
    questions = {part.question for part in parts if isinstance(part, Includes)}
    if len(questions) != 1:
        return None
    return questions.pop(), tuple(part.value for part in parts if isinstance(part, Includes))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _question_heading(question: Question) -> str:
    kind = {"one": "single choice", "multi": "multiple choice", "int": "whole number"}.get(
        question.kind, "number"
    )
    empty = ", may be empty" if question.allow_empty else ""
    return f"#### {_code(question.id)} — {question.label} ({kind}{empty})"


def _fit_rules_table(question: Question) -> list[str]:
    lines = [
        "| rule | condition | open | closed | hybrid | reason |",
        "|---|---|---|---|---|---|",
    ]
    for rule in RULES_BY_QUESTION[question.id]:
        cells = (
            _code(rule.id),
            condition_markdown(rule.condition),
            effect_markdown(rule.open),
            effect_markdown(rule.closed),
            effect_markdown(rule.hybrid),
            rule.reason,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _knockout_rules_table() -> list[str]:
    lines = [
        "| rule | knocks out | condition | reason |",
        "|---|---|---|---|",
    ]
    for rule in KNOCKOUT_RULES:
        cells = (_code(rule.id), rule.option, condition_markdown(rule.condition), rule.reason)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def cost_model_line() -> str:
    return (
        "The `tco` criterion has no rules of its own: "
        + ", ".join(_code(question_id) for question_id in COST_MODEL_QUESTIONS)
        + " feed the cost model, and its fit is the cheapest feasible option's cost divided "
        "by the option's own cost (see `docs/tco-model.md`)."
    )


def rules_markdown() -> str:
    """The rules table: one row per fit rule, grouped by criterion and question, then the
    knock-outs over several answers, then the questions that feed the cost model."""
    ruled = {rule.question for rule in FIT_RULES}
    lines: list[str] = []
    for area in AREAS:
        question_ids = [q for q in area.question_ids if q in ruled]
        if not question_ids:
            continue
        lines += [f"### {_code(area.criterion)} — {area.title}", "", area.prompt, ""]
        for question_id in question_ids:
            question = QUESTIONS_BY_ID[question_id]
            how = _HOW_IT_MATCHES[question.kind]
            if question.allow_empty:
                how += " An empty selection (none of these) matches the `is empty` rule."
            lines += [_question_heading(question), "", how, ""]
            lines += [*_fit_rules_table(question), ""]
    lines += [
        "### Knock-outs over several answers",
        "",
        "Each of these excludes one option when its condition holds, whatever the weights.",
        "",
        *_knockout_rules_table(),
        "",
        "### Cost model",
        "",
        cost_model_line(),
    ]
    return "\n".join(lines) + "\n"


def split_document(document: str) -> tuple[str, str, str]:
    """``(before, section, after)``: the section is the text between the marker lines."""
    start = document.find(START_MARKER + "\n")
    end = document.find(END_MARKER, start)
    if start < 0 or end < 0:
        raise ValueError(f"the document needs a line {START_MARKER} and, after it, {END_MARKER}")
    body_start = start + len(START_MARKER) + 1
    return document[:body_start], document[body_start:end], document[end:]


def with_rules(document: str) -> str:
    """The document with the section between the markers replaced by ``rules_markdown()``."""
    before, _, after = split_document(document)
    return before + rules_markdown() + after


if __name__ == "__main__":
    # The one place in scoring/ that touches files: regenerate the table in the docs.
    import sys
    from pathlib import Path

    path = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "docs" / "scoring-model.md"
    )
    old = path.read_text(encoding="utf-8")
    new = with_rules(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    print(f"{path}: {'updated' if new != old else 'up to date'}")
