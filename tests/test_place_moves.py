"""A place that changes commune (issue 21, 9). The red team moved a published
place into another commune, supported that territory's application as a
place, and moved it back: the support still counted, and the same trick
passed "lives or acts in" for marathons. A move now sends the place back to
moderation, and what rested on the old commune is checked again."""

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.calls import services as call_services
from terreau.calls.models import Support
from terreau.challenges import services as challenge_services
from terreau.challenges.models import Participant
from terreau.places import services as place_services
from terreau.places.models import Place
from tests.accounts.factories import UserFactory
from tests.calls.factories import closed_call, open_call, submitted_application
from tests.challenges.factories import marathon_with_stage
from tests.places.factories import PlaceFactory
from tests.places.test_views import proposal
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

MAZAMET = "81163"
CASTRES_MAZAMET = "248100430"


def move(client, place, to):
    response = client.post(
        reverse("places:edit", args=[place.pk]), proposal(name=place.name, commune=to)
    )
    assert response.status_code == 302
    place.refresh_from_db()
    return response


def test_the_move_and_back_trick_no_longer_counts(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host, commune=commune("34199"))  # Pézenas
    application = submitted_application(open_call(), territory=commune(MAZAMET))
    client.force_login(host)

    response = move(client, place, "Mazamet")
    assert place.status == Place.Status.PROPOSED
    page = client.get(response.url).content.decode()
    assert "il repasse par la modération" in page
    with pytest.raises(call_services.CallRefused, match="pas encore publié"):
        call_services.support_as_place(
            application=application, person=host, place=place, at=timezone.now()
        )

    # Staff check the new address and publish it: now it may support.
    place_services.publish_places([place])
    place.refresh_from_db()
    call_services.support_as_place(
        application=application, person=host, place=place, at=timezone.now()
    )
    assert application.supports.counts().places == 1

    move(client, place, "Pézenas")
    assert place.status == Place.Status.PROPOSED
    assert application.supports.counts().places == 0


def test_a_support_given_to_a_closed_call_stays(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host, commune=commune(MAZAMET))
    application = submitted_application(closed_call(), territory=commune(MAZAMET))
    Support.objects.create(
        application=application, call=application.call, kind="place", person=host, place=place
    )
    client.force_login(host)
    move(client, place, "Pézenas")
    assert application.supports.counts().places == 1


def test_a_host_who_acted_in_a_marathon_only_through_the_place_leaves_it(client, territories):
    marathon, _stage = marathon_with_stage("repair-cafe", epci=CASTRES_MAZAMET)
    host, resident = UserFactory(), UserFactory(home_commune=commune(MAZAMET))
    place = PlaceFactory(host=host, commune=commune(MAZAMET))
    place.hosts.create(person=resident)
    for person in (host, resident):
        challenge_services.join_marathon(person=person, marathon=marathon)
    client.force_login(host)
    move(client, place, "Pézenas")
    participants = set(
        Participant.objects.filter(marathon=marathon).values_list("person", flat=True)
    )
    assert participants == {resident.pk}


def test_a_move_within_the_commune_changes_nothing(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host, commune=commune("34199"))
    client.force_login(host)
    move(client, place, "Pézenas")
    assert place.status == Place.Status.PUBLISHED
