"""Who may do what: the one rule every view, template and service asks.

``refusal(member, action, decision)`` answers "may this member do X to this decision?" with
None (yes) or the sentence that says why not; ``may`` is its yes/no form. It reads three
things, in this order: the member's role in the organisation (``ROLE_ACTIONS``), the
decision's status (``STATUS_ACTIONS``: a draft is written, a record in review is read-only
and judged, an accepted record is frozen), and four-eyes (nobody approves a record they own
or wrote). Nothing else in the app compares roles or statuses to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from decisions.models import Decision, Membership

Role = Membership.Role
Status = Decision.Status


class Action(StrEnum):
    VIEW = "view"  # read the decision, its results, weights, simulations and record
    CREATE = "create"  # start a decision in the organisation
    EDIT = "edit"  # change the answers and the record, pin the cost basis, run simulations
    WEIGH = "weigh"  # give weights that count for the board
    SUBMIT = "submit"  # send a draft to the approvers
    JUDGE = "judge"  # approve or reject a record in review
    REOPEN = "reopen"  # take a rejected record back to draft
    DEPRECATE = "deprecate"  # mark an accepted record as no longer in force
    REVISIT = "revisit"  # start the successor of an accepted record
    ARCHIVE = "archive"  # put a decision out of the list, or back
    MANAGE = "manage"  # the organisation's members, roles and settings


_WRITERS = frozenset({Action.VIEW, Action.CREATE, Action.EDIT, Action.WEIGH, Action.SUBMIT})
_WRITERS |= {Action.REOPEN, Action.REVISIT, Action.ARCHIVE}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.EDITOR: _WRITERS,
    Role.APPROVER: _WRITERS | {Action.JUDGE},
    Role.ADMIN: _WRITERS | {Action.JUDGE, Action.DEPRECATE, Action.MANAGE},
}

# What each status allows; actions that are not about one decision (CREATE, MANAGE) and
# VIEW and ARCHIVE are allowed in every status.
STATUS_ACTIONS: dict[str, frozenset[Action]] = {
    Status.DRAFT: frozenset({Action.EDIT, Action.WEIGH, Action.SUBMIT}),
    Status.IN_REVIEW: frozenset({Action.JUDGE}),
    Status.REJECTED: frozenset({Action.REOPEN}),
    Status.ACCEPTED: frozenset({Action.DEPRECATE, Action.REVISIT}),
    Status.SUPERSEDED: frozenset(),
    Status.DEPRECATED: frozenset(),
}
_ANY_STATUS = frozenset({Action.VIEW, Action.CREATE, Action.ARCHIVE, Action.MANAGE})

_ROLE_REFUSALS: dict[Action, str] = {
    Action.VIEW: "Only members of the organisation can see its decisions.",
    Action.CREATE: "Viewers can read decisions but not start them.",
    Action.EDIT: "Viewers can read decisions but not change them.",
    Action.WEIGH: "Viewers can see the board's weights but not give their own.",
    Action.SUBMIT: "Only editors, approvers and admins can submit a decision for review.",
    Action.JUDGE: "Only approvers and admins can approve or reject a decision record.",
    Action.REOPEN: "Only editors, approvers and admins can reopen a rejected decision.",
    Action.DEPRECATE: "Only the organisation's admins can deprecate an accepted record.",
    Action.REVISIT: "Only editors, approvers and admins can revisit an accepted record.",
    Action.ARCHIVE: "Only editors, approvers and admins can archive a decision.",
    Action.MANAGE: "Only the organisation's admins can manage it.",
}

_STATUS_REFUSALS: dict[Action, str] = {
    Action.EDIT: "{status}: its answers and record are read-only.",
    Action.WEIGH: "{status}: the weights are read-only.",
    Action.SUBMIT: "{status}: only a draft can be submitted.",
    Action.JUDGE: "{status}: only a record in review can be approved or rejected.",
    Action.REOPEN: "{status}: only a rejected record can be reopened.",
    Action.DEPRECATE: "{status}: only an accepted record can be deprecated.",
    Action.REVISIT: "{status}: only an accepted record can be revisited.",
}

_STATUS_SENTENCES: dict[str, str] = {
    Status.DRAFT: "This decision is a draft",
    Status.IN_REVIEW: "This decision is in review",
    Status.ACCEPTED: "This record is accepted and frozen",
    Status.REJECTED: "This record was rejected; reopen it to change it",
    Status.SUPERSEDED: "This record is superseded and frozen",
    Status.DEPRECATED: "This record is deprecated and frozen",
}


@dataclass(frozen=True)
class Member:
    """Who is asking, as far as the rule needs to know."""

    user_id: int
    role: str | None  # None: not a member of the decision's organisation
    wrote: bool = False  # has written this decision's answers, record or cost basis
    judged: bool = False  # has approved or rejected it in the current review round


def refusal(member: Member, action: Action, decision: Decision | None = None) -> str | None:
    """None when ``member`` may do ``action`` (to ``decision``); otherwise the sentence to
    show them."""
    if member.role is None or action not in ROLE_ACTIONS.get(member.role, frozenset()):
        return _ROLE_REFUSALS[action]
    if decision is None or action in _ANY_STATUS:
        return None
    if action not in STATUS_ACTIONS[decision.status]:
        return _STATUS_REFUSALS[action].format(status=_STATUS_SENTENCES[decision.status])
    if action is Action.JUDGE:
        if decision.owner_id == member.user_id:
            return "Four eyes: you own this record, so someone else must approve it."
        if member.wrote:
            return "Four eyes: you wrote part of this record, so someone else must approve it."
        if member.judged:
            return "You have already given your verdict in this round of review."
    return None


def may(member: Member, action: Action, decision: Decision | None = None) -> bool:
    return refusal(member, action, decision) is None


def roles_that_may(action: Action) -> list[str]:
    """The roles allowed ``action`` in some status, for queries (whose weights count, which
    organisations a user may start decisions in)."""
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
