"""What an export shows: a decision record as one snapshot-shaped document, and the same read
for a paper (the PDF and the Markdown both render from ``paper_context``).

An accepted record (and what became of it: superseded, deprecated) is read from its frozen
snapshot, parsed, so that its export shows exactly what the board signed; any other record
is read as it stands, and marked as a draft.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from decisions.models import Decision, DecisionEvent, RecordSnapshot
from decisions.services.board import board_weights
from decisions.services.records import (
    SNAPSHOT_FORMAT,
    record_text,
    snapshot_decision,
    snapshot_document,
)
from scoring.questions import (
    AREAS,
    AREAS_BY_CRITERION,
    CRITERIA,
    OPTION_LABELS,
    OPTIONS,
    QUESTIONS_BY_ID,
    format_answer,
)

DRAFT_MARK = "DRAFT — not approved"
# Reasons shown on the first page, for the executive who reads nothing else.
TOP_REASONS = 3
# The audit summary lists the latest events; the JSON export has them all.
EVENTS_SHOWN = 60


@dataclass(frozen=True)
class Paper:
    key: str
    label: str
    css_size: str  # CSS @page size


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", "A4", "A4"),
    "letter": Paper("letter", "US Letter", "letter"),
}
DEFAULT_PAPER = "a4"


@dataclass(frozen=True)
class ExportedRecord:
    """A decision record as an export reads it."""

    decision_id: int
    status: str
    status_label: str
    # Read from the frozen snapshot: exactly what was signed. False: the record as it stands.
    frozen: bool
    content_hash: str  # the snapshot's SHA-256; "" when nothing is frozen
    document: dict[str, Any]  # the snapshot's shape (docs/records.md, "Frozen on acceptance")
    events: tuple[dict[str, Any], ...]  # the audit trail, oldest first
    as_of: datetime  # when it was accepted, or when the draft was read
    superseded_by: int | None


def exported_record(decision: Decision) -> ExportedRecord:
    snapshot = (
        RecordSnapshot.objects.filter(decision=decision).first() if decision.is_frozen else None
    )
    if snapshot is not None:
        document = json.loads(snapshot.content)
        as_of = datetime.fromisoformat(document["accepted_at"])
        # Append-only rows up to the acceptance (its event is written just after the
        # snapshot): the same on every later export.
        accepted = (
            DecisionEvent.objects.filter(decision=decision, kind=DecisionEvent.Kind.ACCEPTED)
            .order_by("created_at", "pk")
            .values_list("created_at", flat=True)
            .last()
        )
        events = DecisionEvent.objects.filter(decision=decision, created_at__lte=accepted or as_of)
    else:
        document = snapshot_document(decision) if decision.is_complete else _unscored(decision)
        as_of = timezone.now()
        events = DecisionEvent.objects.filter(decision=decision)
    successor = Decision.objects.filter(supersedes=decision).values_list("pk", flat=True).first()
    return ExportedRecord(
        decision_id=decision.pk,
        status=decision.status,
        status_label=decision.get_status_display(),
        frozen=snapshot is not None,
        content_hash=snapshot.content_hash if snapshot is not None else "",
        document=document,
        events=tuple(
            {
                "at": event.created_at,
                "actor": event.actor.username if event.actor else "openweigh",
                "kind": event.get_kind_display(),
                "comment": event.comment,
            }
            for event in events.select_related("actor").order_by("created_at", "pk")
        ),
        as_of=as_of,
        superseded_by=successor if decision.status == Decision.Status.SUPERSEDED else None,
    )


def _unscored(decision: Decision) -> dict[str, Any]:
    """A draft whose questions are not all answered: the snapshot's shape, with nothing
    scored and no cost basis yet."""
    board = board_weights(decision=decision)
    return {
        "format": SNAPSHOT_FORMAT,
        "decision": snapshot_decision(decision),
        "record": record_text(decision),
        "answers": decision.answers,
        "weights": {"basis": board.basis, "board": board.weights, "members": []},
        "evaluation": None,
        "cost_basis": None,
        "review": {"round": decision.review_round, "approvals": []},
        "accepted_at": None,
    }


def export_basename(decision_id: int, title: str) -> str:
    """``0007-website-support-assistant``: MADR's file name, without the extension."""
    return f"{decision_id:04d}-{slugify(title)[:60].strip('-') or 'decision'}"


# --- the paper --------------------------------------------------------------------------------
def paper_context(record: ExportedRecord) -> dict[str, Any]:
    """Everything the PDF and the Markdown show, as plain values for their templates."""
    document = printable(record.document)
    text = document["record"]
    evaluation = document["evaluation"]
    outputs = evaluation["outputs"] if evaluation else None
    options = _options(outputs, text) if outputs else []
    chosen = text.get("chosen_option") or None
    recommended = outputs["recommendation"] if outputs else None
    ranked = [o for o in options if o["feasible"]]
    lead = next((o for o in options if o["option"] == (chosen or recommended)), None)
    accepted_at = _moment(document.get("accepted_at"))
    notes = text.get("option_notes") or {}
    return {
        "id": record.decision_id,
        "basename": export_basename(record.decision_id, document["decision"]["title"]),
        "decision": document["decision"],
        "record": text,
        "status": record.status,
        "status_label": record.status_label,
        "approved": record.frozen,
        "draft_mark": "" if record.frozen else DRAFT_MARK,
        "content_hash": record.content_hash,
        "date": (accepted_at or record.as_of).date(),
        "as_of": record.as_of,
        "accepted_at": accepted_at,
        "superseded_by": record.superseded_by,
        "chosen": _option_ref(chosen),
        "recommended": _option_ref(recommended),
        "model_version": evaluation["model_version"] if evaluation else None,
        "scored": outputs is not None,
        "ranked": ranked,
        "contribution_rows": [
            {
                "title": AREAS_BY_CRITERION[criterion].title,
                "weight": outputs["weights"][criterion],
                "cells": [o["criteria"][i] for o in ranked],
            }
            for i, criterion in enumerate(CRITERIA)
        ]
        if ranked and outputs
        else [],
        "excluded": [o for o in options if not o["feasible"]],
        "scores": sorted(options, key=lambda o: OPTIONS.index(o["option"])),
        # The reasons are ranked by how far they move the total, either way: the ones for
        # the lead go under "why", the ones against it apart.
        "top_reasons": _leading_reasons(lead, favourable=True),
        "top_reasons_against": _leading_reasons(lead, favourable=False),
        "top_reasons_of": _option_ref(lead["option"] if lead else None),
        "drivers": _lines(text.get("drivers", "")),
        "considered": [
            {
                "option": option,
                "label": OPTION_LABELS[option],
                "pros": (notes.get(option) or {}).get("pros", ""),
                "cons": (notes.get(option) or {}).get("cons", ""),
            }
            for option in OPTIONS
        ],
        "answers": _answers(document["answers"]),
        "weights": _weights(document["weights"]),
        "flip_points": [p["text"] for p in outputs["flip_points"]] if outputs else [],
        "answer_flips": [
            o["answer_flip"] for o in options if o["answer_flip"] and o["option"] != recommended
        ],
        "close_call": (outputs.get("close_call_detail") or {}).get("text", "") if outputs else "",
        "robustness": (outputs.get("robustness_detail") or {}).get("text", "") if outputs else "",
        "cost": _cost(document, outputs),
        "review": document["review"],
        "approvals": [
            {**a, "at": _moment(a["at"])} for a in document["review"].get("approvals", [])
        ],
        "submitted_at": _moment(document["review"].get("submitted_at")),
        "events": printable(list(record.events[-EVENTS_SHOWN:])),
        "events_omitted": max(0, len(record.events) - EVENTS_SHOWN),
    }


# Control characters no font draws; Unicode's line and paragraph separators become line breaks.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(value: Any) -> Any:
    """A document's text as paper shows it (the document itself is not changed)."""
    if isinstance(value, str):
        text = value.replace("\u2028", "\n").replace("\u2029", "\n\n")
        return _UNPRINTABLE.sub("", text)
    if isinstance(value, list):
        return [printable(item) for item in value]
    if isinstance(value, dict):
        return {key: printable(item) for key, item in value.items()}
    return value


def _option_ref(option: str | None) -> dict[str, str] | None:
    if not option:
        return None
    return {"option": option, "label": OPTION_LABELS.get(option, option)}


def _options(outputs: dict[str, Any], text: dict[str, Any]) -> list[dict[str, Any]]:
    """The three options, feasible ones by rank, then the excluded."""
    options = []
    for option in OPTIONS:
        entry = outputs["options"][option]
        # Model v2 ranks its reasons by impact; v1 left them as sentences.
        explanations = entry.get("explanations") or []
        reasons = [
            {
                "criterion": AREAS_BY_CRITERION[e["criterion"]].title,
                "question": _question_label(e["question"]),
                "fit": e["fit"],
                "text": e["text"],
                "top": e["top"],
                "impact": e["impact"],
            }
            for e in explanations
        ] or [{"criterion": "", "question": "", "fit": None, "text": r} for r in entry["reasons"]]
        options.append(
            {
                "option": option,
                "label": OPTION_LABELS[option],
                "feasible": entry["feasible"],
                "score": entry.get("score"),
                "rank": entry.get("rank"),
                "criteria": [
                    {"title": AREAS_BY_CRITERION[c].title, **entry["criteria"][c]}
                    for c in CRITERIA
                    if c in entry["criteria"]
                ],
                "reasons": reasons,
                "knockouts": entry["knockouts"],
                "remedy": entry.get("remedy_description") or entry.get("remedy") or "",
                "answer_flip": (entry.get("answer_flip") or {}).get("text", ""),
                "chosen": option == text.get("chosen_option"),
                "recommended": option == outputs["recommendation"],
            }
        )
    ranked = sorted((o for o in options if o["feasible"]), key=lambda o: o["rank"])
    return ranked + [o for o in options if not o["feasible"]]


def _leading_reasons(lead: dict[str, Any] | None, *, favourable: bool) -> list[str]:
    """Up to ``TOP_REASONS`` of the lead option's reasons, by impact, that put it ahead of
    its rival (``favourable``) or behind; a v1 result's reasons carry no impact and all
    count as for it."""
    if lead is None:
        return []
    chosen = [
        r["text"]
        for r in lead["reasons"]
        if (r.get("impact") is None or r["impact"] > 0) is favourable
    ]
    return chosen[:TOP_REASONS]


def _question_label(question_id: str | None) -> str:
    question = QUESTIONS_BY_ID.get(question_id or "")
    return question.label if question else ""


def _answers(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The five areas with their questions and answers in words."""
    return [
        {
            "title": area.title,
            "prompt": area.prompt,
            "questions": [
                {
                    "label": QUESTIONS_BY_ID[q].label,
                    "answer": format_answer(QUESTIONS_BY_ID[q], answers[q])
                    if q in answers
                    else "not answered",
                }
                for q in area.question_ids
            ],
        }
        for area in AREAS
    ]


def _weights(weights: dict[str, Any]) -> dict[str, Any]:
    """The board's weights per criterion, each member's, and their spread."""
    members = weights.get("members") or []
    rows = []
    for criterion in CRITERIA:
        given = [m["weights"][criterion] for m in members]
        rows.append(
            {
                "title": AREAS_BY_CRITERION[criterion].title,
                "board": weights["board"][criterion],
                "members": given,
                "low": min(given) if given else None,
                "high": max(given) if given else None,
            }
        )
    return {
        "basis": weights["basis"],
        "consistency_ratio": weights.get("consistency_ratio"),
        "members": [m["member"] for m in members],
        "rows": rows,
    }


def _cost(document: dict[str, Any], outputs: dict[str, Any] | None) -> dict[str, Any] | None:
    """Cost at the horizon per option: the simulation's percentiles, or the point estimate
    the TCO fit used when no simulation was run."""
    basis = document.get("cost_basis")
    if basis and basis.get("summary"):
        summary = basis["summary"]
        return {
            "simulated": True,
            "simulation": basis["simulation"],
            "trials": basis["trials"],
            "seed": basis["seed"],
            "horizon_months": summary["horizon_months"],
            "summary": summary,
            "rows": [
                {
                    "option": option,
                    "label": OPTION_LABELS[option],
                    "p10": summary["options"][option]["cumulative"]["p10"][-1],
                    "p50": summary["options"][option]["cumulative"]["p50"][-1],
                    "p90": summary["options"][option]["cumulative"]["p90"][-1],
                    "p_cheapest": summary["options"][option]["p_cheapest"],
                    "cost_per_mtok": summary["options"][option]["cost_per_mtok_p50"],
                }
                for option in OPTIONS
            ],
        }
    if outputs is None:
        return None
    costs = outputs["tco"]["cumulative_cost_usd"]
    return {
        "simulated": False,
        "basis": outputs["tco"]["basis"],
        "horizon_months": document["answers"].get("horizon_months"),
        "rows": [
            {"option": option, "label": OPTION_LABELS[option], "p50": costs[option]}
            for option in OPTIONS
            if option in costs
        ],
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
