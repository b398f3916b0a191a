"""Widgets rendered by Django through the project's templates (``templates/forms/widgets``),
so that every value is escaped by the template engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms.widgets import ChoiceWidget


class NumberBox(forms.TextInput):
    """A text box for a number, with its unit after it ("ms", "% per month").

    A text input, not type=number: the browser would silently drop what it cannot parse,
    and what the user typed must come back to them with a message instead.
    """

    template_name = "forms/widgets/number_box.html"

    def __init__(self, *, unit: str = "", integer: bool = False, attrs: Any = None) -> None:
        super().__init__(
            attrs={"inputmode": "numeric" if integer else "decimal", "autocomplete": "off"}
            | dict(attrs or {})
        )
        self.unit = unit

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["unit"] = self.unit
        return context

    def format_value(self, value: Any) -> str | None:
        # A stored 3.0 is shown as 3, as it was typed.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().format_value(value)


class Slider(forms.NumberInput):
    """A range input (0–100 by default) for a weight."""

    input_type = "range"

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs={"min": 0, "max": 100, "step": 1} | dict(attrs or {}))


class _ChoicesWithHelp(ChoiceWidget):
    """Radio buttons or checkboxes whose choices may carry a line of help each."""

    template_name = "forms/widgets/choices.html"
    option_template_name = "forms/widgets/choice.html"

    def __init__(self, *, choice_help: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choice_help = dict(choice_help or {})

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        option["help"] = self.choice_help.get(str(option["value"]), "")
        return option


class RadioChoices(_ChoicesWithHelp, forms.RadioSelect):
    pass


class CheckboxChoices(_ChoicesWithHelp, forms.CheckboxSelectMultiple):
    pass
