"""A board member's weights for a decision: saved as their vote, or tried as a what-if."""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction

from decisions.models import Decision, DecisionEvent, WeightSet
from decisions.services.board import BoardWeights, member_weights
from decisions.services.evaluations import decision_evaluate, scoring_run_store
from decisions.services.events import event_record
from scoring.evaluation import Evaluation
from scoring.weights import AhpResult


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


def weights_what_if(
    *, decision: Decision, weights: Mapping[str, float], ahp: AhpResult | None = None
) -> Evaluation:
    """The decision scored as if ``weights`` were the board's (with the judgments behind them,
    for pairwise weights), on the same answers and cost basis. Only computes: a member trying
    weights changes no vote and stores no scoring run."""
    alone = BoardWeights(
        weights=dict(weights), basis="what-if", members=(), spread=None, disputed=None, ahp=ahp
    )
    return decision_evaluate(decision=decision, board=alone)


def weights_are_saved(
    *,
    decision: Decision,
    member: User,
    direct: Mapping[str, float] | None = None,
    matrix: list[list[float]] | None = None,
) -> bool:
    """Whether these sliders (or judgments) are the member's saved vote, method included: a
    what-if that matches it is no longer a what-if."""
    saved = WeightSet.objects.filter(decision=decision, member=member).first()
    if saved is None:
        return False
    if direct is not None:
        return saved.method == WeightSet.Method.DIRECT and saved.direct == dict(direct)
    return (
        matrix is not None
        and saved.method == WeightSet.Method.PAIRWISE
        and all(
            math.isclose(a, b, rel_tol=1e-12)
            for row, saved_row in zip(matrix, saved.pairwise, strict=True)
            for a, b in zip(row, saved_row, strict=True)
        )
    )
