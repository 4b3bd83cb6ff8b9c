"""Who may show presence codes and validate presence. One function each."""

from terreau.accounts.permissions import has_staff_powers
from terreau.places.permissions import is_host


def can_show_presence_codes(user, place) -> bool:
    """Posters, screens and event codes: the place's hosts and staff."""
    return place.is_published and (has_staff_powers(user) or is_host(user, place))


def can_validate_presence(user, place) -> bool:
    return place.is_published and (has_staff_powers(user) or is_host(user, place))
