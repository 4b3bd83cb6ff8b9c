"""Racing registrations, on PostgreSQL: threads, each with its own connection."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone

from terreau.events import services
from terreau.events.models import Event, Registration
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def race(count, action):
    barrier = Barrier(count)

    def run(index):
        try:
            barrier.wait()
            return action(index)
        except services.EventRefused as refusal:
            return refusal
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_twenty_people_racing_for_the_last_three_seats_leave_exactly_three(territories):
    event = EventFactory(capacity=10)
    for _ in range(7):
        services.register_for_event(event=event, person=UserFactory(), at=timezone.now())
    people = UserFactory.create_batch(20)
    race(
        20, lambda i: services.register_for_event(event=event, person=people[i], at=timezone.now())
    )
    assert (
        Registration.objects.filter(event=event, person__in=people, status="confirmed").count() == 3
    )
    assert (
        Registration.objects.filter(event=event, person__in=people, status="waiting").count() == 17
    )
    assert Event.objects.get(pk=event.pk).seats_taken == 10


def test_a_double_click_registers_once(territories):
    event = EventFactory(capacity=10)
    person = UserFactory()
    results = race(
        10, lambda i: services.register_for_event(event=event, person=person, at=timezone.now())
    )
    assert Registration.objects.filter(event=event, person=person).count() == 1
    assert Event.objects.get(pk=event.pk).seats_taken == 1
    assert sum(isinstance(r, services.EventRefused) for r in results) == 9


def test_two_seats_freed_at_once_promote_two_different_people(territories):
    event = EventFactory(capacity=2)
    leaving = UserFactory.create_batch(2)
    waiting = UserFactory.create_batch(3)
    for person in [*leaving, *waiting]:
        services.register_for_event(event=event, person=person, at=timezone.now())
    race(2, lambda i: services.unregister_from_event(event=event, person=leaving[i]))
    confirmed = set(
        Registration.objects.filter(event=event, status="confirmed").values_list(
            "person", flat=True
        )
    )
    assert confirmed == {waiting[0].pk, waiting[1].pk}
    assert Event.objects.get(pk=event.pk).seats_taken == 2


def test_a_confirmed_person_and_the_first_waiting_leaving_together_lose_no_seat(territories):
    """The red team's race (issue 21, 6): the confirmed person's leaving
    promotes the first waiting person while that person leaves too; reading
    their status before the DELETE, without a lock, missed the promotion and
    kept a seat counted for nobody. Each round has its own event."""
    for _ in range(8):
        event = EventFactory(capacity=1)
        confirmed, first_waiting, second_waiting = UserFactory.create_batch(3)
        for person in (confirmed, first_waiting, second_waiting):
            services.register_for_event(event=event, person=person, at=timezone.now())
        leaving = [confirmed, first_waiting]
        race(
            2,
            lambda i, event=event, leaving=leaving: services.unregister_from_event(
                event=event, person=leaving[i]
            ),
        )
        event.refresh_from_db()
        seated = Registration.objects.filter(event=event, status="confirmed").count()
        assert event.seats_taken == seated == 1
        assert Registration.objects.get(event=event).person == second_waiting
