"""What is erased once its purpose has ended, on the schedule the
personal-data notice states (`manage.py purge_expired`, every night)."""

import datetime
import io
import os

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from terreau.accounts.models import User
from terreau.core import mail
from terreau.core.models import LegalPage, OutgoingEmail
from terreau.places.models import HostInvitation
from terreau.privacy import retention
from terreau.privacy.models import DataExport
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def test_unconfirmed_accounts_go_after_seven_days_confirmed_ones_stay(territories):
    now = timezone.now()
    old = User.objects.create_user(email="jamais@exemple.org", password="x", display_name="J")
    User.objects.filter(pk=old.pk).update(date_joined=now - datetime.timedelta(days=8))
    recent = User.objects.create_user(email="hier@exemple.org", password="x", display_name="H")
    confirmed = UserFactory()
    User.objects.filter(pk=confirmed.pk).update(date_joined=now - datetime.timedelta(days=400))
    removed = retention.purge(at=now)
    assert removed["comptes non confirmés"] == 1
    assert set(User.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert EmailAddress.objects.filter(user=confirmed).exists()


def test_sent_emails_lose_their_text_at_once_and_their_trace_after_ninety_days(territories):
    mail.queue_email(cause="test:1", to="awa@exemple.org", subject="Bonjour Awa", body="Texte")
    run_worker()
    email = OutgoingEmail.objects.get()
    assert (email.status, email.subject, email.body) == ("sent", "", "")
    retention.purge(at=timezone.now() + datetime.timedelta(days=89))
    assert OutgoingEmail.objects.exists()
    retention.purge(at=timezone.now() + datetime.timedelta(days=91))
    assert not OutgoingEmail.objects.exists()


def test_exports_and_invitations_go_once_their_time_is_over(client, territories):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:request_export"))
    run_worker()
    export = DataExport.objects.get()
    path = export.file.path
    place = PlaceFactory(host=person)
    HostInvitation.objects.create(
        place=place, email="invite@exemple.org", invited_by=person, token="t" * 40
    )
    retention.purge(at=timezone.now() + datetime.timedelta(days=6))
    assert DataExport.objects.exists()
    assert HostInvitation.objects.exists()
    out = io.StringIO()
    later = timezone.now() + datetime.timedelta(days=31)
    with time_machine.travel(later):
        call_command("purge_expired", stdout=out)
    assert not DataExport.objects.exists()
    assert not HostInvitation.objects.exists()
    assert not os.path.exists(path)
    assert "exports 1" in out.getvalue()


def test_the_personal_data_notice_states_this_schedule(client):
    from terreau.core import legal

    legal.seed(LegalPage)
    page = client.get(reverse("legal", args=["donnees-personnelles"])).content.decode()
    assert "un compte jamais confirmé, 7 jours après l'inscription" in page
    assert "la trace d'un e-mail envoyé, 90 jours après" in page
    assert datetime.timedelta(days=7) == retention.UNCONFIRMED_ACCOUNTS
    assert datetime.timedelta(days=90) == retention.EMAIL_TRACES
