"""Every form, posted hostile data (tests/security/hostile.py) by someone allowed to post it:
never a 500; and what was typed comes back inert — escaped in the HTML, in the chart data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.forms import CatalogFilterForm
from decisions import demo
from decisions.forms.lists import DecisionListForm
from decisions.forms.organization import MemberAddForm, OrganizationSettingsForm
from decisions.forms.policies import PolicyRuleForm
from decisions.forms.questionnaire import DecisionForm, area_form
from decisions.forms.records import DeprecateForm, RecordForm, VerdictForm
from decisions.forms.shortlist import ShortlistForm
from decisions.forms.tco import TcoForm
from decisions.forms.weights import DirectWeightsForm, PairwiseForm
from decisions.models import Decision, Membership, Organization, TcoSimulation
from decisions.services import records
from scoring.questions import CRITERIA, OPTIONS
from tests.conftest import client_for, make_member
from tests.security.conftest import ready_decision
from tests.security.hostile import IMG, SCRIPT, form_data

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class World:
    org: Organization
    editor: User
    approver: User
    admin: User
    draft: Decision
    in_review: Decision
    accepted: Decision


@pytest.fixture
def world(org: Organization) -> World:
    editor = make_member(org, "erin", Membership.Role.EDITOR)
    approver = make_member(org, "april", Membership.Role.APPROVER)
    admin = make_member(org, "ada", Membership.Role.ADMIN)
    draft = ready_decision(org, editor, "Draft")
    in_review = ready_decision(org, editor, "In review")
    records.record_submit(decision=in_review, by=editor)
    accepted = ready_decision(org, editor, "Accepted")
    records.record_submit(decision=accepted, by=editor)
    records.record_judge(decision=accepted, by=approver, approve=True, comment="Yes.")
    TcoSimulation.objects.create(
        decision=draft, number=1, created_by=editor, trials=100, seed=1, inputs={}
    )
    return World(org, editor, approver, admin, draft, in_review, accepted)


def fields(form: Any) -> list[str]:
    return [form.add_prefix(name) for name in form.fields]


@dataclass(frozen=True)
class Form:
    who: str  # the World attribute of the user who posts
    path: Callable[[World], str]
    fields: Callable[[], list[str]]
    method: str = "post"


FORMS: dict[str, Form] = {
    "new decision": Form(
        "editor",
        lambda w: "/decisions/new/",
        lambda: [*fields(DecisionForm(organizations=Organization.objects.all())), "organization"],
    ),
    **{
        f"step {criterion} {kind}": Form(
            "editor",
            lambda w, c=criterion, k=kind: f"/decisions/{w.draft.pk}/questions/{c}/{k}",
            lambda c=criterion: [*fields(area_form(c)), "to"],
        )
        for criterion in CRITERIA
        for kind in ("", "autosave/", "move/")
    },
    "record": Form(
        "editor",
        lambda w: f"/decisions/{w.draft.pk}/record/edit/",
        lambda: [
            *RecordForm.base_fields,
            *(f"{option}_{side}" for option in OPTIONS for side in ("pros", "cons")),
        ],
    ),
    "verdict": Form(
        "approver",
        lambda w: f"/decisions/{w.in_review.pk}/record/verdict/",
        lambda: fields(VerdictForm()),
    ),
    "deprecate": Form(
        "admin",
        lambda w: f"/decisions/{w.accepted.pk}/record/deprecate/",
        lambda: fields(DeprecateForm()),
    ),
    "cost basis": Form(
        "editor", lambda w: f"/decisions/{w.draft.pk}/record/cost-basis/", lambda: ["simulation"]
    ),
    "archive": Form(
        "editor", lambda w: f"/decisions/{w.draft.pk}/record/archive/", lambda: ["archived"]
    ),
    "direct weights": Form(
        "editor",
        lambda w: f"/decisions/{w.draft.pk}/weights/direct/",
        lambda: fields(DirectWeightsForm()),
    ),
    "pairwise weights": Form(
        "editor",
        lambda w: f"/decisions/{w.draft.pk}/weights/pairwise/",
        lambda: fields(PairwiseForm()),
    ),
    "cost model": Form(
        "editor", lambda w: f"/decisions/{w.draft.pk}/tco/", lambda: fields(TcoForm())
    ),
    "organisation settings": Form(
        "admin",
        lambda w: f"/organizations/{w.org.slug}/",
        lambda: fields(OrganizationSettingsForm()),
    ),
    "add a member": Form(
        "admin",
        lambda w: f"/organizations/{w.org.slug}/members/add/",
        lambda: fields(MemberAddForm()),
    ),
    "change a role": Form(
        "admin",
        lambda w: f"/organizations/{w.org.slug}/members/{w.editor.memberships.get().pk}/role/",
        lambda: ["role"],
    ),
    "decision list": Form(
        "editor",
        lambda w: "/",
        lambda: [*fields(DecisionListForm(owners=User.objects.none(), teams=[])), "page"],
        method="get",
    ),
    "catalog filter": Form(
        "editor",
        lambda w: "/catalog/",
        lambda: fields(CatalogFilterForm(versions=[])),
        method="get",
    ),
    "weights method": Form(
        "editor", lambda w: f"/decisions/{w.draft.pk}/weights/", lambda: ["method"], method="get"
    ),
    "what-if sliders": Form(
        "editor",
        lambda w: f"/decisions/{w.draft.pk}/weights/direct/what-if/",
        lambda: fields(DirectWeightsForm()),
    ),
    "what-if pairwise": Form(
        "editor",
        lambda w: f"/decisions/{w.draft.pk}/weights/pairwise/what-if/",
        lambda: fields(PairwiseForm()),
    ),
    "shortlist": Form(
        "editor",
        lambda w: f"/decisions/{w.draft.pk}/shortlist/",
        lambda: fields(ShortlistForm(version=None)),
    ),
    "policy rule": Form(
        "admin",
        lambda w: f"/organizations/{w.org.slug}/rules/new/",
        lambda: fields(PolicyRuleForm()),
    ),
    "pdf export": Form(
        "editor", lambda w: f"/decisions/{w.accepted.pk}/record/exports/pdf/", lambda: ["paper"]
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_no_hostile_post_to_any_form_gets_a_500(world: World, name: str) -> None:
    form = FORMS[name]
    client: Client = client_for(getattr(world, form.who))
    path = form.path(world)

    @FUZZ
    @given(data=form_data(form.fields()), htmx=st.booleans())
    def post(data: dict[str, Any], htmx: bool) -> None:
        headers = {"HX-Request": "true"} if htmx else {}
        response = getattr(client, form.method)(path, data, headers=headers)
        # The test client raises what a view raises; a 5xx it answered is a failure too.
        assert response.status_code < 500, (name, data)

    post()


def test_no_hostile_sign_in_gets_a_500(editor: User) -> None:
    @FUZZ
    @given(data=form_data(["username", "password", "next"]))
    def sign_in(data: dict[str, Any]) -> None:
        assert Client().post("/accounts/login/", data).status_code < 500

    sign_in()


PAYLOAD = f"{SCRIPT}{IMG}"


def test_what_was_typed_comes_back_inert_on_every_page(world: World) -> None:
    client = client_for(world.editor)
    created = client.post(
        "/decisions/new/",
        {"title": PAYLOAD, "use_case": PAYLOAD, "team": PAYLOAD, "organization": world.org.pk},
    )
    assert created.status_code == 302
    mine = Decision.objects.get(title=PAYLOAD)
    Decision.objects.filter(pk=mine.pk).update(
        answers=dict(demo.HOSPITAL_NOTES), context=PAYLOAD, rationale=PAYLOAD, dissent=PAYLOAD
    )
    TcoSimulation.objects.create(
        decision=mine, number=1, created_by=world.editor, trials=100, seed=1, inputs={}
    )
    pages = [
        "/",
        f"/?q={SCRIPT}",
        f"/decisions/{mine.pk}/",
        f"/decisions/{mine.pk}/record/",
        f"/decisions/{mine.pk}/results/",
        f"/decisions/{mine.pk}/weights/",
        f"/decisions/{mine.pk}/tco/",
        f"/decisions/{mine.pk}/tco/1/",
        f"/catalog/?q={SCRIPT}",
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert SCRIPT not in html, page
        assert "<img src=x" not in html, page
    # Where the page shows it, it shows it as text.
    detail = client.get(f"/decisions/{mine.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_a_payload_as_a_user_name_is_inert_on_the_organisation_page(world: World) -> None:
    User.objects.create_user(username="x<b>y", password="pw-for-tests-only")
    client = client_for(world.admin)
    refused = client.post(
        f"/organizations/{world.org.slug}/members/add/", {"username": PAYLOAD, "role": "viewer"}
    )
    assert refused.status_code == 409
    assert SCRIPT not in refused.content.decode()
    added = client.post(
        f"/organizations/{world.org.slug}/members/add/",
        {"username": "x<b>y", "role": "viewer"},
        follow=True,
    )
    assert "x&lt;b&gt;y" in added.content.decode()
    assert "x<b>y" not in added.content.decode()
