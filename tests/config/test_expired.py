"""A page that has outlived its sign-in (config/expired.py) loses nothing that was typed."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from config.expired import SIGNED_OUT, STALE_PAGE
from decisions.models import Decision

HTMX = {"HX-Request": "true"}


def step(decision: Decision, criterion: str = "latency") -> str:
    return f"/decisions/{decision.pk}/questions/{criterion}/"


def test_a_signed_out_htmx_save_is_refused_with_a_sentence_not_the_sign_in_page(
    draft: Decision,
) -> None:
    response = Client().post(step(draft), {"offline": "never", "autosave": "1"}, headers=HTMX)
    assert response.status_code == 401
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == SIGNED_OUT
    draft.refresh_from_db()
    assert draft.answers == {}


def test_a_signed_out_htmx_visit_goes_to_sign_in_and_back(draft: Decision) -> None:
    response = Client().get(step(draft), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/accounts/login/?next={step(draft)}"


def test_a_signed_out_page_visit_is_sent_to_sign_in_as_before(draft: Decision) -> None:
    response = Client().get(step(draft))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={step(draft)}"


def test_a_stale_csrf_token_is_refused_with_a_sentence_for_htmx_and_a_page_otherwise(
    editor: User, draft: Decision
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(step(draft))  # sets the CSRF cookie
    stale = {**HTMX, "X-CSRFToken": "x" * 32}

    refused = client.post(step(draft), {"offline": "never"}, headers=stale)
    assert (refused.status_code, refused.content.decode()) == (403, STALE_PAGE)
    page = client.post(step(draft), {"offline": "never", "csrfmiddlewaretoken": "x" * 32})
    assert page.status_code == 403
    assert "This form is out of date" in page.content.decode()
    assert "<html" in page.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {}


def test_the_token_in_the_cookie_is_accepted_as_static_js_sends_it(
    editor: User, draft: Decision
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(step(draft))
    cookie = client.cookies["csrftoken"].value
    headers = {**HTMX, "X-CSRFToken": cookie}
    response = client.post(step(draft), {"offline": "never", "autosave": "1"}, headers=headers)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.answers == {"offline": "never"}
