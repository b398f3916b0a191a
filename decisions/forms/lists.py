"""The decision list's search, filters and order, as a GET form that says what it refuses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from decisions.models import Decision
from scoring.questions import OPTION_LABELS

# Statuses in the order a record goes through them, not the alphabet's.
WORKFLOW_ORDER = Case(
    *(When(status=status, then=Value(i)) for i, status in enumerate(Decision.Status.values)),
    output_field=IntegerField(),
)

SORTS: dict[str, tuple[str | Case, str]] = {
    "updated": ("-updated_at", "Recently changed"),
    "title": ("title", "Title"),
    "status": (WORKFLOW_ORDER, "Status"),
    "revisit": ("revisit_on", "Revisit date"),
    "created": ("-created_at", "Newest"),
}


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.get_full_name() or obj.username


class DecisionListForm(forms.Form):
    only_filters = True

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=forms.SearchInput(attrs={"placeholder": "Title, use case or team"}),
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Decision.Status.choices]
    )
    option = forms.ChoiceField(
        required=False,
        label="Chosen option",
        choices=[("", "Any option"), *OPTION_LABELS.items()],
    )
    team = forms.ChoiceField(required=False, choices=[("", "Any team")])
    owner = PersonField(required=False, queryset=User.objects.none(), empty_label="Anyone")
    due = forms.BooleanField(required=False, label="Review due or outdated only")
    archived = forms.BooleanField(required=False, label="Show archived")
    sort = forms.ChoiceField(
        required=False, choices=[(key, label) for key, (_, label) in SORTS.items()]
    )

    def __init__(
        self, *args: Any, owners: QuerySet[User], teams: Iterable[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ChoiceField)
        team.choices = [("", "Any team"), *((name, name) for name in teams)]
        owner = self.fields["owner"]
        assert isinstance(owner, PersonField)
        owner.queryset = owners

    def filter(self, decisions: QuerySet[Decision]) -> QuerySet[Decision]:
        """The decisions the valid filters select, in the chosen order; a refused filter
        is left out (and its message shown)."""
        self.is_valid()
        given = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        if text := (given.get("q") or "").strip():
            decisions = decisions.filter(
                Q(title__icontains=text) | Q(use_case__icontains=text) | Q(team__icontains=text)
            )
        if given.get("status"):
            decisions = decisions.filter(status=given["status"])
        if given.get("option"):
            decisions = decisions.filter(chosen_option=given["option"])
        if given.get("team"):
            decisions = decisions.filter(team=given["team"])
        if given.get("owner"):
            decisions = decisions.filter(owner=given["owner"])
        if given.get("due"):
            decisions = decisions.filter(Q(review_due=True) | Q(rescore_differs=True))
        if not given.get("archived"):
            decisions = decisions.filter(archived_at__isnull=True)
        order = SORTS[given.get("sort") or "updated"][0]
        return decisions.order_by(order, "-pk")

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields if name != "sort")
