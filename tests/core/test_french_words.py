"""Words a resident understands: dates, money and counts the French way, and
no sentence that contradicts or repeats itself (issue 12, 6)."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from terreau.checkins import tokens
from terreau.core.formatting import euros
from terreau.governance import laws
from terreau.governance.models import Law
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.html import squeeze
from tests.places.factories import PlaceFactory


def render(source, **context):
    return Template("{% load french %}" + source).render(Context(context))


def test_the_first_of_the_month_is_an_ordinal():
    assert render('{{ d|date_fr:"j F Y" }}', d=datetime.date(2026, 10, 1)) == "1er octobre 2026"
    assert render('{{ d|date_fr:"j F Y" }}', d=datetime.date(2026, 10, 11)) == "11 octobre 2026"
    assert render('{{ d|date_fr:"l j F" }}', d=datetime.date(2026, 12, 1)) == "mardi 1er décembre"
    assert render('{{ d|date_fr:"d/m/Y" }}', d=datetime.date(2026, 10, 1)) == "01/10/2026"


def test_a_time_is_read_on_the_local_calendar(settings):
    # 23:30 UTC on 30 November is 00:30 on 1 December in Paris.
    moment = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)  # fixed date: a format
    assert render('{{ m|date_fr:"j F Y à H:i" }}', m=moment) == "1er décembre 2026 à 00:30"


def test_money_is_written_the_french_way():
    assert euros("1234.5") == "1\u00a0234,50\u00a0€"
    assert euros(20) == "20,00\u00a0€"


@pytest.mark.django_db
def test_a_law_without_decrees_says_so_in_words(client):
    laws.seed(Law)
    page = unescape(client.get(reverse("governance:laws")).content.decode())
    assert "aucun décret" in page
    assert "0 décrets" not in page


@pytest.mark.django_db
def test_the_report_form_offers_no_empty_choice(client, person, territories):
    client.force_login(person)
    page = client.get(reverse("places:report", args=[PlaceFactory().pk])).content.decode()
    assert "---------" not in page


@pytest.mark.django_db
def test_an_event_window_across_midnight_gives_both_dates(client, territories):
    host = UserFactory()
    zone = ZoneInfo("Europe/Paris")
    tomorrow = timezone.now().astimezone(zone).date() + datetime.timedelta(days=1)
    starts = datetime.datetime.combine(tomorrow, datetime.time(22, 30), zone)
    event = EventFactory(
        place=PlaceFactory(host=host),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=15),
    )
    client.force_login(host)
    page = squeeze(
        unescape(client.get(reverse("checkins:event_presence", args=[event.pk])).content.decode())
    )
    after = tomorrow + datetime.timedelta(days=1)
    assert "Code valable du " in page
    assert " à 22:00 au " in page
    assert "%d " % after.day in page.split(" au ", 1)[1]
    assert "à 00:15" in page


@pytest.mark.django_db
def test_a_presence_already_recorded_is_not_followed_by_nothing_recorded(
    client, person, territories
):
    now = timezone.now()
    event = EventFactory(
        starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(hours=1)
    )
    url = reverse(
        "pages:presence",
        args=[
            tokens.sign(
                tokens.event_claim(
                    event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at
                )
            )
        ],
    )
    client.force_login(person)
    client.post(url)
    page = unescape(client.post(url).content.decode())
    assert "Votre présence est déjà enregistrée." in page
    assert "Rien n'a été enregistré" not in page
    assert "Elle compte déjà" in page
