"""`manage.py seed_demo`: the demo organisation, one user per role, sample decisions; twice
is the same as once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from decisions.models import Decision, Membership, Organization
from decisions.services.evaluations import tco_costs

PASSWORD = "a-demo-password-for-tests"


def seed(password: str = PASSWORD) -> str:
    out = StringIO()
    call_command("seed_demo", "--password", password, stdout=out)
    return out.getvalue()


def inventory() -> dict[str, object]:
    return {
        "organizations": list(Organization.objects.values_list("slug", "name")),
        "users": sorted(User.objects.values_list("username", flat=True)),
        "memberships": sorted(
            Membership.objects.values_list("user__username", "organization__slug", "role")
        ),
        "decisions": sorted(Decision.objects.values_list("title", "owner__username")),
    }


@pytest.mark.django_db
def test_it_creates_the_demo_organisation_with_one_user_per_role() -> None:
    output = seed()

    assert output.strip() == "Demo Org ready: 4 users, 7 decisions."
    org = Organization.objects.get()
    assert (org.name, org.slug) == ("Demo Org", "demo")
    assert sorted(Membership.objects.values_list("user__username", "role")) == [
        ("admin", "admin"),
        ("approver", "approver"),
        ("editor", "editor"),
        ("viewer", "viewer"),
    ]
    # No organisation role is a Django staff user, let alone a superuser.
    assert list(User.objects.filter(is_staff=True).values_list("username", flat=True)) == []
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == []


@pytest.mark.django_db
def test_it_takes_django_s_admin_away_from_a_demo_admin_seeded_by_an_older_version() -> None:
    seed()
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)

    seed()

    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser) == (False, False)
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "approver", "editor", "viewer"])
def test_it_lets_every_demo_user_sign_in_with_the_given_password(username: str) -> None:
    seed()

    assert Client().login(username=username, password=PASSWORD)
    assert not Client().login(username=username, password="openweigh-demo")


@pytest.mark.django_db
def test_it_signs_in_through_the_login_page(client: Client) -> None:
    seed()

    response = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_creates_sample_decisions_in_several_states_of_completeness() -> None:
    seed()

    answered = {
        decision.title: len(decision.answered_areas)
        for decision in Decision.objects.filter(organization__slug="demo")
    }
    assert answered == {
        "Clinical notes summarisation": 5,
        "Clinical notes summarisation (one year on)": 5,
        "Website support assistant": 5,
        "Contract review assistant": 5,
        "Marketing copy translation": 5,
        # Sensitivity and latency only.
        "Field maintenance assistant": 2,
        "Internal code assistant": 0,
    }


@pytest.mark.django_db
def test_it_creates_records_in_every_state_of_their_lifecycle() -> None:
    from decisions.services.records import record_verify

    seed()

    status = dict(Decision.objects.values_list("title", "status"))
    assert status == {
        "Clinical notes summarisation": "superseded",
        "Clinical notes summarisation (one year on)": "accepted",
        "Website support assistant": "accepted",
        "Contract review assistant": "in_review",
        "Marketing copy translation": "rejected",
        "Field maintenance assistant": "draft",
        "Internal code assistant": "draft",
    }
    old = Decision.objects.get(title="Clinical notes summarisation")
    assert Decision.objects.get(supersedes=old).title.endswith("(one year on)")
    support = Decision.objects.get(title="Website support assistant")
    assert support.cost_basis is not None  # pinned when it was submitted
    assert support.approvals.get().approver.username == "approver"
    for decision in Decision.objects.filter(status__in=Decision.FROZEN):
        assert record_verify(decision).ok
    # The approver owns the contract review: an admin must approve it, four eyes.
    contract = Decision.objects.get(title="Contract review assistant")
    assert contract.owner.username == "approver"
    rejected = Decision.objects.get(title="Marketing copy translation")
    assert "confidential until launch" in rejected.approvals.get().comment


@pytest.mark.django_db
def test_it_does_not_duplicate_anything_when_run_twice() -> None:
    seed()
    once = inventory()

    output = seed()

    assert inventory() == once
    assert output.strip() == "Demo Org ready: 4 users, 7 decisions."
    assert len(once["users"]) == 4
    assert len(once["decisions"]) == 7


@pytest.mark.django_db
def test_it_keeps_the_decisions_people_have_worked_on_when_run_again() -> None:
    seed()
    decision = Decision.objects.get(title="Internal code assistant")
    decision.answers = {"residency": "none"}
    decision.save()
    reviewed = Decision.objects.get(title="Contract review assistant").events.count()

    seed()

    assert Decision.objects.get(pk=decision.pk).answers == {"residency": "none"}
    assert Decision.objects.get(title="Contract review assistant").events.count() == reviewed


@pytest.mark.django_db
def test_it_seeds_a_board_that_has_weighed_and_a_finished_simulation() -> None:
    seed()

    contract = Decision.objects.get(title="Contract review assistant")
    assert sorted(contract.weight_sets.values_list("member__username", flat=True)) == [
        "approver",
        "editor",
    ]
    support = Decision.objects.get(title="Website support assistant")
    (simulation,) = support.simulations.all()
    assert (simulation.status, simulation.trials, simulation.seed) == ("succeeded", 20_000, 1)
    assert simulation.summary["trials"] == 20_000
    # Its costs feed the TCO fit of the results.
    assert tco_costs(decision=support) is not None

    seed()  # twice is still once
    assert contract.weight_sets.count() == 2
    assert support.simulations.count() == 1
