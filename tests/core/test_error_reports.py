"""Errors reach someone, without anyone's data; requests and refusals are
logged to stdout, without secrets."""

import datetime
import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from terreau.checkins import tokens
from terreau.core.models import OutgoingEmail
from tests.events.factories import EventFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

ADMINS = [("Équipe technique", "tech@terreau.example.org")]


@override_settings(ROOT_URLCONF="tests.core.crash_urls", ADMINS=ADMINS)
def test_an_error_is_emailed_to_the_admins_once_an_hour_without_personal_data(person):
    client = Client(raise_request_exception=False)
    client.force_login(person)
    response = client.post("/panne/12/", {"message": "mon adresse : 3 rue des Secrets"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "consignée dans son journal et signalée à l'équipe" in page.replace("&#x27;", "'")
    client.post("/panne/13/", {"message": "encore"})  # same error, same route, same hour
    sent = run_worker()
    assert [m.to for m in sent] == [["tech@terreau.example.org"]]
    report = sent[0]
    assert "RuntimeError" in report.subject
    assert "/panne/<int:pk>/" in report.body
    assert "panne simulée" in report.body
    for private in (person.email, "3 rue des Secrets", "sessionid", "csrftoken"):
        assert private not in report.body


@override_settings(ROOT_URLCONF="tests.core.crash_urls", ADMINS=[])
def test_without_anyone_to_tell_the_error_page_does_not_say_they_are_told():
    response = Client(raise_request_exception=False).get("/panne/1/")
    page = response.content.decode()
    assert "consignée dans son journal." in page
    assert "signalée" not in page
    assert not OutgoingEmail.objects.exists()


def test_a_request_is_logged_by_its_route_never_its_token(client, person, territories, caplog):
    now = timezone.now()
    event = EventFactory(
        starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(hours=1)
    )
    token = tokens.sign(
        tokens.event_claim(event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at)
    )
    client.force_login(person)
    url = reverse("pages:presence", args=[token])
    with caplog.at_level(logging.INFO, logger="terreau"):
        client.post(url)
        client.post(url)  # refused: already recorded
    lines = [r.getMessage() for r in caplog.records]
    assert "request method=POST route=/presence/<str:token>/ status=200" in " ".join(lines)
    assert not [line for line in lines if token in line]
    assert (
        "refused code=duplicate person=%d why=Votre présence est déjà enregistrée." % (person.pk)
        in lines
    )
