import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from decisions.access import decisions_for, get_decision_for_user
from decisions.models import Decision


def test_it_returns_a_decision_of_the_users_organisation(editor: User, draft: Decision) -> None:
    assert get_decision_for_user(editor, draft.pk) == draft


def test_it_hides_other_organisations_decisions_as_missing(outsider: User, draft: Decision) -> None:
    with pytest.raises(Http404):
        get_decision_for_user(outsider, draft.pk)


def test_it_lets_viewers_read_but_not_edit(viewer: User, draft: Decision) -> None:
    assert get_decision_for_user(viewer, draft.pk) == draft
    with pytest.raises(PermissionDenied):
        get_decision_for_user(viewer, draft.pk, edit=True)


def test_it_lists_only_the_users_organisations_decisions(
    editor: User, outsider: User, draft: Decision, other_org, complete: Decision
) -> None:
    Decision.objects.create(organization=other_org, owner=outsider, title="Theirs", use_case="x")
    assert set(decisions_for(editor)) == {draft, complete}
    assert [d.title for d in decisions_for(outsider)] == ["Theirs"]
