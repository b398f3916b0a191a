"""Question bank v1: the five evaluation areas and their questions.

The question ids and their values are a contract shared by the questionnaire, the CLI,
exports and stored records. Questions may be added; existing ones may not change meaning.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

QUESTION_BANK_VERSION = 1

CRITERIA: tuple[str, ...] = ("sensitivity", "latency", "customization", "tco", "risk")
OPTIONS: tuple[str, ...] = ("open", "closed", "hybrid")

OPTION_LABELS: Mapping[str, str] = {
    "open": "Open weights, self-hosted",
    "closed": "Closed model via vendor API",
    "hybrid": "Hybrid (self-hosted + vendor API)",
}

Kind = Literal["one", "multi", "int", "number"]
Answer = str | int | float | list[str]
Answers = Mapping[str, Answer]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    criterion: str
    kind: Kind
    label: str
    help: str
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    # Only for "multi": whether an empty selection is a valid answer ("none of these").
    allow_empty: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def label_of(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


@dataclass(frozen=True)
class Area:
    criterion: str
    title: str
    prompt: str
    help: str
    question_ids: tuple[str, ...]


def _c(value: str, label: str, help: str = "") -> Choice:
    return Choice(value=value, label=label, help=help)


QUESTIONS: tuple[Question, ...] = (
    # --- sensitivity -------------------------------------------------------------------
    Question(
        id="data_classes",
        criterion="sensitivity",
        kind="multi",
        label="Which kinds of data will the model see?",
        help=(
            "Tick every class that will appear in prompts, retrieved documents or outputs. "
            "The most sensitive class sets the bar: one health record in the traffic makes "
            "the whole flow health data, unless a hybrid set-up routes it separately."
        ),
        choices=(
            _c("public", "Public", "Already published or meant to be."),
            _c("internal", "Internal", "Business information without personal data."),
            _c("personal", "Personal data", "Anything that identifies a person (GDPR scope)."),
            _c("health", "Health data", "Patient or medical information (special category)."),
            _c("financial", "Financial data", "Card data, account data, trading information."),
            _c("secret", "Secret / classified", "May not leave designated systems at all."),
        ),
    ),
    Question(
        id="residency",
        criterion="sensitivity",
        kind="one",
        label="Where may this data be processed?",
        help=(
            "The strictest rule that applies to the most sensitive data here. If it may not "
            "leave your own infrastructure, a plain vendor API is ruled out; a hybrid can "
            "still send the less sensitive part of the traffic to a vendor."
        ),
        choices=(
            _c("none", "Anywhere", "No residency rule applies."),
            _c("approved_vendor", "At an approved vendor", "Vendors on our approved list."),
            _c("own_region", "In our region", "A vendor may process it, but only in-region."),
            _c("own_infrastructure", "Only on our infrastructure", "It may not leave our servers."),
        ),
    ),
    Question(
        id="regulations",
        criterion="sensitivity",
        kind="multi",
        allow_empty=True,
        label="Which regulations apply to this use case?",
        help=(
            "Tick 'None of these' if none apply. Each one adds obligations that are "
            "easier to meet when you control where the model runs and what it logs."
        ),
        choices=(
            _c("gdpr", "GDPR", "Personal data of people in the EU."),
            _c("hipaa", "HIPAA", "US protected health information; vendors need a BAA."),
            _c("pci_dss", "PCI DSS", "Payment card data; the vendor joins your PCI scope."),
            _c(
                "eu_ai_act_high_risk",
                "EU AI Act (high-risk system)",
                "Documentation, logging, human oversight and accuracy duties.",
            ),
            _c("export_control", "Export control", "ITAR/EAR-controlled technical data."),
        ),
    ),
    Question(
        id="vendor_terms_ok",
        criterion="sensitivity",
        kind="one",
        label="Would a vendor with a signed DPA/BAA and zero data retention be acceptable?",
        help=(
            "Ask legal and security. 'No' rules out a plain vendor API for this data. "
            "'Unsure' counts against the vendor option until someone has checked."
        ),
        choices=(
            _c("yes", "Yes"),
            _c("no", "No"),
            _c("unsure", "Unsure", "Nobody has checked yet."),
        ),
    ),
    # --- latency -----------------------------------------------------------------------
    Question(
        id="p95_latency_ms",
        criterion="latency",
        kind="int",
        label="What 95th-percentile response time do you need?",
        help=(
            "In milliseconds, for a whole response. Below about 300 ms there is little room "
            "for a round trip over the internet and a vendor's queue; above a few seconds "
            "every option can meet it."
        ),
        minimum=50,
        maximum=600_000,
        unit="ms",
    ),
    Question(
        id="offline",
        criterion="latency",
        kind="one",
        label="Must it work without an internet connection?",
        help=(
            "Air-gapped sites, field work, ships and vehicles. If it must always run offline, "
            "only a model on your own hardware can serve it."
        ),
        choices=(
            _c("never", "No, it is always online"),
            _c("sometimes", "Sometimes", "It must keep working through outages."),
            _c("always", "Always", "Air-gapped or permanently disconnected."),
        ),
    ),
    Question(
        id="availability",
        criterion="latency",
        kind="one",
        label="What availability must it reach?",
        help=(
            "Self-hosting 99.9 % or more means redundant GPUs and people on call. Vendors "
            "publish SLAs, but their outages are outside your control; a hybrid can fail over."
        ),
        choices=(
            _c("best_effort", "Best effort"),
            _c("99.0", "99.0 %", "About 7 hours of downtime a month."),
            _c("99.9", "99.9 %", "About 45 minutes a month."),
            _c("99.99", "99.99 %", "About 4 minutes a month."),
        ),
    ),
    Question(
        id="deployment",
        criterion="latency",
        kind="one",
        label="Where does the application run?",
        help="Calling a vendor from on-premises or edge systems needs egress and connectivity.",
        choices=(
            _c("cloud", "Public cloud"),
            _c("on_premises", "On premises"),
            _c("edge", "At the edge", "Devices, branches, factories, vehicles."),
        ),
    ),
    # --- customization -----------------------------------------------------------------
    Question(
        id="adaptation",
        criterion="customization",
        kind="one",
        label="How far must the model be adapted?",
        help=(
            "Prompting and retrieval work with any model. Fine-tuning is possible at some "
            "vendors but ties the result to them; continued pre-training or architecture "
            "changes need the weights."
        ),
        choices=(
            _c("prompting", "Prompting only"),
            _c("retrieval", "Retrieval (RAG) over our documents"),
            _c("fine_tuning", "Fine-tuning"),
            _c("deep", "Deep", "Continued pre-training or architecture changes."),
        ),
    ),
    Question(
        id="domain",
        criterion="customization",
        kind="one",
        label="How specialised is the domain language?",
        help=(
            "General models handle everyday language well; heavy jargon, rare languages or "
            "proprietary codes reward a model you can train further."
        ),
        choices=(
            _c("general", "General"),
            _c("specialized", "Specialised", "Industry terms a general model mostly knows."),
            _c("highly_specialized", "Highly specialised", "Internal codes, rare jargon."),
        ),
    ),
    Question(
        id="inspectability",
        criterion="customization",
        kind="one",
        label="Must you inspect or audit the model itself?",
        help=(
            "Weights, activations, exact versions pinned for years, reproducible outputs. "
            "Only open weights can be examined; a vendor model can change under you."
        ),
        choices=(
            _c("not_needed", "Not needed"),
            _c("helpful", "Helpful"),
            _c("required", "Required", "An auditor or regulator will ask."),
        ),
    ),
    Question(
        id="ml_team",
        criterion="customization",
        kind="one",
        label="What in-house ML and MLOps capability do you have?",
        help=(
            "Someone has to serve, monitor, patch and upgrade a self-hosted model. Without a "
            "team, that work is hired or it does not get done."
        ),
        choices=(
            _c("none", "None"),
            _c("small", "Small", "One or two people who can run a model server."),
            _c("strong", "Strong", "A team that trains, evaluates and operates models."),
        ),
    ),
    # --- tco ---------------------------------------------------------------------------
    Question(
        id="requests_per_month",
        criterion="tco",
        kind="int",
        label="How many requests per month do you expect?",
        help="At launch. Volume is what makes hosting your own model pay off, or not.",
        minimum=0,
        maximum=10**12,
        unit="requests",
    ),
    Question(
        id="input_tokens",
        criterion="tco",
        kind="int",
        label="Average input tokens per request",
        help="Prompt plus retrieved context. Roughly 750 English words make 1,000 tokens.",
        minimum=1,
        maximum=10**7,
        unit="tokens",
    ),
    Question(
        id="output_tokens",
        criterion="tco",
        kind="int",
        label="Average output tokens per request",
        help="Generated text. Output tokens cost more and take the GPU time.",
        minimum=1,
        maximum=10**7,
        unit="tokens",
    ),
    Question(
        id="monthly_growth_pct",
        criterion="tco",
        kind="number",
        label="Expected monthly growth of volume",
        help="In percent per month; negative if usage will shrink. 5 % a month is 80 % a year.",
        minimum=-50,
        maximum=500,
        unit="% per month",
    ),
    Question(
        id="horizon_months",
        criterion="tco",
        kind="int",
        label="Over how many months should costs be compared?",
        help="Self-hosting front-loads its costs; short horizons favour paying per token.",
        minimum=1,
        maximum=120,
        unit="months",
    ),
    Question(
        id="gpu_infrastructure",
        criterion="tco",
        kind="one",
        label="What GPU infrastructure do you already run?",
        help="Existing GPUs and the people who run them lower the set-up cost of self-hosting.",
        choices=(
            _c("none", "None"),
            _c("some", "Some", "A few GPU servers or a cloud GPU account in use."),
            _c("substantial", "Substantial", "GPU clusters in production."),
        ),
    ),
    # --- risk --------------------------------------------------------------------------
    Question(
        id="lock_in_tolerance",
        criterion="risk",
        kind="one",
        label="How much dependence on a single vendor can you accept?",
        help="Prices, terms and models change on the vendor's schedule, not yours.",
        choices=(_c("low", "Low"), _c("medium", "Medium"), _c("high", "High")),
    ),
    Question(
        id="frontier_capability",
        criterion="risk",
        kind="one",
        label="Do you need frontier-level model quality?",
        help=(
            "The strongest reasoning and coding models are offered through APIs first; open "
            "models follow, often months later."
        ),
        choices=(
            _c("not_needed", "Not needed"),
            _c("helpful", "Helpful"),
            _c("essential", "Essential"),
        ),
    ),
    Question(
        id="license_risk_tolerance",
        criterion="risk",
        kind="one",
        label="How much licence risk can you absorb?",
        help=(
            "'Open' model licences range from Apache-2.0 to custom terms with usage policies, "
            "user caps and naming rules, some of which the licensor may change. Each needs a "
            "legal review; a vendor contract is one negotiated document."
        ),
        choices=(_c("low", "Low"), _c("medium", "Medium"), _c("high", "High")),
    ),
    Question(
        id="safety_operations",
        criterion="risk",
        kind="one",
        label="Who should run content filters, abuse monitoring and patching?",
        help="Vendors run these for their API; self-hosting makes them your job.",
        choices=(
            _c("in_house", "We will, in house"),
            _c("vendor", "The vendor should"),
        ),
    ),
    Question(
        id="regulatory_exposure",
        criterion="risk",
        kind="one",
        label="How exposed is this use case to changing regulation?",
        help=(
            "High exposure rewards an architecture where you can move traffic between models "
            "and show a single audit trail when the rules change."
        ),
        choices=(_c("low", "Low"), _c("medium", "Medium"), _c("high", "High")),
    ),
)

QUESTIONS_BY_ID: Mapping[str, Question] = {question.id: question for question in QUESTIONS}

AREAS: tuple[Area, ...] = (
    Area(
        criterion="sensitivity",
        title="Data sensitivity",
        prompt=(
            "Do regulations or internal policies require strict control over where data is "
            "processed?"
        ),
        help=(
            "This is usually the first filter: some answers rule an option out entirely. "
            "Answer for the most sensitive data this use case will touch."
        ),
        question_ids=("data_classes", "residency", "regulations", "vendor_terms_ok"),
    ),
    Area(
        criterion="latency",
        title="Latency and availability",
        prompt="Are low-latency or offline capabilities important?",
        help=(
            "Industrial controls, field operations and interactive tools may not tolerate a "
            "round trip to a vendor or an outage you cannot fix yourself."
        ),
        question_ids=("p95_latency_ms", "offline", "availability", "deployment"),
    ),
    Area(
        criterion="customization",
        title="Customization depth",
        prompt="How heavily must the model be adapted to proprietary workflows or terminology?",
        help=(
            "The deeper the adaptation, the more it pays to own the weights, and the more "
            "you need people who can work with them."
        ),
        question_ids=("adaptation", "domain", "inspectability", "ml_team"),
    ),
    Area(
        criterion="tco",
        title="Total cost of ownership",
        prompt="Does expected usage volume justify investing in in-house hosting and optimization?",
        help=(
            "These answers feed a cost model of all three options over your horizon. The "
            "cheapest option gets full marks on this criterion; the others in proportion."
        ),
        question_ids=(
            "requests_per_month",
            "input_tokens",
            "output_tokens",
            "monthly_growth_pct",
            "horizon_months",
            "gpu_infrastructure",
        ),
    ),
    Area(
        criterion="risk",
        title="Risk tolerance",
        prompt=(
            "How much legal and reputational risk can the organization absorb as regulation "
            "evolves?"
        ),
        help=(
            "Lock-in, licence terms, safety operations and regulatory change all carry risk; "
            "open, closed and hybrid carry different parts of it."
        ),
        question_ids=(
            "lock_in_tolerance",
            "frontier_capability",
            "license_risk_tolerance",
            "safety_operations",
            "regulatory_exposure",
        ),
    ),
)

AREAS_BY_CRITERION: Mapping[str, Area] = {area.criterion: area for area in AREAS}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class AnswersInvalid(ValueError):
    """Raised with every field error found, so a form can show each beside its field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in errors))


def format_number(value: float) -> str:
    """1,000,000 for a whole number, 2.5 otherwise: how limits are written to people."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


_SINGULAR_UNITS = {"requests": "request", "tokens": "token", "months": "month", "GPUs": "GPU"}


def limit_text(value: float, unit: str = "") -> str:
    """A limit as people write it: "50 ms", "1 token", "10,000,000 tokens", "-50 % per month"."""
    if not unit:
        return format_number(value)
    if value == 1:
        unit = _SINGULAR_UNITS.get(unit, unit)
    return f"{format_number(value)} {unit}"


def range_text(minimum: float, maximum: float, unit: str = "") -> str:
    """ "between 50 and 600,000 ms": how every limit check words a number out of range."""
    return f"between {format_number(minimum)} and {limit_text(maximum, unit)}"


def clean_answer(question: Question, value: object) -> Answer:
    """Return the canonical form of one answer, or raise ValueError with a user message."""
    if question.kind == "one":
        if not isinstance(value, str):
            raise ValueError(f"must be one of: {', '.join(question.values)}")
        if value not in question.values:
            raise ValueError(f"'{value}' is not one of: {', '.join(question.values)}")
        return value
    if question.kind == "multi":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"must be a list of: {', '.join(question.values)}")
        unknown = [v for v in value if v not in question.values]
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not one of: {', '.join(question.values)}")
        if not value and not question.allow_empty:
            raise ValueError("choose at least one")
        # Canonical order (the bank's), duplicates dropped: equal answers hash equally.
        return [v for v in question.values if v in value]
    # Numbers. bool is an int in Python, but true/false is not a count.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    number: int | float
    if question.kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("must be a whole number")
        number = int(value)
    else:
        number = float(value)
    assert question.minimum is not None
    assert question.maximum is not None
    if not question.minimum <= number <= question.maximum:
        raise ValueError(f"must be {range_text(question.minimum, question.maximum, question.unit)}")
    return number


def validate_answers(raw: object, *, partial: bool = False) -> dict[str, Answer]:
    """Validate an answers document against the bank.

    With ``partial`` (the questionnaire saving one step), missing questions are allowed;
    otherwise every question must be answered. Errors name the field, e.g. ``residency``.
    """
    if not isinstance(raw, Mapping):
        raise AnswersInvalid([FieldError("answers", "must be an object of question ids")])
    errors: list[FieldError] = []
    clean: dict[str, Answer] = {}
    for key, value in raw.items():
        question = QUESTIONS_BY_ID.get(str(key))
        if question is None:
            errors.append(FieldError(str(key), "unknown question id"))
            continue
        try:
            clean[question.id] = clean_answer(question, value)
        except ValueError as error:
            errors.append(FieldError(question.id, str(error)))
    if not partial:
        for question in QUESTIONS:
            if question.id not in raw:
                errors.append(FieldError(question.id, "is required"))
    if errors:
        raise AnswersInvalid(errors)
    return {q.id: clean[q.id] for q in QUESTIONS if q.id in clean}


def answered_areas(answers: Answers) -> tuple[str, ...]:
    """Criteria whose every question has a valid answer (one stored before a question's
    values changed, or edited outside the questionnaire, leaves its area open)."""
    return tuple(
        area.criterion
        for area in AREAS
        if all(_is_valid(question_id, answers) for question_id in area.question_ids)
    )


def _is_valid(question_id: str, answers: Answers) -> bool:
    if question_id not in answers:
        return False
    try:
        clean_answer(QUESTIONS_BY_ID[question_id], answers[question_id])
    except ValueError:
        return False
    return True


def format_answer(question: Question, value: Answer) -> str:
    """A short human rendering of an answer, for reasons and records."""
    if question.kind == "multi":
        assert isinstance(value, list)
        return ", ".join(question.label_of(v) for v in value) or "none"
    if question.kind == "one":
        assert isinstance(value, str)
        return question.label_of(value)
    assert isinstance(value, int | float)
    unit = f" {question.unit}" if question.unit else ""
    return f"{format_number(value)}{unit}"
