"""A défi's page sends people out: the places of the kind it asks for and
their upcoming events near the visitor's commune, and the marathon stages
in which it counts there (challenges/where.py)."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.challenges import where
from terreau.challenges.models import Challenge
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.challenges.factories import HERAULT_MEDITERRANEE, marathon_with_stage
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

MONTPELLIER = "34172"  # another intercommunality


def village_of_herault_mediterranee():
    """A commune of Pézenas's EPCI other than Pézenas."""
    return (
        Territory.objects.filter(kind="commune", epci__code=HERAULT_MEDITERRANEE)
        .exclude(code="34199")
        .order_by("code")
        .first()
    )


@pytest.fixture
def garden_defi(territories):
    marathon, stage = marathon_with_stage("jardin-partage-seance")
    return Challenge.objects.get(slug="jardin-partage-seance"), marathon, stage


def test_the_places_of_the_right_kind_in_the_intercommunality_and_their_events(garden_defi):
    challenge, _marathon, stage = garden_defi
    village = village_of_herault_mediterranee()
    garden = PlaceFactory(
        name="Jardin des Capucins", kind="jardin-partage", commune=commune("34199")
    )
    PlaceFactory(name="Ressourcerie de Pézenas", kind="ressourcerie", commune=commune("34199"))
    PlaceFactory(name="Jardin de Montpellier", kind="jardin-partage", commune=commune(MONTPELLIER))
    PlaceFactory(name="Jardin proposé", kind="jardin-partage", status="proposed")
    soon = EventFactory(place=garden, title="Semis d'hiver")
    EventFactory(place=garden, title="Annulé", status="cancelled")
    now = timezone.now()
    EventFactory(
        place=garden,
        title="Passé",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3, hours=-2),
    )

    found = where.nearby(challenge, village, now)

    assert found.area.code == HERAULT_MEDITERRANEE
    assert [p.name for p in found.places] == ["Jardin des Capucins"]
    assert found.events == [soon]
    assert found.stages == [stage]


def test_the_visitors_own_commune_comes_first(garden_defi):
    challenge, _marathon, _stage = garden_defi
    village = village_of_herault_mediterranee()
    PlaceFactory(name="A. Jardin de Pézenas", kind="jardin-partage", commune=commune("34199"))
    PlaceFactory(name="Z. Jardin du village", kind="jardin-partage", commune=village)
    found = where.nearby(challenge, village, timezone.now())
    assert [p.name for p in found.places] == ["Z. Jardin du village", "A. Jardin de Pézenas"]


def test_no_stage_counts_it_outside_the_marathons_territory(garden_defi):
    challenge, _marathon, _stage = garden_defi
    found = where.nearby(challenge, commune(MONTPELLIER), timezone.now())
    assert found.stages == []
    assert found.area.code != HERAULT_MEDITERRANEE


def test_a_stage_that_has_ended_does_not_count(garden_defi):
    challenge, _marathon, stage = garden_defi
    stage.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    stage.save()
    assert where.nearby(challenge, commune("34199"), timezone.now()).stages == []


def test_the_page_uses_the_signed_in_persons_commune(client, garden_defi):
    challenge, marathon, _stage = garden_defi
    PlaceFactory(name="Jardin des Capucins", kind="jardin-partage", commune=commune("34199"))
    client.force_login(UserFactory(home_commune=village_of_herault_mediterranee()))
    page = client.get(reverse("pages:challenge", args=[challenge.slug])).content.decode()
    assert "Jardin des Capucins" in page
    assert marathon.title in page
    assert "ce défi compte en ce moment" in page


def test_a_visitor_types_a_commune(client, garden_defi):
    challenge, _marathon, _stage = garden_defi
    PlaceFactory(name="Jardin des Capucins", kind="jardin-partage", commune=commune("34199"))
    url = reverse("pages:challenge", args=[challenge.slug])
    assert "Jardin des Capucins" not in client.get(url).content.decode()
    page = client.get(url, {"commune": "Pézenas"}).content.decode()
    assert "Jardin des Capucins" in page
    page = html.unescape(client.get(url, {"commune": "Montpellier"}).content.decode())
    assert "Aucun lieu de ce type n'est encore publié dans Montpellier" in page
    assert "autour de Montpellier ne compte ce défi pour l'instant" in page


@pytest.mark.parametrize("typed", ["Nullepart-sur-Mer", "x" * 500])
def test_a_commune_that_does_not_exist_gets_a_french_message(client, garden_defi, typed):
    challenge, _marathon, _stage = garden_defi
    url = reverse("pages:challenge", args=[challenge.slug])
    response = client.get(url, {"commune": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lieux, dans" not in page
    assert any(
        message in page for message in ("Aucune commune ne correspond", "au plus 160 caractères")
    )
