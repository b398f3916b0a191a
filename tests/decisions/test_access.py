"""Who may see and change what: the one permission rule, and the access helper views use."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from decisions.access import decisions_for, get_decision_for_user, organizations_where
from decisions.models import Approval, Decision, DecisionEvent, Membership, Organization
from decisions.permissions import Action, Member

Role = Membership.Role


def test_it_returns_a_decision_of_the_users_organisation_with_the_role(
    editor: User, draft: Decision
) -> None:
    decision = get_decision_for_user(editor, draft.pk)
    assert decision == draft
    assert decision.member == Member(user_id=editor.pk, role=Role.EDITOR)


def test_it_reads_the_decision_its_organisation_owner_and_role_in_one_query(
    editor: User, draft: Decision
) -> None:
    with CaptureQueriesContext(connection) as queries:
        decision = get_decision_for_user(editor, draft.pk)
        assert decision.organization.name == "Acme Health"
        assert decision.owner.username == "erin"
    assert len(queries) == 1


def test_it_hides_other_organisations_decisions_as_missing(outsider: User, draft: Decision) -> None:
    with pytest.raises(Http404):
        get_decision_for_user(outsider, draft.pk)


def test_it_lets_viewers_read_but_not_edit(viewer: User, draft: Decision) -> None:
    assert get_decision_for_user(viewer, draft.pk) == draft
    with pytest.raises(PermissionDenied, match="Viewers can read decisions but not change them"):
        get_decision_for_user(viewer, draft.pk, action=Action.EDIT)


def test_it_knows_who_wrote_the_decision_and_who_judged_it_in_this_round(
    editor: User, viewer: User, draft: Decision
) -> None:
    DecisionEvent.objects.create(decision=draft, actor=editor, kind=DecisionEvent.Kind.ANSWERS)
    DecisionEvent.objects.create(decision=draft, actor=viewer, kind=DecisionEvent.Kind.WEIGHTS)
    Approval.objects.create(decision=draft, approver=viewer, review_round=0, verdict="approve")

    assert get_decision_for_user(editor, draft.pk).member.wrote is True
    as_viewer = get_decision_for_user(viewer, draft.pk).member
    assert as_viewer.wrote is False  # giving weights is a vote, not writing the record
    assert as_viewer.judged is True
    Decision.objects.filter(pk=draft.pk).update(review_round=1)
    assert get_decision_for_user(viewer, draft.pk).member.judged is False  # a new round


def test_it_lists_only_the_users_organisations_decisions(
    editor: User, outsider: User, draft: Decision, other_org: Organization, complete: Decision
) -> None:
    Decision.objects.create(organization=other_org, owner=outsider, title="Theirs", use_case="x")
    assert set(decisions_for(editor)) == {draft, complete}
    assert [d.title for d in decisions_for(outsider)] == ["Theirs"]


def test_a_member_of_two_organisations_sees_each_decision_once_with_its_own_role(
    editor: User, draft: Decision, other_org: Organization, outsider: User
) -> None:
    Membership.objects.create(user=editor, organization=other_org, role=Role.VIEWER)
    theirs = Decision.objects.create(
        organization=other_org, owner=outsider, title="Theirs", use_case="x"
    )
    roles = {d.pk: d.member_role for d in decisions_for(editor)}
    assert roles == {draft.pk: Role.EDITOR, theirs.pk: Role.VIEWER}
    assert list(organizations_where(editor, Action.CREATE)) == [draft.organization]
