"""Listeners of lower apps' signals (see docs/architecture.md)."""

from .models import Support


def withdraw_supports_outside_the_place(sender, *, place, at, **kwargs):
    """A place that changes commune withdraws its supports, on calls still
    open, of applications whose territory does not hold its new commune.
    After the closing date supports no longer change (the call's rule)."""
    supports = Support.objects.filter(place=place, kind=Support.Kind.PLACE).select_related(
        "application__call", "application__territory"
    )
    for support in supports:
        application = support.application
        if application.call.is_closed(at):
            continue
        if not application.territory.communes().filter(pk=place.commune_id).exists():
            Support.objects.filter(pk=support.pk).delete()
