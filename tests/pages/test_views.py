"""The pages that gather several apps (terreau/pages): what each shows and
what the forms they post accept."""

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.challenges.models import Challenge, Completion
from terreau.checkins import tokens
from terreau.checkins.models import CheckIn
from tests.accounts.factories import UserFactory
from tests.calls.factories import closed_call, open_call
from tests.challenges.factories import marathon_with_stage, participant
from tests.checkins.factories import open_every_day
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def screen_token(place):
    return tokens.sign(tokens.screen_claim(place_id=place.pk, at=timezone.now()))


def test_the_presence_page_offers_the_defis_of_the_place_and_records_one(client, territories):
    marathon, stage = marathon_with_stage("jardin-partage-seance")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    place = PlaceFactory(kind="jardin-partage", commune=commune("34199"))
    open_every_day(place)
    token = screen_token(place)
    client.force_login(person)
    page = client.get(reverse("pages:presence", args=[token])).content.decode()
    assert "Quel défi relevez-vous ici ?" in page
    assert "Une séance au jardin partagé" in page
    challenge = Challenge.objects.get(slug="jardin-partage-seance")
    response = client.post(
        reverse("pages:complete_defi", args=[token]),
        {"defi": f"{stage.pk}-{challenge.pk}"},
        follow=True,
    )
    assert "Défi relevé" in response.content.decode()
    assert Completion.objects.get().challenge == challenge
    response = client.post(
        reverse("pages:complete_defi", args=[token]), {"defi": "n'importe:quoi"}, follow=True
    )
    assert "Choisissez le défi" in response.content.decode()


def test_a_defi_not_offered_by_this_presence_is_refused(client, territories):
    """The choice is one of the pairs the page offered: a défi of the same
    marathon that this place does not validate, typed into the form, is
    refused and nothing is recorded."""
    marathon, stage = marathon_with_stage("jardin-partage-seance", "ressourcerie-jean")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    place = PlaceFactory(kind="jardin-partage", commune=commune("34199"))
    open_every_day(place)
    token = screen_token(place)
    client.force_login(person)
    page = client.get(reverse("pages:presence", args=[token])).content.decode()
    elsewhere = Challenge.objects.get(slug="ressourcerie-jean")
    assert elsewhere.title not in page
    response = client.post(
        reverse("pages:complete_defi", args=[token]),
        {"defi": f"{stage.pk}-{elsewhere.pk}"},
        follow=True,
    )
    assert "Choisissez le défi que vous relevez." in response.content.decode()
    assert not Completion.objects.exists()
    assert not CheckIn.objects.exists()


def test_the_marathons_page_says_how_a_territory_gets_one(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    open_call(title="AMI marathon 2027")
    closed_call(title="AMI marathon 2025")
    page = client.get(reverse("pages:marathons")).content.decode()
    assert "AMI marathon 2027" in page
    assert "ouvert jusqu" in page
    assert "AMI marathon 2025" not in page  # closed: on the list of all calls only
    assert marathon.title in page
