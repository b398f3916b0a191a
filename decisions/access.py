"""The one place that decides who may see and change what."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
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


def membership_for(user: User, organization_id: int) -> Membership | None:
    return Membership.objects.filter(user=user, organization_id=organization_id).first()


def get_decision_for_user(user: User, pk: int, *, edit: bool = False) -> Decision:
    """The decision, if the user's organisation owns it (404 otherwise, so that other
    organisations' decisions are indistinguishable from missing ones). With ``edit``,
    viewers get 403."""
    decision = get_object_or_404(
        Decision.objects.select_related("organization", "owner"),
        pk=pk,
        organization__memberships__user=user,
    )
    if edit:
        membership = membership_for(user, decision.organization_id)
        if membership is None or not membership.can_edit:
            raise PermissionDenied("Viewers can read decisions but not change them.")
    return decision
