"""The rules tables of ``docs/scoring-model.md``, rendered from the rules themselves.

``current_rules_markdown()`` turns model v2's requirements and fit table into Markdown, and
``rules_markdown()`` model v1's fit table and knock-outs, so the document a board reads is the
tables the code runs. Both are pure. ``python -m scoring.docs`` rewrites the sections between
the markers in that document (``rules`` for the current model, ``rules-v1`` for v1); a test
fails when they drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from scoring import rules as v1
from scoring.questions import AREAS, OPTIONS, QUESTIONS_BY_ID, Question
from scoring.rules import (
    COST_MODEL_QUESTIONS,
    KO,
    AllOf,
    AnyOf,
    Condition,
    Effect,
    FitRule,
    Includes,
    InRange,
    Is,
    IsEmpty,
    KnockoutRule,
)
from scoring.v2 import rules as v2
from scoring.v2.rules import Cannot, InPart, Meets, Requirement
from scoring.wording import included_values


def start_marker(section: str = "rules") -> str:
    return f"<!-- {section}:start -->"


def end_marker(section: str = "rules") -> str:
    return f"<!-- {section}:end -->"


START_MARKER = start_marker()
END_MARKER = end_marker()

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
        includes = included_values(condition)
        if includes is not None:
            question, values = includes
            return f"{_code(question)} includes any of {', '.join(map(_code, values))}"
        return " or ".join(_grouped(part) for part in condition.conditions)
    if isinstance(condition.condition, AnyOf):
        includes = included_values(condition.condition)
        if includes is not None:
            question, values = includes
            return f"{_code(question)} includes none of {', '.join(map(_code, values))}"
    return f"not {_grouped(condition.condition)}"


def _grouped(condition: Condition) -> str:
    text = condition_markdown(condition)
    if isinstance(condition, AllOf | AnyOf) and (" or " in text or " and " in text):
        return f"({text})"
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _question_heading(question: Question) -> str:
    kind = {"one": "single choice", "multi": "multiple choice", "int": "whole number"}.get(
        question.kind, "number"
    )
    empty = ", may be empty" if question.allow_empty else ""
    return f"#### {_code(question.id)} — {question.label} ({kind}{empty})"


def _fit_rules_table(rules: Sequence[FitRule]) -> list[str]:
    lines = [
        "| rule | condition | open | closed | hybrid | reason |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
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


def _knockout_rules_table(knockout_rules: Sequence[KnockoutRule]) -> list[str]:
    lines = [
        "| rule | knocks out | condition | reason |",
        "|---|---|---|---|",
    ]
    for rule in knockout_rules:
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


def _fit_rules_markdown(fit_rules: Sequence[FitRule]) -> list[str]:
    """The fit table, grouped by criterion and question."""
    ruled = {rule.question for rule in fit_rules}
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
            rules = [rule for rule in fit_rules if rule.question == question_id]
            lines += [*_fit_rules_table(rules), ""]
    return lines


def _cost_model_section() -> list[str]:
    return ["### Cost model", "", cost_model_line()]


def rules_markdown(
    fit_rules: Sequence[FitRule] = v1.FIT_RULES,
    knockout_rules: Sequence[KnockoutRule] = v1.KNOCKOUT_RULES,
) -> str:
    """Model v1's rules table: one row per fit rule, grouped by criterion and question, then
    the knock-outs over several answers, then the questions that feed the cost model."""
    lines = _fit_rules_markdown(fit_rules)
    lines += [
        "### Knock-outs over several answers",
        "",
        "Each of these excludes one option when its condition holds, whatever the weights.",
        "",
        *_knockout_rules_table(knockout_rules),
        "",
        *_cost_model_section(),
    ]
    return "\n".join(lines) + "\n"


_STANDING = {Meets: "meets it", InPart: "meets it in part", Cannot: "**cannot** (knocked out)"}


def _verdict_cell(verdict: Meets | InPart | Cannot) -> str:
    text = verdict.text
    if isinstance(verdict, InPart) and verdict.unless is not None:
        text += (
            f" **Knocked out after all** when {condition_markdown(verdict.unless)}: "
            f"{verdict.unless_reason}"
        )
    return text


def requirement_markdown(requirement: Requirement) -> list[str]:
    lines = [
        f"#### {_code(requirement.id)} — {condition_markdown(requirement.condition)}",
        "",
        f"{requirement.must} *Why it is a condition:* {requirement.why}",
        "",
        "| option | stands | how, or why not |",
        "|---|---|---|",
    ]
    for option in OPTIONS:
        verdict = requirement.verdict(option)
        cells = (option, _STANDING[type(verdict)], _verdict_cell(verdict))
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return [*lines, ""]


def current_rules_markdown(
    requirements: Sequence[Requirement] = v2.REQUIREMENTS,
    fit_rules: Sequence[FitRule] = v2.FIT_RULES,
) -> str:
    """Model v2's rules: the requirements, then the fit table (KO where an option cannot meet
    the requirement a row's answer states), then the questions that feed the cost model."""
    lines = [
        "### Requirements",
        "",
        "Each of these answers states a must-have. An option that cannot meet a requirement "
        "the answers state is knocked out, whatever the weights; an option that meets it in "
        "part stays feasible, and says how.",
        "",
    ]
    for requirement in requirements:
        lines += requirement_markdown(requirement)
    lines += _fit_rules_markdown(fit_rules)
    lines += _cost_model_section()
    return "\n".join(lines) + "\n"


SECTIONS: Mapping[str, Callable[[], str]] = {
    "rules": current_rules_markdown,
    "rules-v1": rules_markdown,
}


def split_document(document: str, section: str = "rules") -> tuple[str, str, str]:
    """``(before, section, after)``: the section is the text between the marker lines."""
    start_line, end_line = start_marker(section), end_marker(section)
    start = document.find(start_line + "\n")
    end = document.find(end_line, start)
    if start < 0 or end < 0:
        raise ValueError(f"the document needs a line {start_line} and, after it, {end_line}")
    body_start = start + len(start_line) + 1
    return document[:body_start], document[body_start:end], document[end:]


def with_rules(document: str) -> str:
    """The document with each section between markers replaced by its generated table
    (``SECTIONS``); the current model's section must be there, v1's may be."""
    for section, render in SECTIONS.items():
        if section != "rules" and start_marker(section) not in document:
            continue
        before, _, after = split_document(document, section)
        document = before + render() + after
    return document


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
