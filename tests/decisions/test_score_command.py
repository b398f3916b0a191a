"""`manage.py score FILE.json`: the scoring output contract, and exit status 2 with a message
naming the field for every kind of invalid input."""

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
from scoring.evaluation import evaluate
from scoring.questions import CRITERIA, validate_answers

ROOT = Path(__file__).resolve().parents[2]

# weights 4 : 2 : 2 : 1 : 1, every judgment the ratio of two of them.
CONSISTENT_AHP = [
    [1, 2, 2, 4, 4],
    [1 / 2, 1, 1, 2, 2],
    [1 / 2, 1, 1, 2, 2],
    [1 / 4, 1 / 2, 1 / 2, 1, 1],
    [1 / 4, 1 / 2, 1 / 2, 1, 1],
]
# sensitivity ≫ latency ≫ customization ≫ sensitivity (9 each); everything else equal.
CIRCULAR_AHP = [
    [1, 9, 1 / 9, 1, 1],
    [1 / 9, 1, 9, 1, 1],
    [9, 1 / 9, 1, 1, 1],
    [1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1],
]


def write(tmp_path: Path, document: Any) -> str:
    path = tmp_path / "input.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


def score(tmp_path: Path, document: Any) -> dict[str, Any]:
    out = StringIO()
    call_command("score", write(tmp_path, document), stdout=out)
    return json.loads(out.getvalue())


def refused(tmp_path: Path, document: Any) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("score", write(tmp_path, document), stdout=StringIO())
    assert raised.value.returncode == 2
    return str(raised.value)


def command_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a developer's shell: manage.py's own settings, DEBUG on."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    return {**env, "DEBUG": "true", "OPENWEIGH_DATA_DIR": str(tmp_path / "data")}


def manage(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=command_env(tmp_path),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def with_ahp(matrix: Any) -> dict[str, Any]:
    return {"answers": demo.SUPPORT_CHAT, "weights": {"ahp": matrix}}


def with_direct(weights: Any) -> dict[str, Any]:
    return {"answers": demo.SUPPORT_CHAT, "weights": {"direct": weights}}


# --- valid input -------------------------------------------------------------------------
def test_it_scores_a_bare_answers_document(tmp_path: Path) -> None:
    output = score(tmp_path, demo.SUPPORT_CHAT)

    assert output["model_version"] == 2
    assert output["weights"] == dict.fromkeys(CRITERIA, 0.2)
    assert "consistency_ratio" not in output
    assert output["recommendation"] == "closed"
    # Frontier quality is essential: since model v2 that excludes open (no rank, no score).
    assert output["options"]["open"]["feasible"] is False
    assert "rank" not in output["options"]["open"]
    assert [k["rule"] for k in output["options"]["open"]["knockouts"]] == ["frontier-essential"]
    assert {o: output["options"][o]["rank"] for o in ("closed", "hybrid")} == {
        "closed": 1,
        "hybrid": 2,
    }
    for option in ("closed", "hybrid"):
        entry = output["options"][option]
        assert entry["feasible"] is True
        assert 0.0 <= entry["score"] <= 1.0
        assert set(entry["criteria"]) == set(CRITERIA)
    assert len(output["flip_points"]) == 5
    assert set(output["robustness"]) == {"closed", "hybrid"}
    # Closed fits 1.0 everywhere but latency, (0.9 + 1 + 1 + 1) / 4 = 0.975: it scores
    # 4.975 / 5 = 0.995, far ahead of hybrid, and wins every draw: not a close call.
    assert output["options"]["closed"]["score"] == pytest.approx(0.995, abs=1e-12)
    assert output["close_call"] is False
    assert output["close_call_detail"]["options"] == ["closed", "hybrid"]
    assert output["close_call_detail"]["because"] == []
    # The command prints what the domain computes, nothing lost on the way.
    assert output == json.loads(json.dumps(evaluate(validate_answers(demo.SUPPORT_CHAT)).to_json()))


def test_it_normalises_direct_weights(tmp_path: Path) -> None:
    output = score(
        tmp_path,
        with_direct({"sensitivity": 30, "latency": 10, "customization": 20, "tco": 25, "risk": 15}),
    )

    # 30, 10, 20, 25, 15 of 100.
    assert output["weights"] == {
        "sensitivity": 0.3,
        "latency": 0.1,
        "customization": 0.2,
        "tco": 0.25,
        "risk": 0.15,
    }
    assert output["options"]["closed"]["criteria"]["tco"]["weight"] == 0.25
    assert "consistency_ratio" not in output


def test_it_weighs_a_criterion_left_out_of_direct_weights_as_zero(tmp_path: Path) -> None:
    output = score(tmp_path, with_direct({"sensitivity": 1, "tco": 3}))

    # 1 and 3 of 4.
    assert output["weights"] == {
        "sensitivity": 0.25,
        "latency": 0.0,
        "customization": 0.0,
        "tco": 0.75,
        "risk": 0.0,
    }


def test_it_derives_weights_and_consistency_from_an_ahp_matrix(tmp_path: Path) -> None:
    output = score(tmp_path, with_ahp(CONSISTENT_AHP))

    # Consistent: the eigenvector is 4, 2, 2, 1, 1 of 10 and CR = 0.
    assert output["weights"] == pytest.approx(
        {"sensitivity": 0.4, "latency": 0.2, "customization": 0.2, "tco": 0.1, "risk": 0.1},
        abs=1e-12,
    )
    assert output["consistency_ratio"] == pytest.approx(0.0, abs=1e-12)
    assert (output["consistency_warning"], output["most_inconsistent_pair"]) == (None, None)
    assert [point["criterion"] for point in output["flip_points"]] == list(CRITERIA)
    assert all(point["text"] for point in output["flip_points"])
    assert sum(output["robustness"].values()) == pytest.approx(1.0, abs=1e-12)


def test_it_reports_the_consistency_ratio_of_circular_judgments(tmp_path: Path) -> None:
    output = score(tmp_path, with_ahp(CIRCULAR_AHP))

    # By symmetry sensitivity, latency and customization weigh x, TCO and risk y:
    # (1 + 9 + 1/9) x + 2 y = λ x and 3 x + 2 y = λ y give λ² − (109/9) λ + 128/9 = 0,
    # λ_max = (109 + √7273) / 18 = 10.793438; CI = 5.793438 / 4 = 1.448360;
    # CR = 1.448360 / 1.12 = 1.293178.
    assert output["consistency_ratio"] == pytest.approx(1.293178, abs=1e-6)
    # x = y (λ − 2) / 3, and 3 x + 2 y = 1 gives λ y = 1: y = 1 / 10.793438 = 0.092649,
    # x = 8.793438 / (3 · 10.793438) = 0.271567.
    assert output["weights"]["sensitivity"] == pytest.approx(0.271567, abs=1e-6)
    assert output["weights"]["tco"] == pytest.approx(0.092649, abs=1e-6)
    # The three judgments of the cycle (sensitivity 9 × latency, latency 9 × customization,
    # customization 9 × sensitivity) are equally far off: 9 where the weights say x / x = 1.
    # On such a tie the first pair in criterion order is named, and 1 is its consistent value.
    assert output["most_inconsistent_pair"] == {
        "row": "sensitivity",
        "column": "latency",
        "suggested_value": 1.0,
    }
    assert output["consistency_warning"].startswith(
        "Your comparisons contradict each other (consistency ratio 1.29; up to 0.10 is "
        "acceptable). The one that fits the others least is sensitivity against latency"
    )


def test_it_warns_on_standard_error_about_inconsistent_judgments(tmp_path: Path) -> None:
    errors = StringIO()
    call_command("score", write(tmp_path, with_ahp(CIRCULAR_AHP)), stdout=StringIO(), stderr=errors)
    assert errors.getvalue().startswith("warning: Your comparisons contradict each other")


def test_it_accepts_a_reciprocal_as_json_writes_it(tmp_path: Path) -> None:
    typed = matrix_with(c0_3=3, c3_0=0.3333333333333333)
    exact = matrix_with(c0_3=3, c3_0=1 / 3)

    assert score(tmp_path, with_ahp(typed)) == score(tmp_path, with_ahp(exact))


@pytest.mark.parametrize(("judgment", "typed"), [(3, 0.333333), (6, 0.166667), (9, 0.111111)])
def test_it_accepts_a_reciprocal_typed_with_six_decimals(
    tmp_path: Path, judgment: int, typed: float
) -> None:
    given = matrix_with(c0_3=judgment, c3_0=typed)
    exact = matrix_with(c0_3=judgment, c3_0=1 / judgment)

    # The lower triangle is rebuilt from the judgments: the rounding does not leak in.
    assert score(tmp_path, with_ahp(given)) == score(tmp_path, with_ahp(exact))


def test_it_reads_the_document_from_standard_input(tmp_path: Path) -> None:
    process = manage(tmp_path, "score", "-", stdin=json.dumps(with_direct({"risk": 2})))

    assert process.returncode == 0, process.stderr
    output = json.loads(process.stdout)
    assert output["weights"] == {
        "sensitivity": 0.0,
        "latency": 0.0,
        "customization": 0.0,
        "tco": 0.0,
        "risk": 1.0,
    }
    assert output["recommendation"] == "closed"


def test_it_exits_with_status_2_and_names_the_field(tmp_path: Path) -> None:
    process = manage(
        tmp_path,
        "score",
        "-",
        stdin=json.dumps({"answers": demo.SUPPORT_CHAT, "weigths": {"direct": {"risk": 1}}}),
    )

    assert process.returncode == 2
    assert process.stdout == ""
    assert "weigths: unknown key; expected answers, weights" in process.stderr
    assert "Traceback" not in process.stderr


# --- invalid input -----------------------------------------------------------------------
def test_it_refuses_a_file_that_is_not_json(tmp_path: Path) -> None:
    message = refused(tmp_path, '{"residency": "none",')

    assert "input.json is not valid JSON" in message
    assert "line 1" in message


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("score", str(tmp_path / "nowhere.json"), stdout=StringIO())

    assert raised.value.returncode == 2
    assert "cannot read" in str(raised.value)
    assert "nowhere.json: No such file or directory" in str(raised.value)


SUPPORT = demo.SUPPORT_CHAT
WITHOUT_RESIDENCY = {k: v for k, v in SUPPORT.items() if k != "residency"}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({**SUPPORT, "colour": "blue"}, "colour: unknown question id"),
        ({"answers": {**SUPPORT, "colour": "blue"}}, "answers.colour: unknown question id"),
        ({**SUPPORT, "p95_latency_ms": "fast"}, "p95_latency_ms: must be a number"),
        ({**SUPPORT, "offline": True}, "offline: must be one of: never, sometimes, always"),
        ({**SUPPORT, "p95_latency_ms": 10}, "p95_latency_ms: must be between 50 and 600,000"),
        (
            {"answers": {**SUPPORT, "horizon_months": 121}},
            "answers.horizon_months: must be between 1 and 120",
        ),
        ({**SUPPORT, "residency": "moon"}, "residency: 'moon' is not one of"),
        (WITHOUT_RESIDENCY, "residency: is required"),
        ([SUPPORT], "answers: must be an object of question ids"),
        (
            {"answers": SUPPORT, "weigths": {"direct": {"risk": 1}}},
            "weigths: unknown key; expected answers, weights",
        ),
    ],
    ids=[
        "unknown-question",
        "unknown-question-wrapped",
        "wrong-type",
        "bool-for-choice",
        "out-of-range",
        "out-of-range-wrapped",
        "unknown-value",
        "missing",
        "not-an-object",
        "unknown-top-level-key",
    ],
)
def test_it_refuses_invalid_answers(tmp_path: Path, document: Any, expected: str) -> None:
    assert expected in refused(tmp_path, document)


def matrix_with(**cells: Any) -> list[list[Any]]:
    """CONSISTENT_AHP with cells replaced, e.g. ``c0_1=3``."""
    matrix = [list(row) for row in CONSISTENT_AHP]
    for name, value in cells.items():
        i, j = (int(k) for k in name[1:].split("_"))
        matrix[i][j] = value
    return matrix


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (
            {"ahp": matrix_with(c0_1=3)},
            "weights.ahp[0][1]: must be the reciprocal of [1][0] (0.5), got 3",
        ),
        ({"ahp": matrix_with(c0_2=-2)}, "weights.ahp[0][2]: must be positive"),
        ({"ahp": matrix_with(c3_4=12)}, "weights.ahp[3][4]: must be between 1/9 and 9"),
        ({"ahp": matrix_with(c2_2=2)}, "weights.ahp[2][2]: must be 1"),
        ({"ahp": matrix_with(c1_3="2")}, "weights.ahp[1][3]: must be a number"),
        ({"ahp": [row[:4] for row in CONSISTENT_AHP[:4]]}, "weights.ahp: matrix must be 5 × 5"),
        ({"ahp": CONSISTENT_AHP[:4]}, "weights.ahp: matrix must be 5 × 5"),
        ({"ahp": "4, 2, 2, 1, 1"}, "weights.ahp: matrix must be 5 × 5"),
        ({"direct": {"tco": -1, "risk": 2}}, "weights.direct.tco: must not be negative"),
        ({"direct": dict.fromkeys(CRITERIA, 0)}, "weights.direct: at least one weight"),
        ({"direct": {}}, "weights.direct: at least one weight must be above zero"),
        ({"direct": {"cost": 2}}, "weights.direct.cost: unknown criterion"),
        ({"direct": {"tco": "high"}}, "weights.direct.tco: must be a finite number"),
        ({"direct": [30, 10, 20, 25, 15]}, "weights.direct: must be an object"),
        ({"direct": {"tco": 1}, "ahp": CONSISTENT_AHP}, 'weights: must be {"direct"'),
        ({"equal": True}, 'weights: must be {"direct"'),
    ],
    ids=[
        "ahp-not-reciprocal",
        "ahp-negative",
        "ahp-off-scale",
        "ahp-diagonal",
        "ahp-string",
        "ahp-4x4",
        "ahp-4-rows",
        "ahp-not-a-matrix",
        "direct-negative",
        "direct-all-zero",
        "direct-empty",
        "direct-unknown-criterion",
        "direct-string",
        "direct-list",
        "both-methods",
        "unknown-method",
    ],
)
def test_it_refuses_invalid_weights(tmp_path: Path, weights: Any, expected: str) -> None:
    assert expected in refused(tmp_path, {"answers": SUPPORT, "weights": weights})


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_it_refuses_a_non_finite_number_written_as_a_json_literal(
    tmp_path: Path, literal: str
) -> None:
    document = json.dumps(with_direct({"tco": 1, "risk": 2})).replace(
        '"risk": 2', f'"risk": {literal}'
    )

    assert "weights.direct.risk: must be a finite number" in refused(tmp_path, document)


def test_it_reports_every_problem_at_once(tmp_path: Path) -> None:
    message = refused(
        tmp_path,
        {
            "answers": {**SUPPORT, "p95_latency_ms": 10, "offline": "often"},
            "weights": {"direct": {"tco": -1}},
        },
    )

    assert "answers.p95_latency_ms: must be between" in message
    assert "answers.offline: 'often' is not one of" in message
    assert "weights.direct.tco: must not be negative" in message


def test_it_normalises_direct_weights_too_large_to_add_up(tmp_path: Path) -> None:
    # 1.5e308 + 1.5e308 overflows a float; the two still weigh half each.
    output = score(tmp_path, with_direct({"sensitivity": 1.5e308, "latency": 1.5e308}))

    assert output["weights"] == {
        "sensitivity": 0.5,
        "latency": 0.5,
        "customization": 0.0,
        "tco": 0.0,
        "risk": 0.0,
    }
