"""Sentences for people: conditions in the bank's words, shares, and the break-even."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.rules import AllOf, AnyOf, Includes, InRange, Is, IsEmpty, Not
from scoring.wording import break_even_sentence, condition_in_words, listed, share_in_words


# --- conditions ---------------------------------------------------------------------------
def test_it_says_a_single_choice_with_the_bank_s_labels() -> None:
    assert condition_in_words(Is("residency", "own_infrastructure")) == (
        "“Where may this data be processed?” is answered “Only on our infrastructure”"
    )


def test_it_says_each_kind_of_condition_without_ids() -> None:
    assert condition_in_words(Includes("data_classes", "health")) == (
        "“Which kinds of data will the model see?” includes “Health data”"
    )
    assert condition_in_words(IsEmpty("regulations")) == (
        "“Which regulations apply to this use case?” is answered “None of these”"
    )
    assert condition_in_words(InRange("p95_latency_ms", 300, 1000)) == (
        "“What 95th-percentile response time do you need?” is at least 300 and under 1,000 ms"
    )
    assert condition_in_words(InRange("p95_latency_ms", 5000)) == (
        "“What 95th-percentile response time do you need?” is 5,000 ms or more"
    )


def test_it_says_a_knock_out_over_several_answers() -> None:
    condition = AllOf(
        (
            Is("residency", "own_infrastructure"),
            Not(AnyOf((Includes("data_classes", "public"), Includes("data_classes", "internal")))),
        )
    )
    assert condition_in_words(condition) == (
        "“Where may this data be processed?” is answered “Only on our infrastructure”; and "
        "“Which kinds of data will the model see?” includes neither “Public” nor “Internal”"
    )
    assert condition_in_words(AnyOf((Is("offline", "always"), Is("deployment", "edge")))) == (
        "either “Must it work without an internet connection?” is answered “Always”, or "
        "“Where does the application run?” is answered “At the edge”"
    )
    assert condition_in_words(
        Not(AnyOf(tuple(Includes("data_classes", v) for v in ("public", "internal", "health"))))
    ) == (
        "“Which kinds of data will the model see?” includes none of “Public”, “Internal” or "
        "“Health data”"
    )


def test_it_lists_the_way_people_do() -> None:
    assert listed([]) == ""
    assert listed(["a"]) == "a"
    assert listed(["a", "b"]) == "a or b"
    assert listed(["a", "b", "c"], "and") == "a, b and c"


# --- shares -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("share", "text"),
    [
        (0.0, "0 %"),
        (0.001, "under 1 %"),
        (0.005, "under 1 %"),  # rounds to 0 %, but some trials did
        (0.0051, "1 %"),
        (0.58, "58 %"),
        (0.995, "over 99 %"),  # rounds to 100 %, but not all trials did
        (1.0, "100 %"),
    ],
)
def test_it_never_says_0_for_some_or_100_for_not_all(share: float, text: str) -> None:
    assert share_in_words(share) == text


# --- break-even ---------------------------------------------------------------------------
def summary(p10: int | None, p50: int | None, p90: int | None, never: float) -> dict[str, Any]:
    return {
        "horizon_months": 36,
        "break_even_month": {"p10": p10, "p50": p50, "p90": p90, "never_share": never},
    }


def test_it_says_none_of_the_trials_rather_than_only_0_percent() -> None:
    assert break_even_sentence(summary(None, None, None, 1.0)) == (
        "In none of the trials does self-hosting catch up with the API within 36 months."
    )


def test_it_says_how_many_trials_catch_up_when_most_do_not() -> None:
    assert break_even_sentence(summary(30, None, None, 0.88)) == (
        "Self-hosting catches up with the API within 36 months in 12 % of the trials; in the "
        "rest it does not."
    )
    # A handful of trials: not "0 %".
    assert break_even_sentence(summary(None, None, None, 0.9999)) == (
        "Self-hosting catches up with the API within 36 months in under 1 % of the trials; in "
        "the rest it does not."
    )


def test_it_gives_the_month_and_the_middle_four_fifths_of_the_trials() -> None:
    assert break_even_sentence(summary(9, 14, 22, 0.0)) == (
        "Self-hosting breaks even with the API around month 14 (between month 9 and month 22 "
        "in four trials out of five)."
    )
    assert break_even_sentence(summary(14, 14, 14, 0.0)) == (
        "Self-hosting breaks even with the API around month 14 (in month 14 in four trials out "
        "of five)."
    )


def test_it_adds_the_trials_that_never_break_even() -> None:
    assert break_even_sentence(summary(9, 20, None, 0.15)) == (
        "Self-hosting breaks even with the API around month 20 (in nine trials out of ten not "
        "before month 9); in 15 % of the trials it does not catch up within 36 months."
    )
    assert break_even_sentence(summary(9, 14, 22, 0.02)) == (
        "Self-hosting breaks even with the API around month 14 (between month 9 and month 22 "
        "in four trials out of five); in 2 % of the trials it does not catch up within 36 "
        "months."
    )


def test_it_says_one_month_in_the_singular() -> None:
    one = {**summary(None, None, None, 1.0), "horizon_months": 1}
    assert break_even_sentence(one) == (
        "In none of the trials does self-hosting catch up with the API within 1 month."
    )
