"""Who may do what in a marathon. One function per capability."""

from terreau.accounts.permissions import has_staff_powers
from terreau.territories.roles import animates

from .models import Marathon, Team


def can_run_marathon(user, marathon: Marathon) -> bool:
    """Stages, défis and team moderation: staff, or an animator of this
    marathon's very territory (never of another territory)."""
    if not user.is_authenticated:
        return False
    return has_staff_powers(user) or animates(user, marathon.territory_id)


def can_see_invite_link(user, team: Team) -> bool:
    return user.is_authenticated and team.members.filter(person=user).exists()


def can_answer_requests(user, team: Team) -> bool:
    return user.is_authenticated and (
        team.created_by_id == user.pk or can_run_marathon(user, team.marathon)
    )
