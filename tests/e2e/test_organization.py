"""An organisation's admin removes a member: the browser asks first, and a "no" keeps them."""

from __future__ import annotations

from typing import Any

import pytest

from decisions.models import Membership, Organization
from tests.e2e.test_records import PASSWORD, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_removing_a_member_asks_first_and_no_keeps_them(
    live_server: Any, page: Any, django_user_model: Any
) -> None:
    org = Organization.objects.create(name="Acme Health", slug="acme")
    for username, role in (("ada", "admin"), ("nina", "editor")):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, organization=org, role=role)
    sign_in(page, live_server.url, "ada")
    page.goto(f"{live_server.url}/organizations/acme/")
    row = page.locator("tr", has_text="(nina)")
    asked: list[str] = []

    def answer(dialog: Any, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    row.get_by_role("button", name="Remove").click()
    assert asked == ["Remove nina from Acme Health? They lose access to its decisions at once."]
    assert Membership.objects.filter(user__username="nina").exists()

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    with page.expect_navigation():
        row.get_by_role("button", name="Remove").click()
    assert len(asked) == 2
    assert page.locator("tr", has_text="(nina)").count() == 0
    assert not Membership.objects.filter(user__username="nina").exists()
    assert page.console_errors == []
