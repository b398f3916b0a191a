"""Decisions and their questionnaire: create, overview, one step per area.

A step has one view per intent: ``step`` shows it and saves it ("Save and continue"),
``step_autosave`` saves answers as they change, ``step_move`` saves what is valid and goes to
another step (Back, or a link in the step list).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, push_url

from catalog import services as catalog
from decisions.access import get_decision_for_user, organizations_where
from decisions.forms import read_only
from decisions.forms.questionnaire import AreaForm, DecisionForm, area_form
from decisions.forms.shortlist import ShortlistForm
from decisions.models import Decision
from decisions.permissions import Action, refusal
from decisions.services.answers import decision_create, decision_save_answers, shortlist_set
from decisions.services.evaluations import outdated_simulation
from decisions.services.shortlist import shortlist_facts
from decisions.views.common import HtmxHttpRequest, post_only, progress, vary_on_htmx, wants_partial
from scoring.questions import (
    AREAS,
    AREAS_BY_CRITERION,
    CRITERIA,
    QUESTIONS_BY_ID,
    AnswersInvalid,
    format_answer,
)


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HtmxHttpRequest) -> HttpResponse:
    organizations = organizations_where(request.user, Action.CREATE)
    if not organizations.exists():
        return render(request, "decisions/no_access.html", status=403)
    form = DecisionForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        decision = decision_create(
            organization=form.cleaned_data["organization"],
            owner=request.user,
            title=form.cleaned_data["title"],
            use_case=form.cleaned_data["use_case"],
            team=form.cleaned_data["team"],
        )
        return redirect("decisions:step", pk=decision.pk, criterion=AREAS[0].criterion)
    return render(request, "decisions/decision_new.html", {"form": form})


@login_required
def decision_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    return _render_detail(request, decision)


@login_required
@post_only("decisions:detail")
def shortlist(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Name the candidate models of a draft."""
    decision = get_decision_for_user(request.user, pk, action=Action.EDIT)
    form = ShortlistForm(request.POST, version=catalog.current_version())
    if not form.is_valid():
        return _render_detail(request, decision, shortlist_form=form, status=400)
    shortlist_set(decision=decision, by=request.user, **form.cleaned_data)
    messages.success(request, "Shortlist saved: the scores and the cost model's defaults use it.")
    if outdated := outdated_simulation(decision=decision):
        messages.warning(
            request,
            f"Simulation {outdated.number} was run on the cost model's previous defaults, so it "
            "no longer counts and the cost fit rests on a point estimate: run the cost model "
            "again to base the record on a simulation.",
        )
    return redirect("decisions:detail", pk=decision.pk)


def _render_detail(
    request: HtmxHttpRequest,
    decision: Decision,
    *,
    shortlist_form: ShortlistForm | None = None,
    status: int = 200,
) -> HttpResponse:
    answered = decision.answered_areas
    summaries = [
        {
            "area": area,
            "done": area.criterion in answered,
            "rows": [
                (
                    QUESTIONS_BY_ID[qid].label,
                    format_answer(QUESTIONS_BY_ID[qid], decision.answers[qid]),
                )
                for qid in area.question_ids
                if qid in decision.answers
            ],
        }
        for area in AREAS
    ]
    edit_refusal = refusal(decision.member, Action.EDIT, decision)
    can_edit = edit_refusal is None
    # Only those who may change the shortlist get its form (its choices read the catalog).
    form = (
        shortlist_form
        or ShortlistForm(
            initial={"open_model": decision.open_model, "closed_model": decision.closed_model},
            version=catalog.current_version(),
        )
        if can_edit
        else None
    )
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "areas": summaries,
            "shortlist_form": form,
            "shortlist": shortlist_facts(decision),
            "can_edit": can_edit,
            "edit_refusal": edit_refusal,
            **progress(decision),
        },
        status=status,
    )


def _area_or_404(criterion: str) -> str:
    if criterion not in AREAS_BY_CRITERION:
        raise Http404("No such step.")
    return criterion


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_htmx
def step(request: HtmxHttpRequest, pk: int, criterion: str) -> HttpResponse:
    """Show a step; a post saves it and goes on to the next."""
    _area_or_404(criterion)
    if request.method == "GET":
        decision = get_decision_for_user(request.user, pk)
        form = area_form(criterion, answers=decision.answers)
        return _render_step(request, decision, form, fragment=wants_partial(request))
    decision = get_decision_for_user(request.user, pk, action=Action.EDIT)
    form = area_form(criterion, request.POST)
    saved = _save_valid(decision, form, request.user)
    if not form.errors:
        return _go_to(request, decision, _next_step(decision, criterion))
    return _render_step(request, decision, form, fragment=wants_partial(request), saved=saved)


@login_required
@post_only("decisions:step")
def step_autosave(request: HtmxHttpRequest, pk: int, criterion: str) -> HttpResponse:
    """Save the answers of a step as they change. Only the messages of the questions answered
    in this request change on the page, never the inputs the user may be typing in."""
    _area_or_404(criterion)
    decision = get_decision_for_user(request.user, pk, action=Action.EDIT)
    form = area_form(criterion, request.POST)
    saved = _save_valid(decision, form, request.user)
    form.forget_missing()
    if not request.htmx:
        return redirect("decisions:step", pk=decision.pk, criterion=criterion)
    context = _step_context(decision, form, fragment=True, saved=saved)
    return render(request, "decisions/step.html#autosave", context)


@login_required
@post_only("decisions:step")
@vary_on_htmx
def step_move(request: HtmxHttpRequest, pk: int, criterion: str) -> HttpResponse:
    """Back, or a step link: save what is valid and go to the step named ``to``. Unanswered
    questions may wait, but what was typed and cannot be saved would be lost on the other
    step: it stays here, with its message."""
    _area_or_404(criterion)
    destination = _area_or_404(request.POST.get("to", ""))
    decision = get_decision_for_user(request.user, pk, action=Action.EDIT)
    form = area_form(criterion, request.POST)
    saved = _save_valid(decision, form, request.user)
    form.forget_missing()
    if not form.errors:
        return _go_to(request, decision, destination)
    refused = (
        "gone back"
        if CRITERIA.index(destination) < CRITERIA.index(criterion)
        else ("gone to that step")
    )
    context = _step_context(
        decision, form, fragment=wants_partial(request), saved=saved, refused=refused
    )
    template = "decisions/step.html#step" if wants_partial(request) else "decisions/step.html"
    return render(request, template, context)


def _save_valid(decision: Decision, form: AreaForm, by: User) -> bool:
    """Save the answers of the step that passed validation; what the question bank refuses
    goes beside its field. Whether anything was saved."""
    form.is_valid()
    answers = form.valid_answers()
    if not answers:
        return False
    try:
        decision_save_answers(decision=decision, answers=answers, by=by)
    except AnswersInvalid as invalid:
        form.refused_by_the_bank(invalid)
        return False
    return True


def _next_step(decision: Decision, criterion: str) -> str | None:
    """The step after this one; after the last, the first still open, or None (the results)
    once every area is answered."""
    index = CRITERIA.index(criterion)
    if index + 1 < len(CRITERIA):
        return CRITERIA[index + 1]
    answered = decision.answered_areas
    return next((c for c in CRITERIA if c not in answered), None)


def _go_to(request: HtmxHttpRequest, decision: Decision, criterion: str | None) -> HttpResponse:
    """Move to another step (None: the results). htmx swaps the step in and updates the
    address; a plain post is redirected."""
    if criterion is None:
        url = reverse("decisions:results", args=[decision.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    url = reverse("decisions:step", args=[decision.pk, criterion])
    if not request.htmx:
        return redirect(url)
    form = area_form(criterion, answers=decision.answers)
    return push_url(_render_step(request, decision, form, fragment=True), url)


def save_status(*, saved: bool, has_errors: bool, refused: str = "") -> str:
    """The line beside the step's buttons: what happened to the answers just sent.
    ``refused``: the move that was not made ("gone back"), because of what was typed."""
    if refused:
        others = " (the others are saved)" if saved else ""
        return f"Not {refused}: fix or clear the marked answers first{others}."
    if has_errors:
        if saved:
            return "Some answers are saved; the marked ones are not: fix or clear them."
        return "Not saved: see the marked answers."
    if saved:
        return "Saved."
    return "Answers are saved as you go."


def _render_step(
    request: HtmxHttpRequest,
    decision: Decision,
    form: AreaForm,
    *,
    fragment: bool,
    saved: bool = False,
) -> HttpResponse:
    template = "decisions/step.html#step" if fragment else "decisions/step.html"
    return render(request, template, _step_context(decision, form, fragment=fragment, saved=saved))


def _step_context(
    decision: Decision,
    form: AreaForm,
    *,
    fragment: bool,
    saved: bool = False,
    refused: str = "",
) -> dict[str, object]:
    """``fragment``: the step is swapped in by htmx, not shown as a page."""
    edit_refusal = refusal(decision.member, Action.EDIT, decision)
    editable = edit_refusal is None
    if not editable:
        read_only(form)
    criterion = form.area.criterion
    index = CRITERIA.index(criterion)
    has_errors = form.is_bound and bool(form.errors)
    steps = progress(decision)
    for entry in steps["steps"]:  # type: ignore[attr-defined]
        entry["current"] = entry["criterion"] == criterion
        # An answer marked wrong here is not saved: the step needs attention, whatever the
        # stored answers say.
        entry["attention"] = entry["current"] and has_errors
    return {
        "decision": decision,
        "form": form,
        "area": form.area,
        "step_number": index + 1,
        "previous": CRITERIA[index - 1] if index > 0 else None,
        "is_last": index == len(CRITERIA) - 1,
        "can_edit": editable,
        "edit_refusal": edit_refusal,
        "fragment": fragment,
        "saved": saved,
        "has_errors": has_errors,
        "save_status": save_status(saved=saved, has_errors=has_errors, refused=refused),
        **steps,
    }
