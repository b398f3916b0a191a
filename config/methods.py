"""The methods each page serves: anything else is answered 405 before the CSRF check and the
view run, whoever asks.

Every page is read with GET (and HEAD); only the pages listed in ``WRITES`` also take a POST.
A page missing from the list is read-only, so that a new form fails loudly (405 in its own
tests) rather than a read-only page quietly answering a POST. No page takes PUT, PATCH,
DELETE or OPTIONS. The authorization matrix (tests/security/test_authorization_matrix.py)
checks this table against every URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

READ = ("GET", "HEAD")
READ_AND_WRITE = ("GET", "HEAD", "POST")

# URL names (namespace:name) that take a POST, and namespaces whose every page may.
WRITES = frozenset(
    {
        "login",
        "logout",
        "decisions:new",
        "decisions:organization",
        "decisions:member-add",
        "decisions:member-role",
        "decisions:member-remove",
        "decisions:step",
        "decisions:step-autosave",
        "decisions:step-move",
        "decisions:record-edit",
        "decisions:record-submit",
        "decisions:record-verdict",
        "decisions:record-reopen",
        "decisions:record-deprecate",
        "decisions:record-revisit",
        "decisions:record-archive",
        "decisions:record-cost-basis",
        "decisions:weights-direct",
        "decisions:weights-pairwise",
        "decisions:weights-suggested",
        "decisions:tco",
        "decisions:simulation-cancel",
        "decisions:shortlist",
        "decisions:policy-rule",
        "decisions:policy-rule-new",
        "decisions:weights-what-if-direct",
        "decisions:weights-what-if-pairwise",
        "decisions:record-export-pdf",
    }
)
WRITING_NAMESPACES = frozenset({"admin"})


def allowed_methods(view_name: str) -> tuple[str, ...]:
    namespace = view_name.split(":", 1)[0] if ":" in view_name else ""
    if view_name in WRITES or namespace in WRITING_NAMESPACES:
        return READ_AND_WRITE
    return READ


class AllowedMethodsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        allowed = allowed_methods(match.view_name if match else "")
        if request.method in allowed:
            return None
        # Django logs it in one line: "Method Not Allowed: /path".
        return HttpResponseNotAllowed(allowed)
