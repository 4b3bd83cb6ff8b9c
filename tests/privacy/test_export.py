"""The copy of a person's data (GDPR articles 15 and 20): prepared by the
worker, told by e-mail, downloadable by its owner alone for 7 days."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from terreau.privacy.models import DataExport
from tests.accounts.factories import TOTP_SECRET, UserFactory
from tests.events.factories import EventFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def awa(territories):
    person = UserFactory(display_name="Awa")
    EventFactory(title="Atelier vélo").registrations.create(person=person, status="confirmed")
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return person


def prepared(client, person) -> DataExport:
    client.force_login(person)
    response = client.post(reverse("privacy:request_export"))
    assert response.status_code == 302
    export = DataExport.objects.get(person=person)
    assert export.status == "pending"
    run_worker()
    export.refresh_from_db()
    return export


def test_a_copy_is_prepared_in_the_background_and_announced_by_email(client, awa):
    export = prepared(client, awa)
    assert export.status == "ready"
    (email,) = [m for m in mail.outbox if "copie de vos données" in m.subject]
    assert email.to == [awa.email]
    assert "/compte/ma-trace/" in email.body
    page = client.get(reverse("privacy:trace")).content.decode()
    assert reverse("privacy:download", args=[export.pk]) in page


def test_the_zip_holds_a_french_readme_and_a_json_per_kind_and_no_secret(client, awa):
    export = prepared(client, awa)
    response = client.get(reverse("privacy:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "LISEZ-MOI.md" in names
    assert "inscriptions.json" in names
    readme = archive.read("LISEZ-MOI.md").decode()
    assert "articles 15 et 20" in readme
    registrations = json.loads(archive.read("inscriptions.json"))
    assert registrations["elements"][0]["Événement"] == "Atelier vélo"
    everything = b"".join(archive.read(name) for name in names).decode()
    assert awa.password not in everything
    assert TOTP_SECRET not in everything


def test_nobody_else_downloads_it_and_it_expires_after_seven_days(client, awa):
    export = prepared(client, awa)
    url = reverse("privacy:download", args=[export.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(awa)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert client.get(url).status_code == 404


def test_a_second_request_while_one_is_prepared_is_refused_in_french(client, awa):
    client.force_login(awa)
    client.post(reverse("privacy:request_export"))
    response = client.post(reverse("privacy:request_export"), follow=True)
    assert "Une copie est déjà en préparation" in response.content.decode()
    assert DataExport.objects.filter(person=awa).count() == 1
