"""The rules of scoring model v2: v1's fit table, and the requirements.

A **requirement** is an answer that states a must-have: required, essential, always, only on
our infrastructure, no vendor terms acceptable. In v1 most of them were one fit among four or
five in a mean, where a cheap price could outvote them. In v2 each is a condition: for every
option it says whether the option meets it, meets it in part (and how), or cannot meet it, and
an option that cannot meet a requirement the answers state is knocked out, whatever the
weights.

The fit table is v1's (``scoring/rules.py``), row for row, except that in a requirement's row
each option that cannot meet it has KO in its column. v1's knock-outs over several answers (a
hybrid needs traffic its vendor half may take) are here the ``unless`` of a hybrid's partial
fit. ``docs/scoring-model.md`` shows both tables, generated from this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from scoring import rules as v1
from scoring.questions import OPTIONS, QUESTIONS_BY_ID
from scoring.rules import KO, AnyOf, Condition, FitRule, Includes, Is, Not, condition_questions


@dataclass(frozen=True)
class Meets:
    """The option meets the requirement in full; ``text`` says how."""

    text: str


@dataclass(frozen=True)
class InPart:
    """The option meets the requirement in part, as ``text`` says, and so stays feasible,
    unless ``unless`` holds too: then it cannot, for ``unless_reason``."""

    text: str
    unless: Condition | None = None
    unless_reason: str = ""


@dataclass(frozen=True)
class Cannot:
    """The option cannot meet the requirement: it is knocked out, for ``text``."""

    text: str


Verdict = Meets | InPart | Cannot


@dataclass(frozen=True)
class Requirement:
    """An answer that states a must-have, and where each option stands on it.

    ``id`` is the id of the fit rule with the same condition: the row of the fit table whose
    answer states the requirement.
    """

    id: str
    condition: Is | Includes
    must: str  # the requirement in plain words
    why: str  # why a board reads this answer as a condition rather than a preference
    open: Verdict
    closed: Verdict
    hybrid: Verdict

    @property
    def question(self) -> str:
        return self.condition.question

    def verdict(self, option: str) -> Verdict:
        verdicts: Mapping[str, Verdict] = {
            "open": self.open,
            "closed": self.closed,
            "hybrid": self.hybrid,
        }
        return verdicts[option]

    def questions(self) -> tuple[str, ...]:
        """Every question the requirement reads: its own, then those of its ``unless``."""
        seen = dict.fromkeys((self.question,))
        for option in OPTIONS:
            verdict = self.verdict(option)
            if isinstance(verdict, InPart) and verdict.unless is not None:
                seen.update(dict.fromkeys(condition_questions(verdict.unless)))
        return tuple(seen)


# Data classes that a vendor may take even when the sensitive data may not go there.
SHAREABLE = AnyOf((Includes("data_classes", "public"), Includes("data_classes", "internal")))
NO_SHAREABLE_DATA = Not(SHAREABLE)
_NOTHING_FOR_THE_VENDOR_HALF = (
    "With no public or internal data, the vendor half of a hybrid would have no traffic it may "
    "take: it would be the self-hosted option with an idle vendor contract."
)

REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        id="data-secret",
        condition=Includes("data_classes", "secret"),
        must="Secret or classified data may not leave the systems designated for it.",
        why=(
            "Classification rules forbid the transfer outright. No contract, price or "
            "quality makes a third-party API acceptable for that data."
        ),
        open=Meets("Self-hosting keeps the secret data on systems we designate."),
        closed=Cannot("Secret or classified data may not be sent to a third-party API."),
        hybrid=InPart(
            "A hybrid routes every secret request to its self-hosted half and sends only the "
            "other data to its vendor half, provided requests can be told apart reliably.",
            unless=Not(
                AnyOf(
                    tuple(
                        Includes("data_classes", value)
                        for value in ("public", "internal", "personal", "health", "financial")
                    )
                )
            ),
            unless_reason=(
                "All of the data is secret, so the vendor half of a hybrid would have nothing "
                "it may process."
            ),
        ),
    ),
    Requirement(
        id="residency-own-infrastructure",
        condition=Is("residency", "own_infrastructure"),
        must="The data may not leave our own infrastructure.",
        why=(
            "A residency rule is a legal or policy limit, not a cost. A vendor API processes "
            "requests on the vendor's servers, so it breaks the rule whatever else it offers."
        ),
        open=Meets("Self-hosting processes all of the data on our own infrastructure."),
        closed=Cannot("A vendor API processes the data on the vendor's servers."),
        hybrid=InPart(
            "A hybrid keeps the data that may not leave on its self-hosted half and sends only "
            "public or internal data to its vendor half.",
            unless=NO_SHAREABLE_DATA,
            unless_reason=_NOTHING_FOR_THE_VENDOR_HALF,
        ),
    ),
    Requirement(
        id="vendor-terms-no",
        condition=Is("vendor_terms_ok", "no"),
        must="No vendor may process this data, even under a DPA/BAA with zero retention.",
        why=(
            "Legal and security have ruled vendors out for this data. The model takes their "
            "answer as given instead of weighing it against cost or quality."
        ),
        open=Meets("Self-hosting involves no vendor in processing the data."),
        closed=Cannot("A vendor API would put the data in a vendor's hands."),
        hybrid=InPart(
            "A hybrid keeps that data on its self-hosted half and sends only public or "
            "internal data to its vendor half.",
            unless=NO_SHAREABLE_DATA,
            unless_reason=_NOTHING_FOR_THE_VENDOR_HALF,
        ),
    ),
    Requirement(
        id="offline-sometimes",
        condition=Is("offline", "sometimes"),
        must="It must keep working through losses of connection.",
        why=(
            "The answer says it must keep working through outages. An option that stops "
            "whenever the link drops does not meet that, however well it does otherwise."
        ),
        open=Meets("A model on our own hardware keeps working while the link is down."),
        closed=Cannot("A vendor API stops answering whenever the link is down."),
        hybrid=InPart(
            "A hybrid falls back to its self-hosted half while the link is down; what its "
            "vendor half serves waits until the link returns."
        ),
    ),
    Requirement(
        id="offline-always",
        condition=Is("offline", "always"),
        must="It must work without any internet connection.",
        why=(
            "An air-gapped or permanently disconnected system cannot reach a vendor at all: "
            "a fact of the site, not a preference."
        ),
        open=Meets("A model on our own hardware runs without a connection."),
        closed=Cannot("A vendor API cannot be reached without a connection."),
        hybrid=Cannot(
            "The vendor half of a hybrid would never be reachable, so it could not work as a "
            "hybrid at all."
        ),
    ),
    Requirement(
        id="adaptation-deep",
        condition=Is("adaptation", "deep"),
        must="The model must be adapted deeply: continued pre-training or architecture changes.",
        why=(
            "Both need the weights themselves. No vendor API gives them out, so the plan "
            "cannot be carried out on a closed model at any price."
        ),
        open=Meets("Open weights can be trained further and changed."),
        closed=Cannot(
            "No vendor API lets you continue pre-training a closed model or change its "
            "architecture."
        ),
        hybrid=InPart(
            "A hybrid runs the deeply adapted model on its self-hosted half; its vendor half "
            "serves only what needs no such adaptation."
        ),
    ),
    Requirement(
        id="inspectability-required",
        condition=Is("inspectability", "required"),
        must="The model itself must be open to inspection and audit: an auditor or regulator "
        "will ask.",
        why=(
            "An auditor who asks to examine the weights, pin an exact version for years or "
            "reproduce outputs cannot be satisfied by a model the vendor keeps and may change. "
            "v1 averaged this into customization (closed 0.1 on one of four questions), where "
            "a low price could outvote it."
        ),
        open=Meets("Open weights can be inspected, pinned and audited."),
        closed=Cannot(
            "A closed model cannot be inspected or pinned: its weights stay with the vendor, "
            "who may change it."
        ),
        hybrid=InPart(
            "A hybrid keeps the traffic that must be auditable on its self-hosted half, where "
            "the model can be inspected; what goes to its vendor half cannot be."
        ),
    ),
    Requirement(
        id="frontier-essential",
        condition=Is("frontier_capability", "essential"),
        must="Frontier-level model quality is essential.",
        why=(
            "If the use case fails without the strongest models, an option without them fails "
            "it however cheap it is. v1 scored open 0.2 on one of five risk questions, so a "
            "low cost could still carry it to first place."
        ),
        open=Cannot(
            "The strongest models are offered through vendor APIs; open weights trail them, "
            "often by months."
        ),
        closed=Meets("A vendor API offers the strongest models as they are released."),
        hybrid=InPart(
            "A hybrid routes the tasks that need frontier quality to its vendor half, as long "
            "as those tasks use data the vendor half may take."
        ),
    ),
)

REQUIREMENTS_BY_ID: Mapping[str, Requirement] = {r.id: r for r in REQUIREMENTS}


def _with_knockouts(rule: FitRule) -> FitRule:
    """v1's row, with KO for each option that cannot meet the requirement it states."""
    requirement = REQUIREMENTS_BY_ID.get(rule.id)
    if requirement is None:
        return rule
    cannot = {o: KO for o in OPTIONS if isinstance(requirement.verdict(o), Cannot)}
    return replace(rule, **cannot)  # type: ignore[arg-type]


FIT_RULES: tuple[FitRule, ...] = tuple(_with_knockouts(rule) for rule in v1.FIT_RULES)

RULES_BY_QUESTION: Mapping[str, tuple[FitRule, ...]] = {
    question_id: tuple(rule for rule in FIT_RULES if rule.question == question_id)
    for question_id in dict.fromkeys(rule.question for rule in FIT_RULES)
}

# Questions whose answers feed the cost model rather than rules of their own (as in v1).
COST_MODEL_QUESTIONS: tuple[str, ...] = v1.COST_MODEL_QUESTIONS

# The questions with rules, in the bank's order: the answers the model reads directly.
RULED_QUESTIONS: tuple[str, ...] = tuple(q for q in QUESTIONS_BY_ID if q in RULES_BY_QUESTION)


# --- the shortlisted open model's licence ----------------------------------------------------
# With an open-weights model on the decision's shortlist, its licence's category sets the
# open option's fit on licence risk, at the board's tolerance, in place of the generic row
# above; a hybrid uses both models, so its fit is the mean of that fit and the closed
# option's. Rows: the tolerance (the answer to license_risk_tolerance); columns: the category
# the catalog gives the licence.
LICENCE_FITS: Mapping[str, Mapping[str, float]] = {
    "low": {
        "permissive": 1.0,
        "copyleft": 0.8,
        "open_weights_restricted": 0.4,
        "non_commercial": 0.1,
        "proprietary": 0.4,
    },
    "medium": {
        "permissive": 1.0,
        "copyleft": 0.9,
        "open_weights_restricted": 0.7,
        "non_commercial": 0.3,
        "proprietary": 0.7,
    },
    "high": {
        "permissive": 1.0,
        "copyleft": 1.0,
        "open_weights_restricted": 0.9,
        "non_commercial": 0.6,
        "proprietary": 0.9,
    },
}
