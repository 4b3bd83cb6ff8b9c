"""A demo that looks like a real territory: no page of it may show an
impossible situation (issue 12, 7)."""

import datetime
import itertools
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from terreau.checkins.models import CheckIn
from terreau.demo import data as demo
from terreau.events.models import Event, Registration
from terreau.governance.models import Assembly, AuditEntry
from terreau.places.hours import is_open_at
from terreau.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(territories):
    call_command("load_challenges")
    demo.load()


def check_places_have_varied_names_and_kinds():
    names = list(Place.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert not [n for n in names if re.search(r"Lieu partenaire \d+", n)]
    network = Place.objects.filter(proposed_by__email__startswith="reseau-")
    assert network.count() == 150
    assert network.values("kind").distinct().count() >= 6


def check_every_event_is_within_its_places_opening_hours_and_not_on_a_holiday():
    events = Event.objects.select_related("place__commune").prefetch_related("place__opening_hours")
    assert events.count() >= 30
    for event in events:
        zone = ZoneInfo(event.place.commune.time_zone)
        hours = list(event.place.opening_hours.all())
        assert is_open_at(hours, event.starts_at, zone), event
        assert is_open_at(hours, event.ends_at - datetime.timedelta(minutes=1), zone), event
        local = event.starts_at.astimezone(zone)
        assert (local.month, local.day) not in demo.HOLIDAYS, event
    # Not all at the same hour on the same days.
    assert len({e.starts_at.astimezone(ZoneInfo("Europe/Paris")).time() for e in events}) >= 4
    assert len({e.starts_at.date() for e in events}) >= 15


def check_nobody_is_registered_to_two_events_at_once():
    seats = defaultdict(list)
    for registration in Registration.objects.select_related("event"):
        seats[registration.person_id].append(registration.event)
    for events in seats.values():
        events.sort(key=lambda e: e.starts_at)
        for first, second in itertools.pairwise(events):
            assert first.ends_at <= second.starts_at, (first, second)


def check_assemblies_and_votes_happen_at_waking_hours():
    zone = ZoneInfo("Europe/Paris")
    for assembly in Assembly.objects.all():
        for moment in (assembly.starts_at, assembly.voting_opens_at, assembly.voting_closes_at):
            assert 8 <= moment.astimezone(zone).hour <= 21, (assembly, moment)
    journal = AuditEntry.objects.filter(action__in=["vote_cast", "assembly_convened"])
    assert journal.exists()
    for entry in journal:
        assert 8 <= entry.at.astimezone(zone).hour <= 21, entry.summary


def check_presences_at_places_happen_while_they_are_open():
    checkins = CheckIn.objects.filter(event__isnull=True).select_related("place__commune")
    assert checkins.exists()
    for checkin in checkins.prefetch_related("place__opening_hours"):
        zone = ZoneInfo(checkin.place.commune.time_zone)
        assert is_open_at(checkin.place.opening_hours.all(), checkin.created_at, zone), checkin
        assert checkin.created_at <= timezone.now()


def test_no_page_of_the_demo_shows_an_impossible_situation(demo_data):
    """One load of the demo (it takes seconds), every check on it."""
    check_places_have_varied_names_and_kinds()
    check_every_event_is_within_its_places_opening_hours_and_not_on_a_holiday()
    check_nobody_is_registered_to_two_events_at_once()
    check_assemblies_and_votes_happen_at_waking_hours()
    check_presences_at_places_happen_while_they_are_open()
