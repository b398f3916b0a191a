"""Decision records: the lifecycle by role and status, four-eyes, quorum, the frozen snapshot
and its hash, supersede, no lost updates, and the periodic review."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from decisions import demo
from decisions.models import (
    Approval,
    Decision,
    DecisionEvent,
    FrozenRecord,
    Membership,
    Organization,
    RecordSnapshot,
    WeightSet,
)
from decisions.services import records
from decisions.services.answers import decision_save_answers
from decisions.services.evaluations import decision_evaluate
from decisions.services.weights import weight_set_save_direct
from tests.conftest import client_for
from tests.decisions.conftest import accepted

Status = Decision.Status


def url(decision: Decision, step: str = "") -> str:
    return f"/decisions/{decision.pk}/record/{step + '/' if step else ''}"


def reload(decision: Decision) -> Decision:
    return Decision.objects.get(pk=decision.pk)


# --- the lifecycle through the pages -------------------------------------------------------------
def test_an_editor_submits_and_an_approver_accepts_the_record(
    editor_client: Client, approver_client: Client, ready: Decision
) -> None:
    response = editor_client.post(url(ready, "submit"), follow=True)
    assert "Submitted for review" in response.content.decode()
    assert reload(ready).status == Status.IN_REVIEW

    page = approver_client.post(
        url(ready, "verdict"), {"verdict": "approve", "comment": "Sound."}, follow=True
    ).content.decode()

    decision = reload(ready)
    assert decision.status == Status.ACCEPTED
    assert "Approved: the record is accepted and frozen." in page
    assert decision.snapshot.content_hash in page
    assert "✓ Verified" in page


def test_an_incomplete_draft_cannot_be_submitted_and_says_what_is_missing(
    editor_client: Client, draft: Decision
) -> None:
    page = editor_client.get(url(draft)).content.decode()
    assert "Answer every question first (5 of 5 areas still open)." in page
    assert "Choose the option the board decides on." in page
    assert "Write the rationale: why this option." in page
    assert "Submit for review" not in page

    response = editor_client.post(url(draft, "submit"), follow=True)

    assert "Answer every question first" in response.content.decode()
    assert reload(draft).status == Status.DRAFT


def test_choosing_another_option_than_the_recommendation_needs_a_justification(
    editor_client: Client, ready: Decision
) -> None:
    other = "hybrid" if ready.chosen_option != "hybrid" else "open"
    data = record_data(ready, chosen_option=other, choice_justification="")

    response = editor_client.post(url(ready, "edit"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "say why the board chooses another option." in page
    assert reload(ready).chosen_option != other
    # The outcome beside the form shows what is stored, and the refusal is said at the top.
    outcome = page.split("<h2>Outcome</h2>")[1].split("</dl>")[0]
    assert f'<span class="badge {other}">' not in outcome
    assert page.index("<strong>Not saved.</strong>") < page.index("<h2>Outcome</h2>")
    # What was typed stays on the page.
    assert "The data may not leave the hospital" in response.content.decode()

    data["choice_justification"] = "The board keeps a vendor path for the frontier tasks."
    assert editor_client.post(url(ready, "edit"), data).status_code == 302
    assert reload(ready).chosen_option == other


def test_a_revisit_date_in_the_past_is_refused(editor_client: Client, ready: Decision) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    response = editor_client.post(url(ready, "edit"), record_data(ready, revisit_on=yesterday))
    assert "Choose a date to come: this one has passed." in response.content.decode()
    assert reload(ready).revisit_on is None


def record_data(decision: Decision, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": decision.updated_at.isoformat(),
        "title": decision.title,
        "context": decision.context,
        "drivers": decision.drivers,
        "chosen_option": decision.chosen_option,
        "choice_justification": decision.choice_justification,
        "rationale": decision.rationale,
        "consequences": decision.consequences,
        "dissent": decision.dissent,
        "decision_makers": "\n".join(decision.decision_makers),
        "consulted": "",
        "informed": "",
        "revisit_on": "",
    }
    for option in ("open", "closed", "hybrid"):
        data[f"{option}_pros"] = data[f"{option}_cons"] = ""
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_record_text_is_saved_with_its_history_field_by_field(
    editor: User, editor_client: Client, ready: Decision
) -> None:
    data = record_data(
        ready,
        title="Clinical notes summariser",
        decision_makers="Priya Approver, Eli Editor\nThe CISO",
        open_pros="Keeps patient data in.",
    )
    assert editor_client.post(url(ready, "edit"), data).status_code == 302

    decision = reload(ready)
    assert decision.title == "Clinical notes summariser"
    assert decision.decision_makers == ["Priya Approver", "Eli Editor", "The CISO"]
    assert decision.option_notes["open"] == {"pros": "Keeps patient data in.", "cons": ""}
    event = DecisionEvent.objects.filter(decision=ready, kind=DecisionEvent.Kind.RECORD).get()
    assert event.actor == editor
    assert event.changes["title"] == ["Clinical notes", "Clinical notes summariser"]


def test_the_history_tells_one_sitting_of_answer_saves_as_one_change(
    editor: User, approver: User, editor_client: Client, ready: Decision
) -> None:
    start = timezone.now() - timedelta(hours=2)
    Kind = DecisionEvent.Kind

    def saved(minute: int, actor: User, changes: dict[str, list[str]]) -> None:
        # Events are append-only: written at the minute they are said to happen.
        with mock.patch(
            "django.utils.timezone.now", return_value=start + timedelta(minutes=minute)
        ):
            DecisionEvent.objects.create(
                decision=ready, actor=actor, kind=Kind.ANSWERS, changes=changes
            )

    # The editor (erin) autosaves three times in ten minutes: low → medium → high, and
    # residency back where it was; then, 40 minutes later, once more; the approver (april)
    # once in between.
    saved(0, editor, {"lock_in_tolerance": ["low", "medium"], "residency": ["none", "own_region"]})
    saved(4, editor, {"lock_in_tolerance": ["medium", "high"]})
    saved(10, editor, {"residency": ["own_region", "none"]})
    saved(12, approver, {"offline": ["never", "always"]})
    saved(50, editor, {"offline": ["always", "sometimes"]})

    page = editor_client.get(url(ready)).content.decode()
    history = page.split("<h2>History</h2>")[1]
    lines = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in history.split("<li><span")[1:]
    ]
    # Newest first: the creation, the editor alone, the approver, the editor's sitting of three.
    assert len(lines) == 4
    assert "erin: created" in lines[0]
    assert "erin: changed answers Must it work" in lines[1]
    assert "april: changed answers" in lines[2]
    assert "erin: changed answers (3 saves since" in lines[3]
    assert lines[3].endswith("accept?: Low → High")  # from the first value to the last
    assert "Where may this data be processed" not in lines[3]  # changed and changed back
    assert DecisionEvent.objects.filter(decision=ready, kind=Kind.ANSWERS).count() == 5


# --- no lost updates -----------------------------------------------------------------------------
def test_two_people_saving_at_once_the_second_sees_what_changed_and_keeps_what_they_typed(
    editor_client: Client, approver_client: Client, ready: Decision
) -> None:
    seen = ready.updated_at  # both opened the page now
    first = record_data(ready, rationale="Open weights keep the data in.")
    assert approver_client.post(url(ready, "edit"), first).status_code == 302

    second = record_data(ready, rationale="My own wording.", version=seen.isoformat())
    response = editor_client.post(url(ready, "edit"), second)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Not saved: someone changed this decision since you opened the page." in page
    assert "Rationale: The data may not leave the hospital" in page  # what they changed
    assert "My own wording." in page  # what this user typed, kept
    assert reload(ready).rationale == "Open weights keep the data in."


# --- roles and statuses at the pages -------------------------------------------------------------
POSTS = {
    "submit": {},
    "verdict": {"verdict": "approve", "comment": "ok"},
    "reopen": {},
    "deprecate": {"comment": "Superseded by policy."},
    "revisit": {},
}


@pytest.mark.parametrize("step", list(POSTS))
def test_a_viewer_is_refused_every_step_with_the_reason(
    viewer: User, ready: Decision, step: str
) -> None:
    response = client_for(viewer).post(url(ready, step), POSTS[step])
    assert response.status_code == 403
    assert reload(ready).status == Status.DRAFT


def test_steps_out_of_order_are_refused_and_change_nothing(
    editor: User, approver: User, admin: User, ready: Decision
) -> None:
    refused = {
        (approver, "verdict"),  # a draft is not in review
        (editor, "reopen"),  # only a rejected record reopens
        (admin, "deprecate"),  # only an accepted record is deprecated
        (editor, "revisit"),  # only an accepted record is revisited
    }
    for user, step in refused:
        response = client_for(user).post(url(ready, step), POSTS[step])
        assert response.status_code == 403, step
        assert "only" in response.content.decode().lower()
    assert reload(ready).status == Status.DRAFT
    assert not Approval.objects.exists()


def test_while_in_review_answers_weights_and_record_are_read_only(
    editor: User, editor_client: Client, ready: Decision
) -> None:
    records.record_submit(decision=ready, by=editor)

    step = editor_client.post(
        f"/decisions/{ready.pk}/questions/risk/", {"lock_in_tolerance": "high"}
    )
    weights = editor_client.post(f"/decisions/{ready.pk}/weights/direct/", {"risk": 10})
    record = editor_client.post(url(ready, "edit"), record_data(reload(ready), title="New"))

    for response in (step, weights, record):
        assert response.status_code == 403
        assert "This decision is in review" in response.content.decode()
    assert reload(ready).answers == demo.HOSPITAL_NOTES
    # The pages say why they are read-only: the status, not the editor's role.
    for address in ("questions/risk/", "tco/", ""):
        page = editor_client.get(f"/decisions/{ready.pk}/{address}").content.decode()
        assert "This decision is in review: its answers and record are read-only." in page
        assert "Viewers can" not in page
        assert "Save and continue" not in page
        assert "Save the shortlist" not in page


def test_buttons_appear_only_to_those_who_may_press_them(
    editor: User, editor_client: Client, approver_client: Client, viewer: User, ready: Decision
) -> None:
    assert "Submit for review" in editor_client.get(url(ready)).content.decode()
    assert "Submit for review" not in client_for(viewer).get(url(ready)).content.decode()
    records.record_submit(decision=ready, by=editor)
    assert ">Approve</button>" in approver_client.get(url(ready)).content.decode()
    assert ">Approve</button>" not in editor_client.get(url(ready)).content.decode()


# --- four-eyes and quorum ------------------------------------------------------------------------
def test_a_viewer_is_offered_to_read_a_draft_not_to_answer_it(
    viewer: User, editor_client: Client, draft: Decision
) -> None:
    assert "Start the questions" in editor_client.get(f"/decisions/{draft.pk}/").content.decode()
    page = client_for(viewer).get(f"/decisions/{draft.pk}/").content.decode()
    assert "See the questions" in page
    assert ">Answer</a>" not in page
    assert "Start the questions" not in page


def test_nobody_approves_a_record_they_own_or_wrote(
    editor: User, approver: User, admin: User, ready: Decision
) -> None:
    decision_save_answers(decision=ready, answers={"regulatory_exposure": "medium"}, by=approver)
    records.record_submit(decision=ready, by=editor)
    Membership.objects.filter(user=editor).update(role=Membership.Role.APPROVER)

    owner = client_for(editor).post(url(ready, "verdict"), POSTS["verdict"])
    writer = client_for(approver).post(url(ready, "verdict"), POSTS["verdict"])

    assert owner.status_code == writer.status_code == 403
    assert "Four eyes: you own this record" in owner.content.decode()
    assert "Four eyes: you wrote part of this record" in writer.content.decode()
    assert reload(ready).status == Status.IN_REVIEW
    with pytest.raises(records.RecordRefused, match="Four eyes"):
        records.record_judge(decision=ready, by=approver, approve=True, comment="")
    assert client_for(admin).post(url(ready, "verdict"), POSTS["verdict"]).status_code == 302
    assert reload(ready).status == Status.ACCEPTED


def test_the_organisations_quorum_decides_when_a_record_is_accepted(
    org: Organization, editor: User, approver: User, admin: User, ready: Decision
) -> None:
    org.approval_quorum = 2
    org.save()
    records.record_submit(decision=ready, by=editor)

    records.record_judge(decision=ready, by=approver, approve=True, comment="")
    assert reload(ready).status == Status.IN_REVIEW
    with pytest.raises(records.RecordRefused, match="already given your verdict"):
        records.record_judge(decision=ready, by=approver, approve=True, comment="")
    records.record_judge(decision=ready, by=admin, approve=True, comment="")

    assert reload(ready).status == Status.ACCEPTED
    document = json.loads(reload(ready).snapshot.content)
    assert [a["approver"] for a in document["review"]["approvals"]] == ["april", "ada"]


def test_a_rejection_needs_a_comment_and_a_reopened_record_is_submitted_again(
    editor: User, approver: User, approver_client: Client, ready: Decision
) -> None:
    records.record_submit(decision=ready, by=editor)
    response = approver_client.post(url(ready, "verdict"), {"verdict": "reject", "comment": " "})
    assert response.status_code == 400
    assert "Say why you reject it" in response.content.decode()

    records.record_judge(decision=ready, by=approver, approve=False, comment="Cost basis?")
    assert reload(ready).status == Status.REJECTED
    page = client_for(editor).get(url(ready)).content.decode()
    review = page.split("<h2>Review</h2>")[1]
    assert review.index("Cost basis?") < review.index("Reopen as a draft")  # why, then what
    records.record_reopen(decision=ready, by=editor)
    assert reload(ready).status == Status.DRAFT
    records.record_submit(decision=reload(ready), by=editor)
    # A new round: the approver may judge again.
    records.record_judge(decision=reload(ready), by=approver, approve=True, comment="")
    assert reload(ready).status == Status.ACCEPTED
    assert reload(ready).review_round == 2


# --- frozen --------------------------------------------------------------------------------------
def test_nothing_of_an_accepted_record_changes_by_any_path(
    editor: User, approver: User, ready: Decision
) -> None:
    weight_set_save_direct(decision=ready, member=editor, weights={"risk": 1, "tco": 1})
    decision = accepted(ready, editor, approver)

    decision.title = "Changed"
    with pytest.raises(FrozenRecord, match="title cannot change"):
        decision.save()
    with pytest.raises(FrozenRecord):
        Decision.objects.filter(pk=decision.pk).update(answers={})
    with pytest.raises(FrozenRecord):
        Decision.objects.filter(pk=decision.pk).delete()
    with pytest.raises(FrozenRecord):
        weight_set_save_direct(decision=decision, member=editor, weights={"risk": 1})
    with pytest.raises(FrozenRecord):
        WeightSet.objects.filter(decision=decision).delete()
    snapshot = decision.snapshot
    snapshot.content = "{}"
    with pytest.raises(FrozenRecord):
        snapshot.save()
    with pytest.raises(FrozenRecord):
        RecordSnapshot.objects.filter(pk=snapshot.pk).update(content="{}")
    with pytest.raises(FrozenRecord):
        DecisionEvent.objects.filter(decision=decision).delete()
    assert reload(decision).title == "Clinical notes"
    assert records.record_verify(reload(decision)).ok


def test_the_periodic_review_may_still_flag_a_frozen_record(
    editor: User, approver: User, ready: Decision
) -> None:
    decision = accepted(ready, editor, approver)
    Decision.objects.filter(pk=decision.pk).update(review_due=True, rescore_note="x")
    assert reload(decision).review_due is True


# --- the hash ------------------------------------------------------------------------------------
def test_the_snapshot_hash_is_sha256_of_its_canonical_text(
    editor: User, approver: User, ready: Decision
) -> None:
    import hashlib

    snapshot = accepted(ready, editor, approver).snapshot
    document = json.loads(snapshot.content)

    assert records.canonical_json(document) == snapshot.content
    assert hashlib.sha256(snapshot.content.encode()).hexdigest() == snapshot.content_hash
    assert document["format"] == "openweigh-record/1"
    assert document["answers"] == demo.HOSPITAL_NOTES
    assert document["record"]["rationale"].startswith("The data may not leave")
    assert document["evaluation"]["outputs"]["recommendation"] == ready.chosen_option


def test_verification_names_what_a_tampered_row_changed(
    editor: User, approver: User, ready: Decision
) -> None:
    decision = accepted(ready, editor, approver)
    # Past the model layer, as someone with the database's password would.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decision SET rationale = %s WHERE id = %s", ["Forged.", decision.pk]
        )
    problems = records.record_verify(reload(decision)).problems
    assert problems == (
        "record.rationale differs: the snapshot has 'The data may not leave the hospital; open "
        "weights keep it in.', the record now has 'Forged.'.",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_recordsnapshot SET content = REPLACE(content, 'open weights', "
            "'closed weights') WHERE decision_id = %s",
            [decision.pk],
        )
    problems = records.record_verify(reload(decision)).problems
    assert problems[0].startswith("The content hash differs: stored ")


# --- supersede -----------------------------------------------------------------------------------
def test_revisiting_links_both_ways_and_supersedes_only_once_the_successor_is_accepted(
    editor: User, approver: User, editor_client: Client, ready: Decision
) -> None:
    old = accepted(ready, editor, approver)

    response = editor_client.post(url(old, "revisit"))
    successor = Decision.objects.get(supersedes=old)
    assert response["Location"] == url(successor)
    assert successor.status == Status.DRAFT
    assert successor.answers == old.answers
    assert reload(old).status == Status.ACCEPTED
    assert f"/decisions/{old.pk}/record/" in editor_client.get(url(successor)).content.decode()
    assert f"/decisions/{successor.pk}/record/" in editor_client.get(url(old)).content.decode()
    with pytest.raises(records.RecordRefused, match="already being revisited"):
        records.record_revisit(decision=reload(old), by=editor)

    accepted(successor, editor, approver)

    assert reload(old).status == Status.SUPERSEDED
    assert records.record_verify(reload(old)).ok  # superseded, still verifiable
    kinds = list(DecisionEvent.objects.filter(decision=old).values_list("kind", flat=True))
    assert kinds[:2] == [DecisionEvent.Kind.SUPERSEDED, DecisionEvent.Kind.REVISITED]


def test_an_admin_deprecates_an_accepted_record_with_a_reason(
    editor: User, approver: User, admin: User, ready: Decision
) -> None:
    decision = accepted(ready, editor, approver)
    response = client_for(admin).post(url(decision, "deprecate"), {"comment": ""})
    assert response.status_code == 400
    client_for(admin).post(url(decision, "deprecate"), POSTS["deprecate"])
    assert reload(decision).status == Status.DEPRECATED


def test_archiving_hides_nothing_away_for_good(editor_client: Client, ready: Decision) -> None:
    editor_client.post(url(ready, "archive"), {"archived": "1"})
    assert reload(ready).archived_at is not None
    editor_client.post(url(ready, "archive"), {"archived": "0"})
    assert reload(ready).archived_at is None


def test_a_submitted_decision_is_never_deleted(editor: User, ready: Decision) -> None:
    records.record_submit(decision=ready, by=editor)
    with pytest.raises(FrozenRecord, match="archive it instead"):
        reload(ready).delete()


# --- the cost basis ------------------------------------------------------------------------------
def test_submitting_pins_the_latest_simulation_and_a_newer_one_does_not_replace_it(
    editor: User, ready: Decision
) -> None:
    from tests.decisions.test_results_evaluation import succeeded_simulation

    first = succeeded_simulation(ready, seed=3)
    records.record_submit(decision=ready, by=editor)
    assert reload(ready).cost_basis == first
    succeeded_simulation(ready, seed=4)
    assert decision_evaluate(decision=reload(ready)).result.tco_basis.startswith(
        "median cost over 36 months in simulation 1 (pinned)"
    )


# --- the periodic review -------------------------------------------------------------------------
def test_the_review_marks_due_records_and_flags_a_changed_recommendation(
    editor: User, approver: User, ready: Decision
) -> None:
    decision = accepted(ready, editor, approver)
    from django.db import connection

    # A date in the past, set past the model layer (a form refuses one).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decision SET revisit_on = %s WHERE id = %s",
            [timezone.localdate() - timedelta(days=1), decision.pk],
        )

    assert records.records_review() == {"due": 1, "differ": 0}
    assert reload(decision).review_due is True
    assert records.records_review() == {"due": 0, "differ": 0}  # marked once
    assert DecisionEvent.objects.filter(decision=decision, kind="review_due").count() == 1


# --- the organisation's quorum, set by its admins ------------------------------------------------
def test_an_admin_sets_the_quorum_and_nobody_else_may(
    org: Organization, admin: User, editor_client: Client, outsider: User
) -> None:
    page = f"/organizations/{org.slug}/"
    assert editor_client.get(page).status_code == 403
    assert client_for(outsider).get(page).status_code == 404
    for typed in ("0", "-1", "10"):
        refused = client_for(admin).post(page, {"name": "Renamed", "approval_quorum": typed})
        assert refused.status_code == 400
        text = refused.content.decode()
        assert text.count("Choose between 1 and 9 approvals.") == 1
        assert "greater than or equal" not in text
        assert "less than or equal" not in text
        assert f'value="{typed}"' in text  # what was typed stays in the box
        assert "<h1>Renamed" not in text  # the page shows the stored name

    client_for(admin).post(page, {"name": org.name, "approval_quorum": "2"})

    org.refresh_from_db()
    assert org.approval_quorum == 2
