"""Who may see and decide a request to represent a local authority."""

from terreau.accounts.permissions import has_staff_powers
from terreau.territories.roles import represents


def can_decide(user, request) -> bool:
    """Staff with their powers, or a verified representative of the same
    authority; never the person who asks."""
    if not user.is_authenticated or request.person_id == user.pk:
        return False
    return has_staff_powers(user) or represents(user, request.territory_id)


def can_view(user, request) -> bool:
    return user.is_authenticated and (request.person_id == user.pk or can_decide(user, request))
