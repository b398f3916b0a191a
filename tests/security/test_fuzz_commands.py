"""The answers document, the cost inputs, every import file and every command, fed hostile
documents and arguments (tests/security/hostile.py): each is accepted or refused with a
message — a refusal is ``AnswersInvalid``, ``TcoInputsInvalid`` or, from a command, a
``CommandError`` (exit status 2 and a sentence) — never another exception."""

from __future__ import annotations

import json
import math
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions import demo
from decisions.models import Membership, Organization
from scoring.questions import AnswersInvalid, validate_answers
from scoring.tco import TcoInputsInvalid, default_inputs, merge_inputs
from tests.conftest import make_member
from tests.security.conftest import ready_decision
from tests.security.hostile import PAYLOADS, hostile_text, json_documents

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

QUESTION_IDS = sorted(demo.HOSPITAL_NOTES)
TCO_IDS = sorted(default_inputs({})[0].to_json())

# An answers document: the bank's questions and made-up ones, with any JSON at all.
answers_documents = st.one_of(
    json_documents,
    st.dictionaries(st.one_of(st.sampled_from(QUESTION_IDS), st.text(max_size=10)), json_documents),
    st.fixed_dictionaries({}, optional={q: json_documents for q in QUESTION_IDS}),
)
tco_documents = st.one_of(
    json_documents,
    st.dictionaries(
        st.one_of(st.sampled_from(TCO_IDS), st.text(max_size=10)),
        st.one_of(json_documents, st.lists(json_documents, min_size=3, max_size=3)),
    ),
)


def write(tmp_path: Path, name: str, document: Any) -> Path:
    path = tmp_path / name
    # Non-finite numbers as JavaScript writes them (NaN, Infinity): not JSON, but sent.
    path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
    return path


def command(*args: Any) -> str:
    """A command's output; a refusal must be a CommandError with exit status 2."""
    out = StringIO()
    refused: CommandError | None = None
    try:
        call_command(*args, stdout=out, stderr=StringIO())
    except CommandError as error:
        refused = error
    if refused is None:
        return out.getvalue()
    # The command's own refusals exit 2; argparse's ("Error: unrecognized arguments",
    # "invalid int value") come through call_command as exit 1, and as exit 2 from the
    # command line.
    assert refused.returncode == 2 or str(refused).startswith("Error: "), refused
    assert str(refused).strip(), "a refusal says why"
    return f"refused: {refused}"


@FUZZ
@given(document=answers_documents, partial=st.booleans())
def test_the_answers_document_is_validated_or_refused_by_field(
    document: Any, partial: bool
) -> None:
    try:
        valid = validate_answers(document, partial=partial)
    except AnswersInvalid as invalid:
        errors = invalid.errors
    else:
        assert set(valid) <= set(QUESTION_IDS)
        return
    assert errors, "a refusal names the fields"


def assert_names_a_field(invalid: TcoInputsInvalid) -> None:
    assert str(invalid).strip()


@FUZZ
@given(document=tco_documents)
def test_the_cost_inputs_are_merged_or_refused_by_field(document: Any) -> None:
    base = default_inputs(demo.HOSPITAL_NOTES)[0]
    try:
        merged = merge_inputs(base, document)
    except TcoInputsInvalid as invalid:
        assert_names_a_field(invalid)
        return
    for value in merged.to_json().values():
        values = value if isinstance(value, list) else [value]
        assert all(math.isfinite(v) for v in values)


def test_the_score_command_refuses_or_scores_anything(tmp_path: Path) -> None:
    @FUZZ
    @given(
        document=st.one_of(
            answers_documents,
            st.fixed_dictionaries({"answers": answers_documents, "weights": json_documents}),
        )
    )
    def score(document: Any) -> None:
        command("score", str(write(tmp_path, "answers.json", document)))

    score()


def test_the_simulate_command_refuses_or_simulates_anything(tmp_path: Path) -> None:
    @FUZZ
    @given(
        document=st.fixed_dictionaries(
            {}, optional={"answers": answers_documents, "tco": tco_documents}
        ),
        seed=st.integers(min_value=-(2**70), max_value=2**70),
    )
    def simulate(document: Any, seed: int) -> None:
        path = write(tmp_path, "tco.json", document)
        command("simulate_tco", str(path), "--trials", "100", "--seed", str(seed))

    simulate()


@pytest.mark.parametrize("text", ["", "{", "[1, 2", "\x00", "null", '"text"', "1e999", "\ufeff{}"])
@pytest.mark.parametrize("name", ["score", "simulate_tco"])
def test_the_commands_refuse_what_is_not_a_json_object(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    assert command(name, str(path)).startswith("refused: ")


@pytest.fixture
def accepted_id(org: Organization) -> int:
    from decisions.services import records

    editor = make_member(org, "erin", Membership.Role.EDITOR)
    approver = make_member(org, "april", Membership.Role.APPROVER)
    decision = ready_decision(org, editor, "T")
    records.record_submit(decision=decision, by=editor)
    records.record_judge(decision=decision, by=approver, approve=True, comment="Yes.")
    return decision.pk


def test_the_record_commands_refuse_any_other_id(accepted_id: int, tmp_path: Path) -> None:
    @FUZZ
    @given(
        id_=st.one_of(st.integers(min_value=-(2**70), max_value=2**70), hostile_text),
        output=st.sampled_from(["-", "out.json", "missing/out.json", "", "\x00"]),
    )
    def records(id_: Any, output: str) -> None:
        target = output if output in ("-", "") else str(tmp_path / output)
        command("verify_decision", str(id_))
        command("export_decision", str(id_), "-o", target)

    records()
    assert command("verify_decision", str(accepted_id)).startswith("verified: “T” (accepted)")


@pytest.mark.django_db
@pytest.mark.parametrize("id_", ["0", "-1", str(2**31), str(2**63), str(2**70), "1e3", "０"])
def test_the_record_commands_refuse_ids_out_of_any_range(id_: str) -> None:
    assert command("verify_decision", id_).startswith("refused: ")
    assert command("export_decision", id_).startswith("refused: ")


def test_the_catalog_commands_refuse_any_file(db: None, tmp_path: Path) -> None:
    @FUZZ
    @given(
        document=json_documents,
        text=st.one_of(
            hostile_text,
            st.sampled_from(["{", "- [", ": :", "key: [1, 2", "!!python/object:os.system ls"]),
        ),
    )
    def imports(document: Any, text: str) -> None:
        as_json = write(tmp_path, "prices.json", document)
        command("import_litellm_prices", str(as_json))
        command("load_catalog", str(as_json))
        folder = tmp_path / "mot"
        folder.mkdir(exist_ok=True)
        (folder / "model.yml").write_text(text, encoding="utf-8")
        command("import_mot", str(folder))
        command("import_mot", str(as_json))

    imports()


def test_the_catalog_lookup_takes_any_name(db: None) -> None:
    call_command("load_catalog", stdout=StringIO())

    @FUZZ
    @given(name=st.one_of(hostile_text, st.sampled_from(PAYLOADS)), as_json=st.booleans())
    def look_up(name: str, as_json: bool) -> None:
        if "\x00" in name:
            name = name.replace("\x00", "")
        command("catalog_model", name, *(["--json"] if as_json else []))

    look_up()


def test_the_catalog_fixture_build_refuses_a_folder_without_its_sources(tmp_path: Path) -> None:
    assert command(
        "build_catalog_fixture", "--data", str(tmp_path), "--output", str(tmp_path / "out.json")
    ).startswith("refused: ")


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["", " ", PAYLOADS[0], "\u202e" * 3, "a" * 5000])
def test_seed_demo_takes_any_password(password: str) -> None:
    command("seed_demo", "--password", password)
