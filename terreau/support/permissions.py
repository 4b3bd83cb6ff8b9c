"""Who may see and moderate experts' profiles."""

from terreau.accounts.permissions import has_staff_powers
from terreau.territories.roles import animated_area, animated_territory_ids

from .models import ExpertProfile


def moderated_experts(user):
    """The profiles `user` moderates: all for staff with their powers; for
    an animator, those covering a territory inside one they animate (a
    profile covering a whole département is for that département's, or its
    région's, animators); none otherwise."""
    if has_staff_powers(user):
        return ExpertProfile.objects.all()
    area = animated_area(user, "areas__territory")
    return ExpertProfile.objects.none() if area is None else ExpertProfile.objects.filter(area)


def can_moderate_experts(user) -> bool:
    return user.is_authenticated and (
        has_staff_powers(user) or animated_territory_ids(user).exists()
    )


def can_view_expert(user, profile: ExpertProfile) -> bool:
    """A public profile is everyone's; an unpublished one is its author's
    and its moderators'; a withdrawn one is its author's alone."""
    if profile.is_public:
        return True
    if not user.is_authenticated:
        return False
    if profile.person_id == user.pk:
        return True
    if profile.status != ExpertProfile.Status.PROPOSED:
        return False
    return moderated_experts(user).filter(pk=profile.pk).exists()
