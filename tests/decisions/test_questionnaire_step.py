import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from decisions.models import Decision
from scoring.questions import QUESTIONS_BY_ID, Question, limit_text

SENSITIVITY = {
    "data_classes": ["health", "internal"],
    "residency": "own_infrastructure",
    "regulations": ["hipaa"],
    "vendor_terms_ok": "no",
}


def is_checked(html: str, name: str, value: str) -> bool:
    """Whether the page shows the choice ``value`` of question ``name`` ticked."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return re.search(r"\schecked\b", tag) is not None
    raise AssertionError(f"no input {name}={value} on the page")


def step_url(decision: Decision, criterion: str = "sensitivity") -> str:
    return f"/decisions/{decision.pk}/questions/{criterion}/"


def autosave_url(decision: Decision, criterion: str = "sensitivity") -> str:
    return f"/decisions/{decision.pk}/questions/{criterion}/autosave/"


def move_url(decision: Decision, criterion: str = "sensitivity") -> str:
    return f"/decisions/{decision.pk}/questions/{criterion}/move/"


def input_value(html: str, name: str) -> str:
    """The value of the text box ``name`` on the page."""
    tag = re.search(rf'<input type="text" name="{name}"[^>]*>', html)
    assert tag is not None, f"no text box {name}"
    value = re.search(r'value="([^"]*)"', tag[0])
    return "" if value is None else value[1]


def test_it_shows_the_step_with_its_help_and_progress(
    editor_client: Client, draft: Decision
) -> None:
    html = editor_client.get(step_url(draft)).content.decode()
    assert "Step 1 of 5" in html
    assert "Data sensitivity" in html
    assert "Where may this data be processed?" in html
    assert "0 of 5" in html


def test_it_saves_a_step_and_redirects_to_the_next_without_javascript(
    editor_client: Client, draft: Decision
) -> None:
    response = editor_client.post(step_url(draft), SENSITIVITY)
    assert response.status_code == 302
    assert response["Location"] == step_url(draft, "latency")
    draft.refresh_from_db()
    # Stored in the bank's canonical order, whatever order the boxes were ticked in.
    assert draft.answers == {**SENSITIVITY, "data_classes": ["internal", "health"]}


def test_it_answers_htmx_with_the_next_step_partial(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    response = editor_client.post(step_url(draft), SENSITIVITY, headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(draft, "latency")
    assert html.lstrip().startswith('<div id="step">')
    assert "<html" not in html
    assert "Latency and availability" in html
    assert "1 of 5" in html


def test_it_renders_a_partial_for_htmx_navigation_but_a_page_on_history_restore(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    partial = editor_client.get(step_url(draft, "risk"), headers=htmx_headers)
    restore = editor_client.get(
        step_url(draft, "risk"), headers={**htmx_headers, "HX-History-Restore-Request": "true"}
    )
    assert "<html" not in partial.content.decode()
    assert "<html" in restore.content.decode()


def test_csrf_comes_in_a_header_for_htmx_and_in_the_form_for_plain_posts(
    editor: User, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(step_url(draft)).content.decode()
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    header_token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page)
    assert form_token is not None
    assert header_token is not None
    htmx = {**htmx_headers, "X-CSRFToken": header_token[1]}

    # htmx always sends the header, so the steps it swaps in carry no hidden token...
    next_step = client.post(step_url(draft), SENSITIVITY, headers=htmx)
    assert next_step.status_code == 200
    assert "Latency and availability" in next_step.content.decode()
    assert "csrfmiddlewaretoken" not in next_step.content.decode()
    autosave = {"offline": "never"}
    assert client.post(autosave_url(draft, "latency"), autosave, headers=htmx).status_code == 200
    # ...a plain post needs the form's, which every full page has...
    assert client.post(step_url(draft, "latency"), {"offline": "sometimes"}).status_code == 403
    assert (
        client.post(
            step_url(draft, "latency"),
            {"offline": "sometimes", "csrfmiddlewaretoken": form_token[1]},
        ).status_code
        == 200
    )  # saved; the other questions of the step are still open
    # ...including one htmx asks for to restore its history.
    restore = {**htmx_headers, "HX-History-Restore-Request": "true"}
    assert "csrfmiddlewaretoken" in client.get(step_url(draft), headers=restore).content.decode()
    draft.refresh_from_db()
    assert draft.answers["offline"] == "sometimes"


def test_it_shows_field_errors_and_keeps_what_was_typed(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    response = editor_client.post(
        step_url(draft, "latency"),
        {
            "p95_latency_ms": "fast please",
            "offline": "never",
            "availability": "99.9",
            "deployment": "mars",
        },
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number." in html
    assert 'value="fast please"' in html
    assert "Select a valid choice. mars is not one of the available choices." in html
    # The valid answers of the step are kept, the invalid ones are not stored.
    draft.refresh_from_db()
    assert draft.answers == {"offline": "never", "availability": "99.9"}


def test_it_rejects_numbers_out_of_range_with_the_limits(
    editor_client: Client, draft: Decision
) -> None:
    response = editor_client.post(
        step_url(draft, "latency"),
        {"p95_latency_ms": "10", "offline": "never", "availability": "99.9", "deployment": "cloud"},
    )
    assert "At least 50 ms." in response.content.decode()
    draft.refresh_from_db()
    assert "p95_latency_ms" not in draft.answers


def test_it_accepts_thousands_separators(editor_client: Client, draft: Decision) -> None:
    editor_client.post(
        step_url(draft, "tco"),
        {
            "requests_per_month": "1,200,000",
            "input_tokens": "1 000",
            "output_tokens": "300",
            "monthly_growth_pct": "2.5",
            "horizon_months": "36",
            "gpu_infrastructure": "none",
        },
    )
    draft.refresh_from_db()
    assert draft.answers["requests_per_month"] == 1_200_000
    assert draft.answers["input_tokens"] == 1000
    assert draft.answers["monthly_growth_pct"] == 2.5


def test_it_refuses_a_decimal_comma_instead_of_reading_it_as_thousands(
    editor_client: Client, draft: Decision
) -> None:
    response = editor_client.post(
        autosave_url(draft, "tco"),
        {"monthly_growth_pct": "5,5", "requests_per_month": "1,20,000"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.count("Write decimals with a point (5.5), not a comma.") == 2
    draft.refresh_from_db()
    assert "monthly_growth_pct" not in draft.answers
    assert "requests_per_month" not in draft.answers


def test_it_rejects_infinity_and_nan(editor_client: Client, draft: Decision) -> None:
    response = editor_client.post(
        step_url(draft, "tco"),
        {
            "requests_per_month": "1000",
            "input_tokens": "100",
            "output_tokens": "100",
            "monthly_growth_pct": "inf",
            "horizon_months": "NaN",
            "gpu_infrastructure": "none",
        },
    )
    html = response.content.decode()
    assert "Enter a number." in html
    assert "Enter a whole number." in html


def test_it_autosaves_valid_answers_and_only_returns_messages(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    response = editor_client.post(
        autosave_url(draft), {"residency": "own_region"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="save-status" hx-swap-oob="true"' in html
    assert "Saved." in html
    # Questions not answered yet are not flagged while the user is still filling in.
    assert "Choose" not in html
    assert "<input" not in html
    draft.refresh_from_db()
    assert draft.answers == {"residency": "own_region"}


def test_autosave_leaves_the_messages_of_questions_still_open_as_they_are(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    # After a submit the page shows "Choose one." beside every open question; answering one
    # of them must clear its own message and leave the others standing.
    response = editor_client.post(
        autosave_url(draft), {"residency": "own_region"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert 'id="id_residency_error" hx-swap-oob="true"' in html
    for still_open in ("data_classes", "regulations", "vendor_terms_ok"):
        assert f'id="id_{still_open}_error"' not in html


def test_it_autosave_reports_an_invalid_answer_beside_its_field(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    response = editor_client.post(
        autosave_url(draft, "latency"), {"p95_latency_ms": "-5"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert 'id="id_p95_latency_ms_error" hx-swap-oob="true"' in html
    assert "At least 50 ms." in html


def test_a_box_holding_only_spaces_is_an_open_question_not_a_mistake(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    response = editor_client.post(
        autosave_url(draft, "latency"),
        {"p95_latency_ms": "   ", "offline": "never"},
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert "Enter a number." not in html
    assert 'id="id_p95_latency_ms_error"' not in html
    draft.refresh_from_db()
    assert draft.answers == {"offline": "never"}


def test_it_goes_to_the_results_after_the_last_open_step(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    risk = {
        k: complete.answers[k]
        for k in (
            "lock_in_tolerance",
            "frontier_capability",
            "license_risk_tolerance",
            "safety_operations",
            "regulatory_exposure",
        )
    }
    response = editor_client.post(step_url(complete, "risk"), risk, headers=htmx_headers)
    assert response["HX-Redirect"] == f"/decisions/{complete.pk}/results/"


def test_it_resumes_with_the_saved_answers(editor_client: Client, complete: Decision) -> None:
    html = editor_client.get(step_url(complete)).content.decode()
    assert is_checked(html, "residency", "own_infrastructure")
    assert not is_checked(html, "residency", "none")
    assert is_checked(html, "data_classes", "health")
    assert "5 of 5" in html


def test_it_is_a_404_for_an_unknown_step(editor_client: Client, draft: Decision) -> None:
    assert editor_client.get(step_url(draft, "vibes")).status_code == 404


def test_it_is_a_404_for_another_organisations_decision(
    client: Client, outsider: User, draft: Decision
) -> None:
    client.force_login(outsider)
    assert client.get(step_url(draft)).status_code == 404
    assert client.post(step_url(draft), SENSITIVITY).status_code == 404
    draft.refresh_from_db()
    assert draft.answers == {}


def test_it_shows_viewers_a_read_only_step_and_refuses_their_posts(
    client: Client, viewer: User, complete: Decision
) -> None:
    client.force_login(viewer)
    html = client.get(step_url(complete)).content.decode()
    assert "disabled" in html
    assert "Save and continue" not in html
    response = client.post(step_url(complete), {**SENSITIVITY, "residency": "none"})
    assert response.status_code == 403
    complete.refresh_from_db()
    assert complete.answers["residency"] == "own_infrastructure"


def test_a_viewers_read_only_step_leaves_the_next_editors_inputs_enabled(
    client: Client, viewer: User, editor_client: Client, complete: Decision
) -> None:
    # The form fields are copies of fields built once; disabling them for a viewer must not
    # reach anyone else's form.
    client.force_login(viewer)
    assert " disabled" in client.get(step_url(complete)).content.decode()
    html = editor_client.get(step_url(complete)).content.decode()
    assert " disabled" not in html
    assert is_checked(html, "residency", "own_infrastructure")


def test_it_names_an_unknown_question_and_saves_the_known_ones(
    editor_client: Client, draft: Decision
) -> None:
    response = editor_client.post(
        step_url(draft), {**SENSITIVITY, "favourite_colour": "blue", "offline": "always"}
    )
    assert response.status_code == 200  # the step again, not the next one
    assert "Not a question of this step: favourite_colour, offline." in response.content.decode()
    draft.refresh_from_db()
    # Stored in the bank's canonical order.
    assert draft.answers == {**SENSITIVITY, "data_classes": ["internal", "health"]}


def test_it_requires_sign_in(client: Client, draft: Decision) -> None:
    response = client.get(step_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_needs_an_explicit_none_of_these_for_regulations(
    editor_client: Client, draft: Decision
) -> None:
    unanswered = {k: v for k, v in SENSITIVITY.items() if k != "regulations"}
    html = editor_client.post(step_url(draft), unanswered).content.decode()
    assert "Tick the ones that apply, or &#x27;None of these&#x27;." in html
    draft.refresh_from_db()
    assert "regulations" not in draft.answers

    editor_client.post(step_url(draft), {**unanswered, "regulations": ["none_of_these"]})
    draft.refresh_from_db()
    assert draft.answers["regulations"] == []
    # …and it is shown ticked when the user comes back.
    html = editor_client.get(step_url(draft)).content.decode()
    assert is_checked(html, "regulations", "none_of_these")
    assert not is_checked(html, "regulations", "gdpr")


def test_it_refuses_none_of_these_together_with_a_regulation(
    editor_client: Client, draft: Decision
) -> None:
    html = editor_client.post(
        step_url(draft), {**SENSITIVITY, "regulations": ["gdpr", "none_of_these"]}
    ).content.decode()
    assert "cannot be ticked with others" in html


def test_a_step_with_errors_says_that_its_valid_answers_were_saved(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    for headers in ({}, htmx_headers):
        html = editor_client.post(
            step_url(draft), {"residency": "none"}, headers=headers
        ).content.decode()
        assert "Some answers are saved; the marked ones are not: fix or clear them." in html
        # A warning, not the green of a success, and the step is not ticked as done.
        assert 'class="save-status warning"' in html
    html = editor_client.post(step_url(draft), {"residency": "mars"}).content.decode()
    assert "Not saved: see the marked answers." in html
    draft.refresh_from_db()
    assert draft.answers == {"residency": "none"}


def test_it_merges_answers_saved_concurrently_from_a_stale_copy(draft: Decision) -> None:
    from decisions.services.answers import decision_save_answers

    stale = Decision.objects.get(pk=draft.pk)  # read before the other save
    decision_save_answers(decision=draft, answers={"residency": "none"})
    decision_save_answers(decision=stale, answers={"offline": "never"})
    draft.refresh_from_db()
    assert draft.answers == {"residency": "none", "offline": "never"}


def test_an_up_to_date_copy_is_saved_with_a_single_write(draft: Decision) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.services.answers import decision_save_answers

    fresh = Decision.objects.get(pk=draft.pk)
    for answers in ({"residency": "none"}, {"offline": "never"}):  # read, then just written
        with CaptureQueriesContext(connection) as queries:
            decision_save_answers(decision=fresh, answers=answers)
        statements = [q["sql"] for q in queries.captured_queries]
        # One write, and the answers are not read back (the frozen-record guard only asks
        # whether the row is accepted).
        assert [sql.split()[0] for sql in statements].count("UPDATE") == 1
        assert not any(sql.startswith("SELECT") and '"answers"' in sql for sql in statements)
    fresh.refresh_from_db()
    assert fresh.answers == {"residency": "none", "offline": "never"}


def test_it_goes_back_keeping_what_was_typed_without_javascript(
    editor_client: Client, draft: Decision
) -> None:
    response = editor_client.post(
        move_url(draft, "latency"),
        {"p95_latency_ms": "800", "offline": "never", "to": "sensitivity"},
    )
    # The step was incomplete, but going back neither refuses nor loses the answers.
    assert response.status_code == 302
    assert response["Location"] == step_url(draft, "sensitivity")
    draft.refresh_from_db()
    assert draft.answers == {"p95_latency_ms": 800, "offline": "never"}


def test_going_back_stays_on_the_step_while_something_typed_cannot_be_saved(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    typed = {"p95_latency_ms": "2 seconds", "offline": "never", "to": "sensitivity"}
    for headers in ({}, htmx_headers):
        response = editor_client.post(move_url(draft, "latency"), typed, headers=headers)
        assert response.status_code == 200  # not a redirect or a swap to the previous step
        assert "HX-Push-Url" not in response
        html = response.content.decode()
        assert input_value(html, "p95_latency_ms") == "2 seconds"
        assert "“seconds” is not this box&#x27;s unit: enter the number in ms." in html
        assert "Not gone back: fix or clear the marked answers first (the others are saved)." in (
            html
        )
    draft.refresh_from_db()
    assert draft.answers == {"offline": "never"}


def test_it_goes_back_with_htmx_to_the_previous_step(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    response = editor_client.post(
        move_url(draft, "latency"), {"offline": "always", "to": "sensitivity"}, headers=htmx_headers
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(draft, "sensitivity")
    assert "Step 1 of 5" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {"offline": "always"}


def test_a_step_link_saves_what_is_valid_and_goes_to_that_step(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    response = editor_client.post(
        move_url(draft, "latency"), {"offline": "always", "to": "risk"}, headers=htmx_headers
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(draft, "risk")
    assert "Step 5 of 5" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {"offline": "always"}


def test_a_step_link_stays_on_the_step_while_something_typed_cannot_be_saved(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    typed = {"p95_latency_ms": "abc", "offline": "never", "to": "customization"}
    response = editor_client.post(move_url(draft, "latency"), typed, headers=htmx_headers)
    assert response.status_code == 200
    assert "HX-Push-Url" not in response
    html = response.content.decode()
    assert input_value(html, "p95_latency_ms") == "abc"
    assert "Not gone to that step: fix or clear the marked answers first (the others are " in html
    draft.refresh_from_db()
    assert draft.answers == {"offline": "never"}


def test_step_links_post_the_step_for_an_editor_and_only_move_a_viewer(
    editor_client: Client, viewer_client: Client, draft: Decision
) -> None:
    editor = editor_client.get(step_url(draft, "latency")).content.decode()
    posts_the_step = f'hx-post="{move_url(draft, "latency")}" hx-include="next form"'
    assert f"""{posts_the_step} hx-vals='{{"to": "tco"}}'""" in editor
    viewer = viewer_client.get(step_url(draft, "latency")).content.decode()
    assert f'hx-get="{step_url(draft, "tco")}" hx-push-url="true"' in viewer
    assert 'hx-vals=\'{"to"' not in viewer


NUMBER_QUESTIONS = [q for q in QUESTIONS_BY_ID.values() if q.kind in ("int", "number")]


@pytest.mark.parametrize("question", NUMBER_QUESTIONS, ids=lambda q: q.id)
def test_every_number_question_names_its_limits_with_its_unit(
    editor_client: Client, draft: Decision, question: Question
) -> None:
    # "% per month" once reached Django's message formatting as "% p" and gave a 500.
    assert question.minimum is not None
    assert question.maximum is not None
    url = step_url(draft, question.criterion)
    for value, expected in (
        (question.minimum - 1, f"At least {limit_text(question.minimum, question.unit)}."),
        (question.maximum + 1, f"At most {limit_text(question.maximum, question.unit)}."),
    ):
        typed = str(int(value)) if question.kind == "int" else str(value)
        for posted_to in (url, autosave_url(draft, question.criterion)):
            response = editor_client.post(
                posted_to, {question.id: typed}, headers={"HX-Request": "true"}
            )
            assert response.status_code == 200
            assert expected in response.content.decode()
    draft.refresh_from_db()
    assert question.id not in draft.answers


def test_a_stored_whole_growth_comes_back_without_a_decimal_point(
    editor_client: Client, draft: Decision
) -> None:
    editor_client.post(autosave_url(draft, "tco"), {"monthly_growth_pct": "3"})
    draft.refresh_from_db()
    assert draft.answers["monthly_growth_pct"] == 3.0
    html = editor_client.get(step_url(draft, "tco")).content.decode()
    assert input_value(html, "monthly_growth_pct") == "3"
    editor_client.post(autosave_url(draft, "tco"), {"monthly_growth_pct": "2.5"})
    html = editor_client.get(step_url(draft, "tco")).content.decode()
    assert input_value(html, "monthly_growth_pct") == "2.5"


def test_a_step_varies_on_htmx_so_no_cache_serves_a_fragment_as_the_page(
    editor_client: Client, draft: Decision, htmx_headers: dict[str, str]
) -> None:
    for headers in ({}, htmx_headers):
        response = editor_client.get(step_url(draft, "latency"), headers=headers)
        assert "HX-Request" in response["Vary"]
    response = editor_client.post(step_url(draft), SENSITIVITY, headers=htmx_headers)
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("criterion", ["sensitivity", "latency", "customization", "tco", "risk"])
def test_the_banks_texts_are_escaped_once(
    editor_client: Client, draft: Decision, criterion: str, htmx_headers: dict[str, str]
) -> None:
    # Labels, help texts, units and step names reach the page escaped, and never twice.
    from html import escape

    from scoring.questions import AREAS, AREAS_BY_CRITERION

    for headers in ({}, htmx_headers):
        html = editor_client.get(step_url(draft, criterion), headers=headers).content.decode()
        for qid in AREAS_BY_CRITERION[criterion].question_ids:
            question = QUESTIONS_BY_ID[qid]
            for text in (question.label, question.help, question.unit):
                assert escape(text) in html
        for number, area in enumerate(AREAS, start=1):
            assert f">{escape(f'{number}. {area.title}')}</a>" in html
        assert "&amp;#x27;" not in html
        assert "&amp;amp;" not in html


def test_save_and_continue_while_reviewing_a_finished_decision_goes_to_the_next_step(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    latency = {k: complete.answers[k] for k in ("p95_latency_ms", "offline", "availability")}
    response = editor_client.post(
        step_url(complete, "latency"), {**latency, "deployment": "cloud"}, headers=htmx_headers
    )
    assert response["HX-Push-Url"] == step_url(complete, "customization")
    assert "Step 3 of 5" in response.content.decode()


def test_a_step_with_a_refused_answer_needs_attention_and_is_not_ticked(
    editor_client: Client, complete: Decision, htmx_headers: dict[str, str]
) -> None:
    # The stored answers are complete, but what was just typed is refused: not a ✓.
    response = editor_client.post(
        step_url(complete, "latency"), {"p95_latency_ms": "soon"}, headers=htmx_headers
    )
    html = response.content.decode()
    link = re.search(r'<a href="[^"]*/questions/latency/"[^>]*class="([^"]*)"', html, re.S)
    assert link is not None
    assert link[1].split() == ["attention", "current"]
    assert "(needs attention)" in html


@pytest.mark.parametrize(
    ("criterion", "name", "typed", "stored"),
    [
        ("latency", "p95_latency_ms", "800 ms", 800),
        ("latency", "p95_latency_ms", "800ms", 800),
        ("latency", "p95_latency_ms", "1,500 MS", 1500),
        ("tco", "monthly_growth_pct", "5 %", 5.0),
        ("tco", "monthly_growth_pct", "5%", 5.0),
        ("tco", "monthly_growth_pct", "2.5 % per month", 2.5),
        ("tco", "requests_per_month", "20,000 requests", 20_000),
        ("tco", "horizon_months", "36 months", 36),
        ("tco", "output_tokens", "1 token", 1),
    ],
)
def test_a_number_box_takes_its_own_unit_after_the_number(
    editor_client: Client, draft: Decision, criterion: str, name: str, typed: str, stored: float
) -> None:
    response = editor_client.post(
        autosave_url(draft, criterion), {name: typed}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.answers[name] == stored


@pytest.mark.parametrize(
    ("criterion", "name", "typed", "expected"),
    [
        (
            "latency",
            "p95_latency_ms",
            "800 s",
            "“s” is not this box&#x27;s unit: enter the number in ms.",
        ),
        ("tco", "monthly_growth_pct", "5 per cent", "enter the number in % per month."),
        (
            "tco",
            "input_tokens",
            "2 kB",
            "“kB” is not this box&#x27;s unit: enter the number in tokens.",
        ),
    ],
)
def test_a_number_box_refuses_another_unit_and_names_its_own(
    editor_client: Client, draft: Decision, criterion: str, name: str, typed: str, expected: str
) -> None:
    response = editor_client.post(
        autosave_url(draft, criterion), {name: typed}, headers={"HX-Request": "true"}
    )
    assert expected in response.content.decode()
    draft.refresh_from_db()
    assert name not in draft.answers


def test_moving_to_a_step_that_does_not_exist_is_a_404_and_saves_nothing(
    editor_client: Client, draft: Decision
) -> None:
    response = editor_client.post(move_url(draft), {"residency": "none", "to": "vibes"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.answers == {}


def test_opening_a_post_only_step_address_goes_to_the_step(
    editor_client: Client, draft: Decision
) -> None:
    for url in (autosave_url(draft, "risk"), move_url(draft, "risk")):
        response = editor_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == step_url(draft, "risk")
