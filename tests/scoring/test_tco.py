"""The TCO model: its inputs, the closed-form calculation and the Monte Carlo simulation.

The worked example below is the one in docs/tco-model.md; every number in it is exact in
binary floating point, so the closed form is checked with ``==``. The simulation must give
the same numbers, bit for bit, when every range is collapsed to one value.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring.tco as tco
from scoring.questions import OPTIONS
from scoring.tco import (
    INPUT_SPECS,
    MAX_TRIALS,
    Range,
    TcoInputs,
    TcoInputsInvalid,
    TcoSummary,
    closed_form_costs,
    default_inputs,
    merge_inputs,
    order_statistics,
    parse_range,
    percentile_ranks,
    percentiles,
    simulate,
)

# The worked example of docs/tco-model.md: three months, every input known.
EXAMPLE = TcoInputs(
    requests_per_month=Range.point(1_280_000),
    input_tokens=Range.point(1_000),
    output_tokens=Range.point(500),
    monthly_growth_pct=Range.point(50),
    api_price_input_per_mtok=Range.point(3.125),
    api_price_output_per_mtok=Range.point(25),
    api_price_change_pct_per_year=Range.point(0),
    gpu_hourly_usd=Range.point(2.5),
    gpu_output_tokens_per_s=Range.point(500),
    gpu_utilization_pct=Range.point(50),
    min_replicas=Range.point(2),
    setup_cost_usd=Range.point(45_000),
    fine_tuning_cost_usd=Range.point(10_000),
    mlops_fte=Range.point(0.5),
    fte_yearly_cost_usd=Range.point(180_000),
    hybrid_self_hosted_share_pct=Range.point(50),
    horizon_months=3,
)
# Month by month (requests 1,280,000 → ×1.5 → ×1.5):
#   requests          1,280,000      1,920,000      2,880,000
#   per request       (1,000 × 3.125 + 500 × 25) / 1e6 = 15,625 / 1e6 = 1/64 USD
#   closed            20,000         30,000         45,000
#   output tokens     640,000,000    960,000,000    1,440,000,000
#   capacity          500 tok/s × 0.5 × 730 h × 3,600 s = 657,000,000 per GPU-month
#   GPUs, open        max(2, ⌈0.97⌉) = 2   max(2, ⌈1.46⌉) = 2   max(2, ⌈2.19⌉) = 3
#   GPUs, hybrid      max(2, ⌈0.49⌉) = 2   max(2, ⌈0.73⌉) = 2   max(2, ⌈1.10⌉) = 2
#   a GPU-month       730 h × 2.5 USD = 1,825 USD
#   staff             0.5 × 180,000 / 12 = 7,500 USD a month
#   one-off, month 1  45,000 + 10,000 = 55,000 USD
#   open              2 × 1,825 + 7,500 + 55,000 = 66,150;  2 × 1,825 + 7,500 = 11,150;
#                     3 × 1,825 + 7,500 = 12,975
#   hybrid            3,650 + 62,500 + 0.5 × 20,000 = 76,150;  3,650 + 7,500 + 15,000 = 26,150;
#                     3,650 + 7,500 + 22,500 = 33,650
EXAMPLE_MONTHLY = {
    "open": (66_150.0, 11_150.0, 12_975.0),
    "closed": (20_000.0, 30_000.0, 45_000.0),
    "hybrid": (76_150.0, 26_150.0, 33_650.0),
}
EXAMPLE_CUMULATIVE = {
    "open": (66_150.0, 77_300.0, 90_275.0),
    "closed": (20_000.0, 50_000.0, 95_000.0),
    "hybrid": (76_150.0, 102_300.0, 135_950.0),
}
# 6,080,000 requests × 1,500 tokens
EXAMPLE_TOKENS = 9_120_000_000.0


def collapsed(inputs: TcoInputs) -> TcoInputs:
    """Every range collapsed to its likely value."""
    return replace(inputs, **{key: Range.point(r.likely) for key, r in inputs.ranges().items()})


def with_ranges(inputs: TcoInputs, **ranges: tuple[float, float, float]) -> TcoInputs:
    return replace(inputs, **{key: Range(*values) for key, values in ranges.items()})


def assert_matches_closed_form(inputs: TcoInputs, trials: int) -> None:
    paths = closed_form_costs(inputs)
    summary = simulate(inputs, trials=trials, seed=7)
    for option in OPTIONS:
        result = summary.options[option]
        for p in (result.monthly.p10, result.monthly.p50, result.monthly.p90):
            assert p == paths.monthly[option]
        for p in (result.cumulative.p10, result.cumulative.p50, result.cumulative.p90):
            assert p == paths.cumulative(option)
        assert result.p_cheapest == (1.0 if option == paths.cheapest() else 0.0)
        assert result.cost_per_mtok_p50 == paths.cost_per_mtok(option)
    month = paths.break_even_month()
    assert summary.break_even_month == tco.BreakEven(
        month, month, month, never_share=0.0 if month else 1.0
    )


# --- The closed form ---


def test_it_computes_the_worked_example_exactly() -> None:
    paths = closed_form_costs(EXAMPLE)
    assert paths.monthly == EXAMPLE_MONTHLY
    assert {option: paths.cumulative(option) for option in OPTIONS} == EXAMPLE_CUMULATIVE
    assert paths.total_tokens == EXAMPLE_TOKENS
    # Open's 90,275 first drops to closed's 95,000 or below in month 3.
    assert paths.break_even_month() == 3
    assert paths.cheapest() == "open"
    assert paths.cost_per_mtok("closed") == 95_000 / EXAMPLE_TOKENS * 1e6  # ≈ 10.42 USD


def test_it_applies_the_yearly_api_price_change_from_the_second_year() -> None:
    inputs = replace(
        EXAMPLE,
        monthly_growth_pct=Range.point(0),
        api_price_change_pct_per_year=Range.point(-20),
        horizon_months=13,
    )
    closed = closed_form_costs(inputs).monthly["closed"]
    # 0.8 ** (m - 1) / 12: month 13 pays exactly 80 % of month 1, month 7 about 89 %.
    assert closed[0] == 20_000
    assert closed[12] == 16_000
    assert closed[6] == pytest.approx(20_000 * math.sqrt(0.8))


def test_it_never_breaks_even_when_open_stays_dearer() -> None:
    paths = closed_form_costs(replace(EXAMPLE, horizon_months=2))
    assert paths.break_even_month() is None


def test_it_has_no_cost_per_token_without_tokens() -> None:
    paths = closed_form_costs(replace(EXAMPLE, requests_per_month=Range.point(0)))
    assert paths.total_tokens == 0
    assert paths.cost_per_mtok("open") is None


# --- The simulation with every range collapsed is the closed form ---


def test_it_simulates_the_worked_example_exactly() -> None:
    summary = simulate(EXAMPLE, trials=100, seed=1)
    for option in OPTIONS:
        assert summary.options[option].monthly.p50 == EXAMPLE_MONTHLY[option]
        assert summary.options[option].cumulative.p90 == EXAMPLE_CUMULATIVE[option]
    assert summary.break_even_month == tco.BreakEven(3, 3, 3, never_share=0.0)
    assert {o: summary.options[o].p_cheapest for o in OPTIONS} == {
        "open": 1.0,
        "closed": 0.0,
        "hybrid": 0.0,
    }


@pytest.mark.parametrize("trials", [100, 70_000])
def test_it_equals_the_closed_form_bit_for_bit_when_collapsed(trials: int) -> None:
    # The defaults include a yearly API price change, so the power is exercised too;
    # 70,000 trials span two blocks.
    inputs, _ = default_inputs({"requests_per_month": 2_000_000, "monthly_growth_pct": 4})
    assert_matches_closed_form(collapsed(inputs), trials)


def test_it_equals_the_closed_form_when_open_never_breaks_even() -> None:
    inputs, _ = default_inputs({"requests_per_month": 1_000, "horizon_months": 120})
    assert closed_form_costs(collapsed(inputs)).break_even_month() is None
    assert_matches_closed_form(collapsed(inputs), 100)


# --- Percentiles ---


def percentile_cases() -> list[np.ndarray]:
    rng = np.random.default_rng(3)
    cases = []
    for n in (1, 2, 3, 10, 101, 1_000, 200_000):
        cases += [
            rng.normal(size=n),
            rng.lognormal(size=n) * 1e5,
            rng.integers(0, 3, size=n).astype(np.float64),  # heavy ties
            np.full(n, 2.5),
            np.sort(rng.random(n)),
            np.sort(rng.random(n))[::-1].copy(),
            np.where(rng.random(n) < 0.6, math.inf, rng.random(n)),
        ]
    # The strided sample of this sees only zeros: every band misses, and the whole array
    # is partitioned.
    stride = 600_000 // tco.sample_size(600_000)
    cases.append((np.arange(600_000) % stride).astype(np.float64))
    return cases


@pytest.mark.parametrize("values", percentile_cases(), ids=lambda v: f"n{v.size}")
def test_it_finds_the_same_percentiles_as_numpy(values: np.ndarray) -> None:
    assert percentiles(values) == list(np.percentile(values, [10, 50, 90], method="lower"))


def test_it_finds_any_order_statistic_exactly() -> None:
    values = np.random.default_rng(5).gamma(2.0, size=300_001)
    ranks = [0, 1, 12_345, 150_000, 299_999, 300_000]
    expected = np.partition(values, ranks)[ranks]
    assert order_statistics(values, ranks) == list(expected)


def test_it_falls_back_to_a_full_partition_when_the_bands_miss(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = np.random.default_rng(6).normal(size=150_000)
    monkeypatch.setattr(tco, "BAND_SIGMAS", -3.0)  # bands that can never hold the rank
    assert percentiles(values) == list(np.percentile(values, [10, 50, 90], method="lower"))


def test_it_defines_percentiles_as_numpys_lower_method() -> None:
    # P10 of 101 values is the 11th smallest: rank floor(0.1 × 100) = 10.
    assert percentile_ranks(101) == [10, 50, 90]
    assert percentile_ranks(100) == [9, 49, 89]
    assert percentile_ranks(1) == [0, 0, 0]


# --- The simulation ---

UNCERTAIN = with_ranges(
    default_inputs({"requests_per_month": 300_000, "monthly_growth_pct": 3})[0],
    requests_per_month=(150_000, 300_000, 900_000),
    input_tokens=(500, 1_000, 2_000),
    output_tokens=(150, 300, 600),
    monthly_growth_pct=(-2, 3, 10),
    min_replicas=(1, 1, 3),
)


def test_it_is_reproducible() -> None:
    first = simulate(UNCERTAIN, trials=2_000, seed=42)
    assert simulate(UNCERTAIN, trials=2_000, seed=42) == first
    assert simulate(UNCERTAIN, trials=2_000, seed=43) != first
    assert json.dumps(first.to_json()) == json.dumps(
        simulate(UNCERTAIN, trials=2_000, seed=42).to_json()
    )


def test_it_does_not_depend_on_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    two = simulate(UNCERTAIN, trials=140_000, seed=3)
    monkeypatch.setattr(tco, "WORKERS", 1)
    assert simulate(UNCERTAIN, trials=140_000, seed=3) == two


def test_it_gives_the_same_summary_when_the_bands_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every band misses, so every percentile comes from recomputing its month in full.
    expected = simulate(UNCERTAIN, trials=70_000, seed=9)
    monkeypatch.setattr(tco, "BAND_SIGMAS", -3.0)
    assert simulate(UNCERTAIN, trials=70_000, seed=9) == expected


def test_it_gives_the_same_summary_in_several_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = simulate(UNCERTAIN, trials=70_000, seed=9)
    monkeypatch.setattr(tco, "MONTHS_PER_PASS", 5)  # 36 months: passes of 5, …, 5, 1
    assert simulate(UNCERTAIN, trials=70_000, seed=9) == expected


def test_it_draws_bounded_inputs_from_a_triangular_distribution() -> None:
    # Only requests vary, and a request costs exactly 1/64 USD: month 1's API cost is
    # requests / 64, so its percentiles are those of the triangular (1,000, 2,000, 4,000).
    inputs = with_ranges(EXAMPLE, requests_per_month=(1_000, 2_000, 4_000))
    closed = simulate(inputs, trials=200_000, seed=1).options["closed"].monthly

    def quantile(p: float) -> float:  # F(likely) = 1/3
        if p < 1 / 3:
            return 1_000 + math.sqrt(p * 3_000 * 1_000)
        return 4_000 - math.sqrt((1 - p) * 3_000 * 2_000)

    assert [closed.p10[0], closed.p50[0], closed.p90[0]] == pytest.approx(
        [quantile(0.1) / 64, quantile(0.5) / 64, quantile(0.9) / 64], rel=0.01
    )


def test_it_draws_growth_from_a_two_piece_lognormal() -> None:
    # Growth −10 / 5 / 30 %: median factor 1.05, P5 0.9, P95 1.3. Month 2's API cost is
    # 20,000 × factor.
    inputs = with_ranges(EXAMPLE, monthly_growth_pct=(-10, 5, 30))
    closed = simulate(inputs, trials=200_000, seed=2).options["closed"].monthly
    z90 = 1.2815515655446004
    sigma_below = math.log(1.05 / 0.9) / tco.Z_95
    sigma_above = math.log(1.3 / 1.05) / tco.Z_95
    assert [closed.p10[1], closed.p50[1], closed.p90[1]] == pytest.approx(
        [
            20_000 * 1.05 * math.exp(-z90 * sigma_below),
            20_000 * 1.05,
            20_000 * 1.05 * math.exp(z90 * sigma_above),
        ],
        rel=0.005,
    )


def test_it_keeps_a_whole_number_of_gpus() -> None:
    # No traffic to speak of: open pays min_replicas GPUs (1, 2 or 3) and nothing else.
    inputs = replace(
        with_ranges(EXAMPLE, min_replicas=(1, 2, 3)),
        requests_per_month=Range.point(1),
        setup_cost_usd=Range.point(0),
        fine_tuning_cost_usd=Range.point(0),
        mlops_fte=Range.point(0),
    )
    monthly = simulate(inputs, trials=10_000, seed=1).options["open"].monthly
    assert {monthly.p10[0], monthly.p50[0], monthly.p90[0]} <= {1_825.0, 3_650.0, 5_475.0}
    assert monthly.p10[0] < monthly.p90[0]


def test_it_reports_break_even_percentiles_and_the_trials_that_never_break_even() -> None:
    # The worked example over four months, with set-up costs s from 0 to 200,000
    # (triangular, likely 45,000) instead of 45,000. Open breaks even in month 2 if
    # s ≤ 17,700, in month 3 if s ≤ 49,725, in month 4 if s ≤ 102,425, else never:
    # P(s ≤ 49,725) = 1 − 150,275² / (200,000 × 155,000) ≈ 0.27 and
    # P(s > 102,425) = 97,575² / (200,000 × 155,000) ≈ 0.307.
    inputs = with_ranges(EXAMPLE, setup_cost_usd=(0, 45_000, 200_000))
    summary = simulate(replace(inputs, horizon_months=4), trials=20_000, seed=4)
    assert summary.break_even_month.p10 == 3
    assert summary.break_even_month.p50 == 4
    assert summary.break_even_month.p90 is None
    assert summary.break_even_month.never_share == pytest.approx(0.307, abs=0.01)


def test_it_has_no_median_cost_per_token_without_tokens() -> None:
    summary = simulate(replace(EXAMPLE, requests_per_month=Range.point(0)), trials=100, seed=1)
    assert all(summary.options[o].cost_per_mtok_p50 is None for o in OPTIONS)


def test_it_reports_progress_up_to_one() -> None:
    seen: list[float] = []
    simulate(UNCERTAIN, trials=140_000, seed=1, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_it_stops_when_progress_raises() -> None:
    class Cancelled(Exception):
        pass

    def cancel(fraction: float) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        simulate(UNCERTAIN, trials=140_000, seed=1, progress=cancel)


@pytest.mark.parametrize("trials", [0, 99, MAX_TRIALS + 1])
def test_it_rejects_a_number_of_trials_outside_the_limits(trials: int) -> None:
    with pytest.raises(ValueError, match="between 100 and 1,000,000"):
        simulate(EXAMPLE, trials=trials, seed=1)


def test_it_rejects_a_negative_seed() -> None:
    with pytest.raises(ValueError, match="seed"):
        simulate(EXAMPLE, trials=100, seed=-1)


def test_it_gives_the_median_costs_at_the_horizon_for_the_score() -> None:
    summary = simulate(EXAMPLE, trials=100, seed=1)
    assert summary.median_costs_at_horizon() == {
        "open": 90_275.0,
        "closed": 95_000.0,
        "hybrid": 135_950.0,
    }


def test_it_loads_a_stored_summary() -> None:
    summary = simulate(UNCERTAIN, trials=1_000, seed=5)
    stored = json.loads(json.dumps(summary.to_json()))
    assert TcoSummary.from_json(stored) == summary
    assert set(stored) == {"trials", "seed", "horizon_months", "options", "break_even_month"}
    assert set(stored["options"]["open"]) == {
        "monthly",
        "cumulative",
        "p_cheapest",
        "cost_per_mtok_p50",
    }
    assert len(stored["options"]["hybrid"]["cumulative"]["p90"]) == 36
    assert set(stored["break_even_month"]) == {"p10", "p50", "p90", "never_share"}


def test_it_refuses_to_load_something_else() -> None:
    with pytest.raises(ValueError, match="not a TCO summary"):
        TcoSummary.from_json({"trials": 100})
    broken = simulate(EXAMPLE, trials=100, seed=1).to_json()
    broken["horizon_months"] = 4
    with pytest.raises(ValueError, match="one value per month"):
        TcoSummary.from_json(broken)


# Ranges within each input's limits, kept to sizes that run quickly.
SPEC_LIMITS = {
    spec.id: (spec.minimum, min(spec.maximum, 1e6), spec.integer) for spec in INPUT_SPECS
}
SPEC_LIMITS["monthly_growth_pct"] = (-50, 50, False)
SPEC_LIMITS["requests_per_month"] = (0, 1e7, True)


@st.composite
def uncertain_inputs(draw: st.DrawFn) -> TcoInputs:
    ranges = {}
    for key, (low, high, integer) in SPEC_LIMITS.items():
        number = st.integers(int(low), int(high)) if integer else st.floats(low, high)
        ranges[key] = Range(*sorted(draw(number) for _ in range(3)))
    return TcoInputs(**ranges, horizon_months=draw(st.integers(1, 24)))


@settings(max_examples=40, deadline=None)
@given(inputs=uncertain_inputs(), trials=st.integers(100, 400), seed=st.integers(0, 2**32))
def test_it_keeps_percentiles_in_order_for_any_inputs(
    inputs: TcoInputs, trials: int, seed: int
) -> None:
    summary = simulate(inputs, trials=trials, seed=seed)
    assert math.fsum(s.p_cheapest for s in summary.options.values()) == pytest.approx(1.0)
    for result in summary.options.values():
        for paths in (result.monthly, result.cumulative):
            assert len(paths.p50) == inputs.horizon_months
            for p10, p50, p90 in zip(paths.p10, paths.p50, paths.p90, strict=True):
                assert p10 <= p50 <= p90
        # Costs are never negative, so cumulative costs never fall.
        assert list(result.cumulative.p50) == sorted(result.cumulative.p50)
    be = summary.break_even_month
    months = [math.inf if m is None else m for m in (be.p10, be.p50, be.p90)]
    assert months == sorted(months)
    assert 0 <= be.never_share <= 1
    assert TcoSummary.from_json(json.loads(json.dumps(summary.to_json()))) == summary


# --- Inputs ---


def test_it_reads_a_range_or_a_plain_number() -> None:
    assert parse_range("gpu_hourly_usd", [2, 3, 4.5]) == Range(2, 3, 4.5)
    assert parse_range("gpu_hourly_usd", 3) == Range(3, 3, 3)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("gpu_hourly_usd", [4, 3, 2], "low (4) is above high (2)"),
        ("gpu_hourly_usd", [2, 5, 4], "likely (5) must lie between low and high"),
        ("gpu_hourly_usd", [2, 3], "must be a number or [low, likely, high]"),
        ("gpu_hourly_usd", math.nan, "must be a finite number"),
        ("gpu_hourly_usd", [2, math.inf, 4], "likely must be a finite number"),
        ("api_price_input_per_mtok", -1, "must be between 0 and 10,000 USD / 1M tokens"),
        ("gpu_hourly_usd", "3", "must be a number"),
        ("gpu_hourly_usd", True, "must be a number"),
        ("min_replicas", [1, 1.5, 2], "likely must be a whole number"),
        (
            "gpu_hourly_usd",
            ["2", 3, -1],
            "low must be a number; high must be between 0 and 10,000 USD per GPU-hour",
        ),
        ("horizon_months", 0, "must be between 1 and 120 months"),
        ("horizon_months", 12.5, "must be a whole number of months"),
        ("gpu_price", 3, "unknown input id"),
    ],
)
def test_it_names_the_field_of_an_invalid_input(key: str, value: object, message: str) -> None:
    base, _ = default_inputs({})
    with pytest.raises(TcoInputsInvalid) as raised:
        merge_inputs(base, {key: value})
    (error,) = raised.value.errors
    assert error.field == f"tco.{key}"
    assert error.message == message


def test_it_reports_every_invalid_input_at_once() -> None:
    base, _ = default_inputs({})
    with pytest.raises(TcoInputsInvalid) as raised:
        merge_inputs(base, {"gpu_hourly_usd": -2, "mlops_fte": [2, 1, 0], "horizon_months": 0})
    assert [error.field for error in raised.value.errors] == [
        "tco.gpu_hourly_usd",
        "tco.mlops_fte",
        "tco.horizon_months",
    ]


def test_it_merges_valid_inputs_over_the_defaults() -> None:
    base, _ = default_inputs({})
    merged = merge_inputs(base, {"gpu_hourly_usd": [1, 2, 3], "horizon_months": 24})
    assert merged.gpu_hourly_usd == Range(1, 2, 3)
    assert merged.horizon_months == 24
    assert merged.mlops_fte == base.mlops_fte
    assert merge_inputs(base, base.to_json()) == base


# --- The documentation ---

DOC = Path(__file__).resolve().parents[2] / "docs" / "tco-model.md"


ANSWERED_VOLUMES = {
    "requests_per_month",
    "input_tokens",
    "output_tokens",
    "monthly_growth_pct",
    "horizon_months",
}


def test_it_documents_every_default_range() -> None:
    text = DOC.read_text(encoding="utf-8")
    answers = itertools.product(
        ["none", "some", "substantial"],
        ["none", "small", "strong"],
        ["prompting", "retrieval", "fine_tuning", "deep"],
        ["best_effort", "99.0", "99.9", "99.99"],
    )
    for gpus, team, adaptation, availability in answers:
        inputs, _ = default_inputs(
            {
                "gpu_infrastructure": gpus,
                "ml_team": team,
                "adaptation": adaptation,
                "availability": availability,
            }
        )
        for key, r in inputs.ranges().items():
            if key in ANSWERED_VOLUMES:  # documented as "the answers (… if missing)"
                continue
            shown = " / ".join(f"{x:,g}" for x in r.as_list()) if not r.is_point else f"{r.low:,g}"
            assert f"| {shown} " in text, (key, shown)


def test_it_documents_the_worked_example_as_tested() -> None:
    text = DOC.read_text(encoding="utf-8")
    for option in OPTIONS:
        for cost in EXAMPLE_MONTHLY[option] + EXAMPLE_CUMULATIVE[option]:
            assert f"{cost:,.0f}" in text
    assert f"{EXAMPLE_TOKENS:,.0f} tokens" in text
