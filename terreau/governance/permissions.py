"""Who may do what in the cooperative's governance. One function per capability."""

from terreau.accounts.permissions import has_staff_powers
from terreau.territories.roles import animated_territory_ids, animates

from .models import Consultation, Member


def can_manage_cooperative(user) -> bool:
    """Settings, colleges, the member register, assemblies: staff only."""
    return has_staff_powers(user)


def can_see_certificate(user, member: Member) -> bool:
    return user.is_authenticated and (has_staff_powers(user) or member.person_id == user.pk)


def can_start_consultation(user) -> bool:
    """Who sees the consultation form: staff, or a territory's animator (who
    then publishes for the territories they animate only)."""
    if not user.is_authenticated:
        return False
    return has_staff_powers(user) or animated_territory_ids(user).exists()


def can_publish_consultation(user, territory=None) -> bool:
    """Staff for the whole cooperative or any territory; a territory's
    animators for that territory only."""
    if not user.is_authenticated:
        return False
    if has_staff_powers(user):
        return True
    return animates(user, territory)


def can_answer_amendments(user, consultation: Consultation) -> bool:
    if not user.is_authenticated:
        return False
    if has_staff_powers(user) or consultation.author_id == user.pk:
        return True
    return consultation.territory_id is not None and can_publish_consultation(
        user, consultation.territory
    )
