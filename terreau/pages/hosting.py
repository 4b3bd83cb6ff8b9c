"""Whom a host may validate at a place: the people who have a link to it.

A host searching a name must find the person standing in front of them, not
a namesake elsewhere in France. The search is limited to three groups, in
this order, and says for each person why they are listed and what tells two
namesakes apart (their commune, their team, when they registered), never
their e-mail:

1. people registered to an event at this place today;
2. participants of a marathon whose territory holds the place;
3. people whose presence was already recorded here.

It lives in `pages` because the second group belongs to `challenges`,
which sits above `checkins`.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from terreau.challenges.models import Marathon, Participant, TeamMember
from terreau.checkins.models import CheckIn
from terreau.core.formatting import moment_fr
from terreau.events.models import Event, Registration
from terreau.places.models import Place

RULE = (
    "Quand un hôte cherche un nom pour valider une présence, seules les personnes liées au lieu "
    "sont proposées, dans cet ordre : inscrites à un événement du lieu aujourd'hui, puis "
    "participantes d'un marathon du territoire du lieu, puis déjà venues dans le lieu. Pour "
    "chacune, la page dit pourquoi elle est proposée et ce qui distingue deux homonymes, jamais "
    "son adresse e-mail."
)

SEARCH_RESULTS = 10


@dataclass
class Candidate:
    person: object
    link: str
    details: list[str] = field(default_factory=list)


def _local_day_bounds(place: Place, day: datetime.date):
    zone = ZoneInfo(place.commune.time_zone)
    start = datetime.datetime.combine(day, datetime.time(), zone)
    return start, start + datetime.timedelta(days=1)


def _marathons_of(place: Place):
    commune = place.commune
    territory_ids = [commune.pk, commune.epci_id, commune.departement_id]
    return Marathon.objects.filter(territory_id__in=[t for t in territory_ids if t])


def linked_people(place: Place, *, day: datetime.date, name: str = "", person_id=None):
    """The candidates for a validation at `place` on the local `day`, whose
    display name contains `name` (or the one person `person_id`), in the
    order of the groups above, each person once."""
    people = get_user_model().objects.filter(is_active=True)
    if person_id is not None:
        people = people.filter(pk=person_id)
    else:
        people = people.filter(display_name__icontains=name)
    start, end = _local_day_bounds(place, day)
    registrations = (
        Registration.objects.filter(
            event__place=place,
            event__starts_at__lt=end,
            event__ends_at__gte=start,
            event__status=Event.Status.SCHEDULED,
            status=Registration.Status.CONFIRMED,
            person__in=people,
        )
        .select_related("person__home_commune", "event")
        .order_by("person__display_name", "created_at")
    )
    marathons = _marathons_of(place)
    participants = (
        Participant.objects.filter(marathon__in=marathons, person__in=people)
        .select_related("person__home_commune", "marathon__territory")
        .order_by("person__display_name")
    )
    earlier = (
        CheckIn.objects.filter(place=place, person__in=people)
        .select_related("person__home_commune")
        .order_by("person__display_name", "-created_at")
    )
    found: dict[int, Candidate] = {}
    zone = ZoneInfo(place.commune.time_zone)
    for registration in registrations[: SEARCH_RESULTS * 2]:
        if registration.person_id not in found:
            found[registration.person_id] = Candidate(
                registration.person,
                _("inscrit·e à « %(event)s » (le %(when)s)")
                % {
                    "event": registration.event.title,
                    "when": moment_fr(registration.created_at.astimezone(zone)),
                },
            )
    for participant in participants[: SEARCH_RESULTS * 2]:
        if participant.person_id not in found:
            found[participant.person_id] = Candidate(
                participant.person,
                _("participe au marathon de %(territory)s")
                % {"territory": participant.marathon.territory.name},
            )
    for checkin in earlier[: SEARCH_RESULTS * 4]:
        if checkin.person_id not in found:
            found[checkin.person_id] = Candidate(
                checkin.person,
                _("déjà venu·e ici (dernière présence le %(when)s)")
                % {"when": moment_fr(checkin.created_at.astimezone(zone))},
            )
    candidates = list(found.values())[:SEARCH_RESULTS]
    teams = dict(
        TeamMember.objects.filter(
            marathon__in=marathons, person_id__in=[c.person.pk for c in candidates]
        ).values_list("person_id", "team__name")
    )
    for candidate in candidates:
        if candidate.person.home_commune_id:
            candidate.details.append(
                _("habite %(commune)s") % {"commune": candidate.person.home_commune.name}
            )
        if candidate.person.pk in teams:
            candidate.details.append(_("équipe %(team)s") % {"team": teams[candidate.person.pk]})
        candidate.details.append(
            _("compte créé le %(when)s")
            % {"when": moment_fr(candidate.person.date_joined.astimezone(zone))}
        )
    return candidates
