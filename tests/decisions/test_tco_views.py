"""The cost model's pages: the inputs form, starting a simulation, and following it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import plotly.graph_objects as go
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions.models import Decision, TcoSimulation
from decisions.services.evaluations import tco_fingerprint
from scoring.tco import INPUT_SPECS
from tests.conftest import client_for
from tests.decisions.tco_fixtures import (
    Published,
    broker_down_fixture,  # noqa: F401
    hospital_inputs,
    known_inputs,
    make_simulation,
    make_succeeded,
    published_fixture,  # noqa: F401
)

Status = TcoSimulation.Status
PARTS = ("low", "likely", "high")
INPUT_IDS = [spec.id for spec in INPUT_SPECS]

# What the tests type into the form, per input: low, likely, high.
TYPED: dict[str, tuple[str, str, str]] = {
    "requests_per_month": ("300,000", "400000", "600000"),
    "input_tokens": ("2000", "2000", "2000"),
    "output_tokens": ("300", "400", "500"),
    "monthly_growth_pct": ("-1", "3", "6.5"),
    "api_price_input_per_mtok": ("1.25", "2", "3"),
    "api_price_output_per_mtok": ("8", "10", "15"),
    "api_price_change_pct_per_year": ("-40", "-20", "0"),
    "gpu_hourly_usd": ("1.8", "2.5", "3.5"),
    "gpu_output_tokens_per_s": ("400", "800", "1600"),
    "gpu_utilization_pct": ("40", "60", "75"),
    "min_replicas": ("2", "2", "2"),
    "setup_cost_usd": ("30000", "60000", "100000"),
    "fine_tuning_cost_usd": ("5000", "20000", "60000"),
    "mlops_fte": ("0.5", "1", "1.5"),
    "fte_yearly_cost_usd": ("150000", "190000", "240000"),
    "hybrid_self_hosted_share_pct": ("30", "50", "70"),
}
# The same, as the v1 contract stores it.
CONTRACT_JSON: dict[str, object] = {
    "requests_per_month": [300_000.0, 400_000.0, 600_000.0],
    "input_tokens": [2000.0, 2000.0, 2000.0],
    "output_tokens": [300.0, 400.0, 500.0],
    "monthly_growth_pct": [-1.0, 3.0, 6.5],
    "api_price_input_per_mtok": [1.25, 2.0, 3.0],
    "api_price_output_per_mtok": [8.0, 10.0, 15.0],
    "api_price_change_pct_per_year": [-40.0, -20.0, 0.0],
    "gpu_hourly_usd": [1.8, 2.5, 3.5],
    "gpu_output_tokens_per_s": [400.0, 800.0, 1600.0],
    "gpu_utilization_pct": [40.0, 60.0, 75.0],
    "min_replicas": [2.0, 2.0, 2.0],
    "setup_cost_usd": [30_000.0, 60_000.0, 100_000.0],
    "fine_tuning_cost_usd": [5000.0, 20_000.0, 60_000.0],
    "mlops_fte": [0.5, 1.0, 1.5],
    "fte_yearly_cost_usd": [150_000.0, 190_000.0, 240_000.0],
    "hybrid_self_hosted_share_pct": [30.0, 50.0, 70.0],
    "horizon_months": 24,
}


def form_data(**changes: str) -> dict[str, str]:
    data = {
        f"{key}_{part}": typed
        for key, triple in TYPED.items()
        for part, typed in zip(PARTS, triple, strict=True)
    }
    data.update(horizon_months="24", trials="5000", seed="42")
    data.update(changes)
    return data


def tco_url(decision: Decision) -> str:
    return f"/decisions/{decision.pk}/tco/"


def simulation_url(simulation: TcoSimulation, decision: Decision | None = None) -> str:
    return f"/decisions/{(decision or simulation.decision).pk}/tco/{simulation.number}/"


def cancel_url(simulation: TcoSimulation, decision: Decision | None = None) -> str:
    return simulation_url(simulation, decision) + "cancel/"


def reload(simulation: TcoSimulation) -> TcoSimulation:
    return TcoSimulation.objects.get(pk=simulation.pk)


# --- reading the rendered form -----------------------------------------------------------
def row_html(html: str, input_id: str) -> str:
    match = re.search(rf'<tr class="[^"]*" id="row-{input_id}">(.*?)</tr>', html, re.S)
    assert match is not None, f"no row for {input_id}"
    return match.group(1)


def errors_in(fragment: str) -> list[str]:
    match = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', fragment, re.S)
    if match is None:
        return []
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)]


def row_errors(html: str) -> dict[str, list[str]]:
    """The messages shown on each input's row, for the rows that have any."""
    found = {input_id: errors_in(row_html(html, input_id)) for input_id in INPUT_IDS}
    return {input_id: errors for input_id, errors in found.items() if errors}


def field_errors(html: str, name: str) -> list[str]:
    match = re.search(rf'<div class="field[^"]*" id="field-{name}">.*?</div>', html, re.S)
    assert match is not None, f"no field {name}"
    return errors_in(match.group(0))


def typed_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert tag is not None, f"no input {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return None if value is None else unescape(value.group(1))


def source_text(html: str, input_id: str) -> str:
    cells = re.findall(r'<td class="muted small source">(.*?)</td>', row_html(html, input_id), re.S)
    assert len(cells) == 1
    return unescape(cells[0]).strip()


def notices(html: str) -> list[str]:
    return [unescape(n) for n in re.findall(r'<div class="notice">(.*?)</div>', html, re.S)]


def figure_json(html: str, figure_id: str) -> dict[str, Any]:
    match = re.search(
        rf'<script id="{figure_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match is not None, f"no {figure_id}"
    data = json.loads(match.group(1))
    assert isinstance(data, dict)
    return data


def result_rows(html: str) -> dict[str, list[str]]:
    """The results table: per option, its cells after the name, as shown."""
    rows = {}
    for option, cells in re.findall(
        r'<tr><td><span class="badge (\w+)">\w+</span>[^<]*</td>(.*?)</tr>', html, re.S
    ):
        rows[option] = [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r'<td class="num">(.*?)</td>', cells, re.S)
        ]
    return rows


# --- the inputs page ---------------------------------------------------------------------
def test_it_prefills_the_volumes_from_the_questionnaire(
    editor_client: Client, complete: Decision
) -> None:
    response = editor_client.get(tco_url(complete))
    assert response.status_code == 200
    html = response.content.decode()
    shown = {
        input_id: tuple(typed_value(html, f"{input_id}_{part}") for part in PARTS)
        for input_id in ("requests_per_month", "input_tokens", "output_tokens")
    }
    shown["monthly_growth_pct"] = tuple(
        typed_value(html, f"monthly_growth_pct_{part}") for part in PARTS
    )
    # HOSPITAL_NOTES: 400,000 requests of 2,000 in / 400 out tokens, growing 3 % a month.
    assert shown == {
        "requests_per_month": ("400000", "400000", "400000"),
        "input_tokens": ("2000", "2000", "2000"),
        "output_tokens": ("400", "400", "400"),
        "monthly_growth_pct": ("3", "3", "3"),
    }
    assert typed_value(html, "horizon_months") == "36"
    # Availability 99.9 → two GPUs kept running; 'some' GPUs → their price and set-up range.
    assert [typed_value(html, f"min_replicas_{part}") for part in PARTS] == ["2", "2", "2"]
    assert [typed_value(html, f"gpu_hourly_usd_{part}") for part in PARTS] == ["1.8", "2.5", "3.5"]
    assert [typed_value(html, f"setup_cost_usd_{part}") for part in PARTS] == [
        "30000",
        "60000",
        "100000",
    ]
    assert typed_value(html, "trials") == "100000"
    assert typed_value(html, "seed") == "1"
    assert 'id="row-requests_per_month"' in html
    assert "Run the simulation" in html


def test_the_cost_page_varies_on_htmx(editor_client: Client, complete: Decision) -> None:
    # The same address answers htmx with the form alone: a cache must tell the two apart.
    for headers in ({}, {"HX-Request": "true"}):
        assert "HX-Request" in editor_client.get(tco_url(complete), headers=headers)["Vary"]


def test_it_names_the_source_of_each_default(editor_client: Client, complete: Decision) -> None:
    html = editor_client.get(tco_url(complete)).content.decode()
    sources = {input_id: source_text(html, input_id) for input_id in INPUT_IDS}
    assert all(sources.values()), sources
    assert sources["requests_per_month"] == "from the questionnaire"
    assert sources["input_tokens"] == "from the questionnaire"
    assert sources["output_tokens"] == "from the questionnaire"
    assert sources["monthly_growth_pct"] == "from the questionnaire"
    assert sources["api_price_input_per_mtok"] == (
        "LiteLLM model price list (litellm 1.110.2): gpt-5 $1.25/$10, gpt-4.1 $2/$8, "
        "claude-sonnet-4-5 $3/$15 per 1M input/output tokens (2026-11-28)"
    )
    assert sources["min_replicas"] == "from availability “99.9 %”"
    assert sources["gpu_hourly_usd"] == (
        "openweigh assumption for GPU infrastructure “Some” (H100-class, on demand or "
        "amortised); replace with your quote (2026-11-28)"
    )
    assert sources["fine_tuning_cost_usd"] == (
        "openweigh assumption for adaptation “Fine-tuning” (2026-11-28)"
    )
    assert sources["mlops_fte"] == "openweigh assumption for ML team “Small” (2026-11-28)"


def test_it_does_not_claim_a_fallback_volume_comes_from_the_questionnaire(
    editor_client: Client, draft: Decision
) -> None:
    html = editor_client.get(tco_url(draft)).content.decode()
    assert [typed_value(html, f"requests_per_month_{part}") for part in PARTS] == [
        "100000",
        "100000",
        "100000",
    ]
    assert source_text(html, "requests_per_month") != "from the questionnaire"


def test_it_starts_from_the_last_simulation_run_on_the_same_answers(
    editor_client: Client, complete: Decision
) -> None:
    make_simulation(
        complete,
        inputs=known_inputs(gpu_hourly_usd=[1, 2, 3], horizon_months=48),
        answers_fingerprint=tco_fingerprint(complete),
    )
    html = editor_client.get(tco_url(complete)).content.decode()
    assert [typed_value(html, f"gpu_hourly_usd_{part}") for part in PARTS] == ["1", "2", "3"]
    assert typed_value(html, "horizon_months") == "48"
    # What differs from the defaults says where it came from; the rest keeps its source.
    run = TcoSimulation.objects.get()
    assert source_text(html, "gpu_hourly_usd") == f"as entered for simulation {run.number}"
    assert source_text(html, "requests_per_month") == "from the questionnaire"


def test_a_rerun_starts_with_the_last_runs_trials_and_seed_so_that_it_reproduces_it(
    editor_client: Client, complete: Decision
) -> None:
    make_simulation(complete, trials=20_000, seed=42, answers_fingerprint=tco_fingerprint(complete))
    html = editor_client.get(tco_url(complete)).content.decode()
    assert (typed_value(html, "trials"), typed_value(html, "seed")) == ("20000", "42")


def test_it_starts_from_the_answers_once_they_changed_since_the_last_simulation(
    editor_client: Client, complete: Decision
) -> None:
    make_simulation(
        complete,
        inputs=known_inputs(gpu_hourly_usd=[1, 2, 3]),
        answers_fingerprint=tco_fingerprint(complete),
    )
    complete.answers = {**complete.answers, "requests_per_month": 900_000}
    complete.save()
    html = editor_client.get(tco_url(complete)).content.decode()
    assert [typed_value(html, f"gpu_hourly_usd_{part}") for part in PARTS] == ["1.8", "2.5", "3.5"]
    assert typed_value(html, "requests_per_month_likely") == "900000"


# --- starting a simulation -----------------------------------------------------------------
def test_it_stores_a_queued_simulation_with_the_contract_inputs_and_shows_it(
    editor_client: Client, editor: User, complete: Decision, published: list[Published]
) -> None:
    response = editor_client.post(tco_url(complete), form_data())
    run = TcoSimulation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/decisions/{complete.pk}/tco/{run.number}/"
    assert run.decision == complete
    assert run.created_by == editor
    assert run.status == Status.QUEUED
    assert run.inputs == CONTRACT_JSON
    assert run.trials == 5000
    assert run.seed == 42
    assert run.answers_fingerprint == tco_fingerprint(complete)
    assert re.fullmatch(r"[0-9a-f]{64}", run.answers_fingerprint)
    assert (run.progress, run.summary, run.error, run.attempts) == (0.0, None, "", 0)


def test_it_enqueues_the_simulation_only_once_the_transaction_commits(
    editor_client: Client,
    complete: Decision,
    published: list[Published],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        editor_client.post(tco_url(complete), form_data())
    run = TcoSimulation.objects.get()
    assert published == []
    assert run.task_id == ""
    assert run.enqueued_at is None

    assert len(callbacks) == 1
    callbacks[0]()
    run.refresh_from_db()
    assert published == [Published((run.pk,), run.task_id)]
    assert re.fullmatch(r"[0-9a-f-]{36}", run.task_id)
    assert run.enqueued_at is not None
    assert (run.status, run.enqueue_error) == (Status.QUEUED, "")


def test_it_keeps_the_simulation_and_says_it_will_start_when_the_broker_is_down(
    editor_client: Client,
    complete: Decision,
    broker_down: list[Published],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # Outside the test's transaction the callback runs as simulation_start returns; here it
    # runs when the block ends, so the page is fetched after it.
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(tco_url(complete), form_data())
    run = TcoSimulation.objects.get()
    assert broker_down == [Published((run.pk,), run.task_id)]
    assert run.status == Status.QUEUED
    assert run.enqueue_error == "The task queue is not reachable right now."
    assert response["Location"] == simulation_url(run)
    assert (
        "The task queue is not reachable right now. The simulation is saved and "
        "will start by itself when a worker is reachable; you can leave this page."
    ) in editor_client.get(response["Location"]).content.decode()


BAD_RANGES = [
    pytest.param(
        {"gpu_hourly_usd_low": "5", "gpu_hourly_usd_likely": "3", "gpu_hourly_usd_high": "2"},
        {"gpu_hourly_usd": ["Low (5) is above high (2)."]},
        id="low-above-high",
    ),
    pytest.param(
        {"gpu_hourly_usd_low": "1", "gpu_hourly_usd_likely": "9", "gpu_hourly_usd_high": "4"},
        {"gpu_hourly_usd": ["Likely (9) must lie between low and high."]},
        id="likely-above-high",
    ),
    pytest.param(
        {"setup_cost_usd_low": "30000", "setup_cost_usd_likely": "20000"},
        {"setup_cost_usd": ["Likely (20,000) must lie between low and high."]},
        id="likely-below-low",
    ),
]
BAD_BOXES = [
    pytest.param({"mlops_fte_likely": "NaN"}, {"mlops_fte": ["Likely: enter a number."]}, id="nan"),
    pytest.param(
        {"gpu_hourly_usd_high": "inf"}, {"gpu_hourly_usd": ["High: enter a number."]}, id="inf"
    ),
    pytest.param(
        {"setup_cost_usd_low": "-inf"}, {"setup_cost_usd": ["Low: enter a number."]}, id="minus-inf"
    ),
    pytest.param(
        {"requests_per_month_likely": "abc"},
        {"requests_per_month": ["Likely: enter a whole number."]},
        id="abc",
    ),
    pytest.param(
        {"api_price_input_per_mtok_low": "-1"},
        {"api_price_input_per_mtok": ["Low: at least 0 USD / 1M tokens."]},
        id="negative-price",
    ),
    pytest.param(
        {"input_tokens_high": "20000000"},
        {"input_tokens": ["High: at most 10,000,000 tokens."]},
        id="too-many-tokens",
    ),
    pytest.param(
        {"min_replicas_likely": "1.5"},
        {"min_replicas": ["Likely: enter a whole number."]},
        id="half-a-gpu",
    ),
    pytest.param(
        {"setup_cost_usd_high": ""}, {"setup_cost_usd": ["High: enter a number."]}, id="empty"
    ),
    pytest.param(
        {"output_tokens_low": "", "output_tokens_high": " "},
        {"output_tokens": ["Low: enter a number.", "High: enter a number."]},
        id="two-empty",
    ),
]


def post_refused(
    client: Client,
    decision: Decision,
    published: list[Published],
    changes: dict[str, str],
    expected: dict[str, list[str]],
) -> tuple[str, dict[str, str]]:
    """Post the cost form with ``changes``: it must come back with ``expected`` as the rows'
    errors and start nothing. The page and the data sent, for the caller's own checks."""
    data = form_data(**changes)
    response = client.post(tco_url(decision), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert row_errors(html) == expected
    assert TcoSimulation.objects.count() == 0
    assert published == []
    return html, data


@pytest.mark.parametrize(("changes", "expected"), BAD_RANGES)
def test_it_marks_a_bad_range_on_its_row_and_keeps_what_was_typed(
    editor_client: Client,
    complete: Decision,
    published: list[Published],
    changes: dict[str, str],
    expected: dict[str, list[str]],
) -> None:
    html, data = post_refused(editor_client, complete, published, changes, expected)
    (input_id,) = expected
    assert f'class="has-error whole-range" id="row-{input_id}"' in html
    assert "Some inputs need another look; see the marked rows." in html
    assert {name: typed_value(html, name) for name in data} == data


@pytest.mark.parametrize(("changes", "expected"), BAD_BOXES)
def test_it_marks_a_wrong_box_alone_and_keeps_what_was_typed(
    editor_client: Client,
    complete: Decision,
    published: list[Published],
    changes: dict[str, str],
    expected: dict[str, list[str]],
) -> None:
    html, data = post_refused(editor_client, complete, published, changes, expected)
    (input_id,) = expected
    assert f'class="has-error" id="row-{input_id}"' in html  # not the whole range: the parts
    invalid = set(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*aria-invalid="true"', html))
    invalid |= set(re.findall(r'<input[^>]*aria-invalid="true"[^>]*name="([a-z_]+)"', html))
    assert invalid == set(changes)
    assert {name: typed_value(html, name) for name in data} == {
        name: value or None for name, value in data.items()
    }


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("horizon_months", "0", "At least 1 month."),
        ("horizon_months", "121", "At most 120 months."),
        ("horizon_months", "12.5", "Enter a whole number."),
        ("horizon_months", "", "Enter a number."),
        (
            "horizon_months",
            "3 years",
            "“years” is not this box's unit: enter the number in months.",
        ),
        ("trials", "0", "At least 1."),
        ("trials", "many", "Enter a whole number."),
        ("seed", "-1", "Must not be negative."),
        ("seed", str(2**63), "At most 9,223,372,036,854,775,807."),
    ],
)
def test_it_marks_a_bad_horizon_trials_or_seed_next_to_the_field(
    editor_client: Client,
    complete: Decision,
    published: list[Published],
    field: str,
    typed: str,
    message: str,
) -> None:
    data = form_data(**{field: typed})
    response = editor_client.post(tco_url(complete), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, field) == [message]
    assert row_errors(html) == {}
    assert {name: typed_value(html, name) for name in data} == {
        name: value or None for name, value in data.items()
    }
    assert TcoSimulation.objects.count() == 0
    assert published == []


def test_it_asks_for_every_field_of_an_empty_form(
    editor_client: Client, complete: Decision, published: list[Published]
) -> None:
    response = editor_client.post(tco_url(complete), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert row_errors(html) == {
        input_id: ["Low: enter a number.", "Likely: enter a number.", "High: enter a number."]
        for input_id in INPUT_IDS
    }
    # The same message in every empty number box.
    for field in ("horizon_months", "trials", "seed"):
        assert field_errors(html, field) == ["Enter a number."]
    assert TcoSimulation.objects.count() == 0
    assert published == []


def test_it_caps_the_trials_and_says_so(
    editor_client: Client, complete: Decision, published: list[Published]
) -> None:
    response = editor_client.post(tco_url(complete), form_data(trials="1000000000"), follow=True)
    assert TcoSimulation.objects.get().trials == 1_000_000
    assert notices(response.content.decode()) == ["Trials were capped at 1,000,000."]


def test_it_runs_a_million_trials_as_asked_without_a_notice(
    editor_client: Client, complete: Decision, published: list[Published]
) -> None:
    response = editor_client.post(tco_url(complete), form_data(trials="1,000,000"), follow=True)
    assert TcoSimulation.objects.get().trials == 1_000_000
    assert notices(response.content.decode()) == []


def test_it_raises_too_few_trials_to_the_minimum(
    editor_client: Client, complete: Decision, published: list[Published]
) -> None:
    editor_client.post(tco_url(complete), form_data(trials="5"))
    assert TcoSimulation.objects.get().trials == 100


def test_it_says_so_when_it_raises_too_few_trials_to_the_minimum(
    editor_client: Client, complete: Decision, published: list[Published]
) -> None:
    response = editor_client.post(tco_url(complete), form_data(trials="5"), follow=True)
    assert TcoSimulation.objects.get().trials == 100
    assert [n for n in notices(response.content.decode()) if "100" in n] != []


# --- the simulation page -------------------------------------------------------------------
def test_it_shows_a_queued_simulation_waiting_for_a_worker(
    editor_client: Client, complete: Decision
) -> None:
    run = make_simulation(complete)
    response = editor_client.get(simulation_url(run))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Queued</h2>" in html
    assert "Waiting for a worker to pick it up…" in html
    assert "will start by itself" not in html
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-post="{cancel_url(run)}"' in html


def test_it_shows_a_queued_simulation_the_broker_did_not_take_yet(
    editor_client: Client, complete: Decision
) -> None:
    run = make_simulation(complete, enqueue_error="The task queue is not reachable right now.")
    html = editor_client.get(simulation_url(run)).content.decode()
    assert "<h2>Queued</h2>" in html
    assert (
        "The task queue is not reachable right now. The simulation is saved and "
        "will start by itself when a worker is reachable; you can leave this page."
    ) in html
    assert "Waiting for a worker" not in html
    assert 'hx-trigger="every 1s"' in html


def test_it_shows_the_progress_of_a_running_simulation(
    editor_client: Client, complete: Decision
) -> None:
    now = timezone.now()
    run = make_simulation(
        complete,
        status=Status.RUNNING,
        progress=0.4567,
        attempts=1,
        started_at=now,
        heartbeat_at=now,
    )
    html = editor_client.get(simulation_url(run)).content.decode()
    assert "<h2>Running… 46 %</h2>" in html
    progress = re.search(r"<progress[^>]*>", html)
    assert progress is not None
    assert 'value="0.457"' in progress[0]
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-post="{cancel_url(run)}"' in html


def test_it_shows_why_a_simulation_failed(editor_client: Client, complete: Decision) -> None:
    run = make_simulation(
        complete,
        status=Status.FAILED,
        error="The simulation took too long and was stopped. Try fewer trials.",
        finished_at=timezone.now(),
    )
    html = editor_client.get(simulation_url(run)).content.decode()
    assert "<h2>Failed</h2>" in html
    assert (
        '<div class="notice bad">The simulation took too long and was stopped. '
        "Try fewer trials.</div>"
    ) in html
    assert "hx-trigger" not in html
    assert cancel_url(run) not in html


def test_it_shows_a_cancelled_simulation(editor_client: Client, complete: Decision) -> None:
    run = make_simulation(complete, status=Status.CANCELLED, finished_at=timezone.now())
    html = editor_client.get(simulation_url(run)).content.decode()
    assert "<h2>Cancelled</h2>" in html
    assert "This simulation was cancelled before it finished." in html
    assert "hx-trigger" not in html
    assert cancel_url(run) not in html


def test_it_shows_the_results_of_a_finished_simulation(
    editor_client: Client, complete: Decision
) -> None:
    # Every range collapsed: each percentile is the closed-form cost, which breaks even in
    # month 4 at five million requests a month.
    run = make_succeeded(complete, known_inputs(requests_per_month=5_000_000))
    response = editor_client.get(simulation_url(run))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Results</h2>" in html
    assert "Finished in 2.5 s." in html
    assert "200 trials, seed 3, 36 months" in html
    assert result_rows(html) == {
        "open": ["$865,350", "$865,350", "$865,350", "100 %", "$1.14"],
        "closed": ["$1,755,900", "$1,755,900", "$1,755,900", "0 %", "$2.31"],
        "hybrid": ["$1,666,650", "$1,666,650", "$1,666,650", "0 %", "$2.19"],
    }
    assert (
        "<p>Self-hosting breaks even with the API around month 4 "
        "(in month 4 in four trials out of five).</p>"
    ) in html
    assert "hx-trigger" not in html
    assert cancel_url(run) not in html


def test_it_embeds_the_three_charts_with_the_summary_s_numbers(
    editor_client: Client, complete: Decision
) -> None:
    run = make_succeeded(complete, known_inputs(requests_per_month=5_000_000))
    html = editor_client.get(simulation_url(run)).content.decode()
    summary = reload(run).summary
    assert summary is not None
    fan = figure_json(html, "fan-figure")
    medians = {t["legendgroup"]: t["y"] for t in fan["data"] if "hovertemplate" in t}
    assert medians == {
        option: summary["options"][option]["cumulative"]["p50"]
        for option in ("open", "closed", "hybrid")
    }
    assert [t["x"] for t in fan["data"]] == [list(range(1, 37))] * 9
    spread = figure_json(html, "spread-figure")
    assert spread["data"][0]["x"] == [0.0, 0.0, 0.0]
    assert spread["data"][1]["x"] == pytest.approx([865_350, 1_755_900.4, 1_666_650.2])
    cheapest = figure_json(html, "cheapest-figure")
    assert cheapest["data"][0]["x"] == ["open", "closed", "hybrid"]
    assert cheapest["data"][0]["y"] == [1.0, 0.0, 0.0]
    assert cheapest["data"][0]["text"] == ["100%", "0%", "0%"]


@pytest.mark.parametrize(
    "inputs", [pytest.param(known_inputs, id="known"), pytest.param(hospital_inputs, id="ranges")]
)
@pytest.mark.parametrize("figure_id", ["fan-figure", "spread-figure", "cheapest-figure"])
def test_it_embeds_charts_plotly_accepts(
    editor_client: Client, complete: Decision, inputs: Callable[[], Any], figure_id: str
) -> None:
    run = make_succeeded(complete, inputs())
    html = editor_client.get(simulation_url(run)).content.decode()
    figure = go.Figure(figure_json(html, figure_id))
    assert len(figure.data) > 0


# --- polling -------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING])
def test_it_keeps_polling_an_unfinished_simulation(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str], status: str
) -> None:
    run = make_simulation(complete, status=status, heartbeat_at=timezone.now())
    response = editor_client.get(simulation_url(run), headers=htmx_headers)
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<div id="simulation-status" class="card"')
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{simulation_url(run)}"' in html
    assert "<html" not in html


@pytest.mark.parametrize("status", [Status.SUCCEEDED, Status.FAILED, Status.CANCELLED])
def test_it_stops_the_polling_once_the_simulation_finished(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str], status: str
) -> None:
    if status == Status.SUCCEEDED:
        run = make_succeeded(complete, known_inputs())
    else:
        run = make_simulation(complete, status=status, finished_at=timezone.now())
    response = editor_client.get(simulation_url(run), headers=htmx_headers)
    assert response.status_code == 286
    html = response.content.decode().strip()
    assert html.startswith('<div id="simulation-status" class="card"')
    assert "hx-trigger" not in html
    assert "hx-get" not in html


def test_it_serves_the_whole_page_when_htmx_restores_history(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    run = make_simulation(complete, status=Status.CANCELLED, finished_at=timezone.now())
    response = editor_client.get(
        simulation_url(run), headers={**htmx_headers, "HX-History-Restore-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" in response.content.decode()


# --- cancelling ----------------------------------------------------------------------------
@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING])
def test_it_cancels_from_the_plain_form(
    editor_client: Client, complete: Decision, status: str
) -> None:
    run = make_simulation(complete, status=status, heartbeat_at=timezone.now())
    response = editor_client.post(cancel_url(run))
    assert response.status_code == 302
    assert response["Location"] == simulation_url(run)
    run.refresh_from_db()
    assert run.status == Status.CANCELLED
    assert run.finished_at is not None


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RUNNING])
def test_it_cancels_with_htmx_and_returns_the_finished_panel(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str], status: str
) -> None:
    run = make_simulation(complete, status=status, heartbeat_at=timezone.now())
    response = editor_client.post(cancel_url(run), headers=htmx_headers)
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<div id="simulation-status" class="card"')
    assert "<h2>Cancelled</h2>" in html
    assert "hx-trigger" not in html
    assert reload(run).status == Status.CANCELLED


def test_it_leaves_a_finished_simulation_as_it_is_when_cancelled(
    editor_client: Client, complete: Decision
) -> None:
    run = make_succeeded(complete, known_inputs())
    before = TcoSimulation.objects.values().get(pk=run.pk)
    response = editor_client.post(cancel_url(run))
    assert response.status_code == 302
    assert TcoSimulation.objects.values().get(pk=run.pk) == before


def test_it_refuses_to_cancel_on_a_get_and_shows_the_simulation(
    editor_client: Client, complete: Decision
) -> None:
    # The address a plain post left in the bar, opened again: the run's page, not a cancel.
    run = make_simulation(complete)
    response = editor_client.get(cancel_url(run))
    assert (response.status_code, response["Location"]) == (302, simulation_url(run))
    assert editor_client.put(cancel_url(run)).status_code == 405
    assert reload(run).status == Status.QUEUED


# --- who may do what -----------------------------------------------------------------------
def test_it_shows_a_viewer_the_inputs_and_simulations_without_the_buttons(
    viewer: User, complete: Decision
) -> None:
    run = make_simulation(complete)
    client = client_for(viewer)
    html = client.get(tco_url(complete)).content.decode()
    assert "Viewers can read decisions but not change them. Past simulations stay readable" in html
    assert "Run the simulation" not in html
    assert f'href="{simulation_url(run)}"' in html
    page = client.get(simulation_url(run))
    assert page.status_code == 200
    assert cancel_url(run) not in page.content.decode()


def test_it_forbids_a_viewer_to_start_a_simulation(
    viewer: User, complete: Decision, published: list[Published]
) -> None:
    response = client_for(viewer).post(tco_url(complete), form_data())
    assert response.status_code == 403
    assert TcoSimulation.objects.count() == 0
    assert published == []


@pytest.mark.parametrize("htmx", [False, True])
def test_it_forbids_a_viewer_to_cancel(
    viewer: User, complete: Decision, htmx_headers: dict[str, str], htmx: bool
) -> None:
    run = make_simulation(complete)
    response = client_for(viewer).post(cancel_url(run), headers=htmx_headers if htmx else {})
    assert response.status_code == 403
    assert reload(run).status == Status.QUEUED


def test_it_is_a_404_on_every_cost_page_for_another_organisation(
    outsider: User, complete: Decision, htmx_headers: dict[str, str], published: list[Published]
) -> None:
    run = make_simulation(complete)
    client = client_for(outsider)
    assert client.get(tco_url(complete)).status_code == 404
    assert client.post(tco_url(complete), form_data()).status_code == 404
    assert client.get(simulation_url(run)).status_code == 404
    assert client.get(simulation_url(run), headers=htmx_headers).status_code == 404
    assert client.post(cancel_url(run)).status_code == 404
    assert client.post(cancel_url(run), headers=htmx_headers).status_code == 404
    assert TcoSimulation.objects.values_list("pk", "status").get() == (run.pk, Status.QUEUED)
    assert published == []


def test_it_is_a_404_for_a_simulation_of_another_decision_of_the_organisation(
    editor_client: Client, complete: Decision, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    other = make_simulation(draft)
    assert editor_client.get(simulation_url(other, complete)).status_code == 404
    assert editor_client.get(simulation_url(other, complete), headers=htmx_headers).status_code == (
        404
    )
    assert editor_client.post(cancel_url(other, complete)).status_code == 404
    assert reload(other).status == Status.QUEUED
    # Under its own decision it is there.
    assert editor_client.get(simulation_url(other)).status_code == 200


def test_it_sends_an_anonymous_visitor_to_sign_in(client: Client, complete: Decision) -> None:
    run = make_simulation(complete)
    for response in (
        client.get(tco_url(complete)),
        client.get(simulation_url(run)),
        client.post(cancel_url(run)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")
    assert reload(run).status == Status.QUEUED


def test_it_lists_the_decision_s_simulations_on_the_inputs_page(
    editor_client: Client, complete: Decision, draft: Decision
) -> None:
    mine = make_simulation(complete, status=Status.CANCELLED)
    other = make_simulation(draft)
    html = editor_client.get(tco_url(complete)).content.decode()
    assert f'<a href="{simulation_url(mine)}">Simulation {mine.number}</a>' in html
    assert simulation_url(other) not in html
    assert 'class="badge sim-cancelled">Cancelled</span>' in html


# --- htmx ------------------------------------------------------------------------------------
def test_it_starts_a_simulation_from_htmx_and_sends_the_browser_to_it(
    editor_client: Client,
    complete: Decision,
    published: list[Published],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(tco_url(complete), form_data(), HTTP_HX_REQUEST="true")
    run = TcoSimulation.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == simulation_url(run, complete)
    assert [p.args for p in published] == [(run.pk,)]


def test_it_answers_an_invalid_htmx_start_with_the_form_alone_and_keeps_the_typing(
    editor_client: Client, complete: Decision, published: list[Published]
) -> None:
    response = editor_client.post(
        tco_url(complete),
        form_data(gpu_hourly_usd_low="5", gpu_hourly_usd_high="2", seed="forty-two"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form method="post"')
    assert "<html" not in html
    assert "Low (5) is above high (2)." in html
    assert typed_value(html, "gpu_hourly_usd_low") == "5"
    assert typed_value(html, "seed") == "forty-two"
    assert not TcoSimulation.objects.exists()
    assert published == []


def test_it_shows_a_viewer_the_inputs_without_letting_them_type(
    viewer_client: Client, complete: Decision
) -> None:
    html = viewer_client.get(tco_url(complete)).content.decode()
    assert "Viewers can read decisions but not change them." in html
    assert "Run the simulation" not in html
    inputs = re.findall(r'<input type="text"[^>]*>', html)
    assert inputs
    assert all(" disabled" in tag for tag in inputs)
