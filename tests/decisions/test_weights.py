"""The weights page and its POST endpoints: sliders, pairwise comparisons, suggestions, and the
board's aggregate.

Expected weights are worked out by hand in the comments. Direct weights are normalised per
member and averaged; when every member compares pairwise, their judgments are combined by
the element-wise geometric mean before the eigenvector is taken.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from decisions.models import Decision, Membership, Organization, WeightSet
from decisions.services.board import board_weights
from decisions.services.weights import weight_set_save_direct
from scoring.questions import CRITERIA
from tests.decisions.weights_fixtures import (
    APPROVER_SLIDERS,
    EDITOR_SLIDERS,
    FOUR_TWO_TWO_ONE_ONE,
    ONE_TWO_TWO_FOUR_FOUR,
)


def weights_url(decision: Decision, endpoint: str = "") -> str:
    return f"/decisions/{decision.pk}/weights/{endpoint + '/' if endpoint else ''}"


def post_direct(client: Client, decision: Decision, values: dict, **kwargs: object):
    data = {criterion: str(value) for criterion, value in values.items()}
    return client.post(weights_url(decision, "direct"), data, **kwargs)


def post_pairwise(client: Client, decision: Decision, judgments: dict[str, str], **kwargs):
    return client.post(weights_url(decision, "pairwise"), judgments, **kwargs)


def board_row(html: str) -> tuple[str, list[str]]:
    """The basis and the five percentages of the board's row in the weights table."""
    match = re.search(
        r'<tr class="total"><th>Board \((\w+)\)</th>((?:<th class="num">[^<]*</th>){5})</tr>',
        html,
    )
    assert match is not None, "no board row"
    return match.group(1), re.findall(r'<th class="num">([^<]*)</th>', match.group(2))


def member_row(html: str, name: str) -> tuple[str, list[str]] | None:
    """The method line and the five percentages of one member's row, or None."""
    match = re.search(
        rf'<tr><td>{name}\s*<div class="muted">([^<]*)</div></td>\s*'
        r'((?:<td class="num">[^<]*</td>){5})</tr>',
        html,
    )
    if match is None:
        return None
    return match.group(1), re.findall(r'<td class="num">([^<]*)</td>', match.group(2))


def as_matrix(rows: list[list[float]]) -> list[list[object]]:
    return [[pytest.approx(value, rel=1e-12) for value in row] for row in rows]


# --- the page ----------------------------------------------------------------------------
@pytest.mark.parametrize("endpoint", ["direct", "pairwise", "suggested"])
def test_opening_a_weights_form_address_goes_to_the_weights_page(
    editor_client: Client, complete: Decision, endpoint: str
) -> None:
    # A plain post leaves this address in the bar; Enter or a bookmark opens it with a GET.
    response = editor_client.get(weights_url(complete, endpoint))
    assert (response.status_code, response["Location"]) == (302, weights_url(complete))
    assert editor_client.put(weights_url(complete, endpoint)).status_code == 405
    assert not WeightSet.objects.filter(decision=complete).exists()


def test_it_says_nobody_has_given_weights_yet(editor_client: Client, complete: Decision) -> None:
    response = editor_client.get(weights_url(complete))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nobody has given weights yet, so every criterion weighs 20 %." in html
    assert 'class="total"' not in html


def test_it_shows_each_members_weights_and_the_boards(
    editor_client: Client, editor: User, complete: Decision
) -> None:
    weight_set_save_direct(decision=complete, member=editor, weights=EDITOR_SLIDERS)

    html = editor_client.get(weights_url(complete)).content.decode()

    assert "Nobody has given weights yet" not in html
    # 40, 10, 20, 10, 20 of 100.
    assert member_row(html, "erin") == ("sliders", ["40 %", "10 %", "20 %", "10 %", "20 %"])
    assert board_row(html) == ("direct", ["40 %", "10 %", "20 %", "10 %", "20 %"])
    # The sliders start where the member left them, not at their percentages.
    assert re.search(r'name="sensitivity"[^>]*value="40"', html)
    weight_set_save_direct(
        decision=complete, member=editor, weights={**EDITOR_SLIDERS, "sensitivity": 90}
    )
    html = editor_client.get(weights_url(complete)).content.decode()
    assert re.search(r'name="sensitivity"[^>]*value="90"', html)


def test_it_starts_a_new_members_sliders_from_the_suggested_weights(
    editor_client: Client, contract: Decision
) -> None:
    html = editor_client.get(weights_url(contract)).content.decode()

    # Contract review; every criterion starts at 2 points:
    # sensitivity 2 + 3 (own infrastructure) + 1 (personal data) + 1 (financial data)
    #   + 1 (GDPR) = 8
    # latency, customization and TCO 2 each (no rule adds)
    # risk 2 + 2 (high regulatory exposure) = 4
    # On the sliders' scale with the largest at 100: 8, 2, 2, 2, 4 × 100 / 8.
    for criterion, value in {
        "sensitivity": 100,
        "latency": 25,
        "customization": 25,
        "tco": 25,
        "risk": 50,
    }.items():
        assert re.search(rf'name="{criterion}"[^>]*value="{value}"', html), criterion
    assert "The sliders start from these suggestions." in html
    assert not WeightSet.objects.exists()  # nothing saved by looking


def test_it_tells_a_viewer_they_cannot_give_weights_but_may_try_some(
    viewer_client: Client, complete: Decision
) -> None:
    html = viewer_client.get(weights_url(complete)).content.decode()

    assert (
        "Viewers can see the board&#x27;s weights but not give their own. You can still try "
        "weights here: the ranking they give is a what-if, and nothing you set is saved."
    ) in html
    assert "Save as my weights" not in html
    assert "Save the suggestion as my weights" not in html
    assert f'hx-post="{weights_url(complete, "direct")}"' not in html


@pytest.mark.parametrize("method", ["direct", "pairwise"])
def test_a_viewer_s_sliders_and_comparisons_only_ever_post_a_what_if(
    viewer_client: Client, complete: Decision, method: str
) -> None:
    # A what-if writes nothing, so a viewer may try weights; nowhere on the page can they
    # save them, with JavaScript or without.
    html = viewer_client.get(weights_url(complete) + f"?method={method}").content.decode()

    assert ('type="range"' in html) is (method == "direct")
    assert ("<select" in html) is (method == "pairwise")
    what_if = f"/decisions/{complete.pk}/weights/{method}/what-if/"
    assert f'action="{what_if}"' in html
    assert f'hx-post="{what_if}"' in html
    assert weights_url(complete, method) + '"' not in html


# --- direct ------------------------------------------------------------------------------
def test_it_saves_direct_weights_and_returns_only_the_live_partial_to_htmx(
    editor_client: Client, editor: User, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    response = post_direct(editor_client, complete, EDITOR_SLIDERS, headers=htmx_headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="live"')
    assert "Saved." in html
    # What was saved, ranked on its own in the what-if panel's place, and the board's result.
    assert '<p class="what-if-label">Your saved weights</p>' in html
    assert 'id="what-if-option-open"' in html
    assert "<h3>The board's result</h3>" in html
    assert 'id="option-open"' in html
    assert html.count("Recommended · rank 1") == 2
    assert board_row(html) == ("direct", ["40 %", "10 %", "20 %", "10 %", "20 %"])
    weight_set = WeightSet.objects.get(decision=complete, member=editor)
    assert weight_set.method == WeightSet.Method.DIRECT
    assert weight_set.direct == {
        "sensitivity": 40.0,
        "latency": 10.0,
        "customization": 20.0,
        "tco": 10.0,
        "risk": 20.0,
    }


def test_it_redirects_a_plain_form_post_back_to_the_sliders(
    editor_client: Client, editor: User, complete: Decision
) -> None:
    response = post_direct(editor_client, complete, EDITOR_SLIDERS)

    assert response.status_code == 302
    assert response["Location"] == f"{weights_url(complete)}?method=direct"
    assert WeightSet.objects.get(member=editor).direct["sensitivity"] == 40.0


def test_it_replaces_a_members_earlier_weights(
    editor_client: Client, editor: User, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    post_direct(editor_client, complete, EDITOR_SLIDERS, headers=htmx_headers)
    post_direct(editor_client, complete, APPROVER_SLIDERS, headers=htmx_headers)

    assert WeightSet.objects.filter(decision=complete).count() == 1
    assert WeightSet.objects.get(member=editor).direct["tco"] == 30.0


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "plain"])
def test_it_refuses_sliders_that_are_all_zero(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str], partial: bool
) -> None:
    headers = htmx_headers if partial else {}

    response = post_direct(editor_client, complete, dict.fromkeys(CRITERIA, 0), headers=headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved." in html
    assert "At least one criterion must weigh more than zero." in html
    assert ("<html" in html) is not partial
    assert not WeightSet.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "A weight cannot be negative."),
        ("abc", "Enter a number."),
        ("nan", "Enter a number."),
        ("", "Give a weight (0 to leave it out)."),
    ],
)
def test_it_refuses_a_slider_value_that_is_not_a_weight(
    editor_client: Client,
    editor: User,
    complete: Decision,
    htmx_headers: dict[str, str],
    value: str,
    message: str,
) -> None:
    weight_set_save_direct(decision=complete, member=editor, weights=EDITOR_SLIDERS)

    response = post_direct(
        editor_client, complete, {**APPROVER_SLIDERS, "tco": value}, headers=htmx_headers
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Total cost of ownership: {message}" in html
    # The earlier weights stand.
    assert WeightSet.objects.get(member=editor).direct == {
        criterion: float(value) for criterion, value in EDITOR_SLIDERS.items()
    }


def test_it_shows_a_slider_error_beside_its_field_on_a_plain_post(
    editor_client: Client, complete: Decision
) -> None:
    response = post_direct(editor_client, complete, {**EDITOR_SLIDERS, "latency": "-1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r'class="field field-slider has-error" id="field-latency">\s*'
        r'<label for="id_latency">Latency and availability</label>.*?A weight cannot be negative\.',
        html,
        re.S,
    )
    assert not WeightSet.objects.exists()


# --- pairwise ----------------------------------------------------------------------------
def test_it_saves_ten_judgments_as_a_reciprocal_matrix(
    editor_client: Client, editor: User, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    response = post_pairwise(editor_client, complete, FOUR_TWO_TWO_ONE_ONE, headers=htmx_headers)

    assert response.status_code == 200
    weight_set = WeightSet.objects.get(decision=complete, member=editor)
    assert weight_set.method == WeightSet.Method.PAIRWISE
    # Upper triangle as judged, lower triangle its reciprocals, ones on the diagonal.
    assert weight_set.pairwise == as_matrix(
        [
            [1, 2, 2, 4, 4],
            [1 / 2, 1, 1, 2, 2],
            [1 / 2, 1, 1, 2, 2],
            [1 / 4, 1 / 2, 1 / 2, 1, 1],
            [1 / 4, 1 / 2, 1 / 2, 1, 1],
        ]
    )
    html = response.content.decode()
    assert "<html" not in html
    # Consistent judgments: λ_max = n = 5, so CI = CR = 0.
    assert "Consistency ratio <strong>0.000</strong> — consistent enough (at most 0.10)." in html
    assert "contradict each other" not in html
    # Weights 4, 2, 2, 1, 1 of 10.
    assert member_row(html, "erin") == (
        "pairwise comparisons, CR 0.00",
        ["40 %", "20 %", "20 %", "10 %", "10 %"],
    )
    assert board_row(html) == ("pairwise", ["40 %", "20 %", "20 %", "10 %", "10 %"])


def test_it_reports_the_consistency_ratio_of_a_circular_set_of_judgments(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    # sensitivity ≫ latency ≫ customization ≫ sensitivity (9 each), everything else equal.
    judgments = {
        **dict.fromkeys(FOUR_TWO_TWO_ONE_ONE, "1"),
        "sensitivity__latency": "9",
        "latency__customization": "9",
        "sensitivity__customization": "1/9",
    }

    html = post_pairwise(editor_client, complete, judgments, headers=htmx_headers)
    html = html.content.decode()

    # By symmetry the three in the circle weigh x each and TCO and risk y each. Row of
    # sensitivity: (1 + 9 + 1/9) x + 2 y = λ x; row of TCO: 3 x + 2 y = λ y.
    # With k = 91/9: (λ − k)(λ − 2) = 6, so λ² − (109/9) λ + 128/9 = 0 and
    # λ_max = (109 + √7273) / 18 = (109 + 85.28189) / 18 = 10.79344.
    # CI = (10.79344 − 5) / 4 = 1.44836; CR = 1.44836 / 1.12 = 1.29318.
    assert "Consistency ratio <strong>1.293</strong>" in html
    assert "consistent enough" not in html
    assert "Your comparisons contradict each other (consistency ratio 1.29;" in html


def test_it_names_the_judgment_that_fits_the_others_least(
    editor_client: Client, editor: User, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    # The consistent 4 : 2 : 2 : 1 : 1 set, except that risk is now extremely more important
    # than sensitivity (1/9 instead of 4). Every other judgment still says sensitivity weighs
    # four times risk (sensitivity → latency → risk: 2 · 2), so that one pair is the outlier.
    judgments = {**FOUR_TWO_TWO_ONE_ONE, "sensitivity__risk": "1/9"}

    response = post_pairwise(editor_client, complete, judgments, headers=htmx_headers)

    html = response.content.decode()
    # Said the way round the judgment points. The ratio the weights imply (1.7 for risk over
    # sensitivity, the principal eigenvector's) is pulled towards the outlier itself, hence not 1/4.
    assert (
        "The one that fits the others least is sensitivity against risk: you said risk is 9 "
        "times as important as sensitivity, but your other judgments suggest about 1.7 times. "
        "Consider rating risk twice as important as sensitivity."
    ) in html
    assert "consistent enough" not in html
    # Saved all the same: the warning asks to reconsider, it does not refuse.
    saved = WeightSet.objects.get(member=editor).pairwise
    assert saved[0][4] == pytest.approx(1 / 9, rel=1e-12)
    assert saved[4][0] == 9.0
    # Coming back later, the member still sees what is wrong with their comparisons.
    again = editor_client.get(weights_url(complete)).content.decode()
    assert "<h3>Your comparisons</h3>" in again
    assert "The one that fits the others least is sensitivity against risk" in again


@pytest.mark.parametrize("value", ["10", "0", "abc", "1/10", "-3", ""])
def test_it_refuses_a_judgment_off_the_scale(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str], value: str
) -> None:
    judgments = {**FOUR_TWO_TWO_ONE_ONE, "latency__tco": value}

    response = post_pairwise(editor_client, complete, judgments, headers=htmx_headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved." in html
    expected = "This field is required." if value == "" else "Pick a value of the 1–9 scale."
    assert f"Latency and availability vs Total cost of ownership: {expected}" in html
    assert "Consistency ratio" not in html
    assert not WeightSet.objects.exists()


def test_it_refuses_an_incomplete_set_of_judgments(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    judgments = dict(FOUR_TWO_TWO_ONE_ONE)
    del judgments["tco__risk"]

    response = post_pairwise(editor_client, complete, judgments, headers=htmx_headers)

    assert "Total cost of ownership vs Risk tolerance: This field is required." in (
        response.content.decode()
    )
    assert not WeightSet.objects.exists()


# --- suggested ---------------------------------------------------------------------------
def test_it_saves_the_suggested_points_as_the_members_weights(
    editor_client: Client, editor: User, complete: Decision
) -> None:
    response = editor_client.post(weights_url(complete, "suggested"))

    assert response.status_code == 302
    assert response["Location"] == weights_url(complete)
    # Hospital notes; every criterion starts at 2 points:
    # sensitivity 2 + 3 (own infrastructure) + 2 (health data) + 1 (GDPR) + 1 (HIPAA) = 9
    # latency 2 (never offline, p95 4 s: no rule adds)
    # customization 2 + 1 (fine-tuning) + 1 (highly specialised) = 4
    # TCO 2 (400,000 requests: under a million)
    # risk 2 + 2 (low lock-in tolerance) + 2 (high regulatory exposure) = 6
    weight_set = WeightSet.objects.get(decision=complete, member=editor)
    assert weight_set.method == WeightSet.Method.DIRECT
    # On the sliders' scale, the largest at 100: 9, 2, 4, 2, 6 × 100 / 9.
    assert weight_set.direct == pytest.approx(
        {
            "sensitivity": 100,
            "latency": 200 / 9,
            "customization": 400 / 9,
            "tco": 200 / 9,
            "risk": 600 / 9,
        },
        abs=1e-12,
    )
    html = editor_client.get(response["Location"], follow=True).content.decode()
    assert "Saved the suggested weights as yours." in html
    # 9, 2, 4, 2, 6 of 23: 39.1, 8.7, 17.4, 8.7, 26.1 %
    assert board_row(html) == ("direct", ["39 %", "9 %", "17 %", "9 %", "26 %"])
    # The sliders stand where the suggestion put them: 200 / 9 = 22.2.
    assert re.search(r'name="latency"[^>]*value="22"', html)


# --- who may ------------------------------------------------------------------------------
VIEWER_POSTS = [
    ("direct", EDITOR_SLIDERS),
    ("pairwise", FOUR_TWO_TWO_ONE_ONE),
    ("suggested", {}),
]


@pytest.mark.parametrize(("endpoint", "data"), VIEWER_POSTS, ids=[e for e, _ in VIEWER_POSTS])
@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "plain"])
def test_it_forbids_a_viewer_every_weights_post(
    viewer_client: Client,
    viewer: User,
    editor: User,
    complete: Decision,
    htmx_headers: dict[str, str],
    endpoint: str,
    data: dict,
    partial: bool,
) -> None:
    weight_set_save_direct(decision=complete, member=editor, weights=EDITOR_SLIDERS)
    headers = htmx_headers if partial else {}

    response = viewer_client.post(
        weights_url(complete, endpoint), {k: str(v) for k, v in data.items()}, headers=headers
    )

    assert response.status_code == 403
    assert list(WeightSet.objects.values_list("member__username", "direct")) == [
        ("erin", {k: v for k, v in EDITOR_SLIDERS.items()})
    ]


@pytest.mark.parametrize(
    ("method", "endpoint", "data"),
    [
        ("get", "", {}),
        ("post", "direct", EDITOR_SLIDERS),
        ("post", "pairwise", FOUR_TWO_TWO_ONE_ONE),
        ("post", "suggested", {}),
    ],
)
def test_it_is_a_404_for_another_organisation(
    outsider_client: Client, complete: Decision, method: str, endpoint: str, data: dict
) -> None:
    send = getattr(outsider_client, method)

    response = send(weights_url(complete, endpoint), {k: str(v) for k, v in data.items()})

    assert response.status_code == 404
    assert not WeightSet.objects.exists()


# --- the board ---------------------------------------------------------------------------
def test_it_averages_the_members_normalised_direct_weights_and_flags_the_disputed_one(
    editor_client: Client,
    approver_client: Client,
    complete: Decision,
    htmx_headers: dict[str, str],
) -> None:
    post_direct(editor_client, complete, EDITOR_SLIDERS, headers=htmx_headers)
    post_direct(approver_client, complete, APPROVER_SLIDERS, headers=htmx_headers)

    board = board_weights(decision=complete)

    # editor   40, 10, 20, 10, 20 of 100 → 0.40, 0.10, 0.20, 0.10, 0.20
    # approver  0, 10, 10, 30,  0 of  50 → 0.00, 0.20, 0.20, 0.60, 0.00
    # mean                              → 0.20, 0.15, 0.20, 0.35, 0.10
    assert board.basis == "direct"
    assert board.weights == pytest.approx(
        {"sensitivity": 0.2, "latency": 0.15, "customization": 0.2, "tco": 0.35, "risk": 0.1},
        abs=1e-12,
    )
    # Widths of the spread: 0.40, 0.10, 0.00, 0.50, 0.20 → TCO is the most disputed.
    assert board.disputed == "tco"
    assert board.consistency_ratio is None
    html = editor_client.get(weights_url(complete)).content.decode()
    assert board_row(html) == ("direct", ["20 %", "15 %", "20 %", "35 %", "10 %"])
    assert member_row(html, "april") == ("sliders", ["0 %", "20 %", "20 %", "60 %", "0 %"])
    assert member_row(html, "erin") == ("sliders", ["40 %", "10 %", "20 %", "10 %", "20 %"])
    assert '<td class="num muted disputed">10 %–60 %</td>' in html
    assert (
        "The board disagrees most on <strong>Total cost of ownership</strong>: from 10 % to 60 %."
        in html
    )
    # The results page shows the same table, to argue the ranking with.
    results = editor_client.get(f"/decisions/{complete.pk}/results/").content.decode()
    assert board_row(results) == board_row(html)
    assert member_row(results, "april") == member_row(html, "april")
    assert "The board disagrees most on <strong>Total cost of ownership</strong>" in results


def test_it_combines_pairwise_members_by_the_geometric_mean_of_their_judgments(
    editor_client: Client,
    approver_client: Client,
    complete: Decision,
    htmx_headers: dict[str, str],
) -> None:
    post_pairwise(editor_client, complete, FOUR_TWO_TWO_ONE_ONE, headers=htmx_headers)
    post_pairwise(approver_client, complete, ONE_TWO_TWO_FOUR_FOUR, headers=htmx_headers)

    board = board_weights(decision=complete)

    # Every judgment of one is the reciprocal of the other's (2 and 1/2, 4 and 1/4, 1 and 1):
    # each geometric mean is √(a · 1/a) = 1, so the group matrix is all ones and every
    # criterion weighs 1/5. (The mean of the normalised weights, (4, 2, 2, 1, 1)/10 and
    # (1, 2, 2, 4, 4)/13, would give sensitivity (0.4 + 0.0769) / 2 = 0.2385 instead.)
    assert board.basis == "pairwise"
    assert board.weights == pytest.approx(dict.fromkeys(CRITERIA, 0.2), abs=1e-12)
    assert board.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    # Member spreads: sensitivity 0.4 − 1/13 = 0.323 is the widest.
    assert board.disputed == "sensitivity"
    html = editor_client.get(weights_url(complete)).content.decode()
    assert board_row(html) == ("pairwise", ["20 %"] * 5)
    assert member_row(html, "april") == (
        "pairwise comparisons, CR 0.00",
        ["8 %", "15 %", "15 %", "31 %", "31 %"],
    )


def test_it_averages_a_pairwise_member_with_a_direct_one_by_their_weights(
    editor_client: Client,
    approver_client: Client,
    complete: Decision,
    htmx_headers: dict[str, str],
) -> None:
    post_pairwise(editor_client, complete, FOUR_TWO_TWO_ONE_ONE, headers=htmx_headers)
    post_direct(approver_client, complete, APPROVER_SLIDERS, headers=htmx_headers)

    board = board_weights(decision=complete)

    # (0.4, 0.2, 0.2, 0.1, 0.1) and (0, 0.2, 0.2, 0.6, 0): mean (0.2, 0.2, 0.2, 0.35, 0.05)
    assert board.basis == "direct"
    assert board.weights == pytest.approx(
        {"sensitivity": 0.2, "latency": 0.2, "customization": 0.2, "tco": 0.35, "risk": 0.05},
        abs=1e-12,
    )


def test_it_does_not_count_the_weights_of_a_viewer_or_of_another_organisation(
    editor: User,
    viewer: User,
    outsider: User,
    other_org: Organization,
    editor_client: Client,
    complete: Decision,
) -> None:
    weight_set_save_direct(decision=complete, member=editor, weights=EDITOR_SLIDERS)
    # The viewer gave weights while still an editor. They also administer another
    # organisation: an editing role there must not count here.
    weight_set_save_direct(decision=complete, member=viewer, weights={"tco": 100, "sensitivity": 0})
    Membership.objects.create(user=viewer, organization=other_org, role=Membership.Role.ADMIN)
    weight_set_save_direct(decision=complete, member=outsider, weights={"risk": 1})

    board = board_weights(decision=complete)

    assert [member.weight_set.member for member in board.members] == [editor]
    assert board.weights == pytest.approx(
        {"sensitivity": 0.4, "latency": 0.1, "customization": 0.2, "tco": 0.1, "risk": 0.2},
        abs=1e-12,
    )
    assert board.disputed is None
    html = editor_client.get(weights_url(complete)).content.decode()
    assert member_row(html, "victor") is None
    assert member_row(html, "oscar") is None
    assert board_row(html) == ("direct", ["40 %", "10 %", "20 %", "10 %", "20 %"])


def test_it_scores_the_results_with_the_boards_weights(
    editor_client: Client,
    approver_client: Client,
    contract: Decision,
    htmx_headers: dict[str, str],
) -> None:
    post_direct(editor_client, contract, EDITOR_SLIDERS, headers=htmx_headers)
    html = editor_client.get(f"/decisions/{contract.pk}/results/").content.decode()
    assert "Weights: the board's mean of 1 member's weights" in html
    post_direct(approver_client, contract, APPROVER_SLIDERS, headers=htmx_headers)

    html = editor_client.get(f"/decisions/{contract.pk}/results/").content.decode()

    assert "Weights: the board's mean of 2 members' weights" in html
    # The board's mean from the test above: 20, 15, 20, 35, 10 %.
    shown = dict(re.findall(r'<td>([A-Z][^<]*)</td>\s*<td class="num">(\d+\.\d %)</td>', html))
    assert shown == {
        "Data sensitivity": "20.0 %",
        "Latency and availability": "15.0 %",
        "Customization depth": "20.0 %",
        "Total cost of ownership": "35.0 %",
        "Risk tolerance": "10.0 %",
    }
