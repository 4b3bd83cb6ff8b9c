"""What a verified representative may do in the authority's name: publish
events at the places it runs (a place says which authority runs it)."""

import pytest
from django.urls import reverse

from terreau.events.permissions import can_manage_event, can_publish_event
from terreau.places import services as places
from terreau.territories.models import AuthorityRepresentative
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def representative(territory):
    person = UserFactory()
    AuthorityRepresentative.objects.create(person=person, territory=territory, role="Maire")
    return person


def test_a_representative_publishes_at_the_places_the_authority_runs(territories):
    pezenas = commune("34199")
    town_hall = PlaceFactory(name="Mairie de Pézenas", kind="mairie", authority_level="commune")
    garden = PlaceFactory(name="Jardin associatif")  # runs itself
    mayor = representative(pezenas)
    assert can_publish_event(mayor, town_hall)
    assert can_manage_event(mayor, EventFactory(place=town_hall))
    assert not can_publish_event(mayor, garden)
    assert not can_manage_event(mayor, EventFactory(place=garden))
    # Another commune's representative, or the EPCI's, has no right there.
    assert not can_publish_event(representative(commune("34172")), town_hall)
    assert not can_publish_event(representative(pezenas.epci), town_hall)


def test_the_epci_level_names_the_intercommunality(territories):
    pezenas = commune("34199")
    media_library = PlaceFactory(kind="mediatheque", authority_level="epci")
    assert media_library.authority_territory_id == pezenas.epci_id
    assert can_publish_event(representative(pezenas.epci), media_library)
    assert not can_publish_event(representative(pezenas), media_library)


def test_the_host_decides_and_the_right_goes_with_it(client, territories):
    town_hall = PlaceFactory(kind="mairie", authority_level="commune")
    mayor = representative(commune("34199"))
    client.force_login(mayor)
    url = reverse("events:create", args=[town_hall.pk])
    assert client.get(url).status_code == 200
    places.update_place(
        place=town_hall,
        name=town_hall.name,
        kind=town_hall.kind,
        description=town_hall.description,
        address=town_hall.address,
        commune=town_hall.commune,
        themes=list(town_hall.themes.all()),
        hours=[],
        authority_level="",
    )
    assert client.get(url).status_code in (403, 404)


def test_the_authority_page_offers_its_places_to_its_representatives(client, territories):
    PlaceFactory(name="Mairie de Pézenas", kind="mairie", authority_level="commune")
    page = client.get(reverse("pages:authority", args=["commune", "34199"])).content.decode()
    assert "Ses lieux" in page
    assert "Publier un événement" not in page
    client.force_login(representative(commune("34199")))
    page = client.get(reverse("pages:authority", args=["commune", "34199"])).content.decode()
    assert "Publier un événement à Mairie de Pézenas" in page


def test_a_representative_asks_to_animate_and_staff_appoint(client, territories, staff):
    from terreau.authorities.models import AnimationRequest
    from terreau.territories.roles import animates
    from tests.accounts.factories import sign_in_with_second_factor
    from tests.worker import run_worker

    epci = commune("34199").epci
    url = reverse("authorities:ask_animation", args=[epci.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # only its representatives ask
    officer = representative(epci)
    client.force_login(officer)
    client.post(url, {"motivation": "Avec les trois tiers-lieux de l'agglomération."})
    asked = AnimationRequest.objects.get()
    page = client.post(url, {"motivation": "Encore"}, follow=True).content.decode()
    assert "déjà en attente" in page
    # Staff without their second factor cannot decide; with it, they appoint.
    decide = reverse("authorities:decide_animation", args=[asked.pk])
    client.force_login(staff)
    assert client.post(decide, {"decision": "accept"}).status_code == 302  # to the second factor
    assert not animates(officer, epci)
    sign_in_with_second_factor(client, staff)
    assert (
        "Avec les trois tiers-lieux" in client.get(reverse("authorities:requests")).content.decode()
    )
    client.post(decide, {"decision": "accept"})
    assert animates(officer, epci)
    assert "Vous animez désormais" in [m for m in run_worker() if m.to == [officer.email]][-1].body
