"""The decision's shortlist: a candidate model per side, chosen from the model catalog."""

from __future__ import annotations

from typing import Any

from django import forms

from catalog.models import Model


class ShortlistForm(forms.Form):
    open_model = forms.ChoiceField(label="Candidate open-weights model", required=False)
    closed_model = forms.ChoiceField(label="Candidate closed model", required=False)

    def __init__(self, *args: Any, version: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        models = Model.objects.filter(version_id=version).order_by("name")
        for name, access in (
            ("open_model", Model.Access.OPEN_WEIGHTS),
            ("closed_model", Model.Access.CLOSED_API),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            names = models.filter(access=access).values_list("name", flat=True)
            field.choices = [("", "None yet"), *((n, n) for n in names)]
        self.fields["open_model"].help_text = (
            "Its licence sets the option's fit on licence risk; its measured throughput, where "
            "the catalog has one, the cost model's defaults."
        )
        self.fields["closed_model"].help_text = "Its API prices become the cost model's defaults."
