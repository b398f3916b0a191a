"""The catalog's words for a licence, as the scoring model reads them: its category and its
flags (``catalog.licences`` raises them; a test keeps the two lists the same), and a
shortlisted model's facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The licence flags the catalog raises (catalog.licences), and their short names in reasons.
FLAG_NAMES: Mapping[str, str] = {
    "open_washing": "called open, but not under an OSI-approved licence",
    "user_cap": "a cap on monthly active users",
    "use_policy": "a use policy that binds end users",
    "non_commercial": "non-commercial use only",
    "remote_restriction": "the licensor may restrict use remotely",
    "regional_exclusion": "regions excluded",
    "attribution_naming": "naming and attribution duties",
}
CATEGORIES: tuple[str, ...] = (
    "permissive",
    "copyleft",
    "open_weights_restricted",
    "non_commercial",
    "proprietary",
)
CATEGORY_NAMES: Mapping[str, str] = {
    "permissive": "a permissive licence",
    "copyleft": "a copyleft licence",
    "open_weights_restricted": "an open-weights licence with restrictions",
    "non_commercial": "a non-commercial licence",
    "proprietary": "proprietary terms",
}
# The side of the shortlist each option uses: a hybrid uses both.
SIDES: Mapping[str, tuple[str, ...]] = {
    "open": ("open",),
    "closed": ("closed",),
    "hybrid": ("open", "closed"),
}


@dataclass(frozen=True)
class ModelFacts:
    """A shortlisted model as the catalog described it in one of its versions."""

    name: str
    licence: str  # the licence's name
    category: str  # one of CATEGORIES
    flags: tuple[str, ...]  # ids of FLAG_NAMES

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "licence": self.licence,
            "category": self.category,
            "flags": list(self.flags),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ModelFacts:
        return cls(data["name"], data["licence"], data["category"], tuple(data["flags"]))
