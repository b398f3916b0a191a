"""The results page on scoring model v2: must-haves, ranked explanations, answer flips, close
calls, and a result with no feasible option.

Most numbers come from the worked example of docs/scoring-model.md (an insurer's claims
assistant, costs quoted by the board's own simulation), where they are worked out by hand.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from decisions import demo
from decisions.models import Decision, Organization, TcoSimulation
from decisions.services.evaluations import tco_fingerprint
from decisions.services.weights import weight_set_save_direct
from scoring.tco import default_inputs, simulate
from tests.scoring.examples import CLAIMS, CLAIMS_COSTS, CLAIMS_WEIGHTS

# One more point of risk: hybrid's lead over closed is then exactly 0.02 (see below).
AT_THE_BOUND = {**CLAIMS_WEIGHTS, "risk": 16}


def quoted_simulation(decision: Decision) -> TcoSimulation:
    """A finished simulation whose medians at the horizon are the board's quotes."""
    inputs, _ = default_inputs(decision.answers)
    summary = simulate(inputs, trials=100, seed=1).to_json()
    for option, cost in CLAIMS_COSTS.items():
        summary["options"][option]["cumulative"]["p50"][-1] = cost  # type: ignore[index]
    return TcoSimulation.objects.create(
        decision=decision,
        number=1,
        status=TcoSimulation.Status.SUCCEEDED,
        progress=1.0,
        trials=100,
        seed=1,
        inputs=inputs.to_json(),
        answers_fingerprint=tco_fingerprint(decision),
        summary=summary,
        started_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        finished_at=datetime(2026, 3, 2, 9, 1, tzinfo=UTC),
    )


@pytest.fixture
def claims(org: Organization, editor: User) -> Decision:
    decision = Decision.objects.create(
        organization=org,
        owner=editor,
        title="Claims replies",
        use_case="Draft replies to insurance claims.",
        answers=dict(CLAIMS),
    )
    quoted_simulation(decision)
    return decision


@pytest.fixture
def conflicting(org: Organization, editor: User) -> Decision:
    """Health data only, which may not leave the building, and frontier quality essential:
    closed cannot keep the data in, hybrid has nothing its vendor half may take, and open
    cannot offer frontier quality."""
    return Decision.objects.create(
        organization=org,
        owner=editor,
        title="Clinical questions",
        use_case="Answer clinicians' questions from the notes.",
        answers={**demo.HOSPITAL_NOTES, "frontier_capability": "essential"},
    )


def page(client: Client, decision: Decision, name: str = "results") -> str:
    response = client.get(f"/decisions/{decision.pk}/{name}/")
    assert response.status_code == 200
    return response.content.decode()


def why_card(html: str, option: str) -> str:
    match = re.search(rf'<div class="card why" id="why-{option}">(.*?)</div>', html, re.S)
    assert match is not None, f"no card for {option}"
    return match.group(1)


def impacts(html: str) -> list[str]:
    return re.findall(r'<span class="impact (?:up|down)"[^>]*>([^<]+)</span>', html)


# --- the version, the must-haves ------------------------------------------------------------
def test_it_names_the_scoring_model_and_the_must_haves(
    editor_client: Client, contract: Decision
) -> None:
    html = page(editor_client, contract)

    assert "Scored with <strong>scoring model v2</strong>." in html
    rows = re.findall(r"<tr>\s*<td><strong>(.*?)</strong>(.*?)</tr>", html, re.S)
    assert [must for must, _ in rows] == [
        "The data may not leave our own infrastructure.",
        "No vendor may process this data, even under a DPA/BAA with zero retention.",
        "Frontier-level model quality is essential.",
    ]
    residency = rows[0][1]
    assert "“Where may this data be processed?” Only on our infrastructure" in residency
    standings = re.findall(
        r'<td class="standing ([\w-]+)" data-label="(\w+)"><strong>([^<]+)</strong>'
        r"<div>([^<]+)</div></td>",
        residency,
    )
    open_, closed, hybrid = (
        "Self-hosting processes all of the data on our own infrastructure.",
        "A vendor API processes the data on the vendor&#x27;s servers.",
        "A hybrid keeps the data that may not leave on its self-hosted half and sends only "
        "public or internal data to its vendor half.",
    )
    assert standings == [
        ("meets", "open", "Meets", open_),
        ("cannot", "closed", "Cannot meet", closed),
        ("in-part", "hybrid", "Meets in part", hybrid),
    ]
    # Rule ids stay off the page.
    assert "residency-own-infrastructure" not in html
    assert "frontier-essential" not in html


# --- ranked explanations and answer flips --------------------------------------------------
def test_it_ranks_each_options_explanations_by_impact_and_folds_all_but_three(
    editor_client: Client, editor: User, claims: Decision
) -> None:
    weight_set_save_direct(decision=claims, member=editor, weights=CLAIMS_WEIGHTS)

    html = page(editor_client, claims)

    # Hybrid 0.8655 is first, closed 0.845 second (docs/scoring-model.md, "Totals"). Hybrid
    # is explained against closed: a question's share of its weight is 0.3 / 4 = 0.075
    # (sensitivity), 0.1 / 4 = 0.025, 0.2 / 4 = 0.05 and 0.15 / 5 = 0.03 (risk); TCO counts
    # 0.25 whole. TCO 0.25 × (0.8 − 1.0) = −0.05, personal data and residency
    # 0.075 × (0.9 − 0.6) = +0.0225 each, domain 0.05 × (0.9 − 0.5) = +0.02, and so on.
    hybrid = why_card(html, "hybrid")
    top, _, more = hybrid.partition("<details")
    assert impacts(top) == ["−0.050", "+0.0225", "+0.0225"]
    assert impacts(more) == [
        "+0.020",  # domain
        "−0.020",  # ml_team: 0.05 × (0.6 − 1.0)
        "+0.015",  # regulations: 0.075 × (0.9 − 0.7)
        "+0.010",  # inspectability: 0.05 × (0.8 − 0.6)
        "−0.009",  # safety_operations: 0.03 × (0.7 − 1.0)
        "+0.006",  # lock_in_tolerance: 0.03 × (0.9 − 0.7)
        "+0.006",  # regulatory_exposure: 0.03 × (1.0 − 0.8)
        "+0.005",  # p95_latency_ms: 0.025 × (0.8 − 0.6)
        "−0.0045",  # license_risk_tolerance: 0.03 × (0.85 − 1.0)
        "−0.003",  # frontier_capability: 0.03 × (0.9 − 1.0)
        "+0.0025",  # availability: 0.025 × (1.0 − 0.9)
        "−0.0025",  # deployment: 0.025 × (0.9 − 1.0)
    ]
    assert "<summary>12 more answers that move it less</summary>" in more
    assert "Against closed, the runner-up." in top
    # The cost, then the multi-choice answer by the value that decided it: personal data
    # (closed 0.6), not internal data (0.9).
    assert "cost over the horizon <strong>$750,000</strong>" in top
    assert "Which kinds of data will the model see? <strong>Personal data</strong>" in top
    assert "Fit 0.90, against 0.60 for closed." in top
    # The winner has no answer flip; each other option says what would put it first.
    assert "What would put it first" not in hybrid
    # Closed: residency 'none' lifts closed 0.075 × 0.4 = +0.03 to 0.875 and hybrid
    # 0.075 × 0.1 = +0.0075 to 0.873.
    assert (
        "<strong>What would put it first:</strong> Closed would come first if the answer to "
        "“Where may this data be processed?” is &#x27;Anywhere&#x27; (now &#x27;In our "
        "region&#x27;). It would then score 0.875, against 0.873 for hybrid."
    ) in why_card(html, "closed")
    # Open: always offline excludes both rivals; open's offline fit stays 1.0 and its TCO fit
    # becomes 1.0 (it is now the cheapest feasible option): 0.803 + 0.25 × 0.5 = 0.928.
    assert (
        "<strong>What would put it first:</strong> Open would come first if the answer to "
        "“Must it work without an internet connection?” is &#x27;Always&#x27; (now &#x27;No, "
        "it is always online&#x27;). It would then score 0.928."
    ) in why_card(html, "open")


# --- close calls -----------------------------------------------------------------------------
def test_a_lead_of_exactly_0_02_is_too_close_to_call(
    editor_client: Client, editor: User, claims: Decision
) -> None:
    weight_set_save_direct(decision=claims, member=editor, weights=AT_THE_BOUND)

    html = page(editor_client, claims)

    # Weights 30, 10, 20, 25, 16 of 101. Hybrid's fits minus closed's per criterion:
    # 0.925 − 0.725 = 0.2, 0.925 − 0.875 = 0.05, 0.825 − 0.775 = 0.05, 0.8 − 1.0 = −0.2,
    # 0.87 − 0.9 = −0.03, so the lead is (6 + 0.5 + 1 − 5 − 0.48) / 101 = 2.02 / 101 = 0.02:
    # on the bound, which counts as close. Totals: hybrid 87.42 / 101 = 0.866, closed
    # 85.40 / 101 = 0.846. (The 76 % is the share of the seeded robustness draws.)
    assert (
        "<p><strong>Too close to call.</strong> A close call between hybrid "
        "and closed: hybrid leads closed by 0.020 (0.866 against 0.846) and comes first in "
        "76 % of plausible weightings. Treat the two as equals unless the board can say which "
        "facts or weights separate them.</p>"
    ) in html
    assert "Recommended" not in html
    assert 'class="option-card winner"' not in html
    assert re.findall(r'<div class="rank">([^<]+)</div>', html)[:3] == [
        "Too close to call · rank 1",
        "Too close to call · rank 2",
        "rank 3",
    ]
    # What separates them: the weights at which closed takes over, and closed's answer flip.
    separating = re.search(
        r"What separates them:</strong></p>\s*<ul class=\"small\">(.*?)</ul>", html, re.S
    )
    assert separating is not None
    assert re.findall(r"<li>(.*?)</li>", separating.group(1)) == [
        "Hybrid stays first as long as sensitivity weighs between 22 % and 62 % (now 30 %). "
        "Below 22 %, closed comes first; above 62 %, open does.",
        "Hybrid stays first as long as TCO weighs between 5 % and 32 % (now 25 %). "
        "Below 5 %, open comes first; above 32 %, closed does.",
        "Hybrid stays first unless risk weighs more than 50 % (now 16 %); above that, closed "
        "comes first.",
        "Closed would come first if the answer to “Where may this data be processed?” is "
        "&#x27;Anywhere&#x27; (now &#x27;In our region&#x27;). It would then score 0.875, "
        "against 0.873 for hybrid.",
    ]
    # The weights page's ranking (the same partial, compact) recommends neither either.
    weights = page(editor_client, claims, "weights")
    assert "<strong>Too close to call.</strong> A close call between hybrid and closed" in weights
    assert "Recommended" not in weights


def test_a_lead_just_over_0_02_is_a_recommendation(
    editor_client: Client, editor: User, claims: Decision
) -> None:
    weight_set_save_direct(decision=claims, member=editor, weights=CLAIMS_WEIGHTS)

    html = page(editor_client, claims)

    # Weights 30, 10, 20, 25, 15 of 100: the lead is 6 + 0.5 + 1 − 5 − 0.45 = 2.05 / 100.
    assert "Too close to call" not in html
    assert '<div class="rank">Recommended · rank 1</div>' in html
    assert re.search(r'class="option-card winner" id="option-hybrid"', html)
    assert (
        "Hybrid leads closed by 0.0205 (0.8655 against 0.8450) and comes first in 77 % of "
        "plausible weightings: not a close call."
    ) in html


# --- no feasible option, one feasible option -----------------------------------------------
def test_conflicting_requirements_give_a_notice_and_no_ranking(
    editor_client: Client, conflicting: Decision
) -> None:
    html = page(editor_client, conflicting)

    assert "<strong>No option meets every requirement.</strong>" in html
    assert "Recommended" not in html
    assert html.count('<div class="rank">Excluded</div>') == 3
    # No chart without an option to draw, no flip points, no robustness.
    assert "data-figure" not in html
    assert "How far the weights may move" not in html
    # Each option says what would bring it back and what would put it first.
    assert html.count("<strong>What would bring it back:</strong>") == 3
    assert html.count("<strong>What would put it first:</strong>") == 3
    assert (
        "open becomes feasible if the answer to “Do you need frontier-level model quality?” is "
        "&#x27;Helpful&#x27; or &#x27;Not needed&#x27; (now &#x27;Essential&#x27;)."
    ) in html
    weights = page(editor_client, conflicting, "weights")
    assert "<strong>No option meets every requirement.</strong>" in weights


def test_a_single_feasible_option_gets_its_contributions_but_no_tornado_or_robustness_chart(
    editor_client: Client, complete: Decision
) -> None:
    html = page(editor_client, complete)

    # The hospital: only open is feasible, so no weight changes the winner.
    assert 'data-figure="contributions-figure"' in html
    assert 'data-figure="tornado-figure"' not in html
    assert 'data-figure="robustness-figure"' not in html
    assert "Open is the only feasible option, so no weight of TCO changes the result." in html
    assert "<p><strong>Open is the only feasible option.</strong></p>" in html
    assert "The only feasible option, against a perfect fit of 1 on every answer." in html
