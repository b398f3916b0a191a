"""What a decision's evaluation knows besides its answers and weights: the models on its
shortlist (their licence facts, from a catalog version) and its organisation's policy rules.

Plain data in and out, kept in a stored run's inputs (``to_json`` / ``from_json``), so that a
run scored with a catalog version and a rule's version reproduces exactly, whatever the
catalog and the rules say later. An empty context scores as model v2 always has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scoring.licences import ModelFacts
from scoring.policy import PolicyRule, parse_rule


@dataclass(frozen=True)
class Context:
    # The shortlist: "open" and "closed" (either may be missing), from catalog version
    # ``catalog_version``.
    models: Mapping[str, ModelFacts] = field(default_factory=dict)
    catalog_version: int | None = None
    policies: tuple[PolicyRule, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.models and not self.policies

    def to_json(self) -> dict[str, Any]:
        return {
            "catalog_version": self.catalog_version,
            "models": {side: facts.to_json() for side, facts in self.models.items()},
            "policies": [rule.to_json() for rule in self.policies],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Context:
        if not data:
            return EMPTY
        return cls(
            models={side: ModelFacts.from_json(m) for side, m in data["models"].items()},
            catalog_version=data["catalog_version"],
            policies=tuple(parse_rule(rule) for rule in data["policies"]),
        )


EMPTY = Context()
