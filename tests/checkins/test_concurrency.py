from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from terreau.checkins import services, tokens
from terreau.checkins.models import CheckIn
from tests.accounts.factories import UserFactory
from tests.checkins.factories import check_in
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_twenty_simultaneous_check_ins_of_one_person_count_once(territories, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    event = EventFactory()
    person = UserFactory()
    token = tokens.sign(
        tokens.event_claim(event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at)
    )
    # Twenty threads, twenty connections: test files run two at a time and
    # PostgreSQL accepts 100 connections by default.
    barrier = Barrier(20)

    def attempt(_):
        try:
            barrier.wait()
            return check_in(person=person, token=token, at=event.starts_at)
        except services.CheckInRefused as refusal:
            return refusal.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    assert CheckIn.objects.filter(person=person, event=event).count() == 1
    assert sum(isinstance(r, CheckIn) for r in results) == 1
    assert {r for r in results if not isinstance(r, CheckIn)} <= {"duplicate", "rate"}


def test_twenty_simultaneous_check_ins_at_twenty_events_stop_at_the_hourly_limit(territories):
    """Issue 21, 12: with the default database cache, whose increment is a
    read then a write, 20 of 20 went through; the limit is now counted in the
    database under a lock on the person's row."""
    person = UserFactory()
    events = EventFactory.create_batch(20)
    tokens_ = [
        tokens.sign(tokens.event_claim(event_id=e.pk, starts_at=e.starts_at, ends_at=e.ends_at))
        for e in events
    ]
    barrier = Barrier(20)

    def attempt(index):
        try:
            barrier.wait()
            return check_in(person=person, token=tokens_[index], at=events[index].starts_at)
        except services.CheckInRefused as refusal:
            return refusal.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    assert CheckIn.objects.filter(person=person).count() == services.RATE_LIMIT
    assert results.count("rate") == 20 - services.RATE_LIMIT
