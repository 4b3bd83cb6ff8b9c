"""Who may do what on the agenda. One function per capability."""

from terreau.accounts.permissions import has_staff_powers
from terreau.places.permissions import is_host
from terreau.territories.roles import represents

from .models import Event


def _speaks_for(user, place) -> bool:
    """A verified representative of the local authority that runs the place."""
    return place.authority_territory_id is not None and represents(
        user, place.authority_territory_id
    )


def can_publish_event(user, place) -> bool:
    return place.is_published and (
        has_staff_powers(user) or is_host(user, place) or _speaks_for(user, place)
    )


def can_manage_event(user, event: Event) -> bool:
    """Edit, cancel, see who registered."""
    return has_staff_powers(user) or is_host(user, event.place) or _speaks_for(user, event.place)


def can_register(user, event: Event, now) -> bool:
    return (
        user.is_authenticated
        and event.registration_required
        and not event.is_cancelled
        and not event.is_past(now)
    )
