"""The decision record: its text, its review, its frozen snapshot and its history."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from decisions.access import get_decision_for_user, permissions_of
from decisions.forms.records import DeprecateForm, RecordForm, VerdictForm
from decisions.models import Approval, Decision, DecisionEvent, TcoSimulation
from decisions.permissions import Action
from decisions.services import records
from decisions.services.evaluations import (
    cost_basis,
    decision_evaluate,
    outdated_simulation,
    tco_fingerprint,
)
from decisions.services.events import audit_trail
from decisions.views.common import HtmxHttpRequest, post_only
from scoring.questions import OPTION_LABELS

AUDIT_EVENTS_SHOWN = 200


@login_required
def record(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    return _render_record(request, decision)


@login_required
@post_only("decisions:record")
def record_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.EDIT)
    form = _record_form(decision, data=request.POST)
    if not form.is_valid():
        # Validating a model form sets what was typed on its instance: the page around the
        # form shows what is stored.
        decision.refresh_from_db()
        return _render_record(request, decision, record_form=form, status=400)
    conflict = records.record_update(
        decision=decision,
        by=request.user,
        values=form.record_values(),
        version=form.cleaned_data["version"],
    )
    if conflict is not None:
        # Nothing saved and nothing lost: the page shows what changed meanwhile and keeps
        # what was typed; saving again (with the new version) overwrites deliberately.
        decision.refresh_from_db()
        data = request.POST.copy()
        data["version"] = decision.updated_at.isoformat()
        return _render_record(
            request,
            decision,
            record_form=_record_form(decision, data=data),
            conflict=conflict,
            status=409,
        )
    messages.success(request, "Record saved.")
    return redirect("decisions:record", pk=decision.pk)


def _record_form(decision: Decision, data: object = None) -> RecordForm:
    recommendation = (
        decision_evaluate(decision=decision).result.recommendation if decision.is_complete else None
    )
    return RecordForm(
        data,
        instance=decision,
        recommendation=recommendation,
        option_notes=records.option_notes_of(decision),
        initial={"drivers": decision.drivers or records.suggested_drivers(decision)},
    )


def _lifecycle(
    action: Action, done: str
) -> Callable[[Callable[[Decision, HtmxHttpRequest], None]], Callable[..., HttpResponse]]:
    """A post that moves the record along its lifecycle: checked against the permission
    rule, then done by a service; a refusal is said on the record page."""

    def decorator(step: Callable[[Decision, HtmxHttpRequest], None]) -> Callable[..., HttpResponse]:
        @login_required
        @post_only("decisions:record")
        def view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
            decision = get_decision_for_user(request.user, pk, action=action)
            try:
                step(decision, request)
            except records.RecordRefused as refused:
                for reason in refused.reasons:
                    messages.error(request, reason)
            else:
                messages.success(request, done)
            return redirect("decisions:record", pk=decision.pk)

        view.__name__ = view.__qualname__ = step.__name__
        return view

    return decorator


@_lifecycle(Action.SUBMIT, "Submitted for review: the approvers can now approve or reject it.")
def record_submit(decision: Decision, request: HtmxHttpRequest) -> None:
    records.record_submit(decision=decision, by=request.user)


@_lifecycle(Action.REOPEN, "Back to draft: change it and submit it again.")
def record_reopen(decision: Decision, request: HtmxHttpRequest) -> None:
    records.record_reopen(decision=decision, by=request.user)


@_lifecycle(Action.ARCHIVE, "Done.")
def record_archive(decision: Decision, request: HtmxHttpRequest) -> None:
    records.record_archive(
        decision=decision, by=request.user, archived=request.POST.get("archived") == "1"
    )


@_lifecycle(Action.EDIT, "Cost basis pinned.")
def record_cost_basis(decision: Decision, request: HtmxHttpRequest) -> None:
    number = request.POST.get("simulation", "")
    simulation = (
        get_object_or_404(decision.simulations, number=number) if number.isdigit() else None
    )
    records.cost_basis_pin(decision=decision, by=request.user, simulation=simulation)


@login_required
@post_only("decisions:record")
def record_verdict(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.JUDGE)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _render_record(request, decision, verdict_form=form, status=400)
    approve = form.cleaned_data["verdict"] == "approve"
    try:
        records.record_judge(
            decision=decision,
            by=request.user,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
    except records.RecordRefused as refused:
        form.add_error(None, " ".join(refused.reasons))
        return _render_record(request, decision, verdict_form=form, status=409)
    outcomes: dict[str, str] = {
        Decision.Status.ACCEPTED: "Approved: the record is accepted and frozen.",
        Decision.Status.REJECTED: "Rejected: the editors can reopen it and change it.",
    }
    messages.success(
        request, outcomes.get(decision.status, "Approved: it needs more approvals to be accepted.")
    )
    return redirect("decisions:record", pk=decision.pk)


@login_required
@post_only("decisions:record")
def record_deprecate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.DEPRECATE)
    form = DeprecateForm(request.POST)
    if not form.is_valid():
        return _render_record(request, decision, deprecate_form=form, status=400)
    try:
        records.record_deprecate(
            decision=decision, by=request.user, comment=form.cleaned_data["comment"]
        )
    except records.RecordRefused as refused:
        messages.error(request, " ".join(refused.reasons))
    else:
        messages.success(request, "Deprecated: the record stays on file, no longer in force.")
    return redirect("decisions:record", pk=decision.pk)


@login_required
@post_only("decisions:record")
def record_revisit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.REVISIT)
    try:
        successor = records.record_revisit(decision=decision, by=request.user)
    except records.RecordRefused as refused:
        messages.error(request, " ".join(refused.reasons))
        return redirect("decisions:record", pk=decision.pk)
    messages.success(
        request,
        f"A new draft revisits “{decision.title}”; it supersedes the accepted record once it "
        "is accepted itself.",
    )
    return redirect("decisions:record", pk=successor.pk)


def _render_record(
    request: HtmxHttpRequest,
    decision: Decision,
    *,
    record_form: RecordForm | None = None,
    verdict_form: VerdictForm | None = None,
    deprecate_form: DeprecateForm | None = None,
    conflict: records.Conflict | None = None,
    status: int = 200,
) -> HttpResponse:
    can = permissions_of(decision)
    approvals = Approval.objects.filter(decision=decision).select_related("approver")
    evaluation = decision_evaluate(decision=decision) if decision.is_complete else None
    frozen = decision.is_frozen and hasattr(decision, "snapshot")
    basis = cost_basis(decision=decision)
    context: dict[str, object] = {
        "decision": decision,
        "can": can,
        "evaluation": evaluation,
        "option_labels": OPTION_LABELS,
        "record_form": record_form or (_record_form(decision) if can["edit"] else None),
        "verdict_form": verdict_form or VerdictForm(initial={"verdict": "approve"}),
        "deprecate_form": deprecate_form or DeprecateForm(),
        "conflict": conflict,
        "option_notes": records.option_notes_of(decision),
        "submit_problems": records.submit_problems(decision) if can["submit"] else [],
        "approvals": approvals,
        # Why it was rejected, beside what can be done about it.
        "rejection": approvals.filter(verdict=Approval.Verdict.REJECT).last()
        if decision.status == Decision.Status.REJECTED
        else None,
        "approvals_needed": decision.organization.approval_quorum,
        "approvals_in_round": records.approvals_in_round(decision),
        "cost_basis": basis,
        "outdated_simulation": None if frozen or basis else outdated_simulation(decision=decision),
        "pinnable": decision.simulations.filter(
            status=TcoSimulation.Status.SUCCEEDED,
            answers_fingerprint=tco_fingerprint(decision),
        ).order_by("-number")
        if can["edit"]
        else [],
        "trail": audit_trail(
            DecisionEvent.objects.filter(decision=decision).select_related("actor")[
                :AUDIT_EVENTS_SHOWN
            ]
        ),
        "successor": Decision.objects.filter(supersedes=decision).first(),
        "verification": records.record_verify(decision) if frozen else None,
    }
    return render(request, "decisions/record.html", context, status=status)
