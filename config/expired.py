"""What a page gets when it has outlived its sign-in: someone signed out (or in again) in
another tab, or the session expired, while answers were being typed.

Nothing typed may be lost. An htmx request that is refused here is answered with a short
sentence in plain text and no page: htmx swaps nothing in, so the inputs keep what was typed,
and ``static/js/app.js`` shows the sentence beside them. The page sends the CSRF token from
the cookie, which signing in again in any tab renews, so the same page can then save.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect

SIGNED_OUT = (
    "Not saved: you are signed out. Sign in again in another tab, then save here again; "
    "what you typed stays on this page."
)
STALE_PAGE = (
    "Not saved: this page is older than your sign-in. Save again; if that fails, copy what "
    "you typed and reload the page."
)


class SignedOutHtmxMiddleware:
    """Django sends a signed-out request to the sign-in page, and htmx would follow the
    redirect and swap that whole page into the step. Instead an htmx GET (moving between
    pages, nothing typed) takes the browser to sign in and back, and any other htmx request
    gets 401 with ``SIGNED_OUT``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "HX-Request" not in request.headers or not _to_sign_in(response):
            return response
        if request.method == "GET":
            return HttpResponseClientRedirect(response["Location"])
        return _plain(SIGNED_OUT, status=401)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form older than the sign-in it was sent with."""
    if "HX-Request" in request.headers:
        return _plain(STALE_PAGE, status=403)
    return render(request, "403_csrf.html", status=403)


def _to_sign_in(response: HttpResponse) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and urlsplit(location).path == resolve_url(
        settings.LOGIN_URL
    )


def _plain(sentence: str, *, status: int) -> HttpResponse:
    return HttpResponse(sentence, status=status, content_type="text/plain; charset=utf-8")
