"""Decision records: their text, their lifecycle, and the frozen snapshot of an accepted one.

draft → in_review → accepted | rejected; rejected → draft; accepted → superseded | deprecated.
Every write checks that the decision is still what the writer saw (compare-and-set on
``updated_at`` for the text, on ``status`` for a transition), so that two people acting at
once never overwrite each other in silence. Who may do what is ``decisions.permissions``'s;
this module keeps the records consistent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from decisions.models import (
    Approval,
    Decision,
    DecisionEvent,
    RecordSnapshot,
    TcoSimulation,
)
from decisions.services.board import board_weights
from decisions.services.evaluations import (
    cost_basis,
    decision_evaluate,
    point_estimate,
    tco_fingerprint,
)
from decisions.services.events import changed_fields, event_record
from decisions.services.shortlist import decision_context, licence_facts, shortlist_facts
from scoring.context import Context
from scoring.evaluation import as_numbers, evaluate, reevaluate
from scoring.model import SCORING_MODEL_VERSION
from scoring.questions import AREAS, AREAS_BY_CRITERION, CRITERIA, OPTION_LABELS, OPTIONS

Status = Decision.Status
Kind = DecisionEvent.Kind


class RecordRefused(Exception):
    """A transition or write that the record's state does not allow; the sentences say why."""

    def __init__(self, *reasons: str) -> None:
        self.reasons = reasons
        super().__init__(" ".join(reasons))


@dataclass(frozen=True)
class Conflict:
    """Someone else changed the decision since the writer loaded it: what they changed."""

    events: tuple[DecisionEvent, ...]


# --- the record's text -------------------------------------------------------------------
def record_update(
    *, decision: Decision, by: User, values: dict[str, Any], version: datetime
) -> Conflict | None:
    """Write the record's text if the decision is unchanged since ``version`` (its
    ``updated_at`` when the writer loaded it); otherwise write nothing and return what
    changed meanwhile."""
    now = timezone.now()
    with transaction.atomic():
        current = (
            Decision.objects.select_for_update()
            .filter(pk=decision.pk)
            .values(*values, "updated_at", "status")
            .get()
        )
        if current["updated_at"] != version or current["status"] != Status.DRAFT:
            return Conflict(_events_since(decision, version))
        Decision.objects.filter(pk=decision.pk).update(**values, updated_at=now)
        changes = changed_fields(
            {name: _jsonable(current[name]) for name in values},
            {name: _jsonable(value) for name, value in values.items()},
        )
        if changes:
            event_record(decision=decision, actor=by, kind=Kind.RECORD, changes=changes)
    for name, value in values.items():
        setattr(decision, name, value)
    decision.updated_at = now
    return None


def _events_since(decision: Decision, version: datetime) -> tuple[DecisionEvent, ...]:
    return tuple(
        DecisionEvent.objects.filter(decision=decision, created_at__gt=version)
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def suggested_drivers(decision: Decision) -> str:
    """The decision drivers as the board's weights rank them, heaviest first."""
    weights = board_weights(decision=decision).weights
    ranked = sorted(CRITERIA, key=lambda c: -weights[c])
    return "\n".join(
        f"{AREAS_BY_CRITERION[c].title} ({weights[c]:.0%}): {AREAS_BY_CRITERION[c].prompt}"
        for c in ranked
    )


def derived_option_notes(fits: dict[str, dict[str, float]]) -> dict[str, dict[str, str]]:
    """Pros and cons of each option from its criterion fits: a fit of 0.8 or more is a pro,
    0.5 or less a con. The record form starts from these until someone edits them."""
    notes = {}
    for option in OPTIONS:
        pros = [a.title for a in AREAS if fits[option][a.criterion] >= 0.8]
        cons = [a.title for a in AREAS if fits[option][a.criterion] <= 0.5]
        notes[option] = {
            "pros": "Fits well on " + ", ".join(pros).lower() + "." if pros else "",
            "cons": "Fits poorly on " + ", ".join(cons).lower() + "." if cons else "",
        }
    return notes


def option_notes_of(decision: Decision) -> dict[str, dict[str, str]]:
    """The pros and cons the record shows: as edited, or derived from the current fits."""
    if decision.option_notes:
        return decision.option_notes
    if not decision.is_complete:
        return {option: {"pros": "", "cons": ""} for option in OPTIONS}
    result = decision_evaluate(decision=decision).result
    fits = {
        option: {c.criterion: c.fit for c in result.options[option].criteria} for option in OPTIONS
    }
    return derived_option_notes(fits)


# --- the cost basis ----------------------------------------------------------------------
def cost_basis_pin(*, decision: Decision, by: User, simulation: TcoSimulation | None) -> None:
    """Name the simulation the record rests on (None: back to the latest run)."""
    if simulation is not None:
        if simulation.decision_id != decision.pk:
            raise RecordRefused("That simulation belongs to another decision.")
        if simulation.status != TcoSimulation.Status.SUCCEEDED:
            raise RecordRefused(f"Simulation {simulation.number} has not finished successfully.")
        if simulation.answers_fingerprint != tco_fingerprint(decision):
            raise RecordRefused(
                f"Simulation {simulation.number} was run on other answers; run one on the "
                "current answers and pin that."
            )
    before = decision.cost_basis.number if decision.cost_basis else None
    with transaction.atomic():
        updated = Decision.objects.filter(pk=decision.pk, status=Status.DRAFT).update(
            cost_basis=simulation, updated_at=timezone.now()
        )
        if not updated:
            raise RecordRefused("Only a draft's cost basis can change.")
        event_record(
            decision=decision,
            actor=by,
            kind=Kind.COST_BASIS,
            changes={"simulation": [before, simulation.number if simulation else None]},
        )
    decision.cost_basis = simulation


# --- the lifecycle -----------------------------------------------------------------------
def submit_problems(decision: Decision) -> list[str]:
    """What stands between a draft and its review, in words; empty when it may go."""
    problems = []
    if not decision.is_complete:
        open_areas = len(AREAS) - len(decision.answered_areas)
        problems.append(
            f"Answer every question first ({open_areas} of {len(AREAS)} areas still open)."
        )
    if not decision.chosen_option:
        problems.append("Choose the option the board decides on.")
    if not decision.rationale.strip():
        problems.append("Write the rationale: why this option.")
    if decision.revisit_on is not None and decision.revisit_on < timezone.localdate():
        problems.append("The revisit date has passed; choose a date to come.")
    if decision.is_complete and decision.chosen_option:
        recommended = decision_evaluate(decision=decision).result.recommendation
        if decision.chosen_option != recommended and not decision.choice_justification.strip():
            problems.append(
                f"The model recommends {OPTION_LABELS.get(recommended or '', 'no option')}; "
                "justify choosing another."
            )
    return problems


def record_submit(*, decision: Decision, by: User) -> None:
    """Send a complete draft to the approvers, with its cost basis pinned."""
    if problems := submit_problems(decision):
        raise RecordRefused(*problems)
    with transaction.atomic():
        basis = cost_basis(decision=decision)
        updated = Decision.objects.filter(pk=decision.pk, status=Status.DRAFT).update(
            status=Status.IN_REVIEW,
            review_round=decision.review_round + 1,
            submitted_at=timezone.now(),
            cost_basis=basis,
            updated_at=timezone.now(),
        )
        if not updated:
            raise RecordRefused("Only a draft can be submitted; it changed meanwhile.")
        event_record(decision=decision, actor=by, kind=Kind.SUBMITTED)
    decision.refresh_from_db()


def record_judge(*, decision: Decision, by: User, approve: bool, comment: str) -> None:
    """An approver's verdict. A rejection needs a comment and rejects the record at once;
    approvals accept it once the organisation's quorum is reached."""
    comment = comment.strip()
    if not approve and not comment:
        raise RecordRefused("Say why you reject it: the editors need to know what to change.")
    with transaction.atomic():
        locked = (
            Decision.objects.select_for_update().select_related("organization").get(pk=decision.pk)
        )
        if locked.status != Status.IN_REVIEW:
            raise RecordRefused("This record is no longer in review.")
        wrote = DecisionEvent.objects.filter(
            decision=locked, actor=by, kind__in=DecisionEvent.EDITS
        ).exists()
        if locked.owner_id == by.pk or wrote:
            raise RecordRefused("Four eyes: you cannot judge a record you own or wrote.")
        if Approval.objects.filter(
            decision=locked, approver=by, review_round=locked.review_round
        ).exists():
            raise RecordRefused("You have already given your verdict in this round of review.")
        verdict = Approval.Verdict.APPROVE if approve else Approval.Verdict.REJECT
        Approval.objects.create(
            decision=locked,
            approver=by,
            review_round=locked.review_round,
            verdict=verdict,
            comment=comment,
        )
        event_record(
            decision=locked,
            actor=by,
            kind=Kind.APPROVED if approve else Kind.REJECTED,
            comment=comment,
        )
        if not approve:
            locked.status = Status.REJECTED
            locked.decided_at = timezone.now()
            locked.save(update_fields=["status", "decided_at", "updated_at"])
        elif approvals_in_round(locked) >= locked.organization.approval_quorum:
            _accept(locked)
    decision.refresh_from_db()


def approvals_in_round(decision: Decision) -> int:
    return Approval.objects.filter(
        decision=decision,
        review_round=decision.review_round,
        verdict=Approval.Verdict.APPROVE,
    ).count()


def _accept(decision: Decision) -> None:
    """Freeze the record: its snapshot and hash are written, its status becomes accepted,
    and the record it supersedes, if any, becomes superseded."""
    decision.status = Status.ACCEPTED
    decision.decided_at = timezone.now()
    content = canonical_json(snapshot_document(decision))
    RecordSnapshot.objects.create(
        decision=decision,
        content=content,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        model_version=json.loads(content)["evaluation"]["model_version"],
    )
    decision.save(update_fields=["status", "decided_at", "updated_at"])
    event_record(decision=decision, actor=None, kind=Kind.ACCEPTED)
    predecessor = decision.supersedes
    if predecessor is not None and predecessor.status == Status.ACCEPTED:
        predecessor.status = Status.SUPERSEDED
        predecessor.save(update_fields=["status", "updated_at"])
        event_record(
            decision=predecessor,
            actor=None,
            kind=Kind.SUPERSEDED,
            changes={"by": decision.pk},
        )


def record_reopen(*, decision: Decision, by: User) -> None:
    """A rejected record goes back to draft, to be changed and submitted again."""
    _transition(decision, by, Status.REJECTED, Status.DRAFT, Kind.REOPENED)


def record_deprecate(*, decision: Decision, by: User, comment: str) -> None:
    if not comment.strip():
        raise RecordRefused("Say why it is deprecated: later readers need to know.")
    _transition(decision, by, Status.ACCEPTED, Status.DEPRECATED, Kind.DEPRECATED, comment)


def _transition(
    decision: Decision, by: User, expected: str, new: str, kind: str, comment: str = ""
) -> None:
    with transaction.atomic():
        updated = Decision.objects.filter(pk=decision.pk, status=expected).update(
            status=new, updated_at=timezone.now()
        )
        if not updated:
            raise RecordRefused(
                f"Only a {Status(expected).label.lower()} record can be changed so."
            )
        event_record(decision=decision, actor=by, kind=kind, comment=comment.strip())
    decision.refresh_from_db()


def record_revisit(*, decision: Decision, by: User) -> Decision:
    """Start the successor of an accepted record: a draft with its answers, record text and
    weights, linked both ways. The old record stays accepted until the new one is."""
    if decision.status != Status.ACCEPTED:
        raise RecordRefused("Only an accepted record can be revisited.")
    if Decision.objects.filter(supersedes=decision).exists():
        raise RecordRefused("This record is already being revisited: see its successor.")
    with transaction.atomic():
        successor = Decision.objects.create(
            organization=decision.organization,
            owner=by,
            title=decision.title,
            use_case=decision.use_case,
            team=decision.team,
            answers=dict(decision.answers),
            supersedes=decision,
            **{
                name: getattr(decision, name)
                for name in Decision.RECORD_TEXT_FIELDS
                if name not in ("title", "revisit_on")
            },
        )
        for weight_set in decision.weight_sets.all():
            successor.weight_sets.create(
                member=weight_set.member,
                method=weight_set.method,
                direct=weight_set.direct,
                pairwise=weight_set.pairwise,
            )
        event_record(
            decision=successor, actor=by, kind=Kind.CREATED, changes={"revisits": decision.pk}
        )
        event_record(
            decision=decision, actor=by, kind=Kind.REVISITED, changes={"successor": successor.pk}
        )
    return successor


def record_archive(*, decision: Decision, by: User, archived: bool) -> None:
    """Out of the decision list, or back; nothing is deleted."""
    with transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(
            archived_at=timezone.now() if archived else None
        )
        event_record(decision=decision, actor=by, kind=Kind.ARCHIVED if archived else Kind.RESTORED)
    decision.refresh_from_db()


# --- the snapshot --------------------------------------------------------------------------
SNAPSHOT_FORMAT = "openweigh-record/1"


def canonical_json(document: Any) -> str:
    """The one text of a document that its hash is taken over: keys sorted, no spaces,
    UTF-8 as it is, numbers as Python writes them (shortest round-trip). docs/records.md."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def snapshot_document(decision: Decision) -> dict[str, Any]:
    """Everything an accepted record rests on, as plain JSON."""
    board = board_weights(decision=decision)
    evaluation = decision_evaluate(decision=decision, board=board)
    basis = cost_basis(decision=decision)
    approvals = Approval.objects.filter(
        decision=decision, review_round=decision.review_round
    ).select_related("approver")
    return {
        "format": SNAPSHOT_FORMAT,
        "decision": snapshot_decision(decision),
        "record": record_text(decision),
        "answers": decision.answers,
        "weights": {
            "basis": board.basis,
            "board": board.weights,
            "consistency_ratio": board.consistency_ratio,
            "members": [
                {
                    "member": m.weight_set.member.username,
                    "method": m.weight_set.method,
                    "direct": m.weight_set.direct,
                    "pairwise": m.weight_set.pairwise,
                    "weights": m.weights,
                }
                for m in board.members
            ],
        },
        "evaluation": {
            "model_version": evaluation.result.model_version,
            "inputs": json.loads(json.dumps(evaluation.inputs)),
            "outputs": json.loads(json.dumps(evaluation.to_json())),
        },
        "cost_basis": None
        if basis is None
        else {
            "simulation": basis.number,
            "trials": basis.trials,
            "seed": basis.seed,
            "inputs": basis.inputs,
            "summary": basis.summary,
            "finished_at": basis.finished_at.isoformat() if basis.finished_at else None,
        },
        "review": {
            "round": decision.review_round,
            "quorum": decision.organization.approval_quorum,
            "submitted_at": decision.submitted_at.isoformat() if decision.submitted_at else None,
            "approvals": [
                {
                    "approver": a.approver.username,
                    "verdict": a.verdict,
                    "comment": a.comment,
                    "at": a.created_at.isoformat(),
                }
                for a in approvals
            ],
        },
        "accepted_at": decision.decided_at.isoformat() if decision.decided_at else None,
        # What the model catalog said of the shortlisted models, in the version scored with:
        # licence, flags, prices and throughput, each with its source and date.
        "catalog": {
            "version": evaluation.context.catalog_version,
            "models": shortlist_facts(decision, evaluation.context.catalog_version),
            "policy_rules": [rule.to_json() for rule in evaluation.context.policies],
        },
    }


def snapshot_decision(decision: Decision) -> dict[str, Any]:
    """The snapshot's "decision": what identifies it and where it belongs."""
    return {
        "id": decision.pk,
        "organization": decision.organization.name,
        "title": decision.title,
        "use_case": decision.use_case,
        "team": decision.team,
        "owner": decision.owner.username,
        "supersedes": decision.supersedes_id,
    }


def record_text(decision: Decision) -> dict[str, Any]:
    """The record's text as it stands (the pros and cons as shown, edited or derived)."""
    text = {name: _jsonable(getattr(decision, name)) for name in Decision.RECORD_TEXT_FIELDS}
    text["option_notes"] = option_notes_of(decision)
    return text


# --- verification --------------------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    content_hash: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def record_verify(decision: Decision) -> Verification:
    """Check an accepted record against its snapshot: the hash over the stored text, the
    stored result re-run with its scoring model version, and the record's fields as they
    stand against the ones frozen."""
    snapshot = RecordSnapshot.objects.filter(decision=decision).first()
    if snapshot is None:
        return Verification("", ("This decision has no frozen snapshot: it was never accepted.",))
    problems = []
    computed = hashlib.sha256(snapshot.content.encode()).hexdigest()
    if computed != snapshot.content_hash:
        problems.append(
            f"The content hash differs: stored {snapshot.content_hash}, computed {computed}."
        )
    try:
        document = json.loads(snapshot.content)
    except json.JSONDecodeError as error:
        return Verification(
            snapshot.content_hash, (*problems, f"The snapshot is not JSON: {error}.")
        )
    evaluation = document["evaluation"]
    rerun = reevaluate(evaluation["model_version"], evaluation["inputs"])
    if as_numbers(rerun) != as_numbers(evaluation["outputs"]):
        problems.append(
            f"Re-running scoring model v{evaluation['model_version']} on the stored inputs "
            "does not give the stored result."
        )
    frozen = {
        **{f"record.{k}": v for k, v in document["record"].items() if k != "option_notes"},
        **{f"answers.{k}": v for k, v in document["answers"].items()},
        "decision.title": document["decision"]["title"],
        "decision.use_case": document["decision"]["use_case"],
    }
    now = {
        **{f"record.{k}": v for k, v in record_text(decision).items() if k != "option_notes"},
        **{f"answers.{k}": v for k, v in decision.answers.items()},
        "decision.title": decision.title,
        "decision.use_case": decision.use_case,
    }
    for name, (old, new) in changed_fields(frozen, now).items():
        problems.append(f"{name} differs: the snapshot has {old!r}, the record now has {new!r}.")
    return Verification(snapshot.content_hash, tuple(problems))


# --- the periodic review -------------------------------------------------------------------
def records_review(*, today: date | None = None) -> dict[str, int]:
    """What Celery beat runs: accepted records whose revisit date has come are marked as
    due, and every accepted record is scored again with today's model, flagged when the
    recommendation would be different today."""
    today = today or timezone.localdate()
    marked = 0
    for decision in Decision.objects.filter(
        status=Status.ACCEPTED, revisit_on__lte=today, review_due=False
    ):
        with transaction.atomic():
            Decision.objects.filter(pk=decision.pk).update(review_due=True)
            event_record(
                decision=decision,
                actor=None,
                kind=Kind.REVIEW_DUE,
                changes={
                    "revisit_on": decision.revisit_on.isoformat() if decision.revisit_on else None
                },
            )
        marked += 1
    differing = 0
    for snapshot in RecordSnapshot.objects.filter(decision__status=Status.ACCEPTED).select_related(
        "decision"
    ):
        note = rescore_note(json.loads(snapshot.content), snapshot.decision)
        decision = snapshot.decision
        with transaction.atomic():
            Decision.objects.filter(pk=decision.pk).update(
                rescored_at=timezone.now(), rescore_differs=bool(note), rescore_note=note
            )
            if note and note != decision.rescore_note:
                event_record(decision=decision, actor=None, kind=Kind.RESCORED, comment=note)
        differing += bool(note)
    return {"due": marked, "differ": differing}


def rescore_note(document: dict[str, Any], decision: Decision | None = None) -> str:
    """Score a frozen record again with today's scoring model, today's catalog facts for its
    shortlisted models and its organisation's rules today, on the answers, weights and costs
    it was accepted with; what would be different, in words, or "" when the recommendation
    stands."""
    inputs = document["evaluation"]["inputs"]
    then = document["evaluation"]["outputs"]["recommendation"]
    context = Context.from_json(inputs.get("context"))
    costs = {option: float(cost) for option, cost in inputs["costs"].items()}
    basis = inputs["tco_basis"]
    changed: list[str] = []
    if decision is not None:
        today_facts = shortlist_facts(decision)
        context = decision_context(decision, facts=today_facts)
        frozen = document.get("catalog", {})
        changed = catalog_changes(frozen.get("models", {}), today_facts)
        then_rules = {(r["id"], r["version"]) for r in frozen.get("policy_rules", [])}
        changed += [
            f"organisation {rule.label} now applies"
            for rule in context.policies
            if (rule.id, rule.version) not in then_rules
            and rule.holds(inputs["answers"], context.models)
        ]
        # A point estimate is worked out again from today's catalog prices; a simulation's
        # costs stand until someone runs it again.
        estimate = point_estimate(decision, today_facts)
        if document["cost_basis"] is None and estimate is not None:
            costs, basis = estimate
    today = evaluate(
        inputs["answers"],
        inputs["weights"],
        costs=costs,
        tco_basis=basis,
        consistency_ratio=inputs.get("consistency_ratio"),
        context=context,
    ).result
    if today.recommendation == then:
        return ""
    version = document["evaluation"]["model_version"]
    now_name = OPTION_LABELS.get(today.recommendation or "", "no option")
    then_name = OPTION_LABELS.get(then or "", "no option")
    because = f" What changed: {'; '.join(changed)}." if changed else ""
    return (
        f"The recommendation would be different today: scoring model v{SCORING_MODEL_VERSION} "
        f"recommends {now_name} where v{version} recommended {then_name}, on the same answers "
        f"and weights.{because}"
    )


def catalog_changes(then: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]]) -> list[str]:
    """What the catalog says differently of the shortlisted models: licence terms and the
    cheapest API price, in words."""
    changes = []
    for side in sorted(set(then) | set(now)):
        old, new = then.get(side), now.get(side)
        if old is None or new is None:
            gone = (old or new or {}).get("name", side)
            changes.append(f"{gone} is {'no longer' if new is None else 'now'} in the catalog")
            continue
        name = new["name"]
        a, b = licence_facts(old), licence_facts(new)
        if a.category != b.category:
            changes.append(f"{name}'s licence is now {b.category.replace('_', ' ')}")
        for flag in sorted(set(b.flags) - set(a.flags)):
            changes.append(f"{name}'s licence now has the flag {flag}")
        for flag in sorted(set(a.flags) - set(b.flags)):
            changes.append(f"{name}'s licence no longer has the flag {flag}")
        if old["api_prices"] and new["api_prices"]:
            p, q = old["api_prices"][0], new["api_prices"][0]
            for field, what in (("input_usd_per_mtok", "input"), ("output_usd_per_mtok", "output")):
                if p[field] != q[field]:
                    changes.append(
                        f"{name}'s {what} price went from ${p[field]:g} to ${q[field]:g} per 1M "
                        f"tokens (catalog v{old['catalog_version']} → v{new['catalog_version']})"
                    )
    return changes
