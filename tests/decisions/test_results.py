import json
import re

from django.contrib.auth.models import User
from django.test import Client

from decisions import demo
from decisions.models import Decision


def results_url(decision: Decision) -> str:
    return f"/decisions/{decision.pk}/results/"


def test_it_ranks_the_feasible_options_and_shows_the_excluded_apart(
    editor_client: Client, complete: Decision
) -> None:
    html = editor_client.get(results_url(complete)).content.decode()
    # The hospital's data may not leave its servers and no vendor may process it: the vendor
    # API cannot meet either must-have, and with health data only, a hybrid's vendor half
    # would have nothing to take. Open is the only feasible option.
    assert 'id="option-open"' in html
    assert "Recommended · rank 1" in html
    assert 'id="option-closed"' in html
    assert 'id="option-hybrid"' in html
    assert html.count('<div class="rank">Excluded</div>') == 2
    # In the ranking, the must-haves it cannot meet; below, why, and the answers that state
    # them in the question bank's words, not its ids.
    assert (
        "<strong>Cannot meet:</strong> The data may not leave our own infrastructure. No vendor "
        "may process this data, even under a DPA/BAA with zero retention.</p>"
    ) in html
    assert (
        '<span class="ko">cannot meet</span> The data may not leave our own infrastructure. A '
        "vendor API processes the data on the vendor&#x27;s servers.<br>"
        '<span class="muted small">Because “Where may this data be processed?” is answered '
        "“Only on our infrastructure”.</span>"
    ) in html
    assert "residency-own-infrastructure" not in html
    assert (
        "<strong>What would bring it back:</strong> closed becomes feasible if the answer to "
        "“Where may this data be processed?” is &#x27;In our region&#x27;, &#x27;At an "
        "approved vendor&#x27; or &#x27;Anywhere&#x27; (now &#x27;Only on our "
        "infrastructure&#x27;) and the answer to “Would a vendor with a signed DPA/BAA and "
        "zero data retention be acceptable?” is &#x27;Unsure&#x27; or &#x27;Yes&#x27; (now "
        "&#x27;No&#x27;)."
    ) in html
    assert (
        "<strong>What would bring it back:</strong> hybrid becomes feasible if the answer to "
        "“Which kinds of data will the model see?” also includes &#x27;Public&#x27; or "
        "&#x27;Internal&#x27;."
    ) in html


def test_it_embeds_the_contributions_chart_as_json(
    editor_client: Client, complete: Decision
) -> None:
    html = editor_client.get(results_url(complete)).content.decode()
    match = re.search(
        r'<script id="contributions-figure" type="application/json">(.*?)</script>', html, re.S
    )
    assert match is not None
    figure = json.loads(match.group(1))
    assert [trace["type"] for trace in figure["data"]] == ["bar"] * 5
    assert figure["layout"]["barmode"] == "stack"
    # Feasible options' names on two lines, so that the bars keep the width on a phone.
    assert figure["data"][0]["y"] == ["Open weights,<br>self-hosted"]  # the only feasible one
    assert "vendor/plotly-basic.min.js" in html


def test_it_lists_what_is_missing_before_all_steps_are_answered(
    editor_client: Client, draft: Decision
) -> None:
    html = editor_client.get(results_url(draft)).content.decode()
    assert "Some questions are still open" in html
    assert f"/decisions/{draft.pk}/questions/latency/" in html


def test_it_is_a_404_for_another_organisation(
    client: Client, outsider: User, complete: Decision
) -> None:
    client.force_login(outsider)
    assert client.get(results_url(complete)).status_code == 404


def test_option_names_break_into_two_balanced_lines_on_the_chart_axis() -> None:
    from decisions.charts import contributions_figure
    from scoring.model import score

    result = score(demo.SUPPORT_CHAT)  # all three options feasible
    labels = set(contributions_figure(result)["data"][0]["y"])  # type: ignore[index]

    assert labels == {
        "Open weights,<br>self-hosted",
        "Closed model<br>via vendor API",
        "Hybrid (self-hosted<br>+ vendor API)",
    }
