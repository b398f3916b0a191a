"""An organisation's admins manage its members and roles in the app: add by user name,
change a role, remove; never leaving it without an admin; nobody else may."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client

from decisions.models import Membership, Organization
from tests.conftest import client_for, make_member

PAGE = "/organizations/acme/"


def roles(org: Organization) -> list[tuple[str, str]]:
    return sorted(org.memberships.values_list("user__username", "role"))


def test_it_lists_the_members_with_a_form_for_each_role(
    org: Organization, admin: User, editor: User
) -> None:
    response = client_for(admin).get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    for membership in org.memberships.all():
        assert f'action="/organizations/acme/members/{membership.pk}/role/"' in page
        assert f'action="/organizations/acme/members/{membership.pk}/remove/"' in page
    assert 'action="/organizations/acme/members/add/"' in page


def test_it_adds_an_existing_user_by_user_name_with_a_role(
    org: Organization, admin: User, caplog: pytest.LogCaptureFixture
) -> None:
    User.objects.create_user(username="newbie", password="pw-for-tests-only")
    caplog.set_level(logging.INFO, logger="decisions.services.organizations")

    response = client_for(admin).post(
        f"{PAGE}members/add/", {"username": " newbie ", "role": "approver"}, follow=True
    )

    assert response.redirect_chain == [(PAGE, 302)]
    assert "Added newbie as approver." in response.content.decode()
    assert roles(org) == [("ada", "admin"), ("newbie", "approver")]
    assert caplog.messages == ["ada added newbie to acme as approver"]


@pytest.mark.parametrize(
    ("username", "message"),
    [
        (
            "nobody",
            "There is no user named “nobody”. Check the spelling, or ask an operator to "
            "create the account first.",
        ),
        ("erin", "erin is already a member: change their role in the list instead."),
    ],
)
def test_it_refuses_an_unknown_user_or_a_member_and_keeps_what_was_typed(
    org: Organization, admin: User, editor: User, username: str, message: str
) -> None:
    before = roles(org)

    response = client_for(admin).post(
        f"{PAGE}members/add/", {"username": username, "role": "editor"}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert message in page
    assert f'value="{username}"' in page
    assert roles(org) == before


def test_it_refuses_an_unknown_role(org: Organization, admin: User, editor: User) -> None:
    membership = Membership.objects.get(user=editor)

    response = client_for(admin).post(f"{PAGE}members/{membership.pk}/role/", {"role": "owner"})

    assert response.status_code == 400
    assert "Choose one of the roles." in response.content.decode()
    assert roles(org) == [("ada", "admin"), ("erin", "editor")]


def test_it_changes_a_role(org: Organization, admin: User, editor: User) -> None:
    membership = Membership.objects.get(user=editor)

    response = client_for(admin).post(f"{PAGE}members/{membership.pk}/role/", {"role": "approver"})

    assert (response.status_code, response["Location"]) == (302, PAGE)
    assert roles(org) == [("ada", "admin"), ("erin", "approver")]


def test_it_removes_a_member_and_keeps_the_user(
    org: Organization, admin: User, editor: User
) -> None:
    membership = Membership.objects.get(user=editor)

    response = client_for(admin).post(f"{PAGE}members/{membership.pk}/remove/")

    assert (response.status_code, response["Location"]) == (302, PAGE)
    assert roles(org) == [("ada", "admin")]
    assert User.objects.filter(username="erin").exists()


LAST_ADMIN = (
    "ada is the organisation's only admin: make someone else an admin first, so that "
    "somebody can still manage it."
)


@pytest.mark.parametrize(
    ("path", "data"),
    [("remove/", {}), ("role/", {"role": "editor"}), ("role/", {"role": "viewer"})],
)
def test_it_never_leaves_the_organisation_without_an_admin(
    org: Organization, admin: User, path: str, data: dict[str, str]
) -> None:
    membership = Membership.objects.get(user=admin)

    response = client_for(admin).post(f"{PAGE}members/{membership.pk}/{path}", data)

    assert response.status_code == 409
    assert LAST_ADMIN.replace("'", "&#x27;") in response.content.decode()
    assert roles(org) == [("ada", "admin")]


def test_an_admin_may_step_down_when_another_admin_remains(org: Organization, admin: User) -> None:
    make_member(org, "bob", Membership.Role.ADMIN)
    mine = Membership.objects.get(user=admin)

    response = client_for(admin).post(f"{PAGE}members/{mine.pk}/role/", {"role": "editor"})

    # No longer an admin: back to the decisions, not to a page they may no longer see.
    assert (response.status_code, response["Location"]) == (302, "/")
    assert roles(org) == [("ada", "editor"), ("bob", "admin")]
    assert client_for(admin).get(PAGE).status_code == 403


def test_it_warns_when_the_quorum_cannot_be_met(
    org: Organization, admin: User, editor: User
) -> None:
    org.approval_quorum = 2
    org.save()

    page = client_for(admin).get(PAGE).content.decode()

    assert (
        "Only 1 member may approve records, fewer than the 2 approvals needed: no record can "
        "be accepted until you add approvers or lower the number."
    ) in page


def test_it_finds_no_member_of_another_organisation(
    org: Organization, other_org: Organization, admin: User
) -> None:
    stranger = make_member(other_org, "sam", Membership.Role.EDITOR)
    theirs = Membership.objects.get(user=stranger)

    for path in ("role/", "remove/"):
        response = client_for(admin).post(f"{PAGE}members/{theirs.pk}/{path}", {"role": "admin"})
        assert response.status_code == 404
    assert Membership.objects.get(pk=theirs.pk).role == "editor"


@pytest.mark.parametrize("role", ["viewer", "editor", "approver"])
def test_only_admins_manage_members(org: Organization, admin: User, role: str) -> None:
    member = make_member(org, "mia", role)
    target = Membership.objects.get(user=admin)
    client = client_for(member)

    assert client.get(PAGE).status_code == 403
    assert (
        client.post(f"{PAGE}members/add/", {"username": "mia", "role": "admin"}).status_code == 403
    )
    assert client.post(f"{PAGE}members/{target.pk}/remove/").status_code == 403
    own = Membership.objects.get(user=member)
    assert client.post(f"{PAGE}members/{own.pk}/role/", {"role": "admin"}).status_code == 403
    assert roles(org) == sorted([("ada", "admin"), ("mia", role)])


def test_an_outsider_finds_no_such_organisation(
    org: Organization, admin: User, outsider: User
) -> None:
    target = Membership.objects.get(user=admin)
    client: Client = client_for(outsider)

    assert client.get(PAGE).status_code == 404
    assert client.post(f"{PAGE}members/{target.pk}/remove/").status_code == 404
    assert (
        client.post(f"{PAGE}members/add/", {"username": "oscar", "role": "admin"}).status_code
        == 404
    )
    assert roles(org) == [("ada", "admin")]
