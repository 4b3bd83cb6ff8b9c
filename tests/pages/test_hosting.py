"""A host validates the right person: the search lists only people linked to
the place, tells namesakes apart without their e-mail, and a confirmation
names the person before anything is recorded."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.challenges.models import Team, TeamMember
from terreau.checkins.models import CheckIn
from terreau.events import services as event_services
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.challenges.factories import marathon_with_stage, participant
from tests.checkins.factories import open_every_day
from tests.events.factories import EventFactory
from tests.html import squeeze
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place_with_three_leas(territories):
    """Three « Léa » linked to the place, each in one way, and two who are
    not: a Léa elsewhere and a collective whose name contains « léa »."""
    host = UserFactory(display_name="Hôte")
    place = PlaceFactory(host=host)
    open_every_day(place)
    now = timezone.now()
    event = EventFactory(
        place=place,
        title="Atelier vélo",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=1),
    )
    sete = Territory.objects.get(kind="commune", code="34301")
    registered = UserFactory(display_name="Léa", home_commune=sete)
    event_services.register_for_event(event=event, person=registered, at=now)
    marathon, _stage = marathon_with_stage()
    runner = participant(marathon, UserFactory(display_name="Léa"))
    team = Team.objects.create(marathon=marathon, name="Les Mollets", kind="neighbourhood")
    TeamMember.objects.create(team=team, marathon=marathon, person=runner)
    regular = UserFactory(display_name="Léa")
    CheckIn.objects.create(
        person=regular,
        place=place,
        source="poster",
        day=(now - datetime.timedelta(days=7)).date(),
        created_at=now - datetime.timedelta(days=7),
    )
    stranger = UserFactory(display_name="Léa")
    collective = UserFactory(display_name="Collectif de Orléans Métropole")
    return {
        "host": host,
        "place": place,
        "registered": registered,
        "runner": runner,
        "regular": regular,
        "stranger": stranger,
        "collective": collective,
    }


def test_the_search_lists_only_people_linked_to_the_place_registrants_first(
    client, place_with_three_leas
):
    o = place_with_three_leas
    client.force_login(o["host"])
    page = client.get(reverse("pages:place_presence", args=[o["place"].pk]), {"q": "léa"})
    text = squeeze(page.content.decode())
    links = ["?personne=%d" % o[who].pk for who in ("registered", "runner", "regular", "stranger")]
    assert links[3] not in text
    assert "Orléans" not in text
    positions = [text.index(link) for link in links[:3]]
    assert positions == sorted(positions)
    # What tells the three apart, without any e-mail address.
    assert "inscrit·e à « Atelier vélo »" in text
    assert "habite Sète" in text
    assert "participe au marathon de" in text
    assert "équipe Les Mollets" in text
    assert "déjà venu·e ici" in text
    assert "@" not in text.split("<main", 1)[1]


def test_a_confirmation_names_the_person_then_one_post_records_them(client, place_with_three_leas):
    o = place_with_three_leas
    client.force_login(o["host"])
    place = o["place"]
    page = client.get(
        reverse("pages:confirm_place_presence", args=[place.pk]),
        {"personne": o["runner"].pk},
    ).content.decode()
    assert "Confirmer la présence de Léa" in page
    assert "équipe Les Mollets" in page
    assert not CheckIn.objects.filter(person=o["runner"]).exists()
    response = client.post(
        reverse("pages:validate_at_place", args=[place.pk]), {"person": o["runner"].pk}, follow=True
    )
    assert "Présence de Léa enregistrée." in response.content.decode()
    assert CheckIn.objects.get(person=o["runner"]).validated_by == o["host"]


def test_a_person_without_a_link_to_the_place_is_not_validated(client, place_with_three_leas):
    o = place_with_three_leas
    client.force_login(o["host"])
    place = o["place"]
    confirm = client.get(
        reverse("pages:confirm_place_presence", args=[place.pk]),
        {"personne": o["stranger"].pk},
        follow=True,
    )
    assert "pas de lien avec ce lieu" in unescape(confirm.content.decode())
    for value in (o["stranger"].pk, "abc", ""):
        response = client.post(
            reverse("pages:validate_at_place", args=[place.pk]), {"person": value}, follow=True
        )
        assert "rien n'a été enregistré" in unescape(response.content.decode())
    assert not CheckIn.objects.filter(source="host").exists()


def test_a_closed_place_refuses_the_validation_in_french(client, territories):
    host, visitor = UserFactory(), UserFactory(display_name="Paul")
    place = PlaceFactory(host=host)  # no opening hours: never open
    CheckIn.objects.create(
        person=visitor,
        place=place,
        source="poster",
        day=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(host)
    response = client.post(
        reverse("pages:validate_at_place", args=[place.pk]), {"person": visitor.pk}, follow=True
    )
    assert "Le lieu est fermé en ce moment" in response.content.decode()
    assert not CheckIn.objects.filter(source="host").exists()


def test_an_event_host_sees_when_each_registrant_registered_and_confirms_by_name(
    client, territories
):
    host = UserFactory()
    now = timezone.now()
    event = EventFactory(
        place=PlaceFactory(host=host),
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=1),
    )
    first, second = UserFactory(display_name="Léa"), UserFactory(display_name="Léa")
    event_services.register_for_event(
        event=event, person=first, at=now - datetime.timedelta(days=2)
    )
    event_services.register_for_event(event=event, person=second, at=now)
    client.force_login(host)
    page = squeeze(client.get(reverse("checkins:event_presence", args=[event.pk])).content.decode())
    assert page.count("inscrit·e le") == 2
    confirm = client.get(
        reverse("checkins:confirm_event_presence", args=[event.pk]), {"personne": second.pk}
    ).content.decode()
    assert "Confirmer la présence de Léa" in confirm
    client.post(reverse("checkins:validate_at_event", args=[event.pk]), {"person": second.pk})
    assert list(CheckIn.objects.values_list("person", flat=True)) == [second.pk]


def test_an_event_three_days_away_refuses_the_host_validation(client, territories):
    host, visitor = UserFactory(), UserFactory()
    event = EventFactory(place=PlaceFactory(host=host))
    event.starts_at = timezone.now() + datetime.timedelta(days=3)
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()
    event_services.register_for_event(event=event, person=visitor, at=timezone.now())
    client.force_login(host)
    response = client.post(
        reverse("checkins:validate_at_event", args=[event.pk]), {"person": visitor.pk}, follow=True
    )
    assert "L'événement n'a pas commencé" in unescape(response.content.decode())
    assert not CheckIn.objects.exists()
