"""Sign-in throttling with django-axes: the backend that refuses a locked-out sign-in, and
the client address it counts failures against."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


class SignInThrottle(AxesStandaloneBackend):
    """django-axes' backend. A sign-in without a request (the test client's ``login``, a
    script calling ``authenticate``) comes from this machine, not over the network: there is
    no address to count it against, and it is left to the next backend."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The address a sign-in came from. Behind ``TRUSTED_PROXIES`` proxies, each of which
    appends the address it received a request from to X-Forwarded-For, that is the entry
    the outermost trusted proxy appended; anything to its left came from the client and may
    be forged. Without proxies, the address that connected."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        entry.strip()
        for entry in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if entry.strip()
    ]
    if proxies <= 0 or len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the sign-in page's answer while a user name is paused from
    this address — 429, saying for how long."""
    minutes = round(get_cool_off(request).total_seconds() / 60)  # type: ignore[union-attr]
    return render(
        request,
        "registration/locked_out.html",
        {
            "username": get_client_username(request, credentials) or "",
            "minutes": minutes,
            "until": timezone.now() + timedelta(minutes=minutes),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
