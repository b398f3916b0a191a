"""What every view module shares: the typed request and small helpers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from decisions.models import Decision
from scoring.questions import AREAS


class HtmxHttpRequest(HttpRequest):
    """A request behind @login_required, with django-htmx's details."""

    htmx: HtmxDetails
    user: User  # type: ignore[assignment]


# For views that answer htmx with a fragment and a browser with a page, at the same address:
# a browser's cache must not show a cached fragment as the page (Back after a full navigation).
vary_on_htmx = vary_on_headers("HX-Request")


def post_only(page: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """For an address that only a form posts to. A plain post without JavaScript leaves it in
    the address bar; opened again (Enter, a bookmark) it goes to ``page``, the page with the
    form, given the same URL arguments, rather than to a blank "405 Method Not Allowed"."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                return redirect(page, **kwargs)
            return view(request, **kwargs)

        return require_http_methods(["GET", "HEAD", "POST"])(wrapper)

    return decorator


def wants_partial(request: HtmxHttpRequest) -> bool:
    """htmx asked for a fragment; on a history restore (back button) it needs the page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def progress(decision: Decision) -> dict[str, object]:
    answered = decision.answered_areas
    return {
        "steps": [
            {"criterion": area.criterion, "title": area.title, "done": area.criterion in answered}
            for area in AREAS
        ],
        "answered_count": len(answered),
        "area_count": len(AREAS),
        "progress_pct": round(100 * len(answered) / len(AREAS)),
    }
