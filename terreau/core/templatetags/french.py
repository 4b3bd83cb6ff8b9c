"""French formatting in templates: `{{ amount|euros }}`, `{{ day|day_fr }}`."""

import re

from django import template
from django.template.defaultfilters import date

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


FIRST_OF_THE_MONTH = re.compile(
    r"(?<![\d])1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
)


@register.filter(expects_localtime=True, is_safe=False)
def date_fr(value, arg=None) -> str:
    """Django's `date` filter, with the first of the month as an ordinal:
    `{{ day|date_fr:"j F Y" }}` gives « 1er octobre 2026 »."""
    text = date(value, arg)
    return FIRST_OF_THE_MONTH.sub(r"1er \1", text) if "j F" in (arg or "") else text


@register.filter
def duration_fr(seconds) -> str:
    """« 1 h 05 min 30 s », « 12 min 04 s », « 45 s »: a duration as read aloud."""
    if seconds is None or seconds == "":
        return ""
    return formatting.duration_fr(int(seconds))
