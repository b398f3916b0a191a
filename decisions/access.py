"""The one place that loads what a user may see, with what the permission rule needs to know
about them (``decisions.permissions``), for the views."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, QuerySet
from django.http import Http404

from decisions.models import Approval, Decision, DecisionEvent, Organization
from decisions.permissions import Action, Member, may, refusal, roles_that_may


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
    """The decision, with who is asking as ``decision.member`` (a ``permissions.Member``), if
    the user's organisation owns it: 404 otherwise, so that other organisations' decisions
    are indistinguishable from missing ones; 403 with the reason when the rule refuses
    ``action``. One query."""
    wrote = DecisionEvent.objects.filter(
        decision=OuterRef("pk"), actor=user, kind__in=DecisionEvent.EDITS
    )
    judged = Approval.objects.filter(
        decision=OuterRef("pk"), approver=user, review_round=OuterRef("review_round")
    )
    decision = (
        decisions_for(user)
        .annotate(member_wrote=Exists(wrote), member_judged=Exists(judged))
        .select_related("organization", "owner")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404("No such decision.")
    decision.member = Member(
        user_id=user.pk,
        role=decision.member_role,
        wrote=decision.member_wrote,  # type: ignore[attr-defined]
        judged=decision.member_judged,  # type: ignore[attr-defined]
    )
    if reason := refusal(decision.member, action, decision):
        raise PermissionDenied(reason)
    return decision


def permissions_of(decision: Decision) -> dict[str, bool]:
    """What the member the decision was loaded for may do to it, by action name, for the
    templates: ``{% if can.edit %}``."""
    return {action.value: may(decision.member, action, decision) for action in Action}
