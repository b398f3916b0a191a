"""Fixtures for the weights and results tests: the other roles' clients, and a decision where
two options stay feasible (so that flip points and robustness have something to say)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from decisions import demo
from decisions.models import Decision, DecisionEvent, Membership, Organization
from decisions.services import records
from decisions.services.evaluations import decision_evaluate
from tests.conftest import client_for, make_member


@pytest.fixture
def approver(org: Organization) -> User:
    return make_member(org, "april", Membership.Role.APPROVER)


@pytest.fixture
def approver_client(approver: User) -> Client:
    return client_for(approver)


@pytest.fixture
def viewer_client(viewer: User) -> Client:
    return client_for(viewer)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return client_for(outsider)


@pytest.fixture
def contract(org: Organization, editor: User) -> Decision:
    """Contract review: the contracts may not leave our servers and frontier quality is
    essential, so under model v2 only the hybrid is feasible."""
    return Decision.objects.create(
        organization=org,
        owner=editor,
        title="Contract review",
        use_case="Flag risky clauses in supplier contracts.",
        answers=dict(demo.CONTRACT_REVIEW),
    )


@pytest.fixture
def admin(org: Organization) -> User:
    return make_member(org, "ada", Membership.Role.ADMIN)


@pytest.fixture
def ready(org: Organization, editor: User) -> Decision:
    """A complete draft whose record says what was chosen and why: it may be submitted."""
    decision = Decision.objects.create(
        organization=org,
        owner=editor,
        title="Clinical notes",
        use_case="Summarise notes inside the hospital network.",
        answers=dict(demo.HOSPITAL_NOTES),
        rationale="The data may not leave the hospital; open weights keep it in.",
    )
    decision.chosen_option = decision_evaluate(decision=decision).result.recommendation or ""
    decision.save()
    DecisionEvent.objects.create(decision=decision, actor=editor, kind=DecisionEvent.Kind.CREATED)
    return decision


def accepted(decision: Decision, editor: User, approver: User) -> Decision:
    records.record_submit(decision=decision, by=editor)
    records.record_judge(decision=decision, by=approver, approve=True, comment="Agreed.")
    return Decision.objects.get(pk=decision.pk)
