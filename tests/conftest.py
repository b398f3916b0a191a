"""Shared fixtures: an organisation with one member per role, and their decisions."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from decisions import demo
from decisions.models import Decision, Membership, Organization

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip with a reason on a developer's machine; fail in CI, where nothing may be missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


@pytest.fixture
def org(db: None) -> Organization:
    return Organization.objects.create(name="Acme Health", slug="acme")


@pytest.fixture
def other_org(db: None) -> Organization:
    return Organization.objects.create(name="Globex", slug="globex")


def make_member(org: Organization, username: str, role: str) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-only")
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def editor(org: Organization) -> User:
    return make_member(org, "erin", Membership.Role.EDITOR)


@pytest.fixture
def viewer(org: Organization) -> User:
    return make_member(org, "victor", Membership.Role.VIEWER)


@pytest.fixture
def outsider(other_org: Organization) -> User:
    return make_member(other_org, "oscar", Membership.Role.ADMIN)


def client_for(user: User) -> Client:
    """A browser session signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor: User) -> Client:
    return client_for(editor)


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    return {"HX-Request": "true"}


@pytest.fixture
def draft(org: Organization, editor: User) -> Decision:
    return Decision.objects.create(
        organization=org, owner=editor, title="Discharge letters", use_case="Summarise notes."
    )


@pytest.fixture
def complete(org: Organization, editor: User) -> Decision:
    return Decision.objects.create(
        organization=org,
        owner=editor,
        title="Clinical notes",
        use_case="Summarise notes inside the hospital network.",
        answers=dict(demo.HOSPITAL_NOTES),
    )


@pytest.fixture(scope="session", autouse=True)
def _remove_session_data_dir() -> Iterator[None]:
    """The session's own data folder (see config/settings_test.py) goes when it ends."""
    yield
    from django.conf import settings

    if settings.DATA_DIR.name.startswith("session-"):
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)
