"""The places moderation queue in French (/lieux/moderation/), scoped: staff
with their second factor see every proposed place, an animator only those of
the territories they animate, anyone else nothing."""

import pytest
from django.urls import reverse

from terreau.places.models import Place
from terreau.territories import roles
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

QUEUE = reverse("places:moderation")


@pytest.fixture
def proposed(territories):
    return {
        "pezenas": PlaceFactory(name="Tiers-lieu de Pézenas", status="proposed"),
        "montpellier": PlaceFactory(
            name="Atelier de Montpellier", status="proposed", commune=commune("34172")
        ),
    }


def animator_of(territory):
    person = UserFactory()
    roles.appoint(person, territory)
    return person


def seen(client, person):
    client.force_login(person)
    page = client.get(QUEUE).content.decode()
    return {name for name in ("Tiers-lieu de Pézenas", "Atelier de Montpellier") if name in page}


def test_each_role_sees_its_own_territory(client, proposed, staff):
    epci = commune("34199").epci
    herault = Territory.objects.get(kind="departement", code="34")
    assert seen(client, animator_of(epci)) == {"Tiers-lieu de Pézenas"}
    assert seen(client, animator_of(commune("34172"))) == {"Atelier de Montpellier"}
    assert seen(client, animator_of(herault)) == {"Tiers-lieu de Pézenas", "Atelier de Montpellier"}
    sign_in_with_second_factor(client, staff)
    assert client.get(QUEUE).status_code == 200
    assert "Atelier de Montpellier" in client.get(QUEUE).content.decode()


@pytest.mark.parametrize("who", ["resident", "staff_password_only"])
def test_no_role_no_queue(client, proposed, staff, who):
    client.force_login(UserFactory() if who == "resident" else staff)
    assert client.get(QUEUE).status_code == 403
    client.post(reverse("places:moderation_publish", args=[proposed["pezenas"].pk]))
    assert Place.objects.filter(status="published").count() == 0


def test_an_animator_cannot_decide_another_territorys_place(client, proposed):
    client.force_login(animator_of(commune("34199").epci))
    elsewhere = proposed["montpellier"]
    response = client.post(reverse("places:moderation_publish", args=[elsewhere.pk]))
    assert response.status_code == 404
    response = client.post(
        reverse("places:moderation_reject", args=[elsewhere.pk]), {"reason": "Non."}
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == "proposed"
    client.post(reverse("places:moderation_publish", args=[proposed["pezenas"].pk]))
    proposed["pezenas"].refresh_from_db()
    assert proposed["pezenas"].status == "published"


def test_a_refusal_says_why(client, proposed):
    client.force_login(animator_of(commune("34199").epci))
    url = reverse("places:moderation_reject", args=[proposed["pezenas"].pk])
    page = client.post(url, {"reason": "  "}, follow=True).content.decode()
    assert "Dites pourquoi le lieu est refusé" in page
    client.post(url, {"reason": "Adresse introuvable."})
    proposed["pezenas"].refresh_from_db()
    assert (proposed["pezenas"].status, proposed["pezenas"].rejection_reason) == (
        "rejected",
        "Adresse introuvable.",
    )


def test_the_queue_searches_by_name_or_commune(client, proposed, staff):
    sign_in_with_second_factor(client, staff)
    page = client.get(QUEUE, {"q": "montpel"}).content.decode()
    assert "Atelier de Montpellier" in page
    assert "Tiers-lieu de Pézenas" not in page
