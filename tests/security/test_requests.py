"""What any request meets before a view: the methods a page serves, a body too large, private
pages, refusals logged in one line, and a database that cannot be reached."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client

from config.limits import OneLineRefusals
from decisions.models import Decision
from decisions.views import dashboard
from tests.conftest import client_for


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    """What the console handler would print: the configured filter, level, logger, message
    and any traceback."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(OneLineRefusals())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_the_console_log_handler_uses_the_one_line_filter() -> None:
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["refusals"]
    assert settings.LOGGING["filters"]["refusals"] == {"()": "config.limits.OneLineRefusals"}


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_no_page_takes_put_patch_delete_or_options(editor_client: Client, method: str) -> None:
    response = getattr(editor_client, method)("/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_a_read_only_page_refuses_a_post(editor_client: Client, log: io.StringIO) -> None:
    response = editor_client.post("/", {"anything": "1"})

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")
    assert log.getvalue() == "WARNING django.request: Method Not Allowed: /\n"


def test_signed_in_pages_are_private_and_never_stored(
    editor_client: Client, draft: Decision
) -> None:
    for path in ("/", f"/decisions/{draft.pk}/", "/catalog/"):
        response = editor_client.get(path)
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}, path


def test_the_sign_in_page_is_not_stored_either(client: Client) -> None:
    response = client.get("/accounts/login/")
    # Django's sign-in view adds its own never-cache directives.
    assert set(response["Cache-Control"].split(", ")) == {
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }


def test_a_body_over_the_limit_is_refused_with_413_and_one_line(
    editor_client: Client, draft: Decision, log: io.StringIO
) -> None:
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = editor_client.post(
        f"/decisions/{draft.pk}/record/edit/",
        data=b"x" * size,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert "larger than openweigh accepts in one request (2.5 MB)" in response.content.decode()
    assert (
        log.getvalue()
        == f"WARNING django.request: Content Too Large: /decisions/{draft.pk}/record/edit/\n"
    )


def test_a_refused_viewer_post_is_one_line_at_warning(
    viewer: User, draft: Decision, log: io.StringIO
) -> None:
    response = client_for(viewer).post(f"/decisions/{draft.pk}/record/edit/", {"title": "x"})

    assert response.status_code == 403
    assert log.getvalue() == (
        "WARNING django.request: Forbidden (Permission denied): "
        f"/decisions/{draft.pk}/record/edit/\n"
    )


def test_a_host_not_allowed_is_one_line_at_warning(client: Client, log: io.StringIO) -> None:
    response = client.get("/healthz", HTTP_HOST="evil.example")

    assert response.status_code == 400
    lines = log.getvalue().splitlines()
    assert lines[0] == (
        "WARNING django.security.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'. "
        "You may need to add 'evil.example' to ALLOWED_HOSTS."
    )
    assert not any(line.startswith("Traceback") for line in lines)


def test_a_database_that_cannot_be_reached_answers_503_with_a_sentence(
    editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(user: User) -> None:
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(dashboard, "decisions_for", unreachable)
    client = Client(raise_request_exception=False)
    client.force_login(editor)

    response = client.get("/")

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert "openweigh cannot reach its database right now" in response.content.decode()
    assert "OperationalError" not in response.content.decode()


def test_another_server_error_is_the_plain_500_page(
    editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(user: User) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(dashboard, "decisions_for", broken)
    client = Client(raise_request_exception=False)
    client.force_login(editor)

    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
