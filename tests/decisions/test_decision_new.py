from django.contrib.auth.models import User
from django.test import Client

from decisions.models import Decision, Organization


def test_it_creates_a_draft_and_opens_the_first_step(
    editor_client: Client, editor: User, org: Organization
) -> None:
    response = editor_client.post(
        "/decisions/new/",
        {
            "organization": org.pk,
            "title": "Code assistant",
            "use_case": "Help engineers.",
            "team": "Platform",
        },
    )
    decision = Decision.objects.get(title="Code assistant")
    assert response.status_code == 302
    assert response["Location"] == f"/decisions/{decision.pk}/questions/sensitivity/"
    assert decision.owner == editor
    assert decision.organization == org
    assert decision.status == Decision.Status.DRAFT
    assert decision.answers == {}


def test_it_keeps_what_was_typed_when_the_title_is_missing(
    editor_client: Client, org: Organization
) -> None:
    response = editor_client.post(
        "/decisions/new/", {"organization": org.pk, "title": "", "use_case": "Keep me, please."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Keep me, please." in html
    assert not Decision.objects.exists()


def test_it_rejects_an_organisation_the_user_cannot_edit(
    editor_client: Client, other_org: Organization
) -> None:
    response = editor_client.post(
        "/decisions/new/", {"organization": other_org.pk, "title": "Sneaky", "use_case": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Decision.objects.exists()


def test_it_tells_viewers_they_cannot_start_a_decision(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get("/decisions/new/")
    assert response.status_code == 403
    assert "not start one" in response.content.decode()
