from django.contrib.auth.models import User
from django.test import Client

from decisions.models import Decision


def test_it_requires_sign_in(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_it_lists_the_organisations_decisions_with_progress(
    editor_client: Client, draft: Decision, complete: Decision
) -> None:
    response = editor_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Discharge letters" in html
    assert "Clinical notes" in html
    assert "0 of 5" in html
    assert "5 of 5" in html
    assert "New decision" in html


def test_it_does_not_show_other_organisations_decisions(
    client: Client, outsider: User, draft: Decision
) -> None:
    client.force_login(outsider)
    response = client.get("/")
    assert "Discharge letters" not in response.content.decode()


def test_it_hides_the_new_button_from_viewers(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    assert "New decision" not in client.get("/").content.decode()
