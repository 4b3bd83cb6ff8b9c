"""Pages and feeds carry an ETag; a browser or feed reader that already holds
the same version gets 304 and no body."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
from django.utils import timezone

from terreau.events import services
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("url", ["/lois/", "/defis/facteurs/", "/territoires/commune/34199/"])
def test_an_unchanged_page_answers_304(client, territories, url, gzip):
    headers = {"HTTP_ACCEPT_ENCODING": "gzip"} if gzip else {}
    first = client.get(url, **headers)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304
    assert again.content == b""


def test_a_feed_answers_304_until_it_changes(client, territories):
    """A calendar polls the feed every hour: while no event changed, the
    bytes (and the ETag) are the same, whatever the time of the request."""
    place = PlaceFactory()
    EventFactory(place=place, title="Repair café")
    url = "/lieux/%d/agenda.ics" % place.pk
    etag = client.get(url)["ETag"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    start = timezone.now() + datetime.timedelta(days=3)
    services.publish_event(  # as its host does, which makes the cached feed stale
        place=place,
        person=UserFactory(),
        title="Atelier vélo",
        description="Réparer son vélo ensemble.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        themes=[],
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert b"Atelier v" in changed.content


def test_static_files_are_cached_for_good_under_production_storage(settings, tmp_path):
    """collectstatic with the production storage, then WhiteNoise serves the
    hashed stylesheet with a year-long, immutable cache."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    url = static("terreau/terreau.css")
    assert re.search(r"terreau\.[0-9a-f]{12}\.css$", url), url
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
