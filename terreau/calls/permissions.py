"""Who may do what with a call and its applications. One function each."""

from terreau.accounts.permissions import has_staff_powers

from .models import Application


def is_author(user, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    authors = getattr(application, "_author_ids", None)
    if authors is None:
        authors = application._author_ids = set(application.authors.values_list("pk", flat=True))
    return user.pk in authors


def can_view_application(user, application: Application) -> bool:
    """A draft is private to its co-authors (and staff) until it is submitted."""
    return application.is_submitted or has_staff_powers(user) or is_author(user, application)


def can_edit_application(user, application: Application) -> bool:
    return is_author(user, application)
