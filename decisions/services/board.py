"""The board's weights: each member's, aggregated into the weights a decision is scored with."""

from __future__ import annotations

from dataclasses import dataclass

from decisions.models import Decision, WeightSet
from decisions.permissions import Action, roles_that_may
from scoring.questions import CRITERIA
from scoring.weights import (
    AhpResult,
    Spread,
    aggregate_ahp,
    aggregate_direct,
    ahp_weights,
    most_disputed_criterion,
    normalise,
    weights_spread,
)


@dataclass(frozen=True)
class MemberWeights:
    weight_set: WeightSet
    weights: dict[str, float]  # normalised
    ahp: AhpResult | None  # for pairwise members


@dataclass(frozen=True)
class BoardWeights:
    """The weights a decision is scored with, and where they come from."""

    weights: dict[str, float]
    basis: str  # "equal", "direct" (mean of members) or "pairwise" (geometric mean)
    members: tuple[MemberWeights, ...]
    spread: dict[str, Spread] | None
    disputed: str | None
    ahp: AhpResult | None  # the group's pairwise result, when every member used pairwise

    @property
    def consistency_ratio(self) -> float | None:
        return None if self.ahp is None else self.ahp.consistency_ratio


def member_weights(weight_set: WeightSet) -> MemberWeights:
    if weight_set.method == WeightSet.Method.PAIRWISE:
        ahp = ahp_weights(weight_set.pairwise)
        return MemberWeights(weight_set, dict(ahp.weights), ahp)
    return MemberWeights(weight_set, normalise(weight_set.direct), None)


def board_weights(*, decision: Decision) -> BoardWeights:
    """Aggregate the weights of the members whose weights count (``Action.WEIGH``).

    All pairwise: the element-wise geometric mean of their judgments (Aczél–Saaty), then the
    principal eigenvector. Otherwise: the mean of every member's normalised weights (a
    pairwise member counting with their eigenvector weights). Nobody yet: equal weights.
    """
    sets = (
        WeightSet.objects.filter(
            decision=decision,
            member__memberships__organization=decision.organization_id,
            member__memberships__role__in=roles_that_may(Action.WEIGH),
        )
        .select_related("member")
        .order_by("member__username")
    )
    members = tuple(member_weights(weight_set) for weight_set in sets)
    if not members:
        equal = {criterion: 1 / len(CRITERIA) for criterion in CRITERIA}
        return BoardWeights(equal, "equal", (), None, None, None)
    all_weights = [member.weights for member in members]
    if all(member.ahp is not None for member in members):
        group = aggregate_ahp([member.weight_set.pairwise for member in members])
        weights, basis, ahp = dict(group.weights), "pairwise", group
    else:
        weights, basis, ahp = aggregate_direct(all_weights), "direct", None
    return BoardWeights(
        weights=weights,
        basis=basis,
        members=members,
        spread=weights_spread(all_weights),
        disputed=most_disputed_criterion(all_weights),
        ahp=ahp,
    )
