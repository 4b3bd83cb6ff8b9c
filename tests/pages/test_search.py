"""Search over places and events (issue 13, 4): PostgreSQL's French
full-text search without accents in CI's PostgreSQL pass, the plain fallback
on SQLite; the same expectations hold for both."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.places.models import Place
from terreau.territories.models import Territory
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def found(client, query):
    page = client.get(reverse("pages:search"), {"q": query})
    assert page.status_code == 200
    return page.content.decode()


@pytest.fixture
def saint_etienne(territories):
    return Territory.objects.get(kind="commune", name="Saint-Étienne-de-Gourgas")


def test_st_etienne_finds_saint_etienne(client, saint_etienne):
    PlaceFactory(name="Le Jardin des Possibles", commune=saint_etienne)
    PlaceFactory(name="Café Saint-Étienne")
    PlaceFactory(name="La Forge")
    page = found(client, "st etienne")
    assert "Le Jardin des Possibles" in page
    assert "Café Saint-Étienne" in page
    assert "La Forge" not in page
    assert "2 lieux" in page


def test_accents_case_and_description_do_not_matter(client, territories):
    PlaceFactory(name="Ressourcerie Jean", description="Réemploi d'électroménager et de vélos.")
    assert "Ressourcerie Jean" in found(client, "ELECTROMENAGER")
    assert "Ressourcerie Jean" in found(client, "réemploi vélos")
    assert "Aucun lieu publié ne correspond" in found(client, "réemploi piscine")


def test_events_are_found_by_title_or_commune_and_only_while_they_are_to_come(client, territories):
    pezenas_place = PlaceFactory(name="Le Fournil")
    EventFactory(place=pezenas_place, title="Atelier réparation de vélos")
    past = EventFactory(place=pezenas_place, title="Atelier réparation d'hier")
    past.starts_at = timezone.now() - datetime.timedelta(days=2)
    past.ends_at = past.starts_at + datetime.timedelta(hours=2)
    past.save(update_fields=["starts_at", "ends_at"])
    page = found(client, "reparation")
    assert "Atelier réparation de vélos" in page
    assert "hier" not in page
    assert "Atelier réparation de vélos" in found(client, "pezenas velos")


def test_unpublished_places_are_never_found(client, territories):
    PlaceFactory(name="Lieu en attente", status=Place.Status.PROPOSED, published_at=None)
    assert "Lieu en attente" not in found(client, "attente")


@pytest.mark.parametrize("query", ["", "   ", "!!! --- '' ;", "x" * 101, "a & b | !c"])
def test_odd_queries_get_a_french_message_or_results_never_an_error(client, territories, query):
    page = found(client, query)
    if query.strip() and len(query) <= 100 and any(c.isalnum() for c in query):
        assert "lieu" in page
    elif query:
        assert "Tapez au moins un mot" in page or "100 caractères au plus" in page
