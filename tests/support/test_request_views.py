"""Requests for help through the client: asking (with its French refusals),
the permission matrix of a request's page (requester, the experts it is
offered to, its expert, another expert, a host of another place, staff with
and without their second factor, a stranger), who sees which contact, and
the gaps page scoped like the moderation queues."""

import pytest
from django.urls import reverse

from terreau.support import services
from terreau.support.models import HelpRequest
from terreau.territories import roles
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.html import text_of
from tests.places.factories import PlaceFactory
from tests.support.factories import make_expert
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

ASK = reverse("support:ask")


def ask_data(**changes):
    data = {
        "domain": "energy-housing",
        "on_behalf": "person",
        "commune": "Pézenas",
        "description": "Ma maison est froide l'hiver : par où commencer ?",
        "modes": ["on-site"],
        "share_name": "on",
        "share_email": "on",
        "share_phone": "06 11 22 33 44",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def world(territories, staff):
    pezenas = commune("34199")
    offered = [make_expert(name="Offerte %d" % i, areas=[pezenas]) for i in range(2)]
    requester = UserFactory(display_name="Awa Diallo")
    help_request = services.ask_for_help(
        person=requester,
        domain="energy-housing",
        description="Ma maison est froide.",
        modes=[],
        commune=pezenas,
        share_phone="06 11 22 33 44",
    )
    services.accept_offer(
        offer=help_request.offers.get(expert=offered[0]), person=offered[0].person
    )
    help_request.refresh_from_db()
    return {
        "request": help_request,
        "requester": requester,
        "expert": offered[0].person,
        "offered_not_chosen": offered[1].person,
        "other_expert": make_expert(name="Ailleurs", areas=[commune("81163")]).person,
        "other_host": PlaceFactory(host=UserFactory(), commune=commune("81163")).hosts.get().person,
        "stranger": UserFactory(),
        "staff": staff,
    }


def test_asking_from_the_page(client, territories, person):
    make_expert(name="Nadia", areas=[commune("34199")])
    client.force_login(person)
    response = client.post(ASK, ask_data(), follow=True)
    assert "proposée à des experts" in text_of(response)
    help_request = HelpRequest.objects.get()
    assert help_request.share_phone == "06 11 22 33 44"
    assert response.redirect_chain[-1][0] == help_request.get_absolute_url()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"domain": "astrology"}, "Sélectionnez un choix valide"),
        ({"commune": ""}, "Indiquez votre commune"),
        ({"description": ""}, "Ce champ est obligatoire"),
        (
            {"share_name": None, "share_email": None, "share_phone": ""},
            "au moins un moyen de vous joindre",
        ),
        ({"share_phone": "<script>"}, "Un numéro de téléphone"),
        ({"on_behalf": "place"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_requests_are_explained_and_save_nothing(client, territories, person, changes, message):
    client.force_login(person)
    response = client.post(ASK, ask_data(**changes))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not HelpRequest.objects.exists()


def test_asking_from_an_experts_page_offers_it_to_that_expert_first(client, territories, person):
    pezenas = commune("34199")
    for index in range(4):
        make_expert(name="Autre %d" % index, areas=[pezenas])
    chosen = make_expert(name="Choisie", areas=[pezenas.region])
    page = text_of(client.get(chosen.get_absolute_url()))
    assert "Demander de l'aide à Choisie" in page
    client.force_login(person)
    client.post(ASK + "?expert=%d" % chosen.pk, {**ask_data(), "expert": chosen.pk})
    first = HelpRequest.objects.get().offers.order_by("rank").first()
    assert first.expert == chosen


VIEWERS = {
    "requester": 200,
    "expert": 200,
    "offered_not_chosen": 200,
    "other_expert": 404,
    "other_host": 404,
    "stranger": 404,
    "staff": 200,
    "staff_password_only": 404,
}


@pytest.mark.parametrize(("who", "status"), VIEWERS.items())
def test_who_may_read_a_request(client, world, who, status):
    person = world["staff"] if who.startswith("staff") else world[who]
    if who == "staff":
        sign_in_with_second_factor(client, person)
    else:
        client.force_login(person)
    response = client.get(world["request"].get_absolute_url())
    assert response.status_code == status


@pytest.mark.parametrize("who", ["requester", "expert", "offered_not_chosen", "staff"])
def test_only_the_accepted_expert_sees_the_requesters_contact(client, world, who):
    if who == "staff":
        sign_in_with_second_factor(client, world["staff"])
    else:
        client.force_login(world[who])
    page = text_of(client.get(world["request"].get_absolute_url()))
    assert ("06 11 22 33 44" in page) == (who in {"expert"})
    # The expert's own contact: for the requester and the expert themself.
    assert ("06 00 00 00 00" in page) == (who in {"requester", "expert"})


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(world["request"].get_absolute_url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_expert_accepts_and_then_sees_the_contact(client, territories):
    expert = make_expert(name="Nadia", areas=[commune("34199")])
    help_request = services.ask_for_help(
        person=UserFactory(),
        domain="energy-housing",
        description="Froid.",
        modes=[],
        commune=commune("34199"),
        share_phone="06 11 22 33 44",
    )
    client.force_login(expert.person)
    before = text_of(client.get(help_request.get_absolute_url()))
    assert "J'accepte" in before
    assert "06 11 22 33 44" not in before
    offer = help_request.offers.get()
    after = text_of(client.post(reverse("support:accept", args=[offer.pk]), follow=True))
    assert "06 11 22 33 44" in after
    again = text_of(client.post(reverse("support:accept", args=[offer.pk]), follow=True))
    assert "n'est plus ouverte" in again


def test_another_person_cannot_answer_an_offer(client, world):
    offer = world["request"].offers.exclude(state="accepted").first()
    client.force_login(world["stranger"])
    assert client.post(reverse("support:accept", args=[offer.pk])).status_code == 404
    assert client.post(reverse("support:decline", args=[offer.pk])).status_code == 404


def test_feedback_is_for_the_expert_and_staff_only(client, world, staff):
    help_request = world["request"]
    client.force_login(world["requester"])
    client.post(
        reverse("support:feedback", args=[help_request.pk]),
        {"helped": "partly", "comment": "Utile, à compléter."},
    )
    client.force_login(world["expert"])
    assert "Utile, à compléter." in text_of(client.get(help_request.get_absolute_url()))
    client.force_login(world["offered_not_chosen"])
    assert "Utile, à compléter." not in text_of(client.get(help_request.get_absolute_url()))


def test_a_bad_form_on_a_request_is_told_and_changes_nothing(client, world):
    help_request = world["request"]
    client.force_login(world["expert"])
    page = client.post(
        reverse("support:meeting", args=[help_request.pk]), {"meeting": ""}, follow=True
    )
    assert "Ce champ est obligatoire" in text_of(page)
    client.force_login(world["requester"])
    refused = client.post(
        reverse("support:close", args=[help_request.pk]), {"outcome": "Fini."}, follow=True
    )
    assert "Seul l'expert qui a accepté" in text_of(refused)
    help_request.refresh_from_db()
    assert (help_request.status, help_request.meeting) == ("accepted", "")


def test_the_gaps_page_is_scoped_and_shows_no_person(client, territories, staff):
    waiting = services.ask_for_help(
        person=UserFactory(display_name="Jo Secret"),
        domain="food",
        description="Description privée.",
        modes=[],
        commune=commune("34199"),
    )
    assert waiting.status == "unmatched"
    gaps = reverse("support:gaps")
    client.force_login(UserFactory())
    assert client.get(gaps).status_code == 403
    animator = UserFactory()
    roles.appoint(animator, commune("34199").epci)
    client.force_login(animator)
    page = text_of(client.get(gaps))
    assert "Alimentation — Pézenas" in page
    assert "Jo Secret" not in page
    assert "Description privée" not in page
    elsewhere = UserFactory()
    roles.appoint(elsewhere, commune("81163"))
    client.force_login(elsewhere)
    assert "Pézenas" not in text_of(client.get(gaps))
    sign_in_with_second_factor(client, staff)
    assert "Alimentation — Pézenas" in text_of(client.get(gaps))
