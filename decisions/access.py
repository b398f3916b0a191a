"""The one place that decides who may see and change what."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from config.rows import columns, fetch_one
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

    The user's role in the decision's organisation comes along as ``decision.member_role``,
    for ``can_edit``.
    """
    decision = fetch_one(Decision, _DECISION_WITH_ROLE, [pk, user.pk], extra=["member_role"])
    if decision is None:
        raise Http404("No such decision.")
    if edit and not can_edit(decision):
        raise PermissionDenied("Viewers can read decisions but not change them.")
    return decision


# Every page of a decision starts here, and building this join through the ORM took three
# times as long as running it; as plain SQL it is the same query, one join, both databases.
_DECISION_WITH_ROLE = f"""
    SELECT {columns(Decision, "decision")}, membership.role
    FROM "{Decision._meta.db_table}" AS decision
    JOIN "{Membership._meta.db_table}" AS membership
      ON membership.organization_id = decision.organization_id
    WHERE decision.id = %s AND membership.user_id = %s
"""  # Table and column names come from the models; the values are passed as parameters.


def can_edit(decision: Decision) -> bool:
    """Whether the user the decision was fetched for (``get_decision_for_user``) may change
    it: editors, approvers and admins may; viewers may not."""
    role = getattr(decision, "member_role", None)
    return role is not None and role != Membership.Role.VIEWER
