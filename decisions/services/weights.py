"""A board member's weights for a decision."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction

from decisions.models import Decision, WeightSet
from decisions.services.evaluations import scoring_run_store


@transaction.atomic
def weight_set_save_direct(
    *, decision: Decision, member: User, weights: Mapping[str, float]
) -> WeightSet:
    weight_set, _ = WeightSet.objects.update_or_create(
        decision=decision,
        member=member,
        defaults={"method": WeightSet.Method.DIRECT, "direct": dict(weights)},
    )
    scoring_run_store(decision=decision)
    return weight_set


@transaction.atomic
def weight_set_save_pairwise(
    *, decision: Decision, member: User, matrix: list[list[float]]
) -> WeightSet:
    weight_set, _ = WeightSet.objects.update_or_create(
        decision=decision,
        member=member,
        defaults={"method": WeightSet.Method.PAIRWISE, "pairwise": matrix},
    )
    scoring_run_store(decision=decision)
    return weight_set
