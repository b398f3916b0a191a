"""The ranked result of a decision, and the board's weights behind it."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from decisions import charts
from decisions.access import get_decision_for_user, permissions_of
from decisions.forms.weights import DirectWeightsForm, PairwiseForm
from decisions.models import Decision, WeightSet
from decisions.permissions import Action, refusal
from decisions.services.board import BoardWeights, board_weights, member_weights
from decisions.services.evaluations import decision_evaluate, scoring_run_for
from decisions.services.weights import (
    weight_set_save_direct,
    weight_set_save_pairwise,
    weights_are_saved,
    weights_what_if,
)
from decisions.views.common import HtmxHttpRequest, post_only, progress, wants_partial
from scoring.evaluation import Evaluation
from scoring.questions import AREAS, CRITERIA, OPTION_LABELS
from scoring.weights import AhpResult, suggest_weights


@login_required
def results(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    context: dict[str, object] = {
        "decision": decision,
        "can": permissions_of(decision),
        **progress(decision),
    }
    if decision.is_complete:
        board = board_weights(decision=decision)
        context.update(board=board, areas=AREAS, **_evaluation_context(decision, board))
    return render(request, "decisions/results.html", context)


def _evaluation_context(decision: Decision, board: BoardWeights) -> dict[str, object]:
    evaluation = decision_evaluate(decision=decision, board=board)
    return {
        "evaluation": evaluation,
        "run": scoring_run_for(decision=decision, evaluation=evaluation),
        **_ranking_context(evaluation),
        **charts.evaluation_figures(evaluation),
        "why": [_why(evaluation, option) for option in evaluation.result.ranking],
        "why_excluded": [
            {
                "option": evaluation.result.options[option],
                "flip": evaluation.answer_flips.get(option),
            }
            for option in evaluation.result.excluded
        ],
    }


def _ranking_context(evaluation: Evaluation) -> dict[str, object]:
    """What ``_ranking.html`` shows: the ranked and the excluded options, and whether the top
    two are too close to call."""
    result = evaluation.result
    return {
        "result": result,
        "ranked": [result.options[option] for option in result.ranking],
        "excluded": [result.options[option] for option in result.excluded],
        # The must-haves each excluded option cannot meet, in words.
        "cannot_meet": {
            option: [
                stated.requirement.must
                for stated in evaluation.requirements
                if stated.standings[option].status == "cannot"
            ]
            for option in result.excluded
        },
        "close_call": evaluation.close_call,
        "option_labels": OPTION_LABELS,
    }


def _why(evaluation: Evaluation, option: str) -> dict[str, object]:
    """A feasible option's explanations in the domain's order, the ones that matter most
    apart, and what would put it first if it does not win."""
    explanations = evaluation.explanations[option]
    winner, *others = evaluation.result.ranking
    rival = winner if option != winner else next(iter(others), None)  # None: alone
    return {
        "option": evaluation.result.options[option],
        "rival": rival,
        "top": [e for e in explanations if e.top],
        "more": [e for e in explanations if not e.top],
        "flip": evaluation.answer_flips.get(option),
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
            decision,
            direct_form=DirectWeightsForm(initial=direct_initial),
            pairwise_form=PairwiseForm(initial=pairwise_initial),
            method=method,
        )
        | {"my_ahp": None if my_weights is None else my_weights.ahp},
    )


@login_required
@post_only("decisions:weights")
def weights_direct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save the sliders as the member's vote."""
    decision = get_decision_for_user(request.user, pk, action=Action.WEIGH)
    form = DirectWeightsForm(request.POST)
    if form.is_valid():
        weight_set_save_direct(decision=decision, member=request.user, weights=form.cleaned_data)
    return _saved_response(request, decision, direct_form=form, method="direct")


@login_required
@post_only("decisions:weights")
def weights_pairwise(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save the pairwise judgments as the member's vote."""
    decision = get_decision_for_user(request.user, pk, action=Action.WEIGH)
    form = PairwiseForm(request.POST)
    if form.is_valid():
        weight_set_save_pairwise(decision=decision, member=request.user, matrix=form.matrix)
    return _saved_response(request, decision, pairwise_form=form, method="pairwise")


@login_required
@post_only("decisions:weights")
def weights_what_if_direct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Rank the options with the sliders as they stand, saving nothing. A what-if writes
    nothing, so anyone who may see the decision may try one (a viewer too)."""
    decision = get_decision_for_user(request.user, pk)
    form = DirectWeightsForm(request.POST)
    what_if = None
    if form.is_valid():
        saved = weights_are_saved(decision=decision, member=request.user, direct=form.cleaned_data)
        what_if = _what_if(decision, form.weights, saved=saved)
    return _what_if_response(request, decision, form, what_if, direct_form=form, method="direct")


@login_required
@post_only("decisions:weights")
def weights_what_if_pairwise(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Rank the options with the pairwise judgments as they stand, saving nothing."""
    decision = get_decision_for_user(request.user, pk)
    form = PairwiseForm(request.POST)
    what_if = None
    if form.is_valid():
        saved = weights_are_saved(decision=decision, member=request.user, matrix=form.matrix)
        what_if = _what_if(decision, form.ahp.weights, form.ahp, saved=saved)
    return _what_if_response(
        request, decision, form, what_if, pairwise_form=form, method="pairwise"
    )


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


def _what_if(
    decision: Decision,
    weights: Mapping[str, float],
    ahp: AhpResult | None = None,
    *,
    saved: bool = False,
) -> dict[str, object] | None:
    """The ranking with one member's weights alone, for the what-if panel; None until the
    questionnaire is complete."""
    if not decision.is_complete:
        return None
    evaluation = weights_what_if(decision=decision, weights=weights, ahp=ahp)
    return {"evaluation": evaluation, "ahp": ahp, "saved": saved, **_ranking_context(evaluation)}


def _what_if_response(
    request: HtmxHttpRequest,
    decision: Decision,
    form: DirectWeightsForm | PairwiseForm,
    what_if: dict[str, object] | None,
    *,
    method: str,
    direct_form: DirectWeightsForm | None = None,
    pairwise_form: PairwiseForm | None = None,
) -> HttpResponse:
    if wants_partial(request):
        context = {
            "decision": decision,
            "areas": AREAS,
            "what_if": what_if,
            "what_if_form": form,
            **_may_weigh(decision),
        }
        return render(request, "decisions/weights.html#what-if", context)
    # Without JavaScript: the whole page, the form as it was posted, the what-if beside it.
    context = _weights_context(
        decision,
        direct_form=direct_form or DirectWeightsForm(),
        pairwise_form=pairwise_form or PairwiseForm(),
        method=method,
    )
    return render(
        request, "decisions/weights.html", context | {"what_if": what_if, "what_if_form": form}
    )


def _saved_response(
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
        messages.success(request, "Saved as your weights.")
        return redirect(f"{reverse('decisions:weights', args=[decision.pk])}?method={method}")
    context = _weights_context(
        decision,
        direct_form=direct_form or DirectWeightsForm(),
        pairwise_form=pairwise_form or PairwiseForm(),
        method=method,
    )
    context["saved_form"] = form
    # What was saved, ranked on its own, in the what-if panel's place.
    if direct_form is not None and direct_form.is_valid():
        context["what_if"] = _what_if(decision, direct_form.weights, saved=True)
    elif pairwise_form is not None and pairwise_form.is_valid():
        ahp = pairwise_form.ahp
        context["what_if"] = _what_if(decision, ahp.weights, ahp, saved=True)
    if wants_partial(request):
        # Only the live parts change; the sliders the user is moving are left alone.
        return render(request, "decisions/weights.html#live", context)
    return render(request, "decisions/weights.html", context)


def _may_weigh(decision: Decision) -> dict[str, object]:
    reason = refusal(decision.member, Action.WEIGH, decision)
    return {"can_weigh": reason is None, "weigh_refusal": reason}


def _weights_context(
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
        "suggestion": suggest_weights(decision.answers),
        "has_own_weights": any(
            member.weight_set.member_id == decision.member.user_id for member in board.members
        ),
        "areas": AREAS,
        **_may_weigh(decision),
        **progress(decision),
    }
    if decision.is_complete:
        evaluation = decision_evaluate(decision=decision, board=board)
        context.update(evaluation=evaluation, **_ranking_context(evaluation))
    return context
