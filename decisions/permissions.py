"""Who may do what: the one rule every view, template and service asks.

A member's role in an organisation decides what they may do with its decisions. ``refusal``
answers "may this member do X to this decision?" with None (yes) or the sentence that says
why not; ``may`` is its yes/no form. Nothing else in the app compares roles.
"""

from __future__ import annotations

from enum import StrEnum

from decisions.models import Decision, Membership

Role = Membership.Role


class Action(StrEnum):
    VIEW = "view"  # read the decision, its results, weights and simulations
    CREATE = "create"  # start a decision in the organisation
    EDIT = "edit"  # change the answers, start or cancel a cost simulation
    WEIGH = "weigh"  # give weights that count for the board


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.EDITOR: frozenset({Action.VIEW, Action.CREATE, Action.EDIT, Action.WEIGH}),
    Role.APPROVER: frozenset({Action.VIEW, Action.CREATE, Action.EDIT, Action.WEIGH}),
    Role.ADMIN: frozenset({Action.VIEW, Action.CREATE, Action.EDIT, Action.WEIGH}),
}

_REFUSALS: dict[Action, str] = {
    Action.VIEW: "Only members of the organisation can see its decisions.",
    Action.CREATE: "Viewers can read decisions but not start them.",
    Action.EDIT: "Viewers can read decisions but not change them.",
    Action.WEIGH: "Viewers can see the board's weights but not give their own.",
}


def refusal(role: str | None, action: Action, decision: Decision | None = None) -> str | None:
    """None when a member with ``role`` (None: not a member) may do ``action`` to
    ``decision``; otherwise the sentence to show them."""
    if role is None or action not in ROLE_ACTIONS.get(role, frozenset()):
        return _REFUSALS[action]
    return None


def may(role: str | None, action: Action, decision: Decision | None = None) -> bool:
    return refusal(role, action, decision) is None


def roles_that_may(action: Action) -> list[str]:
    """The roles allowed ``action`` on any decision, for queries (whose weights count, which
    organisations a user may start decisions in)."""
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
