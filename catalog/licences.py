"""Licence classification: plain Python, no Django, no I/O.

A licence is described by its terms (what it grants and what it binds the user to, each clause
with the place it is written); from them follow its category and, for a model under it, the
flags a review board should read before building on it. Every flag carries a plain-language
explanation and the source a person can check, because "in AI, the licence is the real
interface": the board has to defend what it relied on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The categories, most permissive first.
PERMISSIVE = "permissive"
COPYLEFT = "copyleft"
OPEN_WEIGHTS_RESTRICTED = "open_weights_restricted"
NON_COMMERCIAL = "non_commercial"
PROPRIETARY = "proprietary"
CATEGORIES = (PERMISSIVE, COPYLEFT, OPEN_WEIGHTS_RESTRICTED, NON_COMMERCIAL, PROPRIETARY)
CATEGORY_LABELS = {
    PERMISSIVE: "Permissive (OSI-approved)",
    COPYLEFT: "Copyleft (OSI-approved)",
    OPEN_WEIGHTS_RESTRICTED: "Open weights, restricted licence",
    NON_COMMERCIAL: "Non-commercial",
    PROPRIETARY: "Proprietary",
}

# The flags, in the order a page lists them. Each licence clause below is one of these but
# the first, which also depends on how the model is named and marketed.
OPEN_WASHING = "open_washing"
USER_CAP = "user_cap"
USE_POLICY = "use_policy"
NON_COMMERCIAL_FLAG = "non_commercial"
REMOTE_RESTRICTION = "remote_restriction"
REGIONAL_EXCLUSION = "regional_exclusion"
ATTRIBUTION_NAMING = "attribution_naming"
FLAG_IDS = (
    OPEN_WASHING,
    USER_CAP,
    USE_POLICY,
    NON_COMMERCIAL_FLAG,
    REMOTE_RESTRICTION,
    REGIONAL_EXCLUSION,
    ATTRIBUTION_NAMING,
)
CLAUSE_IDS = FLAG_IDS[1:]
FLAG_LABELS = {
    OPEN_WASHING: "Called open, licence not OSI-approved",
    USER_CAP: "Monthly-active-user cap",
    USE_POLICY: "Use policy binds your users",
    NON_COMMERCIAL_FLAG: "No commercial use",
    REMOTE_RESTRICTION: "Licensor may restrict use remotely",
    REGIONAL_EXCLUSION: "Regional exclusion",
    ATTRIBUTION_NAMING: "Naming or attribution duty",
}
# Where the list of OSI-approved licences is kept, cited by the open-washing flag.
OSI_LIST = "https://opensource.org/licenses (OSI-approved licences)"


class TermsInvalid(ValueError):
    """A licence or model description that cannot be classified, with the key at fault."""


@dataclass(frozen=True)
class Clause:
    """One term of a licence, in plain words, and where it is written."""

    text: str
    source: str


@dataclass(frozen=True)
class LicenceTerms:
    key: str
    name: str
    spdx: str | None
    osi_approved: bool
    # A vendor's terms of service with no licence to the weights at all (a closed API).
    proprietary: bool = False
    copyleft: bool = False
    clauses: Mapping[str, Clause] | None = None

    def clause(self, flag_id: str) -> Clause | None:
        return (self.clauses or {}).get(flag_id)


@dataclass(frozen=True)
class Flag:
    id: str
    text: str
    source: str

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.id]

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text, "source": self.source}


@dataclass(frozen=True)
class Classification:
    category: str
    flags: tuple[Flag, ...]

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(flag.id for flag in self.flags)


def licence_category(terms: LicenceTerms) -> str:
    """The licence's category. The order matters: a licence that forbids commercial use is
    non-commercial even if it is also bespoke, and only an OSI-approved licence counts as
    permissive or copyleft, whatever its makers call it."""
    if terms.proprietary:
        return PROPRIETARY
    if terms.clause(NON_COMMERCIAL_FLAG) is not None:
        return NON_COMMERCIAL
    if terms.osi_approved:
        return COPYLEFT if terms.copyleft else PERMISSIVE
    return OPEN_WEIGHTS_RESTRICTED


def called_open(name: str) -> bool:
    """Whether "open" appears in a model's name (OpenELM, OpenChat…)."""
    return "open" in name.lower()


def open_washing(
    *, model_name: str, licence: LicenceTerms, marketed_open: Clause | None
) -> Flag | None:
    """'Open' in the name or the marketing, and a licence that is not OSI-approved.

    ``marketed_open`` is the evidence that the maker calls the model open (for the shipped
    catalog: its entry in the European Open Source AI Index, which lists models their makers
    describe as open). A closed API under a vendor's terms is not flagged: nobody claims its
    weights are open."""
    if licence.osi_approved or licence.proprietary:
        return None
    if called_open(model_name):
        why, source = f"its name, {model_name}, says open", OSI_LIST
    elif marketed_open is not None:
        why, source = marketed_open.text, marketed_open.source
    else:
        return None
    return Flag(
        OPEN_WASHING,
        f"Presented as open ({why}), but its licence, {licence.name}, is not an "
        "OSI-approved open-source licence: check what it forbids before relying on 'open'.",
        f"{source}; {OSI_LIST}",
    )


def classify(
    *, model_name: str, licence: LicenceTerms, marketed_open: Clause | None = None
) -> Classification:
    """The licence category and the flags for one model under ``licence``."""
    flags: list[Flag] = []
    washing = open_washing(model_name=model_name, licence=licence, marketed_open=marketed_open)
    if washing is not None:
        flags.append(washing)
    for flag_id in CLAUSE_IDS:
        clause = licence.clause(flag_id)
        if clause is not None:
            flags.append(Flag(flag_id, clause.text, clause.source))
    return Classification(licence_category(licence), tuple(flags))


def clauses_from_json(raw: Any, *, where: str = "clauses") -> dict[str, Clause]:
    """Clauses as stored ({flag_id: {"text", "source"}}), checked key by key."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TermsInvalid(f"{where}: expected an object, got {type(raw).__name__}")
    clauses: dict[str, Clause] = {}
    for flag_id, value in raw.items():
        if flag_id not in CLAUSE_IDS:
            raise TermsInvalid(
                f"{where} → {flag_id!r}: unknown clause; expected one of {', '.join(CLAUSE_IDS)}"
            )
        clauses[flag_id] = clause_from_json(value, where=f"{where} → {flag_id}")
    return clauses


def clause_from_json(raw: Any, *, where: str) -> Clause:
    if not isinstance(raw, dict):
        raise TermsInvalid(f"{where}: expected an object with text and source")
    for key in ("text", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise TermsInvalid(f'{where} → "{key}": expected a non-empty string')
    return Clause(raw["text"], raw["source"])


def clauses_to_json(clauses: Mapping[str, Clause]) -> dict[str, dict[str, str]]:
    return {
        flag_id: {"text": clauses[flag_id].text, "source": clauses[flag_id].source}
        for flag_id in CLAUSE_IDS
        if flag_id in clauses
    }
