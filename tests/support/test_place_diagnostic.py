"""A place's diagnostic: taken by its hosts only, seen by them, published
by them on the place's page (a person's never is), hidden again when they
want; a host who left loses it."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from terreau.places.models import PlaceHost
from terreau.support import services
from terreau.support.models import Diagnostic
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.html import text_of
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def place_answers(**changes):
    data = {
        "q_surface": "200",
        "q_heating": "fuel-oil",
        "q_comfort": "normal",
        "q_electricity_kwh": "4000",
        "q_visitors_week": "150",
        "q_car_share": "half",
        "q_trip_km": "12",
        "q_weeks_open": "46",
        "q_meals_week": "",
        "q_menu": "unknown",
        "q_appliances": "1",
        "q_computers": "3",
        "q_screens": "",
        "q_renewal": "unknown",
        "q_waste_kg_week": "12",
    }
    data.update(changes)
    return data


@pytest.fixture
def hall(territories):
    host, cohost = UserFactory(), UserFactory()
    place = PlaceFactory(host=host, name="Salle des Fêtes", commune=commune("34199"))
    PlaceHost.objects.create(place=place, person=cohost)
    return place, host, cohost


def test_a_host_takes_it_a_cohost_sees_it_and_publishes_it(client, hall):
    place, host, cohost = hall
    url = reverse("support:diagnostic_place", args=[place.pk])
    client.force_login(host)
    page = text_of(client.post(url, place_answers(), follow=True))
    assert "Chauffer le lieu moins, et mieux" in page
    taken = Diagnostic.objects.get()
    assert (taken.place, taken.territory, taken.is_public) == (place, place.commune, False)
    client.logout()
    assert client.get(taken.get_absolute_url()).status_code == 404
    assert "Son diagnostic" not in text_of(client.get(place.get_absolute_url()))
    client.force_login(cohost)
    assert client.get(taken.get_absolute_url()).status_code == 200
    client.post(reverse("support:diagnostic_publish", args=[taken.pk]), {"public": "1"})
    client.logout()
    place_page = text_of(client.get(place.get_absolute_url()))
    assert "Son diagnostic" in place_page
    assert client.get(taken.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["stranger", "staff", "host_who_left"])
def test_only_a_current_host_takes_or_publishes_it(client, hall, staff, who):
    place, host, _cohost = hall
    taken = services.take_diagnostic(person=host, questionnaire="place", answers={}, place=place)
    person = {"stranger": UserFactory(), "staff": staff, "host_who_left": host}[who]
    if who == "host_who_left":
        PlaceHost.objects.filter(person=host).delete()
    if who == "staff":
        sign_in_with_second_factor(client, person)
    else:
        client.force_login(person)
    assert client.get(reverse("support:diagnostic_place", args=[place.pk])).status_code == 404
    client.post(reverse("support:diagnostic_publish", args=[taken.pk]), {"public": "1"})
    taken.refresh_from_db()
    assert not taken.is_public
    with pytest.raises(services.SupportRefused):
        services.take_diagnostic(person=person, questionnaire="place", answers={}, place=place)


def test_a_persons_diagnostic_can_never_be_published(client, territories, person):
    taken = services.take_diagnostic(
        person=person, questionnaire="person", answers={}, commune=commune("34199")
    )
    client.force_login(person)
    client.post(reverse("support:diagnostic_publish", args=[taken.pk]), {"public": "1"})
    taken.refresh_from_db()
    assert not taken.is_public
    with pytest.raises(IntegrityError):
        Diagnostic.objects.filter(pk=taken.pk).update(is_public=True)


def test_an_authoritys_representative_takes_and_publishes_its_diagnostic(client, territories):
    from terreau.territories.models import AuthorityRepresentative

    epci = commune("34199").epci
    officer = UserFactory()
    AuthorityRepresentative.objects.create(
        person=officer, territory=epci, role="Chargée de mission"
    )
    url = reverse("support:diagnostic_authority", args=[epci.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(officer)
    answers = {
        "q_buildings_kwh": "",
        "q_buildings_energy": "unknown",
        "q_lighting_kwh": "700000",
        "q_vehicles": "",
        "q_vehicle_km": "",
        "q_meals_day": "250",
        "q_school_days": "",
        "q_vegetarian_menus": "twice",
        "q_waste_tonnes": "",
    }
    page = text_of(client.post(url, answers, follow=True))
    assert "Rénover et piloter les bâtiments publics" in page
    assert "356,25 kWh par habitant" in page
    taken = Diagnostic.objects.get()
    assert (taken.authority, taken.answers["population"]) == (epci, str(epci.population))
    authority_page = reverse("pages:authority", args=["epci", epci.code])
    assert "Son diagnostic" not in text_of(client.get(authority_page))
    client.post(reverse("support:diagnostic_publish", args=[taken.pk]), {"public": "1"})
    client.logout()
    assert "Son diagnostic" in text_of(client.get(authority_page))


def test_a_departement_has_no_population_to_count_by(territories):
    from terreau.territories.models import AuthorityRepresentative, Territory

    herault = Territory.objects.get(kind="departement", code="34")
    officer = UserFactory()
    AuthorityRepresentative.objects.create(person=officer, territory=herault, role="Agente")
    with pytest.raises(services.SupportRefused) as refusal:
        services.take_diagnostic(
            person=officer, questionnaire="authority", answers={}, authority=herault
        )
    assert refusal.value.code == "no-population"
