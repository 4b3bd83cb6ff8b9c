"""Who may see, change or review an assessment. One function per capability.

A draft is its author's alone: anyone else, staff included, gets a 404 (the
Boussole holds nothing staff must act on; a published assessment is public).
An author whose account was deleted leaves `author` empty: an anonymous
visitor's `pk` is `None` too, hence the explicit sign-in test."""

from terreau.governance.models import Member

from .models import Assessment


def is_author(user, assessment: Assessment) -> bool:
    return user.is_authenticated and assessment.author_id == user.pk


def can_view(user, assessment: Assessment) -> bool:
    return assessment.is_published or is_author(user, assessment)


def can_edit(user, assessment: Assessment) -> bool:
    return not assessment.is_published and is_author(user, assessment)


def can_review(user, assessment: Assessment) -> bool:
    """Members of the cooperative review published assessments; the authors
    answer them."""
    if not assessment.is_published or not user.is_authenticated:
        return False
    return is_author(user, assessment) or Member.objects.active_of(user) is not None
