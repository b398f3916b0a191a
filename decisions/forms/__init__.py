"""The app's forms, by page: ``questionnaire`` (a decision and its steps), ``tco`` (the cost
model's ranges), ``weights`` (sliders and pairwise comparisons). ``numbers`` holds the number
boxes they share and ``widgets`` the widgets Django renders through ``templates/forms/``."""

from django import forms


def read_only(form: forms.Form) -> None:
    """Shows a viewer what the form holds without letting them change it (the form's own
    copies of its fields)."""
    for field in form.fields.values():
        field.disabled = True
