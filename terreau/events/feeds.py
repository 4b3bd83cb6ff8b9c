"""iCalendar feeds (RFC 5545), built with the `icalendar` library."""

import datetime
import functools

import icalendar
from django.conf import settings
from django.http import HttpResponse

from .models import Event

PRODID = "-//Terreau//Agenda des territoires//FR"


def calendar_response(*, name: str, events, filename: str) -> HttpResponse:
    return calendar_file(calendar_bytes(name=name, events=events), filename=filename)


def calendar_file(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="%s"' % filename
    return response


def calendar_bytes(*, name: str, events) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # How often a subscribed calendar should come back (RFC 7986, and the
    # older name some applications read).
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event))
    # Each DTSTART/DTEND carries the place's TZID; the VTIMEZONE definitions
    # they need are added from the tz database, trimmed to the feed's dates
    # (not 1970–2038: a few transitions instead of a hundred).
    _add_timezones(calendar, events)
    if not calendar.subcomponents:
        # RFC 5545 wants at least one component: an empty agenda carries the
        # time zone its events will use, and stays a valid calendar.
        calendar.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
    return calendar.to_ical()


def event_ics(event: Event) -> str:
    """One event as a calendar file's text (an e-mail's attachment)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(_vevent(event))
    _add_timezones(calendar, [event])
    return calendar.to_ical().decode()


def _add_timezones(calendar: icalendar.Calendar, events: list[Event]) -> None:
    """The VTIMEZONE of each zone the events use, in the order of their names
    (the same feed is the same bytes in every process), covering whole months
    around the events: the same few definitions serve every feed of the
    month and are built once per process (an overseas zone without summer
    time takes 20 to 35 ms to build, Europe/Paris 0.1 ms)."""
    if not events:
        return
    first = min(event.starts_at for event in events).date() - datetime.timedelta(days=1)
    last = max(event.ends_at for event in events).date() + datetime.timedelta(days=1)
    first = first.replace(day=1)
    last = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    position = len(calendar.timezones)
    for tzid in sorted(calendar.get_missing_tzids()):
        try:
            timezone = _timezone(tzid, first, last)
        except ValueError:  # a zone the tz database does not know
            continue
        # Before the events that refer to it, as add_missing_timezones() does.
        calendar.subcomponents.insert(position, timezone)
        position += 1


@functools.lru_cache(maxsize=64)
def _timezone(tzid: str, first: datetime.date, last: datetime.date) -> icalendar.Timezone:
    """Shared by the calendars built in this process, which only read it."""
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _vevent(event: Event) -> icalendar.Event:
    zone = event.time_zone
    vevent = icalendar.Event()
    vevent.add("uid", "event-%s@%s" % (event.pk, settings.SITE_URL.split("//")[-1]))
    # The event's last revision, not the time of the request: the same feed
    # is the same bytes until an event changes, so a calendar's
    # If-None-Match gets 304 (RFC 5545 3.8.7.2: without METHOD, DTSTAMP is
    # LAST-MODIFIED).
    vevent.add("dtstamp", event.updated_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    vevent.add("description", event.description)
    vevent.add("location", "%s, %s" % (event.place.name, event.place.full_address))
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    for theme in event.themes.all():
        vevent.add("categories", theme.name)
    return vevent
