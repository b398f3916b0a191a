"""The rules table is complete and well-formed: every answer finds exactly the rules it should."""

from __future__ import annotations

import itertools

import pytest

from scoring.questions import (
    AREAS_BY_CRITERION,
    OPTIONS,
    QUESTIONS,
    QUESTIONS_BY_ID,
    Question,
)
from scoring.rules import (
    COST_MODEL_QUESTIONS,
    FIT_RULES,
    KNOCKOUT_RULES,
    KO,
    RULES_BY_QUESTION,
    AllOf,
    AnyOf,
    Condition,
    Includes,
    InRange,
    Is,
    IsEmpty,
    Not,
    condition_questions,
)

RULED = [question for question in QUESTIONS if question.id not in COST_MODEL_QUESTIONS]


def _of_kind(*kinds: str) -> list[Question]:
    return [question for question in RULED if question.kind in kinds]


def _leaves(condition: Condition) -> list[Condition]:
    if isinstance(condition, AnyOf | AllOf):
        return [leaf for part in condition.conditions for leaf in _leaves(part)]
    if isinstance(condition, Not):
        return _leaves(condition.condition)
    return [condition]


def test_it_has_rules_for_every_question_except_those_of_the_cost_model() -> None:
    assert set(RULES_BY_QUESTION) == {question.id for question in RULED}
    assert AREAS_BY_CRITERION["tco"].question_ids == COST_MODEL_QUESTIONS
    assert all(rule.criterion != "tco" for rule in FIT_RULES)


def test_it_gives_every_rule_a_unique_id() -> None:
    ids = [rule.id for rule in FIT_RULES] + [rule.id for rule in KNOCKOUT_RULES]

    assert len(ids) == len(set(ids))
    assert all(rule_id and rule_id == rule_id.strip() for rule_id in ids)


def test_it_gives_every_rule_a_reason() -> None:
    for rule in [*FIT_RULES, *KNOCKOUT_RULES]:
        assert rule.reason.strip(), rule.id
        assert rule.reason.rstrip().endswith("."), rule.id


def test_it_gives_every_option_a_fit_in_0_1_or_a_knock_out() -> None:
    for rule in FIT_RULES:
        for option in OPTIONS:
            effect = rule.effect(option)
            assert effect is KO or (isinstance(effect, float) and 0.0 <= effect <= 1.0), (
                rule.id,
                option,
                effect,
            )


def test_it_names_only_questions_and_values_of_the_bank() -> None:
    # A typo in a value ("own_infra") would make a rule that never matches.
    conditions: list[Condition] = [rule.condition for rule in FIT_RULES]
    conditions += [rule.condition for rule in KNOCKOUT_RULES]
    for condition in conditions:
        for leaf in _leaves(condition):
            assert isinstance(leaf, Is | Includes | IsEmpty | InRange)
            question = QUESTIONS_BY_ID[leaf.question]
            if isinstance(leaf, Is):
                assert question.kind == "one", leaf
                assert leaf.value in question.values, leaf
            elif isinstance(leaf, Includes):
                assert question.kind == "multi", leaf
                assert leaf.value in question.values, leaf
            elif isinstance(leaf, IsEmpty):
                assert question.kind == "multi", leaf
                assert question.allow_empty, leaf
            else:
                assert question.kind in {"int", "number"}, leaf


def test_it_targets_real_options_with_the_knock_out_rules() -> None:
    for rule in KNOCKOUT_RULES:
        assert rule.option in OPTIONS
        assert condition_questions(rule.condition)


@pytest.mark.parametrize("question", _of_kind("one"), ids=lambda q: q.id)
def test_it_has_exactly_one_rule_for_every_single_choice_value(question: Question) -> None:
    rules = RULES_BY_QUESTION[question.id]
    for value in question.values:
        matching = [rule.id for rule in rules if rule.condition.holds({question.id: value})]
        assert len(matching) == 1, (value, matching)
    assert len(rules) == len(question.values)


@pytest.mark.parametrize("question", _of_kind("multi"), ids=lambda q: q.id)
def test_it_has_exactly_one_rule_for_every_multi_choice_value(question: Question) -> None:
    rules = RULES_BY_QUESTION[question.id]
    for value in question.values:
        matching = [rule.id for rule in rules if rule.condition.holds({question.id: [value]})]
        assert len(matching) == 1, (value, matching)


@pytest.mark.parametrize("question", _of_kind("multi"), ids=lambda q: q.id)
def test_it_has_a_rule_for_an_empty_selection_exactly_where_one_is_allowed(
    question: Question,
) -> None:
    empty = [
        rule.id for rule in RULES_BY_QUESTION[question.id] if isinstance(rule.condition, IsEmpty)
    ]

    assert len(empty) == (1 if question.allow_empty else 0)
    if question.allow_empty:
        matching = [
            r.id for r in RULES_BY_QUESTION[question.id] if r.condition.holds({question.id: []})
        ]
        assert matching == empty


@pytest.mark.parametrize("question", _of_kind("int", "number"), ids=lambda q: q.id)
def test_it_covers_a_number_range_with_intervals_without_gaps_or_overlaps(
    question: Question,
) -> None:
    rules = RULES_BY_QUESTION[question.id]
    intervals: list[tuple[float, float | None]] = []
    for rule in rules:
        assert isinstance(rule.condition, InRange), rule.id
        intervals.append((rule.condition.low, rule.condition.high))
    intervals.sort(key=lambda interval: interval[0])
    assert question.minimum is not None
    assert question.maximum is not None

    assert intervals[0][0] <= question.minimum
    for (_, high), (next_low, _) in itertools.pairwise(intervals):
        assert high is not None
        assert high == next_low
    last_high = intervals[-1][1]
    assert last_high is None or last_high > question.maximum


@pytest.mark.parametrize("question", _of_kind("int", "number"), ids=lambda q: q.id)
def test_it_matches_every_number_to_exactly_one_interval(question: Question) -> None:
    assert question.minimum is not None
    assert question.maximum is not None
    rules = RULES_BY_QUESTION[question.id]
    probes = {question.minimum, question.maximum}
    for rule in rules:
        assert isinstance(rule.condition, InRange)
        for edge in (rule.condition.low, rule.condition.high):
            if edge is not None:
                probes |= {edge - 1, edge - 0.001, edge, edge + 0.001}
    for probe in sorted(p for p in probes if question.minimum <= p <= question.maximum):
        matching = [rule.id for rule in rules if rule.condition.holds({question.id: probe})]
        assert len(matching) == 1, (probe, matching)


def test_it_knocks_out_only_where_the_design_says_so() -> None:
    knocked_out = {
        (rule.id, option) for rule in FIT_RULES for option in OPTIONS if rule.effect(option) is KO
    }

    assert knocked_out == {
        ("data-secret", "closed"),
        ("residency-own-infrastructure", "closed"),
        ("vendor-terms-no", "closed"),
        ("offline-always", "closed"),
        ("offline-always", "hybrid"),
        ("adaptation-deep", "closed"),
    }
    assert {rule.option for rule in KNOCKOUT_RULES} == {"hybrid"}


def test_it_marks_a_rule_as_discriminating_when_the_options_differ() -> None:
    by_id = {rule.id: rule for rule in FIT_RULES}

    assert not by_id["data-public"].discriminates
    assert by_id["data-internal"].discriminates
    assert by_id["offline-always"].discriminates
