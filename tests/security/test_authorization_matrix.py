"""Every URL, requested with every method by everyone who might: nobody signed in, a member of
another organisation, and each role of the organisation that owns what the URL names (and a
staff operator). What each must get is kept in one table, ``MATRIX``; a URL the URL
configuration has and the table does not fails the test, and so does a row for a URL that
no longer exists.

Codes: a number is the exact status; ``L`` is a redirect to the sign-in page. ``ALL_405``
and friends are rows of six (anonymous, outsider, viewer, editor, approver, admin), plus the
operator at the end. HEAD gets what GET gets unless a row says otherwise; PUT, PATCH, DELETE
and OPTIONS get 405 everywhere (``config/methods.py``), from everyone.

Each request is made on a fresh database with the decision the row names: ``draft`` (complete
and ready to submit, owned by the editor), ``in_review``, ``accepted`` or ``rejected``.
Posts carry no fields: the table is about who gets through, not what the forms accept.

To add a URL (the lead, at a merge): one ``Row`` in ``MATRIX``, with the codes for GET and
POST, and its name in ``config.methods.WRITES`` if it takes a POST.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from catalog.models import Model as CatalogModel
from decisions.models import (
    Decision,
    Membership,
    Organization,
    PdfExport,
    PolicyRule,
    TcoSimulation,
)
from decisions.services import records
from decisions.services.policies import policy_rule_save
from tests.conftest import make_member
from tests.security.conftest import ready_decision

WHO = ("anonymous", "outsider", "viewer", "editor", "approver", "admin", "operator")
OTHER_METHODS = ("PUT", "PATCH", "DELETE", "OPTIONS")


@dataclass(frozen=True)
class Row:
    """What each of ``WHO`` gets from GET and POST (and HEAD, when it differs from GET) on
    the URL, for the decision named by ``subject``."""

    get: str
    post: str
    head: str | None = None
    subject: str = "draft"


def codes(text: str) -> tuple[str, ...]:
    found = tuple(text.split())
    assert len(found) == len(WHO), text
    return found


# Shorthands. The last column is the staff operator, who belongs to no organisation.
ALL_405 = "405 405 405 405 405 405 405"
MEMBERS_READ = "L 404 200 200 200 200 404"  # a page of the organisation's decision
POST_TO_PAGE = "L 302 302 302 302 302 302"  # GET on a post-only address: to its page

MATRIX: dict[str, Row] = {
    # Outside the organisations.
    "healthz": Row(get="200 200 200 200 200 200 200", post=ALL_405),
    "login": Row(get="200 200 200 200 200 200 200", post="200 200 200 200 200 200 200"),
    "logout": Row(get=ALL_405, post="L L L L L L L", head=ALL_405),
    # Django's admin (every URL under /admin/; its models: test_admin_confined.py).
    "admin": Row(get="L L L L L L 200", post="L L L L L L 200"),
    # The catalog is reference data for every signed-in user.
    "catalog:catalog": Row(get="L 200 200 200 200 200 200", post=ALL_405),
    "catalog:versions": Row(get="L 200 200 200 200 200 200", post=ALL_405),
    "catalog:model": Row(get="L 200 200 200 200 200 200", post=ALL_405),
    # The organisation.
    "decisions:dashboard": Row(get="L 200 200 200 200 200 200", post=ALL_405),
    "decisions:new": Row(
        # The outsider is an admin of their own organisation, where they may start one.
        get="L 200 403 200 200 200 403",
        post="L 200 403 200 200 200 403",
        head="L 405 405 405 405 405 405",
    ),
    "decisions:organization": Row(
        # An empty post leaves the form unbound: the page again.
        get="L 404 403 403 403 200 404",
        post="L 404 403 403 403 200 404",
    ),
    "decisions:member-add": Row(get="L 405 405 405 405 405 405", post="L 404 403 403 403 400 404"),
    "decisions:member-role": Row(get="L 405 405 405 405 405 405", post="L 404 403 403 403 400 404"),
    "decisions:member-remove": Row(
        get="L 405 405 405 405 405 405", post="L 404 403 403 403 302 404"
    ),
    # A decision and its questionnaire.
    "decisions:detail": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:step": Row(
        get=MEMBERS_READ, post="L 404 403 200 200 200 404", head="L 405 405 405 405 405 405"
    ),
    "decisions:step-autosave": Row(get=POST_TO_PAGE, post="L 404 403 302 302 302 404"),
    # Without the step to move to ("to"), 404 before the role is asked.
    "decisions:step-move": Row(get=POST_TO_PAGE, post="L 404 404 404 404 404 404"),
    # The record and its lifecycle.
    "decisions:record": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:record-edit": Row(get=POST_TO_PAGE, post="L 404 403 400 400 400 404"),
    "decisions:record-submit": Row(get=POST_TO_PAGE, post="L 404 403 302 302 302 404"),
    "decisions:record-verdict": Row(
        get=POST_TO_PAGE, post="L 404 403 403 400 400 404", subject="in_review"
    ),
    "decisions:record-reopen": Row(
        get=POST_TO_PAGE, post="L 404 403 302 302 302 404", subject="rejected"
    ),
    "decisions:record-deprecate": Row(
        get=POST_TO_PAGE, post="L 404 403 403 403 400 404", subject="accepted"
    ),
    "decisions:record-revisit": Row(
        get=POST_TO_PAGE, post="L 404 403 302 302 302 404", subject="accepted"
    ),
    "decisions:record-archive": Row(get=POST_TO_PAGE, post="L 404 403 302 302 302 404"),
    "decisions:record-cost-basis": Row(get=POST_TO_PAGE, post="L 404 403 302 302 302 404"),
    # Results and weights.
    "decisions:results": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:weights": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:weights-direct": Row(get=POST_TO_PAGE, post="L 404 403 200 200 200 404"),
    "decisions:weights-pairwise": Row(get=POST_TO_PAGE, post="L 404 403 200 200 200 404"),
    "decisions:weights-suggested": Row(get=POST_TO_PAGE, post="L 404 403 302 302 302 404"),
    # The cost model and its simulations.
    "decisions:tco": Row(
        get=MEMBERS_READ, post="L 404 403 200 200 200 404", head="L 405 405 405 405 405 405"
    ),
    "decisions:simulation": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:simulation-cancel": Row(get=POST_TO_PAGE, post="L 404 403 302 302 302 404"),
    # The shortlist, on the decision's page.
    "decisions:shortlist": Row(get=POST_TO_PAGE, post="L 404 403 302 302 302 404"),
    # A what-if writes nothing: whoever may read the decision may try one.
    "decisions:weights-what-if-direct": Row(get=POST_TO_PAGE, post="L 404 200 200 200 200 404"),
    "decisions:weights-what-if-pairwise": Row(get=POST_TO_PAGE, post="L 404 200 200 200 200 404"),
    # The organisation's policy rules, its admins' (an empty post leaves the form unbound:
    # the page again).
    "decisions:policy-rules": Row(get="L 404 403 403 403 200 404", post=ALL_405),
    "decisions:policy-rule-new": Row(
        get="L 404 403 403 403 200 404",
        post="L 404 403 403 403 200 404",
        head="L 405 405 405 405 405 405",
    ),
    "decisions:policy-rule": Row(
        get="L 404 403 403 403 200 404",
        post="L 404 403 403 403 200 404",
        head="L 405 405 405 405 405 405",
    ),
    # Exports: for everyone who may read the record (an empty post asks for A4).
    "decisions:record-exports": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:record-export-pdf": Row(get=POST_TO_PAGE, post="L 404 302 302 302 302 404"),
    "decisions:record-export-download": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:record-export-markdown": Row(get=MEMBERS_READ, post=ALL_405),
    "decisions:record-export-json": Row(get=MEMBERS_READ, post=ALL_405),
}


def url_names() -> set[str]:
    """Every named URL of the URL configuration; Django's admin counts as one, ``admin``."""
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    names.add("admin")
                    continue
                inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
                walk(pattern.url_patterns, inner)
            else:
                assert pattern.name, f"a URL without a name: {pattern.pattern}"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_a_row_and_every_row_a_url() -> None:
    names = url_names()
    assert sorted(names - MATRIX.keys()) == [], "URLs without a row in MATRIX"
    assert sorted(MATRIX.keys() - names) == [], "rows in MATRIX for URLs that do not exist"


# --- the world each request is made in -------------------------------------------------------
@dataclass
class World:
    org: Organization
    people: dict[str, User]
    decision: Decision
    simulation: TcoSimulation
    membership: Membership
    rule: PolicyRule
    export: PdfExport


def build_world(subject: str) -> World:
    org = Organization.objects.create(name="Acme Health", slug="acme")
    other = Organization.objects.create(name="Globex", slug="globex")
    people = {
        "outsider": make_member(other, "oscar", Membership.Role.ADMIN),
        "viewer": make_member(org, "victor", Membership.Role.VIEWER),
        "editor": make_member(org, "erin", Membership.Role.EDITOR),
        "approver": make_member(org, "april", Membership.Role.APPROVER),
        "admin": make_member(org, "ada", Membership.Role.ADMIN),
        "operator": User.objects.create_superuser(username="olga", password="pw-for-tests-only"),
    }
    # Another admin, so that removing a member (the viewer) or an admin is allowed.
    make_member(org, "abe", Membership.Role.ADMIN)
    decision = ready_decision(org, people["editor"], "Clinical notes")
    if subject != "draft":
        records.record_submit(decision=decision, by=people["editor"])
    if subject in ("accepted", "rejected"):
        records.record_judge(
            decision=decision,
            by=people["approver"],
            approve=subject == "accepted",
            comment="Judged.",
        )
    simulation = TcoSimulation.objects.create(
        decision=decision, number=1, created_by=people["editor"], trials=100, seed=1, inputs={}
    )
    membership = Membership.objects.get(user=people["viewer"])
    rule = policy_rule_save(
        organization=org,
        by=people["admin"],
        name="Warn on GDPR",
        definition={
            "effect": "warning",
            "options": ["closed"],
            "reason": "Tell the DPO.",
            "when": [{"answer": "regulations", "includes": "gdpr"}],
        },
        active=True,
    )
    export = PdfExport.objects.create(
        decision=decision,
        created_by=people["editor"],
        status=PdfExport.Status.SUCCEEDED,
        content=b"%PDF-1.7 made for the test",
        size=26,
    )
    return World(org, people, decision, simulation, membership, rule, export)


def path_for(name: str, world: World) -> str:
    """The URL ``name`` for the world's decision, simulation, organisation and a member
    (the viewer's membership, for the member pages)."""
    if name == "admin":
        return reverse("admin:decisions_decision_change", args=[world.decision.pk])
    if name == "catalog:model":
        model = CatalogModel.objects.order_by("slug").first()
        assert model is not None
        return reverse(name, kwargs={"slug": model.slug})
    pk = world.membership.pk if name.startswith("decisions:member-") else world.decision.pk
    for kwargs in (
        {"pk": pk, "export_id": world.export.pk},
        {"slug": world.org.slug, "rule_id": world.rule.pk},
        {"pk": pk, "criterion": "sensitivity"},
        {"pk": pk, "number": world.simulation.number},
        {"slug": world.org.slug, "pk": pk},
        {"slug": world.org.slug},
        {"pk": pk},
        {},
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise AssertionError(f"no arguments reverse {name}")


def outcome(response: HttpResponse) -> str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(("/accounts/login/", "/admin/login/")):
        return "L"
    return str(response.status_code)


CASES = [pytest.param(name, who, id=f"{name}-{who}") for name in MATRIX for who in WHO]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "who"), CASES)
def test_who_gets_what_from_every_url(name: str, who: str) -> None:
    row = MATRIX[name]
    world = build_world(row.subject)
    if name == "catalog:model":
        call_command("load_catalog", stdout=StringIO())
    path = path_for(name, world)
    client = Client()
    if who != "anonymous":
        client.force_login(world.people[who])
    column = WHO.index(who)
    expected = {
        "HEAD": codes(row.head or row.get)[column],
        **dict.fromkeys(OTHER_METHODS, "405"),
        "GET": codes(row.get)[column],
        "POST": codes(row.post)[column],
    }

    got = {}
    for method in expected:  # the POST last: it may change what the others would see
        response = client.post(path) if method == "POST" else client.generic(method, path)
        got[method] = outcome(response)

    assert got == expected, f"{name} as {who}: {path}"
