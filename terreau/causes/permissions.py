"""Who may see a cause. One function per capability."""

from terreau.accounts.permissions import has_staff_powers

from .models import Cause


def can_view_cause(user, cause: Cause) -> bool:
    """A published cause is public; before moderation, only its author and
    staff see it. An author whose account was deleted leaves `proposed_by`
    empty: an anonymous visitor's `pk` is `None` too, hence the explicit
    sign-in test."""
    if cause.is_published or has_staff_powers(user):
        return True
    return user.is_authenticated and cause.proposed_by_id == user.pk
