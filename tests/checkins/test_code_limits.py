"""Typed codes cannot be guessed: an address that keeps typing unknown short
codes or installation codes is stopped for ten minutes, in French; right
codes never count, so a whole class on one school network is never stopped."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terreau.checkins import limits, services, tokens
from terreau.checkins.models import ScreenDevice
from tests.checkins.factories import open_every_day
from tests.checkins.test_screens import pairing_code
from tests.checkins.test_short_codes import PARIS
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_code(territories):
    place = PlaceFactory()
    open_every_day(place)
    claim = tokens.poster_claim(place_id=place.pk, at=timezone.now(), zone=PARIS)
    return services.short_code_for(claim, timezone.now())


def test_unknown_short_codes_from_one_address_are_stopped_then_refused_in_french(short_code):
    _scope, allowed, _window = limits.SHORT_CODES
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(allowed):
        response = guesser.get(reverse("pages:short_presence", args=["ZZZ-%03d" % attempt]))
        assert response.status_code == 404
    stopped = guesser.get(reverse("pages:short_presence", args=[short_code]))
    assert stopped.status_code == 429
    assert "réessayez dans dix minutes" in stopped.content.decode()
    # Another address is not concerned.
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert other.get(reverse("pages:short_presence", args=[short_code])).status_code == 302


def test_right_short_codes_never_count(short_code):
    _scope, allowed, _window = limits.SHORT_CODES
    school = Client(REMOTE_ADDR="203.0.113.8")
    for _pupil in range(allowed + 5):
        assert school.get(reverse("pages:short_presence", args=[short_code])).status_code == 302


def test_unknown_installation_codes_are_stopped(client, territories):
    host = PlaceFactory().hosts.get().person
    client.force_login(host)
    place = host.hosted_places.get().place
    code = pairing_code(client, place).group(1)
    _scope, allowed, _window = limits.INSTALLATION_CODES
    tablet = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(allowed):
        tablet.post(reverse("checkins:device_screen"), {"code": "AAAA-%04d" % attempt})
    stopped = tablet.post(reverse("checkins:device_screen"), {"code": code})
    assert stopped.status_code == 429
    assert "réessayez dans dix minutes" in stopped.content.decode()
    assert not ScreenDevice.objects.filter(place=place, paired_at__isnull=False).exists()
