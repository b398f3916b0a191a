"""The audit trail: one event per change of a decision, field by field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
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


# Answer saves by one member no further apart than this read as one change in the history:
# a questionnaire autosaves as it is typed.
ONE_SITTING = timedelta(minutes=15)


@dataclass
class TrailEntry:
    """A line of the history: an event, or a sitting of one member's answer saves told as
    one change, from each answer's first value to its last."""

    event: DecisionEvent  # the newest of them
    changes: dict[str, Any]
    saves: int = 1
    since: datetime | None = None  # when the first of several saves was made


def audit_trail(events: Iterable[DecisionEvent]) -> list[TrailEntry]:
    """The history as it is read, newest first (``events`` newest first). The rows stay
    as they were written, one per save: this only tells them."""
    trail: list[TrailEntry] = []
    for event in events:
        last = trail[-1] if trail else None
        if (
            last is not None
            and event.kind == last.event.kind == DecisionEvent.Kind.ANSWERS
            and event.actor_id == last.event.actor_id
            and (last.since or last.event.created_at) - event.created_at <= ONE_SITTING
        ):
            # ``event`` is older: its values are where the sitting started.
            for name, (old, new) in event.changes.items():
                last.changes[name] = [old, last.changes.get(name, [old, new])[1]]
            last.changes = {n: c for n, c in last.changes.items() if c[0] != c[1]}
            last.saves += 1
            last.since = event.created_at
            continue
        trail.append(TrailEntry(event, dict(event.changes)))
    return trail
