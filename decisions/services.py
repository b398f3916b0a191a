"""Writes, and the calls into the scoring domain that views and tasks share."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from decisions.models import Decision, Organization
from scoring.model import ScoreResult, score
from scoring.questions import validate_answers


def decision_create(
    *,
    organization: Organization,
    owner: User,
    title: str,
    use_case: str,
    team: str = "",
) -> Decision:
    return Decision.objects.create(
        organization=organization, owner=owner, title=title, use_case=use_case, team=team
    )


def decision_save_answers(*, decision: Decision, answers: dict[str, Any]) -> Decision:
    """Merge validated answers of one step into the decision's answers document."""
    clean = validate_answers(answers, partial=True)
    with transaction.atomic():
        # Re-read under the write lock so that two steps saved at once do not drop each
        # other's answers.
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        merged = {**locked.answers, **clean}
        locked.answers = validate_answers(merged, partial=True)
        locked.save(update_fields=["answers", "updated_at"])
    decision.answers = locked.answers
    decision.updated_at = locked.updated_at
    return decision


def decision_score(*, decision: Decision) -> ScoreResult:
    """Score a decision whose questionnaire is complete."""
    answers = validate_answers(decision.answers)
    return score(answers)
