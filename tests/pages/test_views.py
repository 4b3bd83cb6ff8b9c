"""The pages that gather several apps (terreau/pages): what each shows and
what the forms they post accept."""

import html

import pytest
from django.urls import reverse

from terreau.challenges.models import Challenge, Completion
from terreau.checkins.models import CheckIn
from tests.accounts.factories import UserFactory
from tests.calls.factories import closed_call, open_call
from tests.challenges.factories import marathon_with_stage, participant
from tests.checkins.factories import open_every_day, screen_token
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


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


def test_a_village_with_no_place_shows_what_its_intercommunality_offers(client, territories):
    """A commune page with no place published falls back to the places and
    upcoming events of its EPCI, so that it still leads somewhere."""
    from tests.challenges.test_where import village_of_herault_mediterranee
    from tests.events.factories import EventFactory

    village = village_of_herault_mediterranee()
    place = PlaceFactory(name="Ressourcerie de Pézenas", kind="ressourcerie")
    EventFactory(place=place, title="Atelier vélo")
    page = html.unescape(client.get(village.get_absolute_url()).content.decode())
    assert "Aucun lieu publié ici pour l'instant" in page
    assert "Près d'ici, dans CA Hérault-Méditerranée" in page
    assert "Ressourcerie de Pézenas" in page
    assert "Atelier vélo" in page
    # Pézenas has its place: its own page lists it, with no fallback.
    page = html.unescape(client.get(commune("34199").get_absolute_url()).content.decode())
    assert "Ressourcerie de Pézenas" in page
    assert "Près d'ici" not in page


def test_a_village_whose_intercommunality_has_no_place_says_so(client, territories):
    from tests.challenges.test_where import village_of_herault_mediterranee

    page = html.unescape(
        client.get(village_of_herault_mediterranee().get_absolute_url()).content.decode()
    )
    assert "Aucun lieu publié non plus dans CA Hérault-Méditerranée" in page


def test_a_first_scan_invites_a_resident_to_join_the_local_marathon(client, territories):
    """Someone who lives here but is not in the marathon scans a code: the
    page invites them to join, and once joined the défis of the place show."""
    marathon, _stage = marathon_with_stage("jardin-partage-seance")
    person = UserFactory(home_commune=commune("34199"))
    place = PlaceFactory(kind="jardin-partage", commune=commune("34199"))
    open_every_day(place)
    url = reverse("pages:presence", args=[screen_token(place)])
    client.force_login(person)
    page = html.unescape(client.get(url).content.decode())
    assert "Le marathon « Marathon de test » est en cours ici" in page
    assert "Une séance au jardin partagé" not in page
    response = client.post(reverse("challenges:join", args=[marathon.pk]), {"next": url})
    assert response.url == url
    assert marathon.participants.filter(person=person).exists()
    page = html.unescape(client.get(url).content.decode())
    assert "Une séance au jardin partagé" in page
    assert "est en cours ici" not in page


def test_the_invitation_follows_a_presence_recorded_without_a_defi(client, territories):
    marathon_with_stage("jardin-partage-seance")
    place = PlaceFactory(kind="jardin-partage", commune=commune("34199"))
    open_every_day(place)
    client.force_login(UserFactory(home_commune=commune("34199")))
    page = html.unescape(
        client.post(reverse("pages:presence", args=[screen_token(place)])).content.decode()
    )
    assert "Présence enregistrée" in page
    assert "Rejoindre le marathon" in page


def test_a_visitor_from_elsewhere_learns_who_may_join(client, territories):
    _marathon, _stage = marathon_with_stage("jardin-partage-seance")
    place = PlaceFactory(kind="jardin-partage", commune=commune("34199"))
    open_every_day(place)
    url = reverse("pages:presence", args=[screen_token(place)])
    page = html.unescape(client.get(url).content.decode())
    assert "Connectez-vous pour le rejoindre" in page
    client.force_login(UserFactory(home_commune=commune("34172")))
    page = html.unescape(client.get(url).content.decode())
    assert "ouvert aux personnes qui vivent ou agissent sur ce territoire" in page
    assert "Rejoindre le marathon" not in page


def test_joining_never_sends_elsewhere_than_this_site(client, territories):
    marathon, _stage = marathon_with_stage("jardin-partage-seance")
    client.force_login(UserFactory(home_commune=commune("34199")))
    response = client.post(
        reverse("challenges:join", args=[marathon.pk]), {"next": "https://ailleurs.example/"}
    )
    assert response.url == marathon.get_absolute_url()
