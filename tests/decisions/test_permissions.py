"""The one permission rule: every role, in every status, against every action."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from decisions.models import Decision, Membership
from decisions.permissions import Action, Member, may, refusal, roles_that_may

Role = Membership.Role
Status = Decision.Status
A = Action

VIEWER_ACTIONS = {A.VIEW}
WRITER_ACTIONS = {A.VIEW, A.CREATE, A.EDIT, A.WEIGH, A.SUBMIT, A.REOPEN, A.REVISIT, A.ARCHIVE}
BY_ROLE = {
    Role.VIEWER: VIEWER_ACTIONS,
    Role.EDITOR: WRITER_ACTIONS,
    Role.APPROVER: WRITER_ACTIONS | {A.JUDGE},
    Role.ADMIN: WRITER_ACTIONS | {A.JUDGE, A.DEPRECATE, A.MANAGE},
}
# What each status allows beyond what any status allows (view, create, archive, manage).
BY_STATUS = {
    Status.DRAFT: {A.EDIT, A.WEIGH, A.SUBMIT},
    Status.IN_REVIEW: {A.JUDGE},
    Status.REJECTED: {A.REOPEN},
    Status.ACCEPTED: {A.DEPRECATE, A.REVISIT},
    Status.SUPERSEDED: set(),
    Status.DEPRECATED: set(),
}
ANY_STATUS = {A.VIEW, A.CREATE, A.ARCHIVE, A.MANAGE}

OWNER, SOMEONE = 1, 2


def decision(status: str) -> Decision:
    return SimpleNamespace(status=status, owner_id=OWNER)  # type: ignore[return-value]


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_each_role_in_each_status_may_do_exactly_what_the_tables_say(
    status: str, role: str, action: Action
) -> None:
    member = Member(user_id=SOMEONE, role=role)
    expected = action in BY_ROLE[role] and (action in ANY_STATUS or action in BY_STATUS[status])

    reason = refusal(member, action, decision(status))

    assert (reason is None) is expected
    assert may(member, action, decision(status)) is expected
    if reason is not None:
        assert reason.endswith(".")
        assert "{" not in reason


@pytest.mark.parametrize("action", list(Action))
def test_someone_who_is_not_a_member_may_do_nothing(action: Action) -> None:
    for status in Status:
        assert not may(Member(user_id=SOMEONE, role=None), action, decision(status))


@pytest.mark.parametrize("role", [Role.APPROVER, Role.ADMIN])
def test_four_eyes_nobody_judges_a_record_they_own_wrote_or_judged_already(role: str) -> None:
    in_review = decision(Status.IN_REVIEW)

    assert may(Member(user_id=SOMEONE, role=role), A.JUDGE, in_review)
    assert refusal(Member(user_id=OWNER, role=role), A.JUDGE, in_review) == (
        "Four eyes: you own this record, so someone else must approve it."
    )
    assert refusal(Member(user_id=SOMEONE, role=role, wrote=True), A.JUDGE, in_review) == (
        "Four eyes: you wrote part of this record, so someone else must approve it."
    )
    assert refusal(Member(user_id=SOMEONE, role=role, judged=True), A.JUDGE, in_review) == (
        "You have already given your verdict in this round of review."
    )


def test_a_refusal_says_why_in_words() -> None:
    editor = Member(user_id=SOMEONE, role=Role.EDITOR)
    assert refusal(editor, A.EDIT, decision(Status.IN_REVIEW)) == (
        "This decision is in review: its answers and record are read-only."
    )
    assert refusal(editor, A.EDIT, decision(Status.ACCEPTED)) == (
        "This record is accepted and frozen: its answers and record are read-only."
    )
    assert refusal(editor, A.JUDGE, decision(Status.IN_REVIEW)) == (
        "Only approvers and admins can approve or reject a decision record."
    )


def test_the_roles_that_may_do_something_are_read_from_the_same_table() -> None:
    assert set(roles_that_may(A.WEIGH)) == {Role.EDITOR, Role.APPROVER, Role.ADMIN}
    assert roles_that_may(A.VIEW) == list(Role)
    assert roles_that_may(A.MANAGE) == [Role.ADMIN]
