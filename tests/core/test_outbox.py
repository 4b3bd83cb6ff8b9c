"""The durable queue of e-mails, drilled against a real SMTP server
(aiosmtpd, on this machine): with the server down a cancellation succeeds
and its e-mails wait; once the server is back each is delivered once."""

import datetime
import socket

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.core import mail
from terreau.core.models import OutgoingEmail
from terreau.events import services as event_services
from tests.accounts.factories import UserFactory
from tests.caches import IN_MEMORY
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


class Inbox:
    """What the SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Django speaks SMTP to 127.0.0.1:<port>, where nothing listens yet."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    yield server, inbox
    if server._thread is not None:
        server.stop()


def registered_event(host, count):
    event = EventFactory(place=PlaceFactory(host=host), capacity=None)
    people = UserFactory.create_batch(count)
    for person in people:
        event_services.register_for_event(event=event, person=person, at=timezone.now())
    return event, people


def test_smtp_down_then_back_every_registrant_is_told_once(client, territories, smtp):
    server, inbox = smtp
    host = UserFactory()
    event, people = registered_event(host, 12)
    client.force_login(host)
    response = client.post(
        reverse("events:cancel", args=[event.pk]), {"reason": "Tempête annoncée."}
    )
    assert response.status_code == 302  # the request does not wait for SMTP
    cancellations = OutgoingEmail.objects.filter(cause__startswith="event-cancelled:")
    assert cancellations.filter(status="pending").count() == 12

    run_worker()  # the server is down: nothing lost, a try counted, the next one later
    assert inbox.messages == []
    waiting = cancellations.filter(status="pending")
    assert waiting.count() == 12
    assert waiting.filter(attempts=1).exists()
    assert "ConnectionRefusedError" in waiting.filter(attempts=1).first().last_error

    server.start()
    run_worker()  # not yet: the next try is a minute later
    assert inbox.messages == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
        run_worker()  # a second pass sends nothing twice
    # Each registrant got their confirmation (queued when they registered)
    # and one cancellation.
    told = [rcpt[0] for rcpt, content in inbox.messages if "Tempête annoncée." in content]
    assert sorted(told) == sorted(p.email for p in people)
    assert len(inbox.messages) == 24
    assert cancellations.filter(status="sent").count() == 12


def test_one_cause_queues_one_email(territories):
    for _attempt in range(3):
        mail.queue_email(cause="test:1", to="awa@example.org", subject="Objet", body="Texte.")
    assert OutgoingEmail.objects.count() == 1
    assert len(run_worker()) == 1
    assert len(run_worker()) == 1


def test_a_rolled_back_change_sends_nothing(territories):
    from django.db import transaction

    class Undo(Exception):
        pass

    @transaction.atomic
    def change_then_fail():
        mail.queue_email(cause="test:2", to="awa@example.org", subject="Objet", body="Texte.")
        raise Undo

    with pytest.raises(Undo):
        change_then_fail()
    assert not OutgoingEmail.objects.exists()
    assert run_worker() == []


def test_an_email_is_given_up_after_its_last_try_and_logged(territories, smtp, caplog):
    mail.queue_email(cause="test:3", to="awa@example.org", subject="Objet", body="Texte.")
    moment = timezone.now()
    for _try in range(mail.MAX_ATTEMPTS):
        with time_machine.travel(moment):
            run_worker()
        moment += mail.LONGEST_WAIT + datetime.timedelta(minutes=1)
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == ("failed", mail.MAX_ATTEMPTS)
    assert "given up" in caplog.text


# The version bumps of the cached reads outside the database, as with Redis:
# with the database cache their statements depend on which version keys
# exist already, not on the people told.
@override_settings(CACHES=IN_MEMORY)
def test_cancelling_for_many_registrants_costs_the_same_statements(client, territories):
    """The request writes a few statements whatever the number of people
    told (bench figures: `make bench`)."""
    counts = []
    for registrants in (5, 60):
        host = UserFactory()
        event, _people = registered_event(host, registrants)
        with CaptureQueriesContext(connection) as queries:
            event_services.cancel_event(event=event, reason="Salle fermée.", at=timezone.now())
        counts.append(len(queries))
    assert counts[0] == counts[1]
