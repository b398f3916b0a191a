"""A board member's weights for a decision."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction

from decisions.models import Decision, DecisionEvent, WeightSet
from decisions.services.board import member_weights
from decisions.services.evaluations import scoring_run_store
from decisions.services.events import event_record


@transaction.atomic
def weight_set_save_direct(
    *, decision: Decision, member: User, weights: Mapping[str, float]
) -> WeightSet:
    """A member's vote, as slider values (only their proportions count)."""
    return _save(decision, member, {"method": WeightSet.Method.DIRECT, "direct": dict(weights)})


@transaction.atomic
def weight_set_save_pairwise(
    *, decision: Decision, member: User, matrix: list[list[float]]
) -> WeightSet:
    """A member's vote, as a pairwise judgment matrix (AHP)."""
    return _save(decision, member, {"method": WeightSet.Method.PAIRWISE, "pairwise": matrix})


def _save(decision: Decision, member: User, values: dict[str, object]) -> WeightSet:
    weight_set, _ = WeightSet.objects.update_or_create(
        decision=decision, member=member, defaults=values
    )
    normalised = member_weights(weight_set).weights
    event_record(
        decision=decision,
        actor=member,
        kind=DecisionEvent.Kind.WEIGHTS,
        changes={
            "method": weight_set.method,
            "weights": {c: round(w, 4) for c, w in normalised.items()},
        },
    )
    scoring_run_store(decision=decision)
    return weight_set
