"""Calendars that follow changes: SEQUENCE grows when an event moves or is
cancelled, registrants are told, one event can be added on its own, and an
empty agenda is still a valid calendar."""

import datetime

import icalendar
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from terreau.events import feeds, services
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory
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
