"""The fit rules of scoring model v1, as a table.

Each rule is a condition over the answers, the fit it gives each option on the question's
criterion (or a knock-out), and the reason a board member can read and dispute. For each
question, its rules are looked up in order:

- a single-choice question matches the one rule for its value;
- a multi-choice question matches one rule per ticked value and each option takes its most
  restrictive (lowest) fit among them; an empty selection matches the ``IsEmpty`` rule;
- a number matches the rule whose interval contains it.

Knock-outs are hard constraints: an option knocked out by any rule is infeasible, whatever
the weights. A few knock-outs depend on several answers (hybrid needs traffic that each of
its halves may take); they are listed in ``KNOCKOUT_RULES``.

The TCO criterion is not scored by rules: its fit comes from the cost model (``tco.py``).
``docs/scoring-model.md`` lists this table; a test keeps the two in sync.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from scoring.questions import QUESTIONS_BY_ID, Answers


class _Knockout:
    def __repr__(self) -> str:
        return "KO"


KO: Final = _Knockout()
Effect = float | _Knockout


# --- conditions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Is:
    question: str
    value: str

    def holds(self, answers: Answers) -> bool:
        return answers.get(self.question) == self.value

    def describe(self) -> str:
        return f"{self.question} is '{self.value}'"


@dataclass(frozen=True)
class Includes:
    question: str
    value: str

    def holds(self, answers: Answers) -> bool:
        selected = answers.get(self.question)
        return isinstance(selected, list) and self.value in selected

    def describe(self) -> str:
        return f"{self.question} includes '{self.value}'"


@dataclass(frozen=True)
class IsEmpty:
    question: str

    def holds(self, answers: Answers) -> bool:
        return answers.get(self.question) == []

    def describe(self) -> str:
        return f"{self.question} is empty"


@dataclass(frozen=True)
class InRange:
    """``low <= value < high``; ``high=None`` means no upper bound."""

    question: str
    low: float
    high: float | None = None

    def holds(self, answers: Answers) -> bool:
        value = answers.get(self.question)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return value >= self.low and (self.high is None or value < self.high)

    def describe(self) -> str:
        if self.high is None:
            return f"{self.question} ≥ {self.low:g}"
        return f"{self.low:g} ≤ {self.question} < {self.high:g}"


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]

    def holds(self, answers: Answers) -> bool:
        return any(condition.holds(answers) for condition in self.conditions)

    def describe(self) -> str:
        return "(" + " or ".join(c.describe() for c in self.conditions) + ")"


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]

    def holds(self, answers: Answers) -> bool:
        return all(condition.holds(answers) for condition in self.conditions)

    def describe(self) -> str:
        return " and ".join(c.describe() for c in self.conditions)


@dataclass(frozen=True)
class Not:
    condition: Condition

    def holds(self, answers: Answers) -> bool:
        return not self.condition.holds(answers)

    def describe(self) -> str:
        return f"not {self.condition.describe()}"


Condition = Is | Includes | IsEmpty | InRange | AnyOf | AllOf | Not


def condition_questions(condition: Condition) -> tuple[str, ...]:
    """The question ids a condition reads, in first-seen order."""
    if isinstance(condition, AnyOf | AllOf):
        seen: dict[str, None] = {}
        for part in condition.conditions:
            seen.update(dict.fromkeys(condition_questions(part)))
        return tuple(seen)
    if isinstance(condition, Not):
        return condition_questions(condition.condition)
    return (condition.question,)


# --- rules --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FitRule:
    """When ``condition`` holds, each option's fit on ``question``'s criterion is its effect."""

    id: str
    condition: Is | Includes | IsEmpty | InRange
    open: Effect
    closed: Effect
    hybrid: Effect
    reason: str

    @property
    def question(self) -> str:
        return self.condition.question

    @property
    def criterion(self) -> str:
        return QUESTIONS_BY_ID[self.question].criterion

    def effect(self, option: str) -> Effect:
        effects: Mapping[str, Effect] = {
            "open": self.open,
            "closed": self.closed,
            "hybrid": self.hybrid,
        }
        return effects[option]

    @property
    def discriminates(self) -> bool:
        """True when the rule treats the options differently, i.e. it moves the ranking."""
        return len({repr(self.open), repr(self.closed), repr(self.hybrid)}) > 1


@dataclass(frozen=True)
class KnockoutRule:
    """A hard constraint over several answers that excludes one option."""

    id: str
    option: str
    condition: Condition
    reason: str


def _rule(
    rule_id: str,
    condition: Is | Includes | IsEmpty | InRange,
    open: Effect,
    closed: Effect,
    hybrid: Effect,
    reason: str,
) -> FitRule:
    return FitRule(rule_id, condition, open, closed, hybrid, reason)


FIT_RULES: tuple[FitRule, ...] = (
    # --- sensitivity: data_classes (multi: each option takes its lowest fit) --------------
    _rule(
        "data-public",
        Includes("data_classes", "public"),
        1.0,
        1.0,
        1.0,
        "Public data may be processed anywhere.",
    ),
    _rule(
        "data-internal",
        Includes("data_classes", "internal"),
        1.0,
        0.9,
        1.0,
        "Internal data can go to a vendor under a standard contract, with some exposure.",
    ),
    _rule(
        "data-personal",
        Includes("data_classes", "personal"),
        1.0,
        0.6,
        0.9,
        "Personal data at a vendor needs a processing agreement and a transfer assessment; "
        "a hybrid keeps it on the self-hosted half.",
    ),
    _rule(
        "data-health",
        Includes("data_classes", "health"),
        1.0,
        0.3,
        0.9,
        "Health data at a vendor needs a BAA or equivalent and tight controls; a hybrid "
        "keeps it on the self-hosted half.",
    ),
    _rule(
        "data-financial",
        Includes("data_classes", "financial"),
        1.0,
        0.5,
        0.9,
        "Financial data brings the vendor into audit and PCI scope; a hybrid keeps it in-house.",
    ),
    _rule(
        "data-secret",
        Includes("data_classes", "secret"),
        1.0,
        KO,
        0.8,
        "Secret or classified data may not reach a third-party API; a hybrid must route "
        "all of it to the self-hosted half.",
    ),
    # --- sensitivity: residency ------------------------------------------------------------
    _rule(
        "residency-none",
        Is("residency", "none"),
        1.0,
        1.0,
        1.0,
        "No residency rule: the data may be processed anywhere.",
    ),
    _rule(
        "residency-approved-vendor",
        Is("residency", "approved_vendor"),
        1.0,
        0.8,
        0.9,
        "Only vendors on the approved list may process it, which narrows the choice of "
        "closed models.",
    ),
    _rule(
        "residency-own-region",
        Is("residency", "own_region"),
        1.0,
        0.6,
        0.9,
        "A vendor must process it in our region; not every model is offered there.",
    ),
    _rule(
        "residency-own-infrastructure",
        Is("residency", "own_infrastructure"),
        1.0,
        KO,
        0.9,
        "The data may not leave our servers, so a vendor API cannot process it; a hybrid "
        "keeps that traffic on its self-hosted half.",
    ),
    # --- sensitivity: regulations (multi; empty means none apply) ---------------------------
    _rule(
        "regulations-none", IsEmpty("regulations"), 1.0, 1.0, 1.0, "No named regulation applies."
    ),
    _rule(
        "regulation-gdpr",
        Includes("regulations", "gdpr"),
        1.0,
        0.7,
        0.9,
        "GDPR makes the vendor a processor: a DPA, transfer safeguards and deletion on request.",
    ),
    _rule(
        "regulation-hipaa",
        Includes("regulations", "hipaa"),
        1.0,
        0.5,
        0.9,
        "HIPAA requires a BAA with the vendor and limits which of its services may be used.",
    ),
    _rule(
        "regulation-pci-dss",
        Includes("regulations", "pci_dss"),
        1.0,
        0.6,
        0.9,
        "PCI DSS brings the vendor into the cardholder-data environment and its audits.",
    ),
    _rule(
        "regulation-eu-ai-act-high-risk",
        Includes("regulations", "eu_ai_act_high_risk"),
        0.9,
        0.5,
        0.9,
        "A high-risk system needs technical documentation, logs and a stable, testable "
        "model; that is harder when the vendor can change the model under you.",
    ),
    _rule(
        "regulation-export-control",
        Includes("regulations", "export_control"),
        1.0,
        0.3,
        0.8,
        "Export-controlled data may only reach vendors and regions cleared for it.",
    ),
    # --- sensitivity: vendor_terms_ok -----------------------------------------------------
    _rule(
        "vendor-terms-yes",
        Is("vendor_terms_ok", "yes"),
        1.0,
        1.0,
        1.0,
        "A vendor under a DPA/BAA with zero retention is acceptable.",
    ),
    _rule(
        "vendor-terms-unsure",
        Is("vendor_terms_ok", "unsure"),
        1.0,
        0.5,
        0.9,
        "Nobody has confirmed a vendor would be acceptable; until legal and security do, "
        "the vendor option carries that doubt.",
    ),
    _rule(
        "vendor-terms-no",
        Is("vendor_terms_ok", "no"),
        1.0,
        KO,
        0.9,
        "No vendor terms make this data acceptable at a vendor; a hybrid keeps it on the "
        "self-hosted half.",
    ),
    # --- latency: p95_latency_ms (intervals) ----------------------------------------------
    _rule(
        "latency-under-300ms",
        InRange("p95_latency_ms", 0, 300),
        1.0,
        0.3,
        0.6,
        "Under 300 ms leaves no room for an internet round trip and a vendor's queue; a "
        "model next to the application can meet it.",
    ),
    _rule(
        "latency-300ms-to-1s",
        InRange("p95_latency_ms", 300, 1000),
        1.0,
        0.6,
        0.8,
        "Under a second is reachable through an API but tail latency is the vendor's.",
    ),
    _rule(
        "latency-1s-to-5s",
        InRange("p95_latency_ms", 1000, 5000),
        1.0,
        0.9,
        1.0,
        "A few seconds is within reach of every option; vendor queues occasionally miss it.",
    ),
    _rule(
        "latency-5s-or-more",
        InRange("p95_latency_ms", 5000),
        1.0,
        1.0,
        1.0,
        "Five seconds or more: latency does not separate the options.",
    ),
    # --- latency: offline -----------------------------------------------------------------
    _rule(
        "offline-never",
        Is("offline", "never"),
        1.0,
        1.0,
        1.0,
        "Always online: every option can reach its model.",
    ),
    _rule(
        "offline-sometimes",
        Is("offline", "sometimes"),
        1.0,
        0.2,
        0.7,
        "A vendor API is unreachable while the link is down; a hybrid can fall back to its "
        "local half.",
    ),
    _rule(
        "offline-always",
        Is("offline", "always"),
        1.0,
        KO,
        KO,
        "It must run without any connection, so only a model on our own hardware can serve "
        "it; the vendor half of a hybrid would never be reachable.",
    ),
    # --- latency: availability ------------------------------------------------------------
    _rule(
        "availability-best-effort",
        Is("availability", "best_effort"),
        1.0,
        1.0,
        1.0,
        "Best effort: any option will do.",
    ),
    _rule(
        "availability-99-0",
        Is("availability", "99.0"),
        1.0,
        1.0,
        1.0,
        "99.0 % is within reach of a single self-hosted replica and of any vendor.",
    ),
    _rule(
        "availability-99-9",
        Is("availability", "99.9"),
        0.7,
        0.9,
        1.0,
        "99.9 % self-hosted needs redundant GPUs and on-call staff; vendors sell about this "
        "level; a hybrid can fail over between its halves.",
    ),
    _rule(
        "availability-99-99",
        Is("availability", "99.99"),
        0.4,
        0.6,
        0.9,
        "99.99 % is hard for anyone: few vendors contract it and self-hosting it needs "
        "multi-site redundancy; failing over between two independent paths comes closest.",
    ),
    # --- latency: deployment --------------------------------------------------------------
    _rule(
        "deployment-cloud",
        Is("deployment", "cloud"),
        0.8,
        1.0,
        0.9,
        "In the cloud a vendor API is one call away; self-hosting means running GPU "
        "instances next to it.",
    ),
    _rule(
        "deployment-on-premises",
        Is("deployment", "on_premises"),
        1.0,
        0.6,
        0.8,
        "On-premises systems calling a vendor need egress approval and depend on the link.",
    ),
    _rule(
        "deployment-edge",
        Is("deployment", "edge"),
        1.0,
        0.3,
        0.6,
        "Edge devices need a model that runs where they are; a vendor call needs "
        "connectivity the edge may not have.",
    ),
    # --- customization: adaptation --------------------------------------------------------
    _rule(
        "adaptation-prompting",
        Is("adaptation", "prompting"),
        0.8,
        1.0,
        0.9,
        "Prompting works with any model; the strongest instruction-followers are API models.",
    ),
    _rule(
        "adaptation-retrieval",
        Is("adaptation", "retrieval"),
        0.9,
        1.0,
        1.0,
        "Retrieval works with any model; the vendor sees the retrieved documents.",
    ),
    _rule(
        "adaptation-fine-tuning",
        Is("adaptation", "fine_tuning"),
        1.0,
        0.5,
        0.9,
        "Vendor fine-tuning exists for some models only, with limited control, and the "
        "tuned model stays with the vendor.",
    ),
    _rule(
        "adaptation-deep",
        Is("adaptation", "deep"),
        1.0,
        KO,
        0.8,
        "Continued pre-training or architecture changes need the weights; no vendor API "
        "allows them.",
    ),
    # --- customization: domain ------------------------------------------------------------
    _rule(
        "domain-general",
        Is("domain", "general"),
        0.7,
        1.0,
        0.9,
        "General language: the broadest models do best without adaptation.",
    ),
    _rule(
        "domain-specialized",
        Is("domain", "specialized"),
        0.9,
        0.8,
        1.0,
        "Specialised language: retrieval or light tuning closes most of the gap.",
    ),
    _rule(
        "domain-highly-specialized",
        Is("domain", "highly_specialized"),
        1.0,
        0.5,
        0.9,
        "Highly specialised language rewards a model you can keep training.",
    ),
    # --- customization: inspectability ----------------------------------------------------
    _rule(
        "inspectability-not-needed",
        Is("inspectability", "not_needed"),
        1.0,
        1.0,
        1.0,
        "Nobody needs to inspect the model itself.",
    ),
    _rule(
        "inspectability-helpful",
        Is("inspectability", "helpful"),
        1.0,
        0.6,
        0.8,
        "Inspection would help; only open weights can be examined and pinned.",
    ),
    _rule(
        "inspectability-required",
        Is("inspectability", "required"),
        1.0,
        0.1,
        0.6,
        "Only open weights can be inspected and audited; a hybrid can audit its "
        "self-hosted half only.",
    ),
    # --- customization: ml_team -----------------------------------------------------------
    _rule(
        "ml-team-none",
        Is("ml_team", "none"),
        0.2,
        1.0,
        0.3,
        "Self-hosting needs people to run it, and there are none.",
    ),
    _rule(
        "ml-team-small",
        Is("ml_team", "small"),
        0.6,
        1.0,
        0.6,
        "A small team can run a model server, with little slack for upgrades and incidents.",
    ),
    _rule(
        "ml-team-strong",
        Is("ml_team", "strong"),
        1.0,
        0.9,
        1.0,
        "A strong team can run and improve self-hosted models; an API leaves that capability idle.",
    ),
    # --- risk: lock_in_tolerance ----------------------------------------------------------
    _rule(
        "lock-in-low",
        Is("lock_in_tolerance", "low"),
        1.0,
        0.4,
        0.8,
        "A single vendor API is the deepest lock-in; a hybrid keeps a working exit.",
    ),
    _rule(
        "lock-in-medium",
        Is("lock_in_tolerance", "medium"),
        1.0,
        0.7,
        0.9,
        "Some dependence is acceptable if switching stays possible.",
    ),
    _rule(
        "lock-in-high",
        Is("lock_in_tolerance", "high"),
        1.0,
        1.0,
        1.0,
        "Dependence on one vendor is acceptable.",
    ),
    # --- risk: frontier_capability --------------------------------------------------------
    _rule(
        "frontier-not-needed",
        Is("frontier_capability", "not_needed"),
        1.0,
        1.0,
        1.0,
        "Frontier quality is not needed: open models are good enough.",
    ),
    _rule(
        "frontier-helpful",
        Is("frontier_capability", "helpful"),
        0.7,
        1.0,
        0.9,
        "Frontier quality would help; open models trail the best API models.",
    ),
    _rule(
        "frontier-essential",
        Is("frontier_capability", "essential"),
        0.2,
        1.0,
        0.9,
        "Frontier quality is essential and the strongest models are offered through APIs; "
        "a hybrid routes the hard tasks there.",
    ),
    # --- risk: license_risk_tolerance -----------------------------------------------------
    _rule(
        "license-risk-low",
        Is("license_risk_tolerance", "low"),
        0.6,
        0.9,
        0.7,
        "Open-weights licences differ widely (usage policies, user caps, naming rules) and "
        "each needs legal review; vendor terms are one contract, but they can change too.",
    ),
    _rule(
        "license-risk-medium",
        Is("license_risk_tolerance", "medium"),
        0.85,
        1.0,
        0.85,
        "Some licence risk is acceptable; prefer permissively licensed weights.",
    ),
    _rule(
        "license-risk-high",
        Is("license_risk_tolerance", "high"),
        1.0,
        1.0,
        1.0,
        "Licence risk is acceptable.",
    ),
    # --- risk: safety_operations ----------------------------------------------------------
    _rule(
        "safety-in-house",
        Is("safety_operations", "in_house"),
        1.0,
        0.6,
        0.9,
        "We want filters, monitoring and patching in our own hands; a vendor runs its own, "
        "opaque to us.",
    ),
    _rule(
        "safety-vendor",
        Is("safety_operations", "vendor"),
        0.4,
        1.0,
        0.7,
        "The vendor should run filters, abuse monitoring and patching; self-hosting makes "
        "them our job.",
    ),
    # --- risk: regulatory_exposure --------------------------------------------------------
    _rule(
        "regulatory-exposure-low",
        Is("regulatory_exposure", "low"),
        1.0,
        1.0,
        1.0,
        "Little regulatory change is expected.",
    ),
    _rule(
        "regulatory-exposure-medium",
        Is("regulatory_exposure", "medium"),
        0.9,
        0.8,
        1.0,
        "Some change is expected; being able to move traffic between models helps.",
    ),
    _rule(
        "regulatory-exposure-high",
        Is("regulatory_exposure", "high"),
        0.8,
        0.5,
        1.0,
        "Much change is expected: a hybrid's central policy and logging layer gives one "
        "audit trail and lets traffic move between models when the rules change.",
    ),
)

# Data classes that may go to a vendor even when the sensitive data may not.
_SHAREABLE = AnyOf((Includes("data_classes", "public"), Includes("data_classes", "internal")))

KNOCKOUT_RULES: tuple[KnockoutRule, ...] = (
    KnockoutRule(
        id="hybrid-no-vendor-traffic",
        option="hybrid",
        condition=AllOf(
            (
                AnyOf((Is("residency", "own_infrastructure"), Is("vendor_terms_ok", "no"))),
                Not(_SHAREABLE),
            )
        ),
        reason=(
            "A hybrid needs traffic its vendor half may take. The sensitive data here may not "
            "go to a vendor and there is no public or internal data to send there instead."
        ),
    ),
    KnockoutRule(
        id="hybrid-only-secret",
        option="hybrid",
        condition=AllOf(
            (
                Includes("data_classes", "secret"),
                Not(
                    AnyOf(
                        tuple(
                            Includes("data_classes", value)
                            for value in ("public", "internal", "personal", "health", "financial")
                        )
                    )
                ),
            )
        ),
        reason=(
            "All of the data is secret, so the vendor half of a hybrid would have nothing it "
            "may process."
        ),
    ),
)

RULES_BY_QUESTION: Mapping[str, tuple[FitRule, ...]] = {
    question_id: tuple(rule for rule in FIT_RULES if rule.question == question_id)
    for question_id in dict.fromkeys(rule.question for rule in FIT_RULES)
}

# Questions whose answers feed the cost model rather than rules of their own.
COST_MODEL_QUESTIONS: tuple[str, ...] = (
    "requests_per_month",
    "input_tokens",
    "output_tokens",
    "monthly_growth_pct",
    "horizon_months",
    "gpu_infrastructure",
)
