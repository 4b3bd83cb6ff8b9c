"""Who may do what with a place. One function per capability."""

from terreau.accounts.permissions import has_staff_powers
from terreau.territories.roles import animated_area, animated_territory_ids

from .models import Place


def is_host(user, place: Place) -> bool:
    if not user.is_authenticated:
        return False
    hosts = getattr(place, "_host_ids", None)
    if hosts is None:
        hosts = place._host_ids = set(place.hosts.values_list("person_id", flat=True))
    return user.pk in hosts


def can_view_place(user, place: Place) -> bool:
    return place.is_published or has_staff_powers(user) or is_host(user, place)


def can_edit_place(user, place: Place) -> bool:
    return has_staff_powers(user) or is_host(user, place)


def can_invite_cohost(user, place: Place) -> bool:
    return is_host(user, place)


def can_report_place(user, place: Place) -> bool:
    return user.is_authenticated and place.is_published


def moderated_places(user):
    """The places `user` moderates: all for staff with their powers; for an
    animator, those of the territories they animate (a commune, an EPCI, a
    département or a région and everything in it); none otherwise."""
    if has_staff_powers(user):
        return Place.objects.all()
    area = animated_area(user, "commune")
    return Place.objects.none() if area is None else Place.objects.filter(area)


def can_moderate_places(user) -> bool:
    return user.is_authenticated and (
        has_staff_powers(user) or animated_territory_ids(user).exists()
    )
