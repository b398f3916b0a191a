"""The catalog's filter form: GET parameters, checked by Django like any form."""

from __future__ import annotations

from typing import Any

from django import forms

from catalog.licences import CATEGORIES, CATEGORY_LABELS, FLAG_IDS, FLAG_LABELS
from catalog.models import Model

ANY = [("", "Any")]


class CatalogFilterForm(forms.Form):
    only_filters = True

    q = forms.CharField(label="Name or developer", required=False, max_length=100)
    access = forms.ChoiceField(label="Access", required=False, choices=ANY + Model.Access.choices)
    category = forms.ChoiceField(
        label="Licence category",
        required=False,
        choices=ANY + [(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
    )
    commercial = forms.ChoiceField(
        label="Commercial use", required=False, choices=ANY + Model.CommercialUse.choices
    )
    flags = forms.MultipleChoiceField(
        label="Licence flags",
        required=False,
        choices=[(flag, FLAG_LABELS[flag]) for flag in FLAG_IDS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Models with every flag ticked.",
    )
    no_flags = forms.BooleanField(label="Only models with no licence flag", required=False)
    version = forms.IntegerField(
        label="Catalog version",
        required=False,
        min_value=1,
        help_text="Blank: the current version.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, versions: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = versions

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if version is not None and version not in self.versions:
            newest = max(self.versions, default=0)
            if not newest:
                raise forms.ValidationError("The catalog is empty: there is no version yet.")
            there_are = "the only one is 1" if newest == 1 else f"the versions are 1 to {newest}"
            raise forms.ValidationError(f"There is no catalog version {version}; {there_are}.")
        return version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("no_flags") and cleaned.get("flags"):
            self.add_error("no_flags", "Tick flags or “no licence flag”, not both.")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters: a wrong value is reported and left out, the rest still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if value not in ("", None, [], False)
        }
