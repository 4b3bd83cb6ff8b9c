"""Where and when to take up a défi near a commune: the places of the kind
it asks for and their upcoming events, in the commune's intercommunality
(the commune alone when it has none), and the current stages of marathons
there in which it counts. What the défi page shows to send people out."""

import dataclasses
import datetime
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Value, When

from terreau.core import versions
from terreau.events.models import Event
from terreau.places.models import Place
from terreau.territories import freshness
from terreau.territories.models import Territory

from . import services
from .models import Challenge, Marathon, Participant, Stage

PLACES_SHOWN = 8
EVENTS_SHOWN = 5


@dataclasses.dataclass(frozen=True)
class Nearby:
    commune: Territory
    area: Territory
    places: list[Place]
    more_places: bool
    events: list[Event]
    stages: list[Stage]


def nearby(challenge: Challenge, commune: Territory, now: datetime.datetime) -> Nearby:
    area = commune.epci or commune
    places = Place.objects.published().in_territory(area)
    if challenge.place_kind_list:
        places = places.filter(kind__in=challenge.place_kind_list)
    # The commune's own places first, then the others by name.
    found = list(
        places.select_related("commune__departement")
        .prefetch_related("themes")
        .annotate(
            elsewhere=Case(
                When(commune=commune, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("elsewhere", "name", "pk")[: PLACES_SHOWN + 1]
    )
    events = []
    if found:
        events = list(
            Event.objects.visible()
            .filter(status=Event.Status.SCHEDULED, place__in=places)
            .upcoming(now)
            .for_listing()[:EVENTS_SHOWN]
        )
    day = now.astimezone(ZoneInfo(commune.time_zone)).date()
    around = [t for t in (commune, commune.epci, commune.departement) if t is not None]
    stages = list(
        challenge.stages.filter(
            marathon__territory__in=around, starts_on__lte=day, ends_on__gte=day, is_published=True
        )
        .select_related("marathon")
        .order_by("marathon__title", "pk")
    )
    return Nearby(
        commune=commune,
        area=area,
        places=found[:PLACES_SHOWN],
        more_places=len(found) > PLACES_SHOWN,
        events=events,
        stages=stages,
    )


@dataclasses.dataclass(frozen=True)
class Invitation:
    marathon: Marathon
    can_join: bool


def marathons_running(commune: Territory, day: datetime.date) -> list[Marathon]:
    """The marathons of the commune, its intercommunality or its département
    that run on `day`: read on every scan, the same for everyone, and most
    often none, so kept in the shared cache until a marathon changes."""

    def compute():
        around = [commune.pk, commune.epci_id, commune.departement_id]
        return list(
            Marathon.objects.filter(
                territory__in=[pk for pk in around if pk is not None],
                starts_on__lte=day,
                ends_on__gte=day,
            )
            .select_related("territory")
            .order_by("title", "pk")
        )

    return versions.remember(
        "marathons-running:%d:%s" % (commune.pk, day.isoformat()),
        [freshness.MARATHONS, freshness.TERRITORIES],
        compute,
    )


def marathons_to_join(*, person, place: Place, day: datetime.date) -> list[Invitation]:
    """The marathons running today around `place` that `person` (None when
    signed out) has not joined: a scan there is the moment to invite them,
    since only a participant's défis count. `can_join` says whether they
    live or act in its territory, as joining requires."""
    marathons = marathons_running(place.commune, day)
    if person is not None and marathons:
        joined = set(
            Participant.objects.filter(person=person, marathon__in=marathons).values_list(
                "marathon_id", flat=True
            )
        )
        marathons = [marathon for marathon in marathons if marathon.pk not in joined]
    return [
        Invitation(
            marathon=marathon,
            can_join=person is not None and services.lives_or_acts_in(person, marathon),
        )
        for marathon in marathons
    ]
