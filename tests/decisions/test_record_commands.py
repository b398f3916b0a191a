"""manage.py verify_decision and export_decision --format json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from decisions.models import Decision
from decisions.services import records
from tests.decisions.conftest import accepted


@pytest.fixture
def record(ready: Decision, editor: User, approver: User) -> Decision:
    return accepted(ready, editor, approver)


def test_verify_decision_exits_0_for_an_intact_record(
    record: Decision, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("verify_decision", str(record.pk))
    out = capsys.readouterr().out
    assert out.startswith("verified: “Clinical notes” (accepted), content hash ")
    assert record.snapshot.content_hash in out


def test_verify_decision_exits_1_and_names_what_a_tampered_row_changed(
    record: Decision, capsys: pytest.CaptureFixture[str]
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_decision SET title = %s WHERE id = %s", ["X", record.pk])
    with pytest.raises(CommandError) as failed:
        call_command("verify_decision", str(record.pk))
    assert failed.value.returncode == 1
    err = capsys.readouterr().err
    assert "not verified: decision.title differs: the snapshot has 'Clinical notes'" in err


def test_verify_decision_says_when_a_decision_was_never_accepted(ready: Decision) -> None:
    with pytest.raises(CommandError) as failed:
        call_command("verify_decision", str(ready.pk))
    assert failed.value.returncode == 1


def test_verify_decision_exits_2_for_an_unknown_id(db: None) -> None:
    with pytest.raises(CommandError, match="no decision with id 999") as failed:
        call_command("verify_decision", "999")
    assert failed.value.returncode == 2


def test_export_decision_writes_the_record_its_snapshot_and_a_hash_that_verifies(
    record: Decision, tmp_path: Path
) -> None:
    out = tmp_path / "record.json"
    call_command("export_decision", str(record.pk), "--format", "json", "-o", str(out))

    document = json.loads(out.read_text())
    assert document["schema_version"] == 1
    assert document["decision"]["status"] == "accepted"
    assert document["record"]["rationale"] == record.rationale
    text = document["snapshot_canonical"]
    assert hashlib.sha256(text.encode()).hexdigest() == document["content_hash"]
    assert records.canonical_json(document["snapshot"]) == text
    assert [event["kind"] for event in document["history"]][-2:] == ["approved", "accepted"]


def test_export_decision_exits_2_for_an_unknown_id_and_writes_nothing(
    db: None, tmp_path: Path
) -> None:
    out = tmp_path / "record.json"
    with pytest.raises(CommandError, match="no decision with id 42") as failed:
        call_command("export_decision", "42", "-o", str(out))
    assert failed.value.returncode == 2
    assert not out.exists()


def test_export_decision_exits_2_for_a_path_it_cannot_write(
    record: Decision, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="cannot write") as failed:
        call_command("export_decision", str(record.pk), "-o", str(tmp_path / "no" / "x.json"))
    assert failed.value.returncode == 2
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
