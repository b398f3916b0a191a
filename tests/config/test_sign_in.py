"""Signing in and out, and sessions that end when they should (Django's own session store
and user backend)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from decisions.models import Decision

SIGN_IN = "/accounts/login/"


def signed_in_as(client: Client) -> str | None:
    """Who the dashboard is shown to, or None when it sends the client to sign in."""
    response = client.get("/")
    if response.status_code == 302:
        assert response["Location"].startswith(SIGN_IN)
        return None
    assert response.status_code == 200
    return response.context["user"].username


def test_signing_in_on_the_page_keeps_the_user_signed_in(editor: User) -> None:
    client = Client()
    response = client.post(SIGN_IN, {"username": "erin", "password": "pw-for-tests-only"})
    assert response.status_code == 302
    assert signed_in_as(client) == "erin"
    assert signed_in_as(client) == "erin"


def test_a_wrong_password_signs_nobody_in(editor: User) -> None:
    client = Client()
    response = client.post(SIGN_IN, {"username": "erin", "password": "wrong"})
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_signing_out_ends_the_session_in_the_database(editor_client: Client) -> None:
    key = editor_client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    editor_client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert signed_in_as(editor_client) is None


def test_an_expired_session_signs_the_user_out(editor_client: Client) -> None:
    key = editor_client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert signed_in_as(editor_client) is None


def test_a_session_that_expires_later_is_kept(editor_client: Client) -> None:
    key = editor_client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert signed_in_as(editor_client) == "erin"


def test_an_unknown_session_key_signs_nobody_in(editor: User) -> None:
    client = Client()
    client.cookies["sessionid"] = "x" * 32
    assert signed_in_as(client) is None


def test_a_deactivated_user_is_signed_out(editor: User, editor_client: Client) -> None:
    User.objects.filter(pk=editor.pk).update(is_active=False)
    assert signed_in_as(editor_client) is None


def test_a_deleted_user_is_signed_out(editor: User, editor_client: Client) -> None:
    Decision.objects.filter(owner=editor).delete()
    editor.delete()
    assert signed_in_as(editor_client) is None


def test_changing_the_password_elsewhere_signs_the_user_out(
    editor: User, editor_client: Client
) -> None:
    editor.set_password("a-new-password-for-tests")
    editor.save()
    assert signed_in_as(editor_client) is None
