"""Calendars that follow changes: SEQUENCE grows when an event moves or is
cancelled, registrants are told, one event can be added on its own, and an
empty agenda is still a valid calendar."""

import datetime
from unittest import mock

import icalendar
import pytest
import vobject
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.core import versions
from terreau.events import feeds, services
from terreau.events.models import Event
from terreau.places import services as places
from terreau.territories import freshness
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.caches import IN_MEMORY
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def update(event, **changes):
    fields = {
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "themes": list(event.themes.all()),
        "registration_required": event.registration_required,
        "capacity": event.capacity,
        "accessibility": event.accessibility,
        "is_free": event.is_free,
        "price": event.price,
        "price_note": event.price_note,
    }
    return services.update_event(event=event, **{**fields, **changes})


def test_moving_an_event_raises_its_sequence_and_tells_the_registrants(client, territories):
    place = PlaceFactory()
    event = EventFactory(place=place, title="Atelier vélo")
    person = UserFactory()
    services.register_for_event(event=event, person=person, at=timezone.now())
    update(event, title="Atelier vélo et remorques")  # the time stays: nothing to tell
    # The confirmation is written by the worker: it names the event as it is then.
    assert [m.subject for m in run_worker()] == [
        "Inscription confirmée : « Atelier vélo et remorques »"
    ]
    (vevent,) = parse(client.get(reverse("events:place_ical", args=[place.pk]))).walk("VEVENT")
    assert vevent["SEQUENCE"] == 0

    later = event.starts_at + datetime.timedelta(days=1)
    event = update(event, starts_at=later, ends_at=later + datetime.timedelta(hours=2))
    (vevent,) = parse(client.get(reverse("events:place_ical", args=[place.pk]))).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("DTSTART") == later
    told = [m for m in run_worker() if "Nouvel horaire" in m.subject]
    assert [m.to for m in told] == [[person.email]]
    assert "Nouvel horaire" in told[0].subject
    assert reverse("events:event_ical", args=[event.pk]) in told[0].body

    services.cancel_event(event=event, reason="Salle fermée.", at=timezone.now())
    (vevent,) = parse(client.get(reverse("events:event_ical", args=[event.pk]))).walk("VEVENT")
    assert (vevent["SEQUENCE"], str(vevent["STATUS"])) == (2, "CANCELLED")


def test_one_event_can_be_added_to_a_calendar_from_its_page(client, territories):
    event = EventFactory(title="Fresque du climat")
    page = client.get(event.get_absolute_url()).content.decode()
    link = reverse("events:event_ical", args=[event.pk])
    assert 'href="%s"' % link in page
    calendar = parse(client.get(link))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Fresque du climat"]


def test_a_feed_tells_calendars_when_to_come_back_and_offers_webcal(client, territories):
    place = PlaceFactory()
    calendar = parse(client.get(reverse("events:place_ical", args=[place.pk])))
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    # Empty, and still a calendar with a component (RFC 5545).
    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    agenda = client.get(reverse("events:place_agenda", args=[place.pk])).content.decode()
    assert 'href="webcal://' in agenda
    assert "/lieux/%d/agenda.ics" % place.pk in agenda


def test_a_second_independent_parser_reads_the_same_feed(client, territories):
    """vobject, another implementation of RFC 5545, reads what icalendar
    wrote: the moved event's time in its place's zone and its SEQUENCE."""
    place = PlaceFactory(commune=commune("97105"))  # Guadeloupe: not Paris time
    event = EventFactory(place=place, title="Atelier vélo")
    later = event.starts_at + datetime.timedelta(days=2)
    update(event, starts_at=later, ends_at=later + datetime.timedelta(hours=2))
    for url in (
        reverse("events:place_ical", args=[place.pk]),
        reverse("events:event_ical", args=[event.pk]),
    ):
        calendar = vobject.readOne(client.get(url).content.decode())
        (vevent,) = calendar.vevent_list
        assert vevent.summary.value == "Atelier vélo"
        assert vevent.sequence.value == "1"
        assert vevent.dtstart.value == later
        # The place's own zone, from the feed's VTIMEZONE: UTC−4, not Paris.
        assert vevent.dtstart.value.utcoffset() == datetime.timedelta(hours=-4)


def test_the_time_zone_in_a_feed_covers_its_events_dates_only(client, territories):
    """A VTIMEZONE from 1970 to 2038 is a hundred transitions nobody needs."""
    place = PlaceFactory()
    event = EventFactory(place=place)
    body = client.get(reverse("events:place_ical", args=[place.pk])).content.decode()
    calendar = icalendar.Calendar.from_ical(body)
    (zone,) = calendar.walk("VTIMEZONE")
    starts = [c["DTSTART"].dt.year for c in zone.walk() if c.name in ("STANDARD", "DAYLIGHT")]
    assert starts
    assert min(starts) >= event.starts_at.year - 1
    assert body.count("BEGIN:STANDARD") + body.count("BEGIN:DAYLIGHT") <= 4


def test_a_feed_of_several_zones_is_the_same_bytes_whatever_the_process(territories):
    """The zones in the order of their names: the order of a set changes
    with each process's hash seed, and with it the feed's bytes and ETag
    from one gunicorn worker to the next."""
    places = [PlaceFactory(commune=commune("34199")), PlaceFactory(commune=commune("97105"))]
    # Two more zones, lent to communes of the test territories.
    for code, zone in [("81004", "Indian/Reunion"), ("01053", "America/Cayenne")]:
        Territory.objects.filter(kind="commune", code=code).update(time_zone=zone)
        places.append(PlaceFactory(commune=commune(code)))
    events = [EventFactory(place=place) for place in places]
    bodies = set()
    for order in (events, events[::-1]):
        body = feeds.calendar_bytes(name="Agenda", events=order)
        calendar = icalendar.Calendar.from_ical(body)
        zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
        assert zones == ["America/Cayenne", "America/Guadeloupe", "Europe/Paris", "Indian/Reunion"]
        bodies.add(body.split(b"BEGIN:VEVENT")[0])
    assert len(bodies) == 1


def feed_events(client, url) -> dict[str, icalendar.Event]:
    response = client.get(url)
    return {str(vevent["SUMMARY"]): vevent for vevent in parse(response).walk("VEVENT")}


@override_settings(CACHES=IN_MEMORY)
def test_a_feed_reuses_the_text_another_feed_built_for_the_same_events(client, territories):
    """An event is in its place's feed, its commune's, intercommunality's…:
    its VEVENT is built once, and the next feed is the same calendar."""
    place = PlaceFactory(commune=commune("34199"))
    for title in ("Atelier vélo", "Repair café", "Troc de graines"):
        EventFactory(place=place, title=title)
    place_feed = reverse("events:place_ical", args=[place.pk])
    commune_feed = reverse("events:territory_ical", args=["commune", "34199"])
    with mock.patch.object(feeds, "_vevent", wraps=feeds._vevent) as build:
        first = feed_events(client, place_feed)
        assert build.call_count == 3
        second = feed_events(client, commune_feed)
        assert build.call_count == 3  # nothing built again
    assert sorted(second) == sorted(first) == ["Atelier vélo", "Repair café", "Troc de graines"]
    for title, vevent in first.items():
        assert second[title].to_ical() == vevent.to_ical()


@override_settings(CACHES=IN_MEMORY)
def test_a_changed_event_or_place_is_built_again_the_others_are_not(client, territories):
    place = PlaceFactory(commune=commune("34199"), name="La Ressourcerie")
    event = EventFactory(place=place, title="Atelier vélo")
    EventFactory(place=place, title="Repair café")
    url = reverse("events:place_ical", args=[place.pk])
    feed_events(client, url)

    with mock.patch.object(feeds, "_vevent", wraps=feeds._vevent) as build:
        update(event, title="Atelier vélo et remorques")
        shown = feed_events(client, url)
        assert build.call_count == 1
    assert sorted(shown) == ["Atelier vélo et remorques", "Repair café"]

    places.update_place(
        place=place,
        name="La Ressourcerie du Sud",
        kind=place.kind,
        description=place.description,
        address=place.address,
        commune=place.commune,
        themes=list(place.themes.all()),
        hours=[],
    )
    shown = feed_events(client, url)
    for vevent in shown.values():
        assert str(vevent["LOCATION"]).startswith("La Ressourcerie du Sud, ")

    services.cancel_event(event=event, reason="Pluie", at=timezone.now())
    shown = feed_events(client, url)
    assert shown["Atelier vélo et remorques"]["STATUS"] == "CANCELLED"
    assert shown["Repair café"]["STATUS"] == "CONFIRMED"


@override_settings(CACHES=IN_MEMORY)
def test_a_commune_moved_to_another_time_zone_gets_its_events_in_it(client, territories):
    """The import of the territories bumps their scope; the events' text,
    which names the zone, is built again."""
    place = PlaceFactory(commune=commune("34199"))
    EventFactory(place=place, title="Atelier vélo")
    url = reverse("events:place_ical", args=[place.pk])
    assert feed_events(client, url)["Atelier vélo"]["DTSTART"].params["TZID"] == "Europe/Paris"
    Territory.objects.filter(pk=place.commune_id).update(time_zone="Indian/Reunion")
    versions.bump(freshness.TERRITORIES, freshness.agenda(place.commune_id))
    vevent = feed_events(client, url)["Atelier vélo"]
    assert vevent["DTSTART"].params["TZID"] == "Indian/Reunion"


def test_an_event_deleted_while_its_feed_is_built_is_left_out(territories):
    place = PlaceFactory()
    kept, deleted = EventFactory(place=place, title="Atelier vélo"), EventFactory(place=place)
    stamps = feeds.stamps(Event.objects.filter(place=place).order_by("starts_at", "pk"))
    deleted.delete()
    calendar = icalendar.Calendar.from_ical(feeds.calendar_bytes(name="Agenda", events=stamps))
    assert [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")] == [kept.title]
    assert calendar.walk("VTIMEZONE")


def test_with_the_database_as_cache_a_feed_writes_no_row_per_event(client, territories):
    """Without Redis the cache is a table: a row written per event would
    cost more than building its text, so feeds build it each time."""
    place = PlaceFactory()
    url = reverse("events:place_ical", args=[place.pk])
    counts = []
    for events in (1, 12):
        while Event.objects.filter(place=place).count() < events:
            EventFactory(place=place)
        versions.bump(freshness.agenda(place.commune_id))
        with CaptureQueriesContext(connection) as context:
            assert len(feed_events(client, url)) == events
        counts.append(len(context.captured_queries))
    assert counts[1] == counts[0]
