"""Decisions and their questionnaire: list, create, overview, one step per area."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, push_url

from decisions.access import can_edit, decisions_for, editable_organizations, get_decision_for_user
from decisions.forms import AreaForm, DecisionForm, read_only
from decisions.models import Decision
from decisions.services import decision_create, decision_save_answers
from decisions.views.common import HtmxHttpRequest, progress, vary_on_htmx, wants_partial
from scoring.questions import AREAS, AREAS_BY_CRITERION, CRITERIA, QUESTIONS_BY_ID, format_answer


@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    decisions = decisions_for(request.user).select_related("organization", "owner")
    return render(
        request,
        "decisions/dashboard.html",
        {
            "decisions": decisions,
            "can_create": editable_organizations(request.user).exists(),
            "area_count": len(AREAS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HtmxHttpRequest) -> HttpResponse:
    organizations = editable_organizations(request.user)
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
    summaries = [
        {
            "area": area,
            "done": area.criterion in decision.answered_areas,
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
    return render(
        request,
        "decisions/decision_detail.html",
        {"decision": decision, "areas": summaries, **progress(decision)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_htmx
def questionnaire_step(request: HtmxHttpRequest, pk: int, criterion: str) -> HttpResponse:
    if criterion not in AREAS_BY_CRITERION:
        raise Http404("No such step.")
    decision = get_decision_for_user(request.user, pk, edit=request.method == "POST")
    if request.method == "POST":
        form = AreaForm(criterion, request.POST)
        is_valid = form.is_valid()
        saved = form.valid_answers()
        if saved:
            decision_save_answers(decision=decision, answers=saved)
        if request.POST.get("autosave"):
            # Answers are saved field by field as the user goes; only the messages change on
            # the page, never the inputs the user may be typing in.
            form.forget_missing()
            return render(
                request,
                "decisions/step.html#autosave",
                _step_context(request, decision, form, fragment=True, saved=bool(saved)),
            )
        refused = ""
        go = request.POST.get("go", "")
        if destination := _destination(criterion, go):
            # Back, or a step link: unanswered questions may wait, but what was typed and
            # cannot be saved would be lost on the other step: it stays here, with its message.
            form.forget_missing()
            if not form.errors:
                return _show_step(request, decision, destination)
            refused = "gone back" if go == "back" else "gone to that step"
        elif is_valid:
            return _after_step(request, decision, criterion)
    else:
        form = AreaForm.for_answers(criterion, decision.answers)
        saved, refused = {}, ""
    fragment = wants_partial(request)
    template = "decisions/step.html#step" if fragment else "decisions/step.html"
    context = _step_context(
        request, decision, form, fragment=fragment, saved=bool(saved), refused=refused
    )
    return render(request, template, context)


def _destination(criterion: str, go: str) -> str | None:
    """Where a post asks to go instead of saving and continuing: "back" (the Back button) or
    a step's criterion (the step links, with htmx)."""
    if go == "back":
        return CRITERIA[max(0, CRITERIA.index(criterion) - 1)]
    return go if go in AREAS_BY_CRITERION else None


def _after_step(request: HtmxHttpRequest, decision: Decision, criterion: str) -> HttpResponse:
    """Go on to the next unanswered step, or to the results once all are answered."""
    index = CRITERIA.index(criterion)
    answered = decision.answered_areas  # validates all answers: once, not once per area
    following = [c for c in CRITERIA[index + 1 :] + CRITERIA[:index] if c not in answered]
    if not following:
        url = reverse("decisions:results", args=[decision.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return _show_step(request, decision, following[0])


def _show_step(request: HtmxHttpRequest, decision: Decision, criterion: str) -> HttpResponse:
    """Move to another step: htmx swaps it in and updates the address; a plain post is
    redirected to it."""
    if not request.htmx:
        return redirect("decisions:step", pk=decision.pk, criterion=criterion)
    form = AreaForm.for_answers(criterion, decision.answers)
    response = render(
        request, "decisions/step.html#step", _step_context(request, decision, form, fragment=True)
    )
    return push_url(response, step_urls(request)[criterion])


def step_urls(request: HttpRequest) -> dict[str, str]:
    """The address of every step, from the address of the step requested: they differ only
    in their last segment. The step list needs all five on every save, and ``reverse`` took
    a thirtieth of a step save. The script prefix is the one ``reverse`` would use."""
    path = get_script_prefix() + request.path_info.lstrip("/")
    prefix = path.removesuffix("/").rpartition("/")[0]
    return {criterion: f"{prefix}/{criterion}/" for criterion in CRITERIA}


def save_status(*, saved: bool, has_errors: bool, refused: str = "") -> str:
    """The line beside the step's buttons: what happened to the answers just sent.
    ``refused``: the move that was not made ("gone back"), because of what was typed."""
    if refused:
        others = " (the others are saved)" if saved else ""
        return f"Not {refused}: fix or clear the marked answers first{others}."
    if saved:
        return "Saved what is valid; see the marked answers." if has_errors else "Saved."
    if has_errors:
        return "Not saved: see the marked answers."
    return "Answers are saved as you go."


_STEP_LABELS = {
    area.criterion: escape(f"{number}. {area.title}") for number, area in enumerate(AREAS, start=1)
}
_STEP_CSS = {  # class names by (done, current)
    (False, False): "",
    (True, False): mark_safe("done"),
    (False, True): mark_safe("current"),
    (True, True): mark_safe("done current"),
}


def _step_context(
    request: HtmxHttpRequest,
    decision: Decision,
    form: AreaForm,
    *,
    fragment: bool,
    saved: bool = False,
    refused: str = "",
) -> dict[str, object]:
    """``fragment``: the step is swapped in by htmx, not shown as a page."""
    editable = can_edit(decision)
    if not editable:
        read_only(form)
    current = form.area.criterion
    index = CRITERIA.index(current)
    # Escaped once here: the page prints each address several times.
    urls = {criterion: escape(url) for criterion, url in step_urls(request).items()}
    steps = progress(decision)
    # Ready to print: the step list is drawn on every save, and the template engine is
    # slow at per-item logic and at escaping what never changes.
    for step in cast(list[dict[str, Any]], steps["steps"]):
        step["url"] = urls[step["criterion"]]
        step["label"] = _STEP_LABELS[step["criterion"]]
        step["current"] = step["criterion"] == current
        step["css"] = _STEP_CSS[step["done"], step["current"]]
    return {
        "decision": decision,
        "form": form,
        "rows": form.question_rows(),
        "area": form.area,
        "step_url": urls[current],
        "step_number": index + 1,
        "previous_url": urls[CRITERIA[index - 1]] if index > 0 else None,
        "is_last": index == len(CRITERIA) - 1,
        "can_edit": editable,
        "fragment": fragment,
        "saved": saved,
        "save_status": save_status(
            saved=saved,
            has_errors=bool(form.is_bound and form.errors),
            refused=refused,
        ),
        **steps,
    }
