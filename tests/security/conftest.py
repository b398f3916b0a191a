"""Fixtures for the security tests: one member per role in one organisation, and an outsider
(an admin of another organisation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from decisions.models import Membership, Organization
from tests.conftest import make_member


@pytest.fixture
def approver(org: Organization) -> User:
    return make_member(org, "april", Membership.Role.APPROVER)


@pytest.fixture
def admin(org: Organization) -> User:
    return make_member(org, "ada", Membership.Role.ADMIN)


@pytest.fixture
def operator(db: None) -> User:
    """A staff operator: Django's admin is theirs, and they belong to no organisation."""
    return User.objects.create_superuser(username="olga", password="pw-for-tests-only")
