"""Who may see a cause. One function per capability."""

from terreau.accounts.permissions import has_staff_powers
from terreau.territories.roles import animated_area, animated_territory_ids

from .models import Cause


def can_view_cause(user, cause: Cause) -> bool:
    """A published cause is public; before moderation, only its author and
    staff see it. An author whose account was deleted leaves `proposed_by`
    empty: an anonymous visitor's `pk` is `None` too, hence the explicit
    sign-in test."""
    if cause.is_published or has_staff_powers(user):
        return True
    return user.is_authenticated and cause.proposed_by_id == user.pk


def moderated_causes(user):
    """Staff with their powers moderate every cause; an animator those
    anchored in the territories they animate."""
    if has_staff_powers(user):
        return Cause.objects.all()
    area = animated_area(user, "territory")
    return Cause.objects.none() if area is None else Cause.objects.filter(area)


def can_moderate_causes(user) -> bool:
    return user.is_authenticated and (
        has_staff_powers(user) or animated_territory_ids(user).exists()
    )
