import pytest
from django.core import mail
from django.urls import reverse

from terreau.places.models import Place
from tests.accounts.factories import sign_in_with_second_factor
from tests.places.factories import PlaceFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def test_staff_publish_from_the_moderation_queue(
    client, staff, territories, django_capture_on_commit_callbacks
):
    place = PlaceFactory(status=Place.Status.PROPOSED, published_at=None)
    PlaceFactory(name="Déjà publié")
    sign_in_with_second_factor(client, staff)
    queue = client.get(reverse("admin:places_placetomoderate_changelist")).content.decode()
    assert place.name in queue
    assert "Déjà publié" not in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:places_placetomoderate_changelist"),
            {"action": "publish", "_selected_action": [place.pk]},
        )
    run_worker()
    place.refresh_from_db()
    assert place.status == Place.Status.PUBLISHED
    assert place.published_at is not None
    # its host is told, with the link to the page
    assert mail.outbox[-1].to == [place.hosts.get().person.email]
    assert place.get_absolute_url() in mail.outbox[-1].body


def test_territories_are_read_only_in_the_back_office(client, staff, territories):
    sign_in_with_second_factor(client, staff)
    assert client.get(reverse("admin:territories_territory_changelist")).status_code == 200
    assert client.get(reverse("admin:territories_territory_add")).status_code == 403
