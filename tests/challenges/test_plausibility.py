"""Collective gauges that one person cannot inflate in thirty seconds: the
reported case was four défis from one scan, the bicycle and the bus for the
same trip, then the same transport défis again at every other place."""

import datetime
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from threading import Barrier

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from terreau.challenges import services
from terreau.challenges.models import Challenge, Completion
from terreau.checkins import tokens
from terreau.checkins.services import CheckInRefused
from tests.accounts.factories import UserFactory
from tests.challenges.factories import complete_challenge, marathon_with_stage, participant
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

TRIP = ("journee-sans-voiture-velo", "venir-en-bus")


def claim(*, person, place, stage, slug, at):
    token = tokens.sign(tokens.screen_claim(place_id=place.pk, at=at))
    return complete_challenge(
        person=person,
        token=token,
        stage=stage,
        challenge=Challenge.objects.get(slug=slug),
        at=at,
    )


@pytest.fixture
def cyclist(territories):
    marathon, stage = marathon_with_stage(*TRIP, "ressourcerie-jean")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    places = [PlaceFactory(kind="tiers-lieu", commune=commune("34199")) for _ in range(3)]
    return person, stage, places


@pytest.mark.django_db
def test_the_bicycle_and_the_bus_exclude_each_other_for_a_day(cyclist):
    person, stage, places = cyclist
    now = timezone.now()
    claim(person=person, place=places[0], stage=stage, slug=TRIP[0], at=now)
    for place in places[:2]:  # here, then at another place the same day
        with pytest.raises(services.MarathonRefused, match="un seul défi pour le trajet du jour"):
            claim(person=person, place=place, stage=stage, slug=TRIP[1], at=now)
    # An unrelated défi the same day is fine.
    ressourcerie = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    claim(person=person, place=ressourcerie, stage=stage, slug="ressourcerie-jean", at=now)
    # The next day, the bus.
    tomorrow = now + datetime.timedelta(days=1)
    claim(person=person, place=places[1], stage=stage, slug=TRIP[1], at=tomorrow)
    assert list(
        Completion.objects.order_by("created_at").values_list("challenge__slug", "day")
    ) == [
        (TRIP[0], timezone.localdate(now)),
        ("ressourcerie-jean", timezone.localdate(now)),
        (TRIP[1], timezone.localdate(tomorrow)),
    ]


@pytest.mark.django_db
def test_a_defi_counts_once_a_day_whatever_the_place(cyclist):
    person, stage, places = cyclist
    now = timezone.now()
    claim(person=person, place=places[0], stage=stage, slug=TRIP[0], at=now)
    for place in places[1:]:
        with pytest.raises(services.MarathonRefused, match="une fois par jour au plus"):
            claim(person=person, place=place, stage=stage, slug=TRIP[0], at=now)
    assert Completion.objects.count() == 1


@pytest.mark.django_db
def test_a_defi_counts_at_most_its_cap_in_a_stage(cyclist):
    person, stage, places = cyclist
    Challenge.objects.filter(slug=TRIP[0]).update(max_per_stage=2)
    now = timezone.now()
    for days, place in zip((0, 1), places, strict=False):
        at = now + datetime.timedelta(days=days)
        claim(person=person, place=place, stage=stage, slug=TRIP[0], at=at)
    with pytest.raises(services.MarathonRefused, match="2 fois pendant cette étape, le maximum"):
        claim(
            person=person,
            place=places[2],
            stage=stage,
            slug=TRIP[0],
            at=now + datetime.timedelta(days=2),
        )
    assert Completion.objects.count() == 2


@pytest.mark.django_db
def test_the_database_holds_the_daily_rules_without_the_service(cyclist):
    """Even a write that skips the service's checks cannot store the bicycle
    and the bus on one day: the constraints are the guarantee."""
    from django.db import IntegrityError, transaction

    person, stage, places = cyclist
    done = claim(person=person, place=places[0], stage=stage, slug=TRIP[0], at=timezone.now())
    bus = Challenge.objects.get(slug=TRIP[1])
    for challenge, group in ((bus, "trajet"), (done.challenge, "")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Completion.objects.create(
                person=person,
                challenge=challenge,
                stage=stage,
                place=places[1],
                checkin=done.checkin,
                quantity=1,
                factor_key=challenge.factor_key,
                factor_version=1,
                day=done.day,
                exclusive_group=group,
            )


@pytest.mark.django_db
def test_the_rules_are_shown_before_the_person_chooses(client, cyclist):
    person, _stage, places = cyclist
    page = unescape(client.get(reverse("pages:challenge", args=[TRIP[1]])).content.decode())
    assert "Une fois par jour au plus, quel que soit le lieu." in page
    assert (
        "Un seul défi par jour pour le trajet du jour : il exclut « Une journée sans voiture, à vélo »"
        in page
    )
    client.force_login(person)
    token = tokens.sign(tokens.screen_claim(place_id=places[0].pk, at=timezone.now()))
    presence = unescape(client.get(reverse("pages:presence", args=[token])).content.decode())
    assert "Ce que chaque défi compte, et ce qu'il exclut" in presence
    assert "« Venir en bus plutôt qu'en voiture »" in presence.split("il exclut", 1)[1]
    ressourcerie_page = unescape(
        client.get(reverse("pages:challenge", args=["ressourcerie-jean"])).content.decode()
    )
    assert "se valide seulement dans un lieu de ce type : ressourcerie." in (
        ressourcerie_page.lower()
    )


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_bicycle_and_the_bus_at_the_same_instant_count_once(cyclist, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    person, stage, places = cyclist
    barrier = Barrier(10)

    def attempt(n):
        try:
            barrier.wait()
            return claim(
                person=person,
                place=places[n % len(places)],
                stage=stage,
                slug=TRIP[n % 2],
                at=timezone.now(),
            )
        except (services.MarathonRefused, CheckInRefused) as refusal:
            return refusal.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(attempt, range(10)))
    assert Completion.objects.filter(person=person).count() == 1
    assert sum(isinstance(r, Completion) for r in results) == 1
