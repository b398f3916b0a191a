"""Scoring model v1 is frozen: stored v1 runs reproduce byte for byte.

The fixtures in ``fixtures/v1/`` were captured from the code before model v2 existed (commit
4b6f321): for each case, the inputs a ``ScoringRun`` stores and the JSON that
``Evaluation.to_json()`` gave, written with ``json.dumps``. ``reevaluate(1, inputs)`` must give
the very same text, whatever later versions change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.evaluation import reevaluate
from tests.scoring.examples import jsonb_order

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "v1"
CASES = sorted(path.name.removesuffix(".inputs.json") for path in FIXTURES.glob("*.inputs.json"))


def test_it_has_the_captured_runs() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES)
def test_it_reproduces_a_stored_v1_run_byte_for_byte(case: str) -> None:
    inputs = json.loads((FIXTURES / f"{case}.inputs.json").read_text(encoding="utf-8"))
    stored = (FIXTURES / f"{case}.outputs.json").read_text(encoding="utf-8")

    assert json.dumps(reevaluate(1, inputs)) + "\n" == stored
    assert json.dumps(reevaluate(1, jsonb_order(inputs))) + "\n" == stored
