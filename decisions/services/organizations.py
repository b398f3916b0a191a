"""An organisation's members and roles, as its admins change them in the app.

Every change locks the organisation's row, so that two admins acting at once are taken one
after the other: the organisation always keeps at least one admin, whatever they do.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import User
from django.db import transaction

from decisions.models import Membership, Organization

logger = logging.getLogger(__name__)

Role = Membership.Role


class MembershipRefused(Exception):
    """A change the organisation's rules do not allow, with the sentence to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _locked(organization: Organization) -> Organization:
    return Organization.objects.select_for_update().get(pk=organization.pk)


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _refuse_losing_the_last_admin(organization: Organization, membership: Membership) -> None:
    if membership.role != Role.ADMIN:
        return
    admins = Membership.objects.filter(organization=organization, role=Role.ADMIN)
    if not admins.exclude(pk=membership.pk).exists():
        raise MembershipRefused(
            f"{_name(membership.user)} is the organisation's only admin: make someone else "
            "an admin first, so that somebody can still manage it."
        )


def membership_add(*, organization: Organization, username: str, role: str, by: User) -> Membership:
    """Add an existing user, found by user name, with ``role``."""
    with transaction.atomic():
        _locked(organization)
        user = User.objects.filter(username=username.strip(), is_active=True).first()
        if user is None:
            raise MembershipRefused(
                f"There is no user named “{username.strip()}”. Check the spelling, or ask an "
                "operator to create the account first."
            )
        if Membership.objects.filter(organization=organization, user=user).exists():
            raise MembershipRefused(
                f"{_name(user)} is already a member: change their role in the list instead."
            )
        membership = Membership.objects.create(organization=organization, user=user, role=role)
    logger.info("%s added %s to %s as %s", by.username, user.username, organization.slug, role)
    return membership


def membership_set_role(*, membership: Membership, role: str, by: User) -> None:
    with transaction.atomic():
        _locked(membership.organization)
        membership = Membership.objects.select_related("user").get(pk=membership.pk)
        if role != Role.ADMIN:
            _refuse_losing_the_last_admin(membership.organization, membership)
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
    logger.info(
        "%s changed %s in %s from %s to %s",
        by.username,
        membership.user.username,
        membership.organization.slug,
        old,
        role,
    )


def membership_remove(*, membership: Membership, by: User) -> None:
    """Take a member out of the organisation. What they wrote stays: decisions they own keep
    their owner, and the records' history keeps their name."""
    with transaction.atomic():
        _locked(membership.organization)
        membership = Membership.objects.select_related("user").get(pk=membership.pk)
        _refuse_losing_the_last_admin(membership.organization, membership)
        membership.delete()
    logger.info(
        "%s removed %s from %s",
        by.username,
        membership.user.username,
        membership.organization.slug,
    )
