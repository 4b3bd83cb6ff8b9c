import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from terreau.checkins import services, tokens
from terreau.checkins.models import CheckIn
from terreau.events.models import Event
from tests.accounts.factories import UserFactory
from tests.checkins.factories import check_in, open_every_day
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def event_token(event):
    return tokens.sign(
        tokens.event_claim(event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at)
    )


def test_check_in_at_an_event_during_its_window(territories, person):
    event = EventFactory()
    checkin = check_in(person=person, token=event_token(event), at=event.starts_at)
    assert (checkin.event, checkin.place, checkin.source) == (event, event.place, "event")


@pytest.mark.parametrize(
    ("offset", "code"),
    [(datetime.timedelta(hours=-1), "early"), (datetime.timedelta(hours=3), "expired")],
)
def test_event_code_outside_its_window_records_nothing(territories, person, offset, code):
    event = EventFactory()
    with pytest.raises(services.CheckInRefused) as refusal:
        check_in(person=person, token=event_token(event), at=event.starts_at + offset)
    assert refusal.value.code == code
    assert not CheckIn.objects.exists()


def test_a_cancelled_event_accepts_no_check_in(territories, person):
    event = EventFactory(status=Event.Status.CANCELLED)
    with pytest.raises(services.CheckInRefused, match="annulé"):
        check_in(person=person, token=event_token(event), at=event.starts_at)
    assert not CheckIn.objects.exists()


def test_a_tampered_token_records_nothing(territories, person):
    event = EventFactory()
    with pytest.raises(services.CheckInRefused) as refusal:
        check_in(person=person, token=event_token(event)[:-2] + "zz", at=event.starts_at)
    assert refusal.value.code == "tampered"
    assert not CheckIn.objects.exists()


def test_one_person_counts_once_per_event(territories, person):
    event = EventFactory()
    check_in(person=person, token=event_token(event), at=event.starts_at)
    with pytest.raises(services.CheckInRefused, match="déjà enregistrée"):
        check_in(
            person=person,
            token=event_token(event),
            at=event.starts_at + datetime.timedelta(minutes=5),
        )
    assert CheckIn.objects.count() == 1


def test_poster_works_only_while_the_place_is_open(territories, person):
    place = PlaceFactory()
    open_every_day(place, datetime.time(9), datetime.time(12))
    tuesday_10h = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)
    token = tokens.sign(tokens.poster_claim(place_id=place.pk, at=tuesday_10h, zone=PARIS))
    with pytest.raises(services.CheckInRefused) as refusal:
        check_in(person=person, token=token, at=tuesday_10h.replace(hour=20))
    assert refusal.value.code == "closed"
    checkin = check_in(person=person, token=token, at=tuesday_10h)
    assert checkin.day == datetime.date(2026, 11, 24)
    # once per place and day
    with pytest.raises(services.CheckInRefused) as refusal:
        check_in(person=person, token=token, at=tuesday_10h + datetime.timedelta(minutes=30))
    assert refusal.value.code == "duplicate"
    next_day = check_in(person=person, token=token, at=tuesday_10h + datetime.timedelta(days=1))
    assert next_day.day == datetime.date(2026, 11, 25)


def test_a_poster_of_a_place_without_hours_validates_nothing(territories, person):
    place = PlaceFactory()
    now = timezone.now()
    token = tokens.sign(tokens.poster_claim(place_id=place.pk, at=now, zone=PARIS))
    with pytest.raises(services.CheckInRefused, match="fermé"):
        check_in(person=person, token=token, at=now)


def test_a_place_awaiting_moderation_has_no_valid_code(territories, person):
    place = PlaceFactory(status="proposed")
    token = tokens.sign(tokens.screen_claim(place_id=place.pk, at=timezone.now()))
    with pytest.raises(services.CheckInRefused) as refusal:
        check_in(person=person, token=token, at=timezone.now())
    assert refusal.value.code == "unknown"


def test_check_ins_are_rate_limited(territories, person):
    now = timezone.now()
    places = PlaceFactory.create_batch(services.RATE_LIMIT + 1)
    for place in places[:-1]:
        check_in(
            person=person, token=tokens.sign(tokens.screen_claim(place_id=place.pk, at=now)), at=now
        )
    with pytest.raises(services.CheckInRefused) as refusal:
        check_in(
            person=person,
            token=tokens.sign(tokens.screen_claim(place_id=places[-1].pk, at=now)),
            at=now,
        )
    assert refusal.value.code == "rate"
    assert CheckIn.objects.count() == services.RATE_LIMIT


def test_check_ins_of_more_than_an_hour_ago_leave_room(territories, person):
    now = timezone.now()
    earlier = now - datetime.timedelta(seconds=services.RATE_WINDOW + 60)
    places = PlaceFactory.create_batch(services.RATE_LIMIT + 1)
    for place in places[:-1]:
        check_in(
            person=person,
            token=tokens.sign(tokens.screen_claim(place_id=place.pk, at=earlier)),
            at=earlier,
        )
    check_in(
        person=person,
        token=tokens.sign(tokens.screen_claim(place_id=places[-1].pk, at=now)),
        at=now,
    )
    assert CheckIn.objects.count() == services.RATE_LIMIT + 1


def test_a_check_in_writes_in_two_statements(territories, person):
    """The lock on the person's row, then the count and the insert in one
    statement: what the hourly limit needs and nothing more (`make bench`)."""
    place = PlaceFactory()
    now = timezone.now()
    presence = services.presence_of(
        tokens.sign(tokens.screen_claim(place_id=place.pk, at=now)), now
    )
    with CaptureQueriesContext(connection) as queries:
        checkin = services.check_in(person=person, presence=presence)
    statements = [
        q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(statements) == 2
    assert statements[1].startswith("INSERT")
    stored = CheckIn.objects.get()
    assert (stored.pk, stored.place, stored.person, stored.day, stored.source) == (
        checkin.pk,
        place,
        person,
        checkin.day,
        "screen",
    )


def test_a_host_validates_someone_without_a_phone_once(territories, person):
    host = UserFactory()
    now = timezone.now()
    event = EventFactory(
        place=PlaceFactory(host=host),
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=1),
    )
    checkin = services.validate_presence(
        host=host, person=person, place=event.place, event=event, at=now
    )
    assert (checkin.source, checkin.validated_by) == ("host", host)
    with pytest.raises(services.CheckInRefused, match="déjà enregistrée"):
        services.validate_presence(host=host, person=person, place=event.place, event=event, at=now)


@pytest.mark.parametrize(
    ("minutes_from_start", "refused"),
    [
        (-3 * 24 * 60, "early"),  # three days before: the reported bug
        (-31, "early"),
        (-29, None),
        (60 + 29, None),  # the event lasts an hour: 29 minutes after its end
        (60 + 31, "expired"),
    ],
)
def test_a_host_validates_at_an_event_within_the_codes_window(
    territories, person, minutes_from_start, refused
):
    host = UserFactory()
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    event = EventFactory(
        place=PlaceFactory(host=host),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )
    at = starts_at + datetime.timedelta(minutes=minutes_from_start)
    if refused is None:
        services.validate_presence(host=host, person=person, place=event.place, event=event, at=at)
        assert CheckIn.objects.filter(person=person, event=event).exists()
        return
    with pytest.raises(services.CheckInRefused, match="Rien n'a été enregistré") as refusal:
        services.validate_presence(host=host, person=person, place=event.place, event=event, at=at)
    assert refusal.value.code == refused
    assert not CheckIn.objects.exists()


def test_a_host_validates_at_a_place_only_while_it_is_open(territories, person):
    host = UserFactory()
    place = PlaceFactory(host=host)
    zone = ZoneInfo(place.commune.time_zone)
    today = timezone.now().astimezone(zone).date()
    monday = today - datetime.timedelta(days=today.weekday())
    open_every_day(place, opens=datetime.time(9), closes=datetime.time(12))
    at_night = datetime.datetime.combine(monday, datetime.time(22), zone)
    with pytest.raises(services.CheckInRefused, match="fermé") as refusal:
        services.validate_presence(host=host, person=person, place=place, event=None, at=at_night)
    assert refusal.value.code == "closed"
    assert not CheckIn.objects.exists()
    at_ten = datetime.datetime.combine(monday, datetime.time(10), zone)
    services.validate_presence(host=host, person=person, place=place, event=None, at=at_ten)
    assert CheckIn.objects.get().day == monday
