import re

import pytest
from django.urls import reverse

from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def page(client, kind, code, **params):
    response = client.get(reverse("pages:territory", args=[kind, code]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_commune_page_shows_population_parents_and_empty_places(client, territories):
    html = page(client, "commune", "34199")
    assert "Pézenas" in html
    assert re.search(r"7\s?797 habitants", html)
    assert 'href="/territoires/departement/34/"' in html
    assert 'href="/territoires/region/76/"' in html
    assert "Aucun lieu publié ici pour l'instant" in html
    assert "millésime 2026" in html


def test_epci_page_lists_member_communes_and_their_places(client, territories):
    PlaceFactory(name="Le Fournil", commune=commune("34199"))
    html = page(client, "epci", "243400819")
    assert "CA Hérault-Méditerranée" in html
    assert "Communes membres" in html
    assert "Pézenas" in html
    assert "Le Fournil" in html


def test_departement_and_region_pages_show_child_divisions(client, territories):
    assert "CA Hérault-Méditerranée" in page(client, "departement", "34")
    region = page(client, "region", "76")
    assert "Hérault" in region
    assert "Tarn" in region


def test_unpublished_places_stay_off_territory_pages(client, territories):
    PlaceFactory(name="Projet secret", status="proposed")
    assert "Projet secret" not in page(client, "commune", "34199")


def test_communes_list_is_paginated_and_survives_a_bad_page_number(client, territories):
    url = reverse("territories:communes", args=["departement", "34"])
    first = client.get(url).content.decode()
    assert "Page 1 sur" in first
    assert client.get(url, {"page": "abc"}).status_code == 200
    assert client.get(url, {"page": "99999"}).status_code == 200
