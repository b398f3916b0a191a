"""The one place that loads what a user may see, with their role, for the views."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404

from decisions.models import Decision, Organization
from decisions.permissions import Action, refusal, roles_that_may


def decisions_for(user: User) -> QuerySet[Decision]:
    """Decisions of the organisations the user belongs to; nothing else exists for them.
    Each comes with the user's role in its organisation as ``member_role`` (one membership
    per user and organisation, so the join adds no rows)."""
    return Decision.objects.filter(organization__memberships__user=user).annotate(
        # Declared on the model for the type checker, which then sees it twice.
        member_role=F("organization__memberships__role")  # type: ignore[no-redef]
    )


def organizations_where(user: User, action: Action) -> QuerySet[Organization]:
    """The organisations in which the user's role allows ``action``."""
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=roles_that_may(action)
    )


def get_decision_for_user(user: User, pk: int, *, action: Action = Action.VIEW) -> Decision:
    """The decision with the user's role as ``member_role``, if their organisation owns it
    (404 otherwise, so that other organisations' decisions are indistinguishable from missing
    ones); 403 with the reason when their role does not allow ``action``."""
    decision = decisions_for(user).select_related("organization", "owner").filter(pk=pk).first()
    if decision is None:
        raise Http404("No such decision.")
    if reason := refusal(decision.member_role, action, decision):
        raise PermissionDenied(reason)
    return decision
