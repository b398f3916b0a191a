"""Number boxes that read numbers as people type them.

"1,200,000", "1 200 000" and "1_200_000" are read as 1200000; a trailing unit that matches the
box ("800 ms", "5 %", "5%", "$2.50" in a USD box) is accepted; a decimal comma ("5,5") and a
unit that does not match ("800 s" in a box of milliseconds) are refused with a message that
says what to type instead. The limits are said in the question bank's words ("At least
50 ms.") rather than Django's "Ensure this value is greater than…".
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from decisions.forms.widgets import NumberBox
from scoring.questions import limit_text

ENTER_A_NUMBER = "Enter a number."
ENTER_A_WHOLE_NUMBER = "Enter a whole number."

# Commas that group thousands: "1,000" or "12,500,000.5"; anything else with a comma (a
# decimal comma: "5,5") is refused rather than read as 55.
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
# A number, then whatever follows it (a unit, if anything): "800 ms", "5%", "-2.5e3 tokens".
_NUMBER_THEN_REST = re.compile(
    r"(?P<number>[+-]?(\d[\d,_ \u202f]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s*(?P<rest>\S.*)?"
)
_SINGULAR = {"requests": "request", "tokens": "token", "months": "month", "gpus": "gpu"}


def unit_spellings(unit: str) -> frozenset[str]:
    """How people may write ``unit`` after a number, in lower case without spaces: the unit
    itself, its first word ("%" for "% per month", "usd" for "USD / 1M tokens"), the
    singular of a plural, and "$" for dollars."""
    if not unit:
        return frozenset()
    first = unit.split()[0].lower()
    spellings = {unit.lower().replace(" ", ""), first}
    spellings |= {_SINGULAR[s] for s in list(spellings) if s in _SINGULAR}
    if first == "usd":
        spellings.add("$")
    return frozenset(spellings)


def read_number(value: Any, unit: str) -> Any:
    """The number part of what was typed, as Django's number fields parse it; raises a
    ValidationError for a decimal comma or a unit the box does not take. Anything else that
    is not a number is left for the field to refuse."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if unit_spellings(unit) & {"$"} and text.startswith("$"):
        text = text[1:].lstrip()
    match = _NUMBER_THEN_REST.fullmatch(text)
    if match is None:
        return text
    number, rest = match["number"].strip(), match["rest"]
    if rest is not None and rest.lower().replace(" ", "") not in unit_spellings(unit):
        expected = f"in {unit}" if unit else "without a unit"
        raise forms.ValidationError(
            f"“{rest}” is not this box's unit: enter the number {expected}.", code="unit"
        )
    number = number.replace("_", "").replace(" ", "").replace("\u202f", "")
    if "," in number:
        if not _THOUSANDS.fullmatch(number):
            raise forms.ValidationError(
                "Write decimals with a point (5.5), not a comma.", code="decimal_comma"
            )
        number = number.replace(",", "")
    return number


class LenientIntegerField(forms.IntegerField):
    def __init__(self, *, unit: str = "", **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        return super().to_python(read_number(value, self.unit))


class LenientFloatField(forms.FloatField):
    def __init__(self, *, unit: str = "", **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        return super().to_python(read_number(value, self.unit))


def number_field(
    *,
    integer: bool,
    limits: tuple[float, float],
    unit: str,
    attrs: dict[str, Any] | None = None,
    show_unit: bool = True,
    **kwargs: Any,
) -> forms.Field:
    """A box for a number within ``limits``, with the same messages everywhere. The unit is
    printed after the box unless ``show_unit`` is off (a table with a column of units)."""
    minimum, maximum = limits
    error_messages = {
        "required": ENTER_A_NUMBER,
        "invalid": ENTER_A_WHOLE_NUMBER if integer else ENTER_A_NUMBER,
        **limit_messages(minimum, maximum, unit),
    }
    widget = NumberBox(unit=unit if show_unit else "", integer=integer, attrs=attrs)
    if integer:
        return LenientIntegerField(
            unit=unit,
            min_value=int(minimum),
            max_value=int(maximum),
            widget=widget,
            error_messages=error_messages,
            **kwargs,
        )
    return LenientFloatField(
        unit=unit,
        min_value=minimum,
        max_value=maximum,
        widget=widget,
        error_messages=error_messages,
        **kwargs,
    )


def limit_messages(minimum: float, maximum: float, unit: str) -> dict[str, str]:
    messages = {
        "min_value": f"At least {limit_text(minimum, unit)}.",
        "max_value": f"At most {limit_text(maximum, unit)}.",
    }
    # Django fills in these messages with "%" formatting: "% per month" must reach it as
    # "%% per month".
    return {code: message.replace("%", "%%") for code, message in messages.items()}
