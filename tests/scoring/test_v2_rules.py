"""Model v2's rules: v1's fit table with the requirements' knock-outs, and the requirements."""

from __future__ import annotations

import pytest

from scoring import rules as v1
from scoring.questions import OPTIONS, QUESTIONS_BY_ID
from scoring.rules import KO, AllOf, AnyOf, Condition, Includes, InRange, Is, IsEmpty, Not
from scoring.v2.rules import (
    FIT_RULES,
    REQUIREMENTS,
    RULED_QUESTIONS,
    RULES_BY_QUESTION,
    Cannot,
    InPart,
    Meets,
    Requirement,
)


def _leaves(condition: Condition) -> list[Condition]:
    if isinstance(condition, AnyOf | AllOf):
        return [leaf for part in condition.conditions for leaf in _leaves(part)]
    if isinstance(condition, Not):
        return _leaves(condition.condition)
    return [condition]


def test_it_states_a_requirement_for_every_must_have_answer_of_the_bank() -> None:
    assert {(r.condition.question, r.condition.value) for r in REQUIREMENTS} == {
        ("data_classes", "secret"),
        ("residency", "own_infrastructure"),
        ("vendor_terms_ok", "no"),
        ("offline", "sometimes"),
        ("offline", "always"),
        ("adaptation", "deep"),
        ("inspectability", "required"),
        ("frontier_capability", "essential"),
    }


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=lambda r: r.id)
def test_each_requirement_is_the_row_of_the_fit_table_with_its_answer(
    requirement: Requirement,
) -> None:
    rule = next(rule for rule in FIT_RULES if rule.id == requirement.id)
    assert rule.condition == requirement.condition


def test_it_keeps_v1_s_fit_table_but_for_the_requirements_knock_outs() -> None:
    by_id = {r.id: r for r in REQUIREMENTS}
    assert [rule.id for rule in FIT_RULES] == [rule.id for rule in v1.FIT_RULES]
    for new, old in zip(FIT_RULES, v1.FIT_RULES, strict=True):
        assert (new.condition, new.reason) == (old.condition, old.reason)
        for option in OPTIONS:
            requirement = by_id.get(new.id)
            if requirement is not None and isinstance(requirement.verdict(option), Cannot):
                assert new.effect(option) is KO, (new.id, option)
            else:
                assert new.effect(option) == old.effect(option), (new.id, option)


def test_it_knocks_out_exactly_where_a_requirement_cannot_be_met() -> None:
    knocked_out = {
        (rule.id, option) for rule in FIT_RULES for option in OPTIONS if rule.effect(option) is KO
    }

    # v1's six, and three must-haves that v1 averaged away.
    assert knocked_out == {
        ("data-secret", "closed"),
        ("residency-own-infrastructure", "closed"),
        ("vendor-terms-no", "closed"),
        ("offline-always", "closed"),
        ("offline-always", "hybrid"),
        ("adaptation-deep", "closed"),
        ("offline-sometimes", "closed"),
        ("inspectability-required", "closed"),
        ("frontier-essential", "open"),
    }


def test_it_gives_every_requirement_a_sentence_for_every_option() -> None:
    for requirement in REQUIREMENTS:
        for text in (requirement.must, requirement.why):
            assert text.strip().endswith("."), requirement.id
        for option in OPTIONS:
            verdict = requirement.verdict(option)
            assert isinstance(verdict, Meets | InPart | Cannot)
            assert verdict.text.endswith("."), (requirement.id, option)
            if isinstance(verdict, InPart) and verdict.unless is not None:
                assert verdict.unless_reason.endswith("."), (requirement.id, option)


def test_a_knock_out_reason_never_offers_another_option_as_the_way_out() -> None:
    # How the hybrid meets it in part is added only while the hybrid is feasible
    # (see test_v2_model); the reason itself speaks of the option it excludes.
    for requirement in REQUIREMENTS:
        for option in ("open", "closed"):
            verdict = requirement.verdict(option)
            if isinstance(verdict, Cannot):
                assert "hybrid" not in verdict.text, requirement.id


def test_a_hybrid_meets_in_part_what_its_self_hosted_half_can_carry() -> None:
    in_part = {r.id for r in REQUIREMENTS if isinstance(r.hybrid, InPart)}
    assert in_part == {
        "data-secret",
        "residency-own-infrastructure",
        "vendor-terms-no",
        "offline-sometimes",
        "adaptation-deep",
        "inspectability-required",
        "frontier-essential",
    }
    # v1's knock-outs over several answers are the `unless` of three of them.
    unless = {r.id for r in REQUIREMENTS if isinstance(r.hybrid, InPart) and r.hybrid.unless}
    assert unless == {"data-secret", "residency-own-infrastructure", "vendor-terms-no"}


def test_it_names_only_questions_and_values_of_the_bank() -> None:
    conditions: list[Condition] = [r.condition for r in REQUIREMENTS]
    conditions += [
        v.unless
        for r in REQUIREMENTS
        for o in OPTIONS
        if isinstance(v := r.verdict(o), InPart) and v.unless is not None
    ]
    for condition in conditions:
        for leaf in _leaves(condition):
            assert isinstance(leaf, Is | Includes | IsEmpty | InRange)
            question = QUESTIONS_BY_ID[leaf.question]
            if isinstance(leaf, Is | Includes):
                assert leaf.value in question.values, leaf


def test_it_reads_the_requirement_s_question_then_those_of_its_unless() -> None:
    by_id = {r.id: r for r in REQUIREMENTS}
    assert by_id["residency-own-infrastructure"].questions() == ("residency", "data_classes")
    assert by_id["frontier-essential"].questions() == ("frontier_capability",)


def test_it_lists_the_ruled_questions_in_the_bank_s_order() -> None:
    assert set(RULED_QUESTIONS) == set(RULES_BY_QUESTION)
    order = list(QUESTIONS_BY_ID)
    assert list(RULED_QUESTIONS) == sorted(RULED_QUESTIONS, key=order.index)
    assert "requests_per_month" not in RULED_QUESTIONS
