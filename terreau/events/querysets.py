import datetime

from django.db import models

RULE = (
    "L'agenda montre les événements à venir (un événement en cours l'est jusqu'à sa fin) dans "
    "l'ordre de leur début, le plus proche d'abord ; les événements passés, du plus récent au "
    "plus ancien. Un événement dure au plus 31 jours. Aucun événement n'est mis en avant : ni "
    "payé, ni choisi, ni « populaire ». "
    "Une liste d'attente se remplit dans l'ordre des inscriptions."
)

# No event lasts longer (events.forms refuses it): an event under way began
# at most this long ago, so listing what is upcoming walks the index on the
# start (`event_start_order`) from that day instead of sorting every upcoming
# event of France (the home page: 31 ms → 0.6 ms on `make bench`'s data).
LONGEST_EVENT = datetime.timedelta(days=31)

PLACE_IN_TERRITORY = {
    "commune": "place__commune",
    "epci": "place__commune__epci",
    "departement": "place__commune__departement",
    "region": "place__commune__region",
}


class EventQuerySet(models.QuerySet):
    def visible(self):
        """Events of published places, scheduled or cancelled (a cancelled
        event stays visible as such)."""
        return self.filter(place__status="published")

    def upcoming(self, now: datetime.datetime):
        # An event under way is still "upcoming" until it ends.
        return self.filter(ends_at__gt=now, starts_at__gt=now - LONGEST_EVENT).order_by(
            "starts_at", "pk"
        )

    def past(self, now: datetime.datetime):
        return self.filter(ends_at__lte=now).order_by("-starts_at", "-pk")

    def in_territory(self, territory):
        return self.filter(**{PLACE_IN_TERRITORY[territory.kind]: territory})

    def between(self, start: datetime.datetime | None, end: datetime.datetime | None):
        events = self
        if start is not None:
            events = events.filter(ends_at__gt=start)
        if end is not None:
            events = events.filter(starts_at__lt=end)
        return events

    def for_listing(self):
        # A list names each event's place and commune (« Pézenas (34) »: the
        # département's number comes from the commune's code), not its
        # themes: only the event's own page shows those.
        return self.select_related("place__commune")


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status="confirmed")

    def waiting(self):
        return self.filter(status="waiting").order_by("created_at", "pk")
