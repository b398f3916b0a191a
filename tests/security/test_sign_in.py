"""Signing in is throttled: after five wrong passwords for a user name from one address,
that user name is paused from there for fifteen minutes, right password or not; and the
passwords people set must pass Django's validators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from config.signin import client_ip

SIGN_IN = "/accounts/login/"
RIGHT = {"username": "erin", "password": "pw-for-tests-only"}
WRONG = {"username": "erin", "password": "not-the-password"}


def sign_in(client: Client, data: dict[str, str], address: str = "203.0.113.7") -> int:
    return client.post(SIGN_IN, data, REMOTE_ADDR=address).status_code


def test_it_pauses_a_user_name_after_five_wrong_passwords_even_for_the_right_one(
    editor: User,
) -> None:
    client = Client()
    assert [sign_in(client, WRONG) for _ in range(5)] == [200, 200, 200, 200, 429]

    response = client.post(SIGN_IN, RIGHT, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many wrong passwords for “erin” from your address: signing in with it is " in page
    assert "paused for 15 minutes (until " in page
    assert "_auth_user_id" not in client.session


def test_it_lets_the_right_password_in_once_the_pause_is_over(editor: User) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, WRONG)
    # Fifteen minutes and a second later (the attempts are dated back, not waited for).
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert sign_in(client, RIGHT) == 302
    assert "_auth_user_id" in client.session


def test_it_pauses_only_that_user_name_from_that_address(editor: User, viewer: User) -> None:
    for _ in range(5):
        sign_in(Client(), WRONG)

    # The same user from another address, and another user from the same one, sign in.
    assert sign_in(Client(), RIGHT, address="198.51.100.9") == 302
    assert sign_in(Client(), {"username": "victor", "password": "pw-for-tests-only"}) == 302


def test_a_successful_sign_in_clears_the_count(editor: User) -> None:
    for _ in range(4):
        sign_in(Client(), WRONG)
    assert sign_in(Client(), RIGHT) == 302

    assert [sign_in(Client(), WRONG) for _ in range(4)] == [200, 200, 200, 200]
    assert sign_in(Client(), RIGHT) == 302


def test_it_throttles_django_s_admin_sign_in_too(operator: User) -> None:
    client = Client()
    wrong = {"username": "olga", "password": "nope", "next": "/admin/"}
    codes = [
        client.post("/admin/login/", wrong, REMOTE_ADDR="203.0.113.7").status_code for _ in range(6)
    ]

    assert codes == [200, 200, 200, 200, 429, 429]


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-pw", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("123456789012345", "This password is entirely numeric."),
        ("erin1", "The password is too similar to the username."),
    ],
)
def test_it_refuses_weak_passwords_with_django_s_validators(
    editor: User, password: str, problem: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=editor)
    assert problem in refused.value.messages


def test_it_accepts_a_long_uncommon_password(editor: User) -> None:
    validate_password("correct horse battery staple", user=editor)


def test_a_sign_in_lasts_twelve_hours() -> None:
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.5"),
        # Without trusted proxies a forwarded address is the client's word, and ignored.
        (0, "203.0.113.7", "10.0.0.5"),
        (1, "203.0.113.7", "203.0.113.7"),
        # The client put a forged address first; the proxy appended the real one.
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # Fewer entries than proxies: not through the proxies, so the connecting address.
        (2, "203.0.113.7", "10.0.0.5"),
    ],
)
def test_it_counts_failures_against_the_address_the_trusted_proxy_saw(
    rf: RequestFactory,
    settings: SettingsWrapper,
    proxies: int,
    forwarded: str,
    expected: str,
) -> None:
    settings.TRUSTED_PROXIES = proxies
    request = rf.post(SIGN_IN, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
