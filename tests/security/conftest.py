"""Fixtures for the security tests: one member per role in one organisation, and an outsider
(an admin of another organisation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from decisions import demo
from decisions.models import Decision, Membership, Organization
from decisions.services.evaluations import decision_evaluate
from tests.conftest import make_member


def ready_decision(org: Organization, owner: User, title: str) -> Decision:
    """A complete draft that says what was chosen (the recommendation) and why: it may be
    submitted."""
    decision = Decision.objects.create(
        organization=org,
        owner=owner,
        title=title,
        use_case="Summarise notes inside the hospital network.",
        answers=dict(demo.HOSPITAL_NOTES),
        rationale="The data may not leave the hospital.",
    )
    decision.chosen_option = decision_evaluate(decision=decision).result.recommendation or ""
    decision.save()
    return decision


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
