"""The audit trail: one event per change of a decision, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User

from decisions.models import Decision, DecisionEvent


def event_record(
    *,
    decision: Decision,
    actor: User | None,
    kind: str,
    changes: Mapping[str, Any] | None = None,
    comment: str = "",
) -> DecisionEvent:
    return DecisionEvent.objects.create(
        decision=decision,
        actor=actor,
        kind=kind,
        changes=dict(changes or {}),
        comment=comment,
    )


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{name: [old, new]}`` for every name whose value differs (None where absent)."""
    return {
        name: [before.get(name), after.get(name)]
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }
