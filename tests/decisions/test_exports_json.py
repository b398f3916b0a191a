"""The JSON export: valid against its JSON Schema (docs/schemas/decision-export.schema.json),
complete enough to recompute the scores and to verify the frozen record's hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.contrib.auth.models import User

from decisions.models import Decision
from decisions.services import exports, records
from scoring.evaluation import as_numbers, reevaluate
from tests.decisions.exports_fixtures import (
    HOSTILE,
    HOSTILE_NAMES,
    hostile_fixture,  # noqa: F401
    record_fixture,  # noqa: F401
    support_fixture,  # noqa: F401
)

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "docs" / "schemas" / "decision-export.schema.json"
)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def exported(decision: Decision) -> dict[str, Any]:
    filename, text = exports.json_export(decision=Decision.objects.get(pk=decision.pk))
    assert filename.endswith(".json")
    document: dict[str, Any] = json.loads(text)
    return document


def errors(validator: jsonschema.Draft202012Validator, document: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_an_accepted_record_validates_and_its_hash_verifies(
    record: Decision, validator: jsonschema.Draft202012Validator
) -> None:
    document = exported(record)
    assert errors(validator, document) == []
    assert document["schema_version"] == 1
    canonical = document["snapshot_canonical"]
    assert hashlib.sha256(canonical.encode()).hexdigest() == document["content_hash"]
    assert document["content_hash"] == record.snapshot.content_hash
    assert records.canonical_json(document["snapshot"]) == canonical


def test_the_scores_recompute_from_the_export_alone(record: Decision) -> None:
    document = exported(record)
    for evaluation in (document["current_result"], document["snapshot"]["evaluation"]):
        again = reevaluate(evaluation["model_version"], evaluation["inputs"])
        assert as_numbers(again) == as_numbers(evaluation["outputs"])
    outputs = document["snapshot"]["evaluation"]["outputs"]
    assert outputs["recommendation"] == "closed"
    assert round(outputs["options"]["closed"]["score"], 3) == 0.995
    assert outputs["options"]["open"]["feasible"] is False


@pytest.mark.parametrize("state", ["incomplete", "draft", "in_review", "rejected"])
def test_a_record_in_any_state_validates(
    state: str,
    draft: Decision,
    support: Decision,
    editor: User,
    approver: User,
    validator: jsonschema.Draft202012Validator,
) -> None:
    decision = draft if state == "incomplete" else support
    if state in ("in_review", "rejected"):
        records.record_submit(decision=support, by=editor)
    if state == "rejected":
        records.record_judge(decision=support, by=approver, approve=False, comment="Why?")
    document = exported(decision)
    assert errors(validator, document) == []
    assert document["content_hash"] is None
    assert document["snapshot"] is None
    assert (document["current_result"] is None) == (state == "incomplete")


def test_the_schema_refuses_what_the_contract_does_not_allow(
    record: Decision, validator: jsonschema.Draft202012Validator
) -> None:
    document = exported(record)
    broken = json.loads(json.dumps(document))
    broken["content_hash"] = "not-a-hash"
    broken["decision"]["status"] = "approved"
    broken["surprise"] = True
    del broken["current_result"]["inputs"]
    assert sorted(tuple(e.absolute_path) for e in validator.iter_errors(broken)) == [
        (),
        ("content_hash",),
        ("current_result",),
        ("decision", "status"),
    ]


def test_hostile_text_round_trips_as_data(
    hostile: Decision, validator: jsonschema.Draft202012Validator
) -> None:
    document = exported(hostile)
    assert errors(validator, document) == []
    assert document["decision"]["use_case"] == HOSTILE
    assert document["record"]["decision_makers"] == HOSTILE_NAMES
    assert document["record"]["option_notes"]["open"]["pros"] == HOSTILE
