import datetime

import pytest
from django.core import mail
from django.utils import timezone

from terreau.core.models import Theme
from terreau.events import services
from terreau.events.models import Event, Registration
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def register(event, person=None):
    return services.register_for_event(
        event=event, person=person or UserFactory(), at=timezone.now()
    )


def seats(event):
    return Event.objects.get(pk=event.pk).seats_taken


def test_registration_takes_a_seat(territories):
    event = EventFactory(capacity=2)
    assert register(event).status == Registration.Status.CONFIRMED
    assert seats(event) == 1


def test_a_full_event_puts_people_on_the_waiting_list(territories):
    event = EventFactory(capacity=1)
    register(event)
    waiting = register(event)
    assert waiting.status == Registration.Status.WAITING
    assert seats(event) == 1


def test_unlimited_events_never_fill(territories):
    event = EventFactory(capacity=None)
    for _ in range(30):
        assert register(event).status == Registration.Status.CONFIRMED
    assert seats(event) == 30


def test_registering_twice_is_refused_and_changes_nothing(territories):
    event = EventFactory(capacity=5)
    person = UserFactory()
    register(event, person)
    with pytest.raises(services.EventRefused, match="déjà inscrit"):
        register(event, person)
    assert seats(event) == 1
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "annulé"),
        ({"registration_required": False}, "entrée libre"),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(hours=3),
                "ends_at": timezone.now() - datetime.timedelta(hours=1),
            },
            "terminé",
        ),
    ],
)
def test_registration_refused_changes_nothing(territories, change, message):
    event = EventFactory(**change)
    with pytest.raises(services.EventRefused, match=message):
        register(event)
    assert not Registration.objects.exists()
    assert seats(event) == 0


def test_a_freed_seat_goes_to_the_first_person_waiting_who_is_told(
    territories, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    register(event, first)
    register(event, second)
    register(event, third)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.unregister_from_event(event=event, person=first)
    run_worker()
    assert promoted.person == second
    assert Registration.objects.get(person=second).status == Registration.Status.CONFIRMED
    assert Registration.objects.get(person=third).status == Registration.Status.WAITING
    assert seats(event) == 1
    freed = [m for m in mail.outbox if "Une place s'est libérée" in m.subject]
    assert [m.to for m in freed] == [[second.email]]


def test_leaving_the_waiting_list_frees_no_seat(territories):
    event = EventFactory(capacity=1)
    register(event)
    waiting = UserFactory()
    register(event, waiting)
    assert services.unregister_from_event(event=event, person=waiting) is None
    assert seats(event) == 1


def test_unregistering_without_a_registration_is_refused(territories):
    with pytest.raises(services.EventRefused) as refusal:
        services.unregister_from_event(event=EventFactory(), person=UserFactory())
    assert refusal.value.code == "not-registered"


def test_raising_the_capacity_promotes_people_waiting(territories):
    event = EventFactory(capacity=1)
    register(event)
    register(event)
    register(event)
    from terreau.events.forms import EventForm

    form = EventForm(
        {
            "title": event.title,
            "description": event.description,
            "starts_at": event.starts_at.astimezone(event.time_zone).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": event.ends_at.astimezone(event.time_zone).strftime("%Y-%m-%dT%H:%M"),
            "registration_required": "on",
            "capacity": "3",
            "themes": [str(Theme.objects.get(slug="faire-societe").pk)],
            "is_free": "on",
        },
        instance=event,
        place=event.place,
        now=timezone.now(),
    )
    assert form.is_valid(), form.errors
    services.update_event(event=event, **form.cleaned_data)
    assert seats(event) == 3
    assert not Registration.objects.waiting().exists()


def test_cancelling_tells_everyone_registered_or_waiting(
    territories, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    registered, waiting = UserFactory(), UserFactory()
    register(event, registered)
    register(event, waiting)
    with django_capture_on_commit_callbacks(execute=True):
        told = services.cancel_event(event=event, reason="Tempête annoncée.", at=timezone.now())
    run_worker()
    assert told == 2
    told = [m for m in mail.outbox if m.subject.startswith("Annulé")]
    assert sorted(m.to[0] for m in told) == sorted([registered.email, waiting.email])
    assert "Tempête annoncée." in told[0].body
    event.refresh_from_db()
    assert event.is_cancelled
    with pytest.raises(services.EventRefused) as refusal:
        services.cancel_event(event=event, reason="encore", at=timezone.now())
    assert refusal.value.code == "already-cancelled"


def test_renewing_the_personal_feed_revokes_the_old_address(person):
    old = services.renew_calendar_token(person=person).token
    new = services.renew_calendar_token(person=person).token
    assert old != new
