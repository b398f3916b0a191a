"""The decision list finds any record in seconds: search, filters, order, pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from decisions.models import Decision, Organization


@pytest.fixture
def listed(org: Organization, editor: User, approver: User) -> dict[str, Decision]:
    def make(title: str, **fields: object) -> Decision:
        return Decision.objects.create(
            organization=org,
            owner=fields.pop("owner", editor),
            title=title,
            use_case=f"About {title}.",
            **fields,
        )

    return {
        "chat": make(
            "Support chat",
            team="Customer experience",
            chosen_option="closed",
            status=Decision.Status.ACCEPTED,
        ),
        "notes": make(
            "Clinical notes",
            team="Clinical systems",
            chosen_option="open",
            status=Decision.Status.IN_REVIEW,
            owner=approver,
        ),
        "code": make("Code assistant", team="Platform", review_due=True),
        "old": make("Old pilot", archived_at=timezone.now()),
    }


def titles(html: str) -> list[str]:
    return re.findall(r'<td data-label="Decision"><a href="[^"]+">([^<]+)</a>', html)


def listing(client: Client, **query: str) -> str:
    response = client.get("/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_every_decision_but_the_archived_newest_first(
    editor_client: Client, listed: dict[str, Decision]
) -> None:
    html = listing(editor_client)
    assert titles(html) == ["Code assistant", "Clinical notes", "Support chat"]
    assert "(optional)" not in html  # filters are all optional: none is marked
    assert "Old pilot" in titles(listing(editor_client, archived="on"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "clinical"}, ["Clinical notes"]),
        ({"q": "about support"}, ["Support chat"]),  # the use case too
        ({"status": "accepted"}, ["Support chat"]),
        ({"option": "open"}, ["Clinical notes"]),
        ({"team": "Platform"}, ["Code assistant"]),  # chosen from the teams there are
        ({"q": "customer"}, ["Support chat"]),  # the team too
        ({"due": "on"}, ["Code assistant"]),
        ({"sort": "title"}, ["Clinical notes", "Code assistant", "Support chat"]),
        # draft, in review, accepted: the order a record goes through, not the alphabet's
        ({"sort": "status"}, ["Code assistant", "Clinical notes", "Support chat"]),
        ({"q": "nothing like it"}, []),
    ],
)
def test_it_searches_filters_and_sorts(
    editor_client: Client, listed: dict[str, Decision], query: dict[str, str], expected: list[str]
) -> None:
    html = listing(editor_client, **query)
    assert titles(html) == expected
    if not expected:
        assert "No decision matches these filters." in html


def test_it_filters_by_owner(
    editor_client: Client, approver: User, listed: dict[str, Decision]
) -> None:
    assert titles(listing(editor_client, owner=str(approver.pk))) == ["Clinical notes"]


def test_a_refused_filter_says_which_and_the_others_still_apply(
    editor_client: Client, listed: dict[str, Decision]
) -> None:
    html = listing(editor_client, status="bogus", q="chat", owner="x", team="Nobody")
    assert "Select a valid choice. bogus is not one of the available choices." in html
    assert "Select a valid choice. Nobody is not one of the available choices." in html
    assert "Select a valid choice. That choice is not one of the available choices." in html
    assert titles(html) == ["Support chat"]


def test_the_outcome_column_shows_the_chosen_option_or_the_progress(
    editor_client: Client, listed: dict[str, Decision]
) -> None:
    html = listing(editor_client)
    assert "Closed model via vendor API" in html
    assert "0 of 5 answered" in html
    assert "Review due" in html


def test_pages_keep_the_filters(editor_client: Client, org: Organization, editor: User) -> None:
    Decision.objects.bulk_create(
        Decision(organization=org, owner=editor, title=f"Pilot {n:02}", use_case="x", team="Lab")
        for n in range(30)
    )
    html = listing(editor_client, team="Lab", sort="title")
    assert len(titles(html)) == 25
    assert 'href="?team=Lab&amp;sort=title&amp;page=2"' in html
    assert titles(listing(editor_client, team="Lab", sort="title", page="2")) == [
        f"Pilot {n:02}" for n in range(25, 30)
    ]
    assert len(titles(listing(editor_client, page="999"))) == 5  # the last page
