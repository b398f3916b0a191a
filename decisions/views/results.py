"""The ranked result of a decision, and the board's weights behind it."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from decisions import charts
from decisions.access import get_decision_for_user
from decisions.forms.weights import DirectWeightsForm, PairwiseForm
from decisions.models import Decision, WeightSet
from decisions.permissions import Action, may
from decisions.services.board import BoardWeights, board_weights, member_weights
from decisions.services.evaluations import decision_evaluate, scoring_run_for
from decisions.services.weights import weight_set_save_direct, weight_set_save_pairwise
from decisions.views.common import HtmxHttpRequest, post_only, progress, wants_partial
from scoring.questions import AREAS, CRITERIA, OPTION_LABELS
from scoring.weights import suggest_weights


@login_required
def results(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    context: dict[str, object] = {"decision": decision, **progress(decision)}
    if decision.is_complete:
        board = board_weights(decision=decision)
        context.update(board=board, areas=AREAS, **_evaluation_context(decision, board))
    return render(request, "decisions/results.html", context)


def _evaluation_context(decision: Decision, board: BoardWeights) -> dict[str, object]:
    evaluation = decision_evaluate(decision=decision, board=board)
    run = scoring_run_for(decision=decision, evaluation=evaluation)
    result = evaluation.result
    return {
        "evaluation": evaluation,
        "run": run,
        "result": result,
        "ranked": [result.options[option] for option in result.ranking],
        "excluded": [result.options[option] for option in result.excluded],
        "option_labels": OPTION_LABELS,
        "contributions_figure": charts.contributions_figure(result),
        "tornado_figure": charts.tornado_figure(evaluation.flip_points),
        "robustness_figure": charts.robustness_figure(evaluation.robustness),
    }


@login_required
def weights(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    mine = WeightSet.objects.filter(decision=decision, member=request.user).first()
    my_weights = None if mine is None else member_weights(mine)
    if my_weights is None:
        # A member who has not weighed yet starts from the weights the answers suggest.
        direct_initial = slider_values(suggest_weights(decision.answers).points)
    elif my_weights.ahp is None:
        direct_initial = dict(my_weights.weight_set.direct)  # where they left the sliders
    else:
        direct_initial = slider_values(my_weights.weights)
    direct_initial = {c: round(v) for c, v in direct_initial.items()}
    pairwise_initial = PairwiseForm.initial_from(mine.pairwise if mine and mine.pairwise else [])
    method = request.GET.get("method") or (mine.method if mine else WeightSet.Method.DIRECT)
    return render(
        request,
        "decisions/weights.html",
        _weights_context(
            request,
            decision,
            direct_form=DirectWeightsForm(initial=direct_initial),
            pairwise_form=PairwiseForm(initial=pairwise_initial),
            method=method,
        )
        | {
            "has_own_weights": mine is not None,
            "my_ahp": None if my_weights is None else my_weights.ahp,
        },
    )


@login_required
@post_only("decisions:weights")
def weights_direct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.WEIGH)
    form = DirectWeightsForm(request.POST)
    if form.is_valid():
        weight_set_save_direct(decision=decision, member=request.user, weights=form.cleaned_data)
    return _weights_response(request, decision, direct_form=form, method="direct")


@login_required
@post_only("decisions:weights")
def weights_pairwise(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.WEIGH)
    form = PairwiseForm(request.POST)
    if form.is_valid():
        weight_set_save_pairwise(decision=decision, member=request.user, matrix=form.matrix)
    return _weights_response(request, decision, pairwise_form=form, method="pairwise")


@login_required
@post_only("decisions:weights")
def weights_suggested(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, action=Action.WEIGH)
    suggestion = suggest_weights(decision.answers)
    weight_set_save_direct(
        decision=decision, member=request.user, weights=slider_values(suggestion.points)
    )
    messages.success(request, "Saved the suggested weights as yours.")
    return redirect("decisions:weights", pk=decision.pk)


def slider_values(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights on the sliders' 0–100 scale, the largest at 100: same proportions, and
    room to move every slider both ways."""
    largest = max(weights.values())
    return {c: 100 * weights[c] / largest for c in CRITERIA}


def _weights_response(
    request: HtmxHttpRequest,
    decision: Decision,
    *,
    method: str,
    direct_form: DirectWeightsForm | None = None,
    pairwise_form: PairwiseForm | None = None,
) -> HttpResponse:
    form = direct_form or pairwise_form
    assert form is not None
    if not wants_partial(request) and form.is_valid():
        return redirect(f"{reverse('decisions:weights', args=[decision.pk])}?method={method}")
    context = _weights_context(
        request,
        decision,
        direct_form=direct_form or DirectWeightsForm(),
        pairwise_form=pairwise_form or PairwiseForm(),
        method=method,
    )
    if pairwise_form is not None and pairwise_form.is_valid():
        context["my_ahp"] = pairwise_form.ahp
    if wants_partial(request):
        # Only the live parts change; the sliders the user is moving are left alone.
        return render(request, "decisions/weights.html#live", context)
    return render(request, "decisions/weights.html", context)


def _weights_context(
    request: HtmxHttpRequest,
    decision: Decision,
    *,
    direct_form: DirectWeightsForm,
    pairwise_form: PairwiseForm,
    method: str,
) -> dict[str, object]:
    board = board_weights(decision=decision)
    context: dict[str, object] = {
        "decision": decision,
        "board": board,
        "direct_form": direct_form,
        "pairwise_form": pairwise_form,
        "method": "pairwise" if method == "pairwise" else "direct",
        "active_form": pairwise_form if method == "pairwise" else direct_form,
        "suggestion": suggest_weights(decision.answers),
        "can_edit": may(decision.member, Action.WEIGH, decision),
        "areas": AREAS,
        **progress(decision),
    }
    if decision.is_complete:
        context.update(_evaluation_context(decision, board))
    return context
