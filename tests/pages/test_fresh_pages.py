"""Cached reads are never stale after a write: the territory and marathon
pages and the agenda feeds are kept in the shared cache (`core.versions`),
and each service that changes what they show makes them read afresh.

Every test reads the page first, so that the next read would come from the
cache if the write had not bumped its scope."""

import datetime
import re

import icalendar
import pytest
import time_machine
from django.contrib import admin
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.challenges.models import Challenge, Marathon
from terreau.challenges.services import join_marathon
from terreau.events import services as events
from terreau.places.models import Place, PlaceHost
from terreau.places.services import publish_places
from terreau.privacy.deletion import delete_account
from terreau.support import services as support
from tests.accounts.factories import UserFactory
from tests.caches import IN_MEMORY, UNREACHABLE
from tests.challenges.factories import (
    done_by_a_new_participant,
    marathon_with_stage,
    participant,
)
from tests.checkins.factories import open_every_day, screen_token
from tests.events.factories import EventFactory
from tests.html import squeeze
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return squeeze(response.content.decode())


def publish_seed_swap(place, now, **fields):
    """A host publishes « Fête des graines » in two days, through the service."""
    return events.publish_event(
        place=place,
        person=UserFactory(),
        title="Fête des graines",
        description="Troc de semences.",
        starts_at=now + datetime.timedelta(days=2),
        ends_at=now + datetime.timedelta(days=2, hours=3),
        themes=[],
        **fields,
    )


def territory_urls():
    pezenas = commune("34199")
    return [pezenas.get_absolute_url(), pezenas.departement.get_absolute_url()]


def test_a_place_published_shows_at_once_on_its_territory_pages(client, territories):
    proposed = PlaceFactory(name="Ressourcerie du Peyrou", commune=commune("34199"))
    Place.objects.filter(pk=proposed.pk).update(status=Place.Status.PROPOSED)
    for url in territory_urls():
        assert "Ressourcerie du Peyrou" not in page(client, url)
    publish_places([proposed])
    for url in territory_urls():
        assert "Ressourcerie du Peyrou" in page(client, url)


def test_an_event_published_and_a_seat_taken_show_at_once(client, territories):
    place = PlaceFactory(commune=commune("34199"))
    before = [page(client, url) for url in [*territory_urls(), place.get_absolute_url()]]
    assert all("Fête des graines" not in text for text in before)
    now = timezone.now()
    event = publish_seed_swap(place, now, registration_required=True, capacity=10)
    urls = [*territory_urls(), place.get_absolute_url()]
    for url in urls:
        assert "Fête des graines" in page(client, url)
        assert "10 places restantes" in page(client, url)
    events.register_for_event(event=event, person=UserFactory(), at=now)
    for url in urls:
        assert "9 places restantes" in page(client, url)


def test_a_defi_done_counts_at_once_on_the_territory_and_marathon_pages(client, territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    open_every_day(place)
    pezenas = commune("34199").get_absolute_url()
    assert "défi relevé" not in page(client, pezenas)
    assert "défi relevé" not in page(client, place.get_absolute_url())
    assert re.search(r"Défis relevés</dt> ?<dd>0<", page(client, marathon.get_absolute_url()))
    now = timezone.now()
    done_by_a_new_participant(marathon, stage, place, "ressourcerie-jean", at=now)
    assert "1 défi relevé dans les lieux de ce territoire" in page(client, pezenas)
    assert "1 défi relevé dans ce lieu" in page(client, place.get_absolute_url())
    assert re.search(r"Défis relevés</dt> ?<dd>1<", page(client, marathon.get_absolute_url()))


def test_joining_a_marathon_counts_at_once(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    assert re.search(r"Participant·es</dt> ?<dd>0<", page(client, marathon.get_absolute_url()))
    join_marathon(person=UserFactory(home_commune=commune("34199")), marathon=marathon)
    assert re.search(r"Participant·es</dt> ?<dd>1<", page(client, marathon.get_absolute_url()))


def test_a_deleted_account_leaves_the_marathon_count_at_once(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    person = participant(marathon, UserFactory())
    assert re.search(r"Participant·es</dt> ?<dd>1<", page(client, marathon.get_absolute_url()))
    delete_account(person)
    assert re.search(r"Participant·es</dt> ?<dd>0<", page(client, marathon.get_absolute_url()))


def test_a_diagnostic_published_by_its_hosts_shows_at_once_on_the_place_page(client, territories):
    place = PlaceFactory(commune=commune("34199"))
    host = PlaceHost.objects.get(place=place).person
    diagnostic = support.take_diagnostic(
        person=host, questionnaire="place", answers={}, place=place
    )
    assert "Son diagnostic" not in page(client, place.get_absolute_url())
    support.set_diagnostic_public(diagnostic=diagnostic, person=host, public=True)
    assert "Son diagnostic" in page(client, place.get_absolute_url())
    support.set_diagnostic_public(diagnostic=diagnostic, person=host, public=False)
    assert "Son diagnostic" not in page(client, place.get_absolute_url())


def test_an_agenda_feed_follows_a_new_event_and_a_cancellation(client, territories):
    place = PlaceFactory(commune=commune("34199"))
    event = EventFactory(place=place, title="Atelier vélo")
    feeds = [
        reverse("events:territory_ical", args=["commune", "34199"]),
        reverse("events:territory_ical", args=["departement", "34"]),
        reverse("events:place_ical", args=[place.pk]),
    ]

    def statuses(url):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        return {str(e["summary"]): str(e.get("status")) for e in calendar.walk("VEVENT")}

    assert all(statuses(url) == {"Atelier vélo": "CONFIRMED"} for url in feeds)
    events.cancel_event(event=event, reason="Pluie.", at=timezone.now())
    assert all(statuses(url) == {"Atelier vélo": "CANCELLED"} for url in feeds)


@override_settings(CACHES=IN_MEMORY)
def test_a_seat_taken_leaves_the_feeds_cached_and_the_pages_fresh(client, territories):
    """A feed does not show seats: the registrations of a busy département
    do not rebuild its feed, which every subscribed calendar reads."""
    place = PlaceFactory(commune=commune("34199"))
    event = EventFactory(place=place, capacity=10, title="Atelier vélo")
    feeds = [
        reverse("events:territory_ical", args=["departement", "34"]),
        reverse("events:place_ical", args=[place.pk]),
    ]
    built = {url: client.get(url).content for url in feeds}
    assert all(b"Atelier v" in body for body in built.values())
    pages = [commune("34199").departement.get_absolute_url(), place.get_absolute_url()]
    assert all("10 places restantes" in page(client, url) for url in pages)
    events.register_for_event(event=event, person=UserFactory(), at=timezone.now())
    for url in feeds:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).content == built[url]
        assert not [q["sql"] for q in queries if "events_event" in q["sql"]], url
    assert all("9 places restantes" in page(client, url) for url in pages)


@override_settings(CACHES=IN_MEMORY)
def test_the_agendas_count_is_cached_and_follows_an_event_published_and_one_that_ends(
    client, territories
):
    """« À venir (N) » counts every upcoming event of France on the national
    agenda: read from the cache, and right after a write or an ending."""
    now = timezone.now()
    place = PlaceFactory(commune=commune("34199"))
    EventFactory(
        place=place,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(minutes=2),
    )
    EventFactory(place=place)
    agendas = [
        reverse("events:agenda"),
        reverse("events:territory_agenda", args=["departement", "34"]),
    ]
    assert all("À venir (2)" in page(client, url) for url in agendas)
    for url in agendas:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not [q["sql"] for q in queries if "COUNT(" in q["sql"]], url
    publish_seed_swap(place, now)
    assert all("À venir (3)" in page(client, url) for url in agendas)
    with time_machine.travel(now + datetime.timedelta(minutes=2, seconds=1)):
        assert all("À venir (2)" in page(client, url) for url in agendas)
    # A filter counts afresh.
    later = (now + datetime.timedelta(days=400)).date()
    assert "À venir (0)" in page(client, reverse("events:agenda") + "?du=%s" % later)


def test_an_event_leaves_the_cached_list_when_it_ends_without_any_write(client, territories):
    now = timezone.now()
    EventFactory(
        place=PlaceFactory(commune=commune("34199")),
        title="Marché du soir",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(minutes=2),
    )
    url = commune("34199").get_absolute_url()
    assert "Marché du soir" in page(client, url)
    # Sooner than the five minutes any cached read lasts (versions.MAX_AGE).
    with time_machine.travel(now + datetime.timedelta(minutes=2, seconds=1)):
        assert "Marché du soir" not in page(client, url)


@override_settings(CACHES=IN_MEMORY)
def test_once_cached_a_territory_page_reads_two_sql_queries(client, territories):
    """With a cache outside the database (Redis in production, memory
    here), a territory page asks the database only for the territory and
    its stories, whatever its size."""
    place = PlaceFactory(commune=commune("34199"))
    EventFactory(place=place)
    for url in territory_urls():
        assert cached_queries(client, url) == 2


@override_settings(CACHES=IN_MEMORY)
def test_once_cached_every_anonymous_page_kind_reads_at_most_five_sql_queries(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    place = PlaceFactory(commune=commune("34199"))
    event = EventFactory(place=place)
    urls = [
        "/",
        "/agenda/",
        *territory_urls(),
        place.get_absolute_url(),
        event.get_absolute_url(),
        marathon.get_absolute_url(),
        Challenge.objects.get(slug="ressourcerie-jean").get_absolute_url(),
        reverse("events:territory_ical", args=["departement", "34"]),
        reverse("events:place_ical", args=[place.pk]),
    ]
    counts = {url: cached_queries(client, url) for url in urls}
    assert max(counts.values()) <= 5, counts


def test_a_marathon_deleted_in_the_admin_is_no_longer_offered_at_the_next_scan(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    place = PlaceFactory(commune=commune("34199"))
    open_every_day(place)
    url = reverse("pages:presence", args=[screen_token(place)])
    assert "Marathon de test" in page(client, url)
    admin.site._registry[Marathon].delete_model(None, marathon)
    assert "Marathon de test" not in page(client, url)


@pytest.mark.django_db(transaction=True)  # the request's own transaction, not the test's
@override_settings(CACHES=IN_MEMORY)
def test_a_check_in_is_one_short_transaction_and_reads_no_marathon_once_cached(client, territories):
    """The person's row locked, their last hour counted, the check-in
    inserted: no savepoint; the marathons running around the place (none
    here) come from the cache once a scan read them."""
    place = PlaceFactory(commune=commune("34199"))
    open_every_day(place)
    client.force_login(UserFactory())
    url = reverse("pages:presence", args=[screen_token(place)])
    assert client.get(url).status_code == 200  # a scan: fills the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url)
    assert "Présence enregistrée" in response.content.decode()
    statements = [query["sql"] for query in queries]
    assert not [sql for sql in statements if "SAVEPOINT" in sql], statements
    assert not [sql for sql in statements if "challenges_marathon" in sql], statements
    assert len(statements) <= 8, statements


def cached_queries(client, url) -> int:
    assert client.get(url).status_code == 200  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@override_settings(CACHES=UNREACHABLE)
def test_with_the_cache_down_pages_are_read_afresh_every_time(client, territories):
    url = commune("34199").get_absolute_url()
    assert "Jardin partagé des Remparts" not in page(client, url)
    # Written without a service, so nothing is bumped: only a read that
    # cached nothing can show it.
    PlaceFactory(name="Jardin partagé des Remparts", commune=commune("34199"))
    assert "Jardin partagé des Remparts" in page(client, url)
