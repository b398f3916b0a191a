from django import template

register = template.Library()


@register.filter
def usd(value: float | None) -> str:
    """A price as it was written: 0.03, 2.5, 15 — no padding zeros, no rounding away."""
    if value is None:
        return "—"
    return f"{value:,.6f}".rstrip("0").rstrip(".")
