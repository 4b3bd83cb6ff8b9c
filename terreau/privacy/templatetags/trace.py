import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.core.templatetags.french import date_fr

register = template.Library()


@register.filter
def trace_value(value) -> str:
    """A value of « Ma trace » as a person reads it: dates in French, in the
    site's time, yes and no in words."""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        return date_fr(timezone.localtime(value), "j F Y à H:i")
    if isinstance(value, datetime.date):
        return date_fr(value, "j F Y")
    return str(value)
