"""`manage.py simulate_tco FILE.json`: the TCO summary contract, reproducibility, the closed
form when every range collapses, and exit status 2 naming the field for invalid input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from decisions import demo
from scoring.questions import OPTIONS
from scoring.tco import closed_form_costs, default_inputs, merge_inputs

ROOT = Path(__file__).resolve().parents[2]

# Every input a single number, so every trial is the same: the closed form.
COLLAPSED = {
    "requests_per_month": 1_000_000,
    "input_tokens": 1_000,
    "output_tokens": 500,
    "monthly_growth_pct": 0,
    "api_price_input_per_mtok": 2,
    "api_price_output_per_mtok": 10,
    "api_price_change_pct_per_year": 0,
    "gpu_hourly_usd": 2,
    "gpu_output_tokens_per_s": 1_000,
    "gpu_utilization_pct": 50,
    "min_replicas": 1,
    "setup_cost_usd": 10_000,
    "fine_tuning_cost_usd": 0,
    "mlops_fte": 0.5,
    "fte_yearly_cost_usd": 120_000,
    "hybrid_self_hosted_share_pct": 50,
    "horizon_months": 24,
}


def write(tmp_path: Path, document: Any) -> str:
    path = tmp_path / "tco.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


def simulate_tco(tmp_path: Path, document: Any, *args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("simulate_tco", write(tmp_path, document), *args, stdout=out)
    return json.loads(out.getvalue())


def refused(tmp_path: Path, document: Any, *args: str) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("simulate_tco", write(tmp_path, document), *args, stdout=StringIO())
    assert raised.value.returncode == 2
    return str(raised.value)


def test_it_prints_the_summary_contract(tmp_path: Path) -> None:
    summary = simulate_tco(
        tmp_path,
        {"answers": demo.CONTRACT_REVIEW, "tco": {"horizon_months": 18}},
        "--trials",
        "200",
        "--seed",
        "11",
    )

    assert set(summary) == {"trials", "seed", "horizon_months", "options", "break_even_month"}
    assert (summary["trials"], summary["seed"], summary["horizon_months"]) == (200, 11, 18)
    assert list(summary["options"]) == list(OPTIONS)
    for option in summary["options"].values():
        assert set(option) == {"monthly", "cumulative", "p_cheapest", "cost_per_mtok_p50"}
        for kind in ("monthly", "cumulative"):
            assert set(option[kind]) == {"p10", "p50", "p90"}
            # One value per month, month 1 first, percentiles in order.
            assert [len(option[kind][p]) for p in ("p10", "p50", "p90")] == [18, 18, 18]
            for low, mid, high in zip(
                *(option[kind][p] for p in ("p10", "p50", "p90")), strict=True
            ):
                assert low <= mid <= high
        # Cumulative costs never fall.
        assert option["cumulative"]["p50"] == sorted(option["cumulative"]["p50"])
        assert 0.0 <= option["p_cheapest"] <= 1.0
        assert option["cost_per_mtok_p50"] > 0
    assert sum(o["p_cheapest"] for o in summary["options"].values()) == pytest.approx(1.0)
    assert set(summary["break_even_month"]) == {"p10", "p50", "p90", "never_share"}
    assert 0.0 <= summary["break_even_month"]["never_share"] <= 1.0


def test_it_takes_the_horizon_and_volumes_from_the_answers(tmp_path: Path) -> None:
    summary = simulate_tco(
        tmp_path, {"answers": {"horizon_months": 7}, "tco": {}}, "--trials", "100"
    )

    assert summary["horizon_months"] == 7
    assert len(summary["options"]["open"]["monthly"]["p50"]) == 7
    assert summary["seed"] == 1  # the default


def test_it_gives_the_same_output_for_the_same_seed(tmp_path: Path) -> None:
    document = {"answers": demo.HOSPITAL_NOTES, "tco": {"horizon_months": 12}}

    first = simulate_tco(tmp_path, document, "--trials", "300", "--seed", "42")
    second = simulate_tco(tmp_path, document, "--trials", "300", "--seed", "42")
    other = simulate_tco(tmp_path, document, "--trials", "300", "--seed", "43")

    assert first == second
    assert other["options"]["open"]["cumulative"] != first["options"]["open"]["cumulative"]


def test_it_equals_the_closed_form_when_every_range_collapses(tmp_path: Path) -> None:
    summary = simulate_tco(tmp_path, {"answers": {}, "tco": COLLAPSED}, "--trials", "100")

    # closed: (1,000 · $2 + 500 · $10) / 1M = $0.007 a request, 1M requests: $7,000 a month.
    # open: 500M output tokens a month; one GPU serves 1,000/s · 50 % · 2,628,000 s = 1.314G,
    #   so one GPU (the minimum): 730 h · $2 = $1,460; staff 0.5 · $120,000 / 12 = $5,000;
    #   set-up $10,000 in month 1: $16,460, then $6,460.
    # hybrid: one GPU $1,460 + staff $5,000 + half of closed's $3,500 (+ $10,000 in month 1):
    #   $19,960, then $9,960.
    expected_monthly = {
        "open": [16_460.0] + [6_460.0] * 23,
        "closed": [7_000.0] * 24,
        "hybrid": [19_960.0] + [9_960.0] * 23,
    }
    for option, monthly in expected_monthly.items():
        for p in ("p10", "p50", "p90"):
            assert summary["options"][option]["monthly"][p] == pytest.approx(monthly, abs=1e-6)
    # At 24 months: open 16,460 + 23 · 6,460 = 165,040; closed 168,000; hybrid 249,040.
    assert [summary["options"][o]["cumulative"]["p50"][-1] for o in OPTIONS] == pytest.approx(
        [165_040.0, 168_000.0, 249_040.0], abs=1e-6
    )
    assert {o: summary["options"][o]["p_cheapest"] for o in OPTIONS} == {
        "open": 1.0,
        "closed": 0.0,
        "hybrid": 0.0,
    }
    # 24 · 1M requests · 1,500 tokens = 36,000M tokens: open 165,040 / 36,000 = 4.58444 a 1M.
    assert summary["options"]["open"]["cost_per_mtok_p50"] == pytest.approx(165_040 / 36_000)
    assert summary["options"]["closed"]["cost_per_mtok_p50"] == pytest.approx(168_000 / 36_000)
    # open catches up when 16,460 + 6,460 (m − 1) ≤ 7,000 m, i.e. 10,000 ≤ 540 m: m = 19
    # (month 18: 126,280 > 126,000; month 19: 132,740 ≤ 133,000), in every trial.
    assert summary["break_even_month"] == {"p10": 19, "p50": 19, "p90": 19, "never_share": 0.0}

    # And bit for bit the closed-form calculation of scoring.tco.
    paths = closed_form_costs(merge_inputs(default_inputs({})[0], COLLAPSED))
    for option in OPTIONS:
        for p in ("p10", "p50", "p90"):
            assert summary["options"][option]["monthly"][p] == list(paths.monthly[option])
            assert summary["options"][option]["cumulative"][p] == list(paths.cumulative(option))
    assert paths.break_even_month() == 19


def test_it_reads_the_document_from_standard_input(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    process = subprocess.run(
        [sys.executable, "manage.py", "simulate_tco", "-", "--trials", "100"],
        cwd=ROOT,
        env={**env, "DEBUG": "true", "OPENWEIGH_DATA_DIR": str(tmp_path / "data")},
        input=json.dumps({"answers": {}, "tco": {**COLLAPSED, "horizon_months": 2}}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert process.returncode == 0, process.stderr
    summary = json.loads(process.stdout)
    assert summary["options"]["closed"]["cumulative"]["p50"] == [7_000.0, 14_000.0]


def test_it_exits_with_status_2_naming_the_field(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    process = subprocess.run(
        [sys.executable, "manage.py", "simulate_tco", "-", "--trials", "0"],
        cwd=ROOT,
        env={**env, "DEBUG": "true", "OPENWEIGH_DATA_DIR": str(tmp_path / "data")},
        input=json.dumps({"answers": {}, "tco": {"gpu_hourly_usd": [4, 3, 2]}}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert process.returncode == 2
    assert process.stdout == ""
    assert "--trials: must be between 100 and 1,000,000" in process.stderr
    assert "tco.gpu_hourly_usd: low (4) is above high (2)" in process.stderr
    assert "Traceback" not in process.stderr


@pytest.mark.parametrize(
    ("tco", "expected"),
    [
        ({"gpu_hourly_usd": [4, 3, 2]}, "tco.gpu_hourly_usd: low (4) is above high (2)"),
        ({"gpu_hourly_usd": [2, 5, 4]}, "tco.gpu_hourly_usd: likely (5) must lie between"),
        ({"gpu_hourly_usd": [2, 3]}, "tco.gpu_hourly_usd: must be a number or [low, likely, high]"),
        ({"gpu_price": 3}, "tco.gpu_price: unknown input id"),
        ({"min_replicas": 1.5}, "tco.min_replicas: must be a whole number"),
        ({"gpu_utilization_pct": 150}, "tco.gpu_utilization_pct: must be between 1 and 100"),
        ({"setup_cost_usd": "lots"}, "tco.setup_cost_usd: must be a number"),
        ({"horizon_months": 0}, "tco.horizon_months: must be between 1 and 120 months"),
        ({"horizon_months": 12.5}, "tco.horizon_months: must be a whole number of months"),
    ],
    ids=[
        "low-above-high",
        "likely-outside",
        "two-values",
        "unknown-id",
        "fraction-of-a-gpu",
        "out-of-range",
        "string",
        "horizon-zero",
        "horizon-fraction",
    ],
)
def test_it_refuses_invalid_tco_inputs(tmp_path: Path, tco: dict, expected: str) -> None:
    assert expected in refused(tmp_path, {"answers": {}, "tco": tco}, "--trials", "100")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_it_refuses_a_non_finite_number_written_as_a_json_literal(
    tmp_path: Path, literal: str
) -> None:
    document = '{"answers": {}, "tco": {"gpu_hourly_usd": [2, LITERAL, 4]}}'.replace(
        "LITERAL", literal
    )

    message = refused(tmp_path, document, "--trials", "100")

    assert "tco.gpu_hourly_usd: likely must be a finite number" in message


@pytest.mark.parametrize("trials", ["0", "99", "1000001", str(10**9)])
def test_it_refuses_a_number_of_trials_out_of_bounds(tmp_path: Path, trials: str) -> None:
    message = refused(tmp_path, {"answers": {}, "tco": {}}, "--trials", trials)

    assert "--trials: must be between 100 and 1,000,000" in message


def test_it_refuses_a_negative_seed(tmp_path: Path) -> None:
    message = refused(tmp_path, {"answers": {}, "tco": {}}, "--trials", "100", "--seed", "-1")

    assert "--seed: must not be negative" in message


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"answers": {"requests_per_month": -5}}, "answers.requests_per_month: must be between"),
        ({"answers": {"colour": "blue"}}, "answers.colour: unknown question id"),
        ({"answers": {}, "tco": [1, 2]}, "tco: must be an object of input ids"),
        ({"answers": {}, "weights": {}}, "weights: unknown key; expected answers, tco"),
        ("[1, 2", "tco.json is not valid JSON"),
    ],
    ids=["answer-out-of-range", "unknown-question", "tco-not-an-object", "unknown-key", "json"],
)
def test_it_refuses_an_invalid_document(tmp_path: Path, document: Any, expected: str) -> None:
    assert expected in refused(tmp_path, document, "--trials", "100")


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("simulate_tco", str(tmp_path / "absent.json"), stdout=StringIO())

    assert raised.value.returncode == 2
    assert "absent.json: No such file or directory" in str(raised.value)
