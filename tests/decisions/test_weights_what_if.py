"""The weights page's what-if: sliders and pairwise judgments ranked as they stand, saving
nothing, until the member saves them as their weights."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions.models import (
    Decision,
    DecisionEvent,
    Membership,
    Organization,
    ScoringRun,
    WeightSet,
)
from decisions.services.weights import weight_set_save_direct, weight_set_save_pairwise
from tests.conftest import make_member
from tests.decisions.weights_fixtures import (
    EDITOR_SLIDERS,
    FOUR_TWO_TWO_ONE_ONE,
    FOUR_TWO_TWO_ONE_ONE_MATRIX,
)


def what_if_url(decision: Decision, method: str) -> str:
    return f"/decisions/{decision.pk}/weights/{method}/what-if/"


def try_weights(client: Client, decision: Decision, method: str, data: dict, **kwargs):
    return client.post(
        what_if_url(decision, method), {k: str(v) for k, v in data.items()}, **kwargs
    )


def nothing_written() -> bool:
    return not (
        WeightSet.objects.exists() or ScoringRun.objects.exists() or DecisionEvent.objects.exists()
    )


def weights_line(html: str) -> list[str]:
    return re.findall(r"<strong>(\d+ %)</strong>", html.split("<h3>", 2)[1])


@pytest.fixture
def two_feasible(contract: Decision) -> Decision:
    """The contract review with frontier quality only helpful: open and hybrid compete."""
    contract.answers = {**contract.answers, "frontier_capability": "helpful"}
    contract.save()
    return contract


# --- what it shows ---------------------------------------------------------------------------
def test_it_ranks_the_sliders_as_a_what_if_and_saves_nothing(
    editor_client: Client, two_feasible: Decision, htmx_headers: dict[str, str]
) -> None:
    sliders = {**EDITOR_SLIDERS, "tco": 30}
    response = try_weights(editor_client, two_feasible, "direct", sliders, headers=htmx_headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="what-if" class="card what-if">')
    assert '<p class="what-if-label">What-if: not saved</p>' in html
    # 40, 10, 20, 30, 20 of 120: 33.3, 8.3, 16.7, 25, 16.7 %.
    assert weights_line(html) == ["33 %", "8 %", "17 %", "25 %", "17 %"]
    # Fits (see test_results_evaluation): open 1.0, 0.875, 0.85, 1.0, 0.87; hybrid 0.9, 0.975,
    # 0.85, 0.90571, 0.91. Open (40 + 8.75 + 17 + 30 + 17.4) / 120 = 113.15 / 120 = 0.9429;
    # hybrid (36 + 9.75 + 17 + 27.171 + 18.2) / 120 = 108.121 / 120 = 0.9010.
    assert re.findall(r'id="what-if-option-(\w+)">\s*<div class="rank">([^<]+)</div>', html) == [
        ("open", "Recommended · rank 1"),
        ("hybrid", "rank 2"),
        ("closed", "Excluded"),
    ]
    assert re.findall(r'<div class="score">([^<]+)</div>', html) == ["0.943", "0.901"]
    assert "The board's result below is unchanged until you press “Save as my weights”." in html
    assert nothing_written()


def test_it_ranks_pairwise_judgments_with_their_consistency_and_saves_nothing(
    editor_client: Client, editor: User, two_feasible: Decision, htmx_headers: dict[str, str]
) -> None:
    # The member's saved vote is direct; trying comparisons does not change it.
    weight_set_save_direct(decision=two_feasible, member=editor, weights=EDITOR_SLIDERS)
    runs = ScoringRun.objects.count()

    response = try_weights(
        editor_client,
        two_feasible,
        "pairwise",
        {**FOUR_TWO_TWO_ONE_ONE, "sensitivity__risk": "1/9"},
        headers=htmx_headers,
    )

    html = response.content.decode()
    assert '<p class="what-if-label">What-if: not saved</p>' in html
    assert "Consistency ratio <strong>0.458</strong>" in html
    assert (
        "The one that fits the others least is sensitivity against risk: you said risk is 9 "
        "times as important as sensitivity"
    ) in html
    weight_set = WeightSet.objects.get()
    assert weight_set.method == WeightSet.Method.DIRECT
    assert weight_set.direct == {k: float(v) for k, v in EDITOR_SLIDERS.items()}
    assert ScoringRun.objects.count() == runs


@pytest.mark.parametrize("method", ["direct", "pairwise"])
def test_a_what_if_that_matches_the_saved_vote_says_so(
    editor_client: Client,
    editor: User,
    complete: Decision,
    htmx_headers: dict[str, str],
    method: str,
) -> None:
    # Saved as sliders: the same numbers tried as sliders are the vote, tried as the judgments
    # that give the same proportions they are not (the vote's method would change).
    weight_set_save_pairwise(decision=complete, member=editor, matrix=FOUR_TWO_TWO_ONE_ONE_MATRIX)
    weight_set_save_direct(decision=complete, member=editor, weights=EDITOR_SLIDERS)
    sliders = {**EDITOR_SLIDERS, "risk": 20.0}

    html = try_weights(
        editor_client,
        complete,
        method,
        sliders if method == "direct" else FOUR_TWO_TWO_ONE_ONE,
        headers=htmx_headers,
    ).content.decode()

    label = "Your saved weights" if method == "direct" else "What-if: not saved"
    assert f'<p class="what-if-label">{label}</p>' in html


def test_it_ranks_a_close_call_as_one_in_the_what_if(
    editor_client: Client, two_feasible: Decision, htmx_headers: dict[str, str]
) -> None:
    # Equal weights: open 0.919 against hybrid 0.908, a lead of 0.011 (test_results_evaluation).
    html = try_weights(
        editor_client,
        two_feasible,
        "direct",
        dict.fromkeys(EDITOR_SLIDERS, 50),
        headers=htmx_headers,
    ).content.decode()

    assert "<strong>Too close to call.</strong> A close call between open and hybrid" in html
    assert "Recommended" not in html


def test_it_says_why_weights_cannot_be_ranked(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    html = try_weights(
        editor_client, complete, "direct", dict.fromkeys(EDITOR_SLIDERS, 0), headers=htmx_headers
    ).content.decode()

    assert (
        '<div class="notice bad" role="alert">These weights cannot be ranked. At least one '
        "criterion must weigh more than zero.</div>"
    ) in html
    assert "Saved" not in html
    assert nothing_written()


def test_it_asks_for_the_answers_first(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    html = try_weights(
        editor_client, draft, "direct", EDITOR_SLIDERS, headers=htmx_headers
    ).content.decode()

    assert "The options are ranked here once all five areas are answered." in html
    assert nothing_written()


def test_without_javascript_it_shows_the_page_with_the_what_if_beside_the_posted_sliders(
    editor_client: Client, complete: Decision
) -> None:
    response = try_weights(editor_client, complete, "direct", {**EDITOR_SLIDERS, "tco": 70})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert re.search(r'name="tco"[^>]*value="70"', html)
    assert '<p class="what-if-label">What-if: not saved</p>' in html
    # 40, 10, 20, 70, 20 of 160.
    assert weights_line(html) == ["25 %", "6 %", "12 %", "44 %", "12 %"]
    assert "Nobody has given weights yet, so every criterion weighs 20 %." in html
    assert nothing_written()


def test_the_page_says_a_what_if_is_not_saved_before_anything_is_tried(
    editor_client: Client, complete: Decision
) -> None:
    html = editor_client.get(f"/decisions/{complete.pk}/weights/").content.decode()

    assert '<p class="what-if-label">What-if</p>' in html
    assert "Nothing is saved until you press “Save as my weights”." in html
    assert html.count(">Save as my weights</button>") == 1


# --- saving ------------------------------------------------------------------------------------
def test_saving_records_the_vote_of_the_tab_and_shows_it_as_saved(
    editor_client: Client, editor: User, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    weight_set_save_direct(decision=complete, member=editor, weights=EDITOR_SLIDERS)

    response = editor_client.post(
        f"/decisions/{complete.pk}/weights/pairwise/", FOUR_TWO_TWO_ONE_ONE, headers=htmx_headers
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="live"')
    assert '<p class="what-if-label">Your saved weights</p>' in html
    assert "They count in the board's weights below." in html
    weight_set = WeightSet.objects.get()
    assert weight_set.method == WeightSet.Method.PAIRWISE
    assert weight_set.pairwise == [
        [pytest.approx(v, rel=1e-12) for v in row] for row in FOUR_TWO_TWO_ONE_ONE_MATRIX
    ]


def test_a_plain_save_says_so_on_the_page_it_returns_to(
    editor_client: Client, complete: Decision
) -> None:
    response = editor_client.post(
        f"/decisions/{complete.pk}/weights/direct/",
        {k: str(v) for k, v in EDITOR_SLIDERS.items()},
        follow=True,
    )

    assert '<div class="notice">Saved as your weights.</div>' in response.content.decode()
    assert WeightSet.objects.get().method == WeightSet.Method.DIRECT


# --- who may -----------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["direct", "pairwise"])
def test_a_viewer_may_try_weights(
    viewer_client: Client, complete: Decision, htmx_headers: dict[str, str], method: str
) -> None:
    data = EDITOR_SLIDERS if method == "direct" else FOUR_TWO_TWO_ONE_ONE

    response = try_weights(viewer_client, complete, method, data, headers=htmx_headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="what-if-label">What-if: not saved</p>' in html
    assert "nothing you try here is saved" in html
    assert nothing_written()


def test_a_member_may_try_weights_on_a_decision_in_review(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    complete.status = Decision.Status.IN_REVIEW
    complete.save()

    response = try_weights(editor_client, complete, "direct", EDITOR_SLIDERS, headers=htmx_headers)

    assert response.status_code == 200
    assert "nothing you try here is saved" in response.content.decode()
    assert nothing_written()
    html = editor_client.get(f"/decisions/{complete.pk}/weights/").content.decode()
    assert "This decision is in review: the weights are read-only." in html
    assert "Save as my weights" not in html


@pytest.mark.parametrize("method", ["direct", "pairwise"])
def test_a_what_if_is_a_404_for_another_organisation(
    outsider_client: Client, complete: Decision, method: str
) -> None:
    assert try_weights(outsider_client, complete, method, EDITOR_SLIDERS).status_code == 404


@pytest.mark.parametrize("method", ["direct", "pairwise"])
def test_opening_a_what_if_address_goes_to_the_weights_page(
    editor_client: Client, complete: Decision, method: str
) -> None:
    response = editor_client.get(what_if_url(complete, method))

    assert (response.status_code, response["Location"]) == (
        302,
        f"/decisions/{complete.pk}/weights/",
    )


# --- queries -----------------------------------------------------------------------------------
def add_members(org: Organization, decision: Decision, names: range) -> None:
    """Members who have all saved weights, every other one pairwise."""
    for n in names:
        member = make_member(org, f"member{n}", Membership.Role.EDITOR)
        if n % 2:
            weight_set_save_pairwise(
                decision=decision, member=member, matrix=FOUR_TWO_TWO_ONE_ONE_MATRIX
            )
        else:
            weight_set_save_direct(decision=decision, member=member, weights=EDITOR_SLIDERS)


def queries(client: Client, send: str, url: str, data: dict | None = None, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, send)(url, data or {}, **kwargs)
        assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("send", "endpoint", "data"),
    [
        ("get", "", None),
        ("get", "?method=pairwise", None),
        ("post", "direct/what-if/", EDITOR_SLIDERS),
        ("post", "pairwise/what-if/", FOUR_TWO_TWO_ONE_ONE),
        ("post", "direct/", EDITOR_SLIDERS),
    ],
    ids=["page", "page-pairwise", "what-if-direct", "what-if-pairwise", "save"],
)
def test_the_queries_do_not_grow_with_the_number_of_members(
    editor_client: Client,
    org: Organization,
    complete: Decision,
    htmx_headers: dict[str, str],
    send: str,
    endpoint: str,
    data: dict | None,
) -> None:
    url = f"/decisions/{complete.pk}/weights/{endpoint}"

    def request(tco: int) -> int:
        # Sliders that differ each time, so that every save changes the member's weights and
        # stores a new scoring run, as the first measured one does.
        values = data if data is None or "tco" not in data else {**data, "tco": tco}
        form = None if values is None else {k: str(v) for k, v in values.items()}
        return queries(editor_client, send, url, form, headers=htmx_headers)

    add_members(org, complete, range(2))
    request(tco=9)  # the session, caches; a save's first write
    with_two = request(tco=10)

    add_members(org, complete, range(2, 12))

    assert request(tco=11) == with_two
