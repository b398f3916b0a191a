"""The decision list: every decision of the user's organisations, found in seconds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from decisions.access import decisions_for, organizations_where
from decisions.forms.lists import DecisionListForm
from decisions.permissions import Action
from decisions.views.common import HtmxHttpRequest
from scoring.questions import AREAS

DECISIONS_PER_PAGE = 25


@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    visible = decisions_for(request.user)
    owners = User.objects.filter(owned_decisions__in=visible).distinct().order_by("username")
    teams = visible.exclude(team="").order_by("team").values_list("team", flat=True).distinct()
    form = DecisionListForm(request.GET or None, owners=owners, teams=teams)
    decisions = form.filter(visible).select_related("organization", "owner")
    page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "decisions/dashboard.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "can_create": organizations_where(request.user, Action.CREATE).exists(),
            "managed": organizations_where(request.user, Action.MANAGE),
            "area_count": len(AREAS),
        },
    )
