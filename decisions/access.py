"""The one place that decides who may see and change what."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from decisions.models import Decision, Membership, Organization


def decisions_for(user: User) -> QuerySet[Decision]:
    """Decisions of the organisations the user belongs to; nothing else exists for them."""
    return Decision.objects.filter(organization__memberships__user=user).distinct()


def editable_organizations(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(
        memberships__user=user,
        memberships__role__in=[r for r in Membership.Role.values if r != Membership.Role.VIEWER],
    ).distinct()


def get_decision_for_user(user: User, pk: int, *, edit: bool = False) -> Decision:
    """The decision, if the user's organisation owns it (404 otherwise, so that other
    organisations' decisions are indistinguishable from missing ones). With ``edit``,
    viewers get 403.

    One query: the user's role in the decision's organisation comes along as
    ``decision.member_role``, for ``can_edit``. (The annotation follows the filter, so it
    reads the very membership row the filter joined.)
    """
    decision = get_object_or_404(
        Decision.objects.filter(organization__memberships__user=user).annotate(
            member_role=F("organization__memberships__role")
        ),
        pk=pk,
    )
    if edit and not can_edit(decision):
        raise PermissionDenied("Viewers can read decisions but not change them.")
    return decision


def can_edit(decision: Decision) -> bool:
    """Whether the user the decision was fetched for (``get_decision_for_user``) may change
    it: editors, approvers and admins may; viewers may not."""
    role = getattr(decision, "member_role", None)
    return role is not None and role != Membership.Role.VIEWER
