"""Limits on what a request may ask, and how a refusal is logged.

- A body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused with 413 before anything
  reads it (the CSRF check would, and Django would answer 400 with a traceback in the log).
- Pages are private: ``Cache-Control: private, no-store`` on every response a view makes
  (static files, served by WhiteNoise before this, keep their year-long cache).
- A refused request (4xx) is logged in one line at WARNING: the client's doing, not a fault
  worth a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# How much of a refused body is read and thrown away so that the connection stays usable for
# the browser's next request; a larger body is not read, and the server closes the connection.
DRAIN_AT_MOST = 16 * 1024 * 1024


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is None or length <= limit:
            return self.get_response(request)
        # Django logs the 413 in one line ("Content Too Large: /path") at WARNING.
        if length <= DRAIN_AT_MOST:
            _drain(request, length)
        response = render(
            request,
            "413.html",
            {"limit_mb": round(limit / 1024 / 1024, 1)},
            status=413,
        )
        patch_cache_control(response, private=True, no_store=True)
        return response


def _drain(request: HttpRequest, length: int) -> None:
    stream = request.META.get("wsgi.input")
    if stream is None:
        return
    left = length
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            return
        left -= len(chunk)


class PrivatePagesMiddleware:
    """Boards put confidential plans into the pages: no browser or proxy cache keeps them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response


class OneLineRefusals(logging.Filter):
    """Django logs a refused request (403 with the rule's reason, a body over the limit, a
    host not allowed) with the exception's traceback, some at ERROR. A refusal is the
    client's doing: keep it as one line at WARNING. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        refusal = record.name.startswith("django.security.") or (
            record.name == "django.request" and status is not None and status < 500
        )
        if refusal:
            record.exc_info = None
            record.exc_text = None
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
