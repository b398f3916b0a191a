"""Decisions and their answers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from decisions.models import Decision, DecisionEvent, Organization
from decisions.services.evaluations import scoring_run_store
from decisions.services.events import changed_fields, event_record
from scoring.questions import validate_answers


def decision_create(
    *,
    organization: Organization,
    owner: User,
    title: str,
    use_case: str,
    team: str = "",
) -> Decision:
    decision = Decision.objects.create(
        organization=organization, owner=owner, title=title, use_case=use_case, team=team
    )
    event_record(decision=decision, actor=owner, kind=DecisionEvent.Kind.CREATED)
    return decision


def decision_save_answers(
    *, decision: Decision, answers: dict[str, Any], by: User | None = None
) -> Decision:
    """Merge answers of one step into the decision's answers document; the question bank
    validates them (``AnswersInvalid`` names each refused field).

    Two steps saved at once must not drop each other's answers, so the write only lands if
    nobody changed the row since it was read (compare-and-set on ``updated_at``); otherwise
    the row is re-read under a lock and merged again.
    """
    clean = validate_answers(answers, partial=True)
    merged = {**decision.answers, **clean}
    before = decision.answers
    now = timezone.now()
    unchanged_since_read = Decision.objects.filter(pk=decision.pk, updated_at=decision.updated_at)
    if not unchanged_since_read.update(answers=merged, updated_at=now):
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=decision.pk)
            before = locked.answers
            merged = {**before, **clean}
            Decision.objects.filter(pk=decision.pk).update(answers=merged, updated_at=now)
    decision.answers = merged
    decision.updated_at = now
    # The same answers again (an autosave of an unchanged box) leave no trace.
    if changes := changed_fields(before, merged):
        event_record(decision=decision, actor=by, kind=DecisionEvent.Kind.ANSWERS, changes=changes)
        scoring_run_store(decision=decision)
    return decision


def shortlist_set(*, decision: Decision, by: User, open_model: str, closed_model: str) -> None:
    """Name the candidate models of a draft (an empty name: none)."""
    before = {"open_model": decision.open_model, "closed_model": decision.closed_model}
    after = {"open_model": open_model, "closed_model": closed_model}
    if before == after:
        return
    with transaction.atomic():
        updated = Decision.objects.filter(pk=decision.pk, status=Decision.Status.DRAFT).update(
            **after, updated_at=timezone.now()
        )
        if not updated:
            raise ValueError("Only a draft's shortlist can change.")
        event_record(
            decision=decision,
            actor=by,
            kind=DecisionEvent.Kind.SHORTLIST,
            changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
        )
    decision.open_model, decision.closed_model = open_model, closed_model
    scoring_run_store(decision=decision)
