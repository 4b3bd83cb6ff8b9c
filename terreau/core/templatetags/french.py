"""French formatting in templates: `{{ amount|euros }}`, `{{ day|day_fr }}`."""

from django import template

from terreau.core import formatting

register = template.Library()


@register.filter
def euros(amount) -> str:
    if amount is None or amount == "":
        return ""
    return formatting.euros(amount)


@register.filter
def day_fr(day) -> str:
    """« 1er décembre 2026 »: the first of the month is an ordinal."""
    if not day:
        return ""
    return formatting.day_fr(day)
