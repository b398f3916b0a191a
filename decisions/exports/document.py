"""A decision record as one JSON document: the record, its frozen snapshot and hash, its
current result, approvals and history. docs/records.md describes it; its JSON Schema is
``docs/schemas/decision-export.schema.json``."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from decisions.models import Approval, Decision, DecisionEvent, RecordSnapshot
from decisions.services.evaluations import decision_evaluate
from decisions.services.records import record_text

EXPORT_SCHEMA_VERSION = 1


def export_document(decision: Decision) -> dict[str, Any]:
    snapshot = RecordSnapshot.objects.filter(decision=decision).first()
    successor = Decision.objects.filter(supersedes=decision).values_list("pk", flat=True).first()
    current = decision_evaluate(decision=decision) if decision.is_complete else None
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "decision": {
            "id": decision.pk,
            "title": decision.title,
            "status": decision.status,
            "organization": decision.organization.name,
            "owner": decision.owner.username,
            "team": decision.team,
            "use_case": decision.use_case,
            "created_at": decision.created_at.isoformat(),
            "submitted_at": _iso(decision.submitted_at),
            "decided_at": _iso(decision.decided_at),
            "archived": decision.archived_at is not None,
            "supersedes": decision.supersedes_id,
            "superseded_by": successor,
            "review_due": decision.review_due,
            "recommendation_differs_today": decision.rescore_differs,
            "rescore_note": decision.rescore_note,
        },
        "record": record_text(decision),
        "answers": decision.answers,
        # The frozen record: its canonical text, whose SHA-256 is the content hash, and the
        # same parsed, to read.
        "content_hash": snapshot.content_hash if snapshot else None,
        "snapshot_canonical": snapshot.content if snapshot else None,
        "snapshot": json.loads(snapshot.content) if snapshot else None,
        # As the decision is scored today (null until every question is answered).
        "current_result": None
        if current is None
        else {
            "model_version": current.result.model_version,
            "inputs": json.loads(json.dumps(current.inputs)),
            "outputs": json.loads(json.dumps(current.to_json())),
        },
        "approvals": [
            {
                "round": a.review_round,
                "approver": a.approver.username,
                "verdict": a.verdict,
                "comment": a.comment,
                "at": a.created_at.isoformat(),
            }
            for a in Approval.objects.filter(decision=decision).select_related("approver")
        ],
        "history": [
            {
                "at": e.created_at.isoformat(),
                "actor": e.actor.username if e.actor else None,
                "kind": e.kind,
                "changes": e.changes,
                "comment": e.comment,
            }
            for e in DecisionEvent.objects.filter(decision=decision)
            .select_related("actor")
            .order_by("created_at", "pk")
        ],
    }


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.isoformat()
