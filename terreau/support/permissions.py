"""Who may see and moderate experts' profiles, and see requests for help."""

from terreau.accounts.permissions import has_staff_powers
from terreau.places.models import PlaceHost
from terreau.territories.roles import animated_area, animated_territory_ids, represents

from .models import ExpertProfile, HelpRequest


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


def can_view_request(user, help_request) -> bool:
    """Its requester, the experts it is offered to, its expert, staff with
    their powers; a 404 for anyone else."""
    if not user.is_authenticated:
        return False
    if help_request.requester_id == user.pk or has_staff_powers(user):
        return True
    return help_request.offers.filter(expert__person=user).exists()


def is_accepted_expert(user, help_request) -> bool:
    return (
        user.is_authenticated
        and help_request.expert_id is not None
        and help_request.expert.person_id == user.pk
    )


def can_see_requester_contact(user, help_request) -> bool:
    """Only the expert who accepted sees the contact the requester chose to
    share; the experts merely offered the request read what is asked."""
    return is_accepted_expert(user, help_request)


def can_see_feedback(user, help_request) -> bool:
    """Whether it helped: its author, the expert concerned and staff."""
    return (
        help_request.requester_id == user.pk
        or is_accepted_expert(user, help_request)
        or has_staff_powers(user)
    )


def can_see_gaps(user) -> bool:
    return user.is_authenticated and (
        has_staff_powers(user) or animated_territory_ids(user).exists()
    )


def requests_in_scope(user):
    """The requests whose gaps and figures `user` follows: all for staff
    with their powers, those of the territories an animator animates."""
    if has_staff_powers(user):
        return HelpRequest.objects.all()
    area = animated_area(user, "territory")
    return HelpRequest.objects.none() if area is None else HelpRequest.objects.filter(area)


def is_diagnostic_author(user, diagnostic) -> bool:
    return user.is_authenticated and diagnostic.author_id == user.pk


def speaks_for_subject(user, diagnostic) -> bool:
    """A current host of the diagnosed place, a verified representative of
    the diagnosed authority (a host who left no longer does)."""
    if not user.is_authenticated:
        return False
    if diagnostic.place_id:
        return PlaceHost.objects.filter(place_id=diagnostic.place_id, person=user).exists()
    if diagnostic.authority_id:
        return represents(user, diagnostic.authority_id)
    return False


def can_view_diagnostic(user, diagnostic) -> bool:
    """A person's: its author alone, staff included. A place's or an
    authority's: its author and the place's hosts or the authority's
    representatives; everyone's once they publish it."""
    return (
        diagnostic.is_public
        or is_diagnostic_author(user, diagnostic)
        or speaks_for_subject(user, diagnostic)
    )


def can_publish_diagnostic(user, diagnostic) -> bool:
    return diagnostic.subject != "person" and speaks_for_subject(user, diagnostic)
