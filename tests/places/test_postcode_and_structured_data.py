"""A place's postcode (one of its commune's, from La Poste's data) and what
its page says to search engines and to sharing previews (issue 13, 4)."""

import json
import re

import pytest
from django.urls import reverse

from terreau.places.models import OpeningHours, Place
from tests.accounts.factories import sign_in
from tests.places.factories import PlaceFactory
from tests.places.test_views import proposal
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def test_a_commune_with_one_postcode_fills_it_in(client, person, territories):
    sign_in(client, person)
    client.post(reverse("places:propose"), proposal())
    assert Place.objects.get(name="Le Fournil partagé").postcode == "34120"


def test_a_commune_with_several_postcodes_asks_which_and_refuses_another_communes(
    client, person, territories
):
    montpellier = commune("34172")
    codes = sorted(montpellier.postcodes.values_list("code", flat=True))
    assert len(codes) > 1
    sign_in(client, person)
    page = client.post(reverse("places:propose"), proposal(commune="34172"))
    assert "Plusieurs codes postaux desservent Montpellier : %s" % ", ".join(codes) in (
        page.content.decode()
    )
    page = client.post(reverse("places:propose"), proposal(commune="34172", postcode="81100"))
    assert "81100 n&#x27;est pas un code postal de Montpellier" in page.content.decode()
    assert not Place.objects.filter(name="Le Fournil partagé").exists()
    client.post(reverse("places:propose"), proposal(commune="34172", postcode=codes[-1]))
    assert Place.objects.get(name="Le Fournil partagé").postcode == codes[-1]


def structured_data(page) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_a_place_page_carries_its_address_position_and_hours_as_schema_org(client, territories):
    place = PlaceFactory(
        name="Médiathèque </script><b>", kind=Place.Kind.MEDIATHEQUE, latitude="43.45916",
        longitude="3.41611",
    )  # fmt: skip
    OpeningHours.objects.create(place=place, weekday=2, opens="09:30", closes="12:00")
    page = client.get(place.get_absolute_url()).content.decode()
    assert "34120 Pézenas" in page
    data = structured_data(page)
    assert data["@type"] == "Library"
    assert data["name"] == "Médiathèque </script><b>"  # escaped in the page, intact once read
    assert data["address"]["postalCode"] == "34120"
    assert data["address"]["addressLocality"] == "Pézenas"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 43.45916, "longitude": 3.41611}
    assert data["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Wednesday"
    assert data["openingHoursSpecification"][0]["opens"] == "09:30"


def test_an_unpublished_place_says_nothing_to_search_engines(client, territories):
    place = PlaceFactory(status=Place.Status.PROPOSED, published_at=None)
    host = place.hosts.get().person
    client.force_login(host)
    assert "application/ld+json" not in client.get(place.get_absolute_url()).content.decode()


def test_pages_name_their_canonical_address_and_a_sharing_preview_from_this_origin(
    client, territories, settings
):
    settings.SITE_URL = "https://terreau.example.org"
    place = PlaceFactory(name="La Recyclerie")
    page = client.get(place.get_absolute_url() + "?utm_source=ailleurs").content.decode()
    url = "https://terreau.example.org" + place.get_absolute_url()
    assert '<link rel="canonical" href="%s">' % url in page
    assert '<meta property="og:url" content="%s">' % url in page
    assert '<meta property="og:title" content="La Recyclerie">' in page
    assert '<meta property="og:description" content="Un lieu pour agir ensemble.">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    image = re.search(r'<meta property="og:image" content="([^"]+)">', page).group(1)
    assert image.startswith("https://terreau.example.org/static/terreau/partage")
    assert client.get(image.removeprefix("https://terreau.example.org")).status_code == 200
