"""/sante/ tells a load balancer or a monitor how the service is, without a
session: 200 when the database, cache, storage, disk and e-mail queue are
fine, 500 and which one when not."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client
from django.utils import timezone

from terreau.core import mail
from terreau.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)


def get(client, path, **headers):
    """The request from a thread of its own. The view is asynchronous (as
    django-health-check makes it), which the test client runs through an
    event loop; the browser tests' Playwright leaves one running in this
    process's main thread, where a second cannot start. A gunicorn worker
    has none."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(client.get, path, **headers).result()


def report(client):
    response = get(client, "/sante/", HTTP_ACCEPT="text/plain")
    return response.status_code, response.content.decode()


def test_a_healthy_service_answers_200_without_a_session(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    status, text = report(client)
    assert status == 200, text
    for check in ("Database", "Cache", "Storage", "EmailQueue", "UploadsDisk"):
        assert "%s" % check in text
    assert "sessionid" not in client.cookies
    assert "no-cache" in get(client, "/sante/", HTTP_ACCEPT="text/plain")["Cache-Control"]


def test_e_mails_waiting_too_long_make_the_service_unhealthy(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mail.queue_email(cause="test:late", to="awa@example.org", subject="Objet", body="Texte.")
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    status, text = report(Client())
    assert status == 500
    assert "1 e-mail(s) en attente depuis plus de 15 minutes" in text
