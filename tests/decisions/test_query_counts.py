"""No page's query count grows with the number of decisions in the organisation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions import demo
from decisions.models import Decision, Organization
from decisions.services.evaluations import scoring_run_store
from decisions.services.weights import weight_set_save_direct

WEIGHTS = {"sensitivity": 40, "latency": 10, "customization": 20, "tco": 10, "risk": 20}


def add_decisions(org: Organization, owner: User, count: int) -> None:
    Decision.objects.bulk_create(
        Decision(
            organization=org,
            owner=owner,
            title=f"Use case {n}",
            use_case="More of the same.",
            answers=dict(demo.CONTRACT_REVIEW),
        )
        for n in range(count)
    )


PAGES: dict[str, Callable[[Decision], str]] = {
    "decision list": lambda d: "/",
    "decision list, page 2": lambda d: "/?page=2",
    "decision": lambda d: f"/decisions/{d.pk}/",
    "step": lambda d: f"/decisions/{d.pk}/questions/latency/",
    "results": lambda d: f"/decisions/{d.pk}/results/",
    "weights": lambda d: f"/decisions/{d.pk}/weights/",
    "cost model": lambda d: f"/decisions/{d.pk}/tco/",
}


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_makes_as_many_queries_at_50_decisions_as_at_1(
    editor_client: Client, editor: User, org: Organization, contract: Decision, page: str
) -> None:
    weight_set_save_direct(decision=contract, member=editor, weights=WEIGHTS)
    scoring_run_store(decision=contract)
    url = PAGES[page](contract)
    editor_client.get(url)  # first request: the session, caches
    at_one = queries_for(editor_client, url)

    add_decisions(org, editor, 49)

    assert queries_for(editor_client, url) == at_one
