"""Django's admin is for staff operators only: no organisation role reaches any page of it,
for any registered model; an operator reaches them all. (An organisation's admins manage it
in the app: test_organization_management.py.)"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from decisions.models import Membership, Organization
from tests.conftest import client_for, make_member

REGISTERED = [model for model in apps.get_models() if django_admin.site.is_registered(model)]


def pages(model: type[Model]) -> list[str]:
    meta = model._meta
    return [
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        reverse(f"admin:{meta.app_label}_{meta.model_name}_add"),
    ]


def test_the_admin_registers_the_models_operators_look_after() -> None:
    assert sorted(model._meta.label for model in REGISTERED) == [
        "auth.Group",
        "auth.User",
        "axes.AccessAttempt",
        "axes.AccessFailureLog",
        "axes.AccessLog",
        "decisions.Approval",
        "decisions.Decision",
        "decisions.DecisionEvent",
        "decisions.Organization",
    ]


@pytest.mark.parametrize("role", [role for role, _ in Membership.Role.choices])
@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_no_organisation_role_reaches_any_admin_page(
    org: Organization, role: str, model: type[Model]
) -> None:
    client = client_for(make_member(org, "member", role))
    for page in ["/admin/", *pages(model)]:
        for response in (client.get(page), client.post(page, {"name": "x"})):
            assert response.status_code == 302, page
            assert response["Location"].startswith("/admin/login/"), page


# History is read-only in the admin, as everywhere: nothing is added there by hand.
NO_ADDING = {
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "decisions.Approval",
    "decisions.DecisionEvent",
}


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_a_staff_operator_reaches_every_admin_page(operator: User, model: type[Model]) -> None:
    client: Client = client_for(operator)
    changelist, add = pages(model)
    assert client.get(changelist).status_code == 200
    assert client.get(add).status_code == (403 if model._meta.label in NO_ADDING else 200)
