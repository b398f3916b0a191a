"""The cost model: inputs as ranges, simulations in the background, their results."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, HttpResponseStopPolling

from decisions import charts
from decisions.access import get_decision_for_user
from decisions.forms import read_only
from decisions.forms.tco import TcoForm
from decisions.models import Decision, TcoSimulation
from decisions.permissions import Action, may, refusal
from decisions.services.evaluations import tco_fingerprint
from decisions.services.shortlist import tco_defaults
from decisions.services.simulations import (
    DEFAULT_TRIALS,
    SimulationLimitReached,
    simulation_cancel,
    simulation_start,
)
from decisions.views.common import HtmxHttpRequest, post_only, vary_on_htmx, wants_partial
from scoring.questions import OPTION_LABELS
from scoring.tco import Source, TcoInputs, merge_inputs


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_htmx
def tco(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    action = Action.EDIT if request.method == "POST" else Action.VIEW
    decision = get_decision_for_user(request.user, pk, action=action)
    edit_refusal = refusal(decision.member, Action.EDIT, decision)
    can_edit = edit_refusal is None
    start = _start_from(decision)
    status = 200
    if request.method == "POST":
        form = TcoForm(request.POST)
        if form.is_valid():
            try:
                run = simulation_start(
                    decision=decision,
                    user=request.user,
                    inputs=form.inputs,
                    trials=form.cleaned_data["trials"],
                    seed=form.cleaned_data["seed"],
                )
            except SimulationLimitReached as limit:
                # Refused on the form, which keeps what was typed.
                form.add_error(None, str(limit))
                status = 429
            else:
                if form.trials_adjusted:
                    messages.info(request, form.trials_adjusted)
                if request.htmx:
                    return HttpResponseClientRedirect(run.get_absolute_url())
                return redirect(run)
    else:
        form = TcoForm(
            initial=TcoForm.initial_from(start.inputs, trials=start.trials, seed=start.seed)
        )
        if not can_edit:
            read_only(form)
    template = "decisions/tco.html#tco-form" if wants_partial(request) else "decisions/tco.html"
    return render(
        request,
        template,
        {
            "decision": decision,
            "form": form,
            "sources": start.sources,
            "simulations": decision.simulations.select_related("created_by")[:20],
            "fingerprint": tco_fingerprint(decision),
            "can_edit": can_edit,
            "edit_refusal": edit_refusal,
        },
        status=status,
    )


class _Start(NamedTuple):
    """What the cost form starts from, and where each input came from."""

    inputs: TcoInputs
    sources: dict[str, Source]
    trials: int
    seed: int


def _start_from(decision: Decision) -> _Start:
    """The defaults from the answers, or the last simulation's inputs, trials and seed if it
    was run on the same answers, so that a re-run starts where the user left off (and, run
    as it is, reproduces that simulation); with the source of each input."""
    defaults, sources = tco_defaults(decision)
    latest = decision.simulations.first()
    if latest is None or latest.answers_fingerprint != tco_fingerprint(decision):
        return _Start(defaults, sources, DEFAULT_TRIALS, 1)
    start = merge_inputs(defaults, latest.inputs)
    default_json, start_json = defaults.to_json(), start.to_json()
    for key, value in start_json.items():
        if value != default_json[key]:
            sources[key] = Source(f"as entered for simulation {latest.number}", "")
    return _Start(start, sources, latest.trials, latest.seed)


@login_required
@vary_on_htmx
def simulation(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    run = get_object_or_404(decision.simulations, number=number)
    context = _simulation_context(request, decision, run)
    if wants_partial(request):
        response = render(request, "decisions/simulation.html#simulation-status", context)
        if run.is_finished:
            # 286 tells htmx to stop polling; the finished panel is swapped in.
            response.status_code = HttpResponseStopPolling.status_code
        return response
    return render(request, "decisions/simulation.html", context)


@login_required
@post_only("decisions:simulation")
def simulation_cancel_view(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.EDIT)
    run = get_object_or_404(decision.simulations, number=number)
    simulation_cancel(simulation=run)
    if request.htmx:
        return render(
            request,
            "decisions/simulation.html#simulation-status",
            _simulation_context(request, decision, run),
        )
    return redirect(run)


def _simulation_context(
    request: HtmxHttpRequest, decision: Decision, run: TcoSimulation
) -> dict[str, object]:
    context: dict[str, object] = {
        "decision": decision,
        "simulation": run,
        "can_edit": may(decision.member, Action.EDIT, decision),
        "is_current": run.answers_fingerprint == tco_fingerprint(decision),
    }
    if run.status != TcoSimulation.Status.SUCCEEDED or not run.summary:
        return context
    summary = run.summary
    context.update(
        summary=summary,
        fan_figure=charts.cost_fan_figure(summary),
        spread_figure=charts.horizon_spread_figure(summary),
        cheapest_figure=charts.cheapest_figure(summary),
        option_rows=[
            {
                "option": option,
                "label": label,
                "p10": summary["options"][option]["cumulative"]["p10"][-1],
                "p50": summary["options"][option]["cumulative"]["p50"][-1],
                "p90": summary["options"][option]["cumulative"]["p90"][-1],
                "p_cheapest": summary["options"][option]["p_cheapest"],
                "cost_per_mtok": summary["options"][option]["cost_per_mtok_p50"],
            }
            for option, label in OPTION_LABELS.items()
        ],
    )
    return context
