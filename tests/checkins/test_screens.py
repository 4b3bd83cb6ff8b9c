"""A tablet left in a public place shows the rotating code and nothing else,
without the host's session, and the host can take it back."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terreau.checkins import screens
from terreau.checkins.models import ScreenDevice
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

MENU = ("Se déconnecter", "Mon compte", "Ma page", "Se connecter")


def pairing_code(client, place, label="Tablette de l'accueil"):
    """The installation code, as the host reads it on the page (shown once)."""
    page = client.post(reverse("checkins:screens", args=[place.pk]), {"label": label})
    return re.search(
        r'<strong class="url">([2-9A-Z]{4}-[2-9A-Z]{4})</strong>', page.content.decode()
    )


@pytest.fixture
def hosted(client, territories):
    host = UserFactory()
    place = PlaceFactory(host=host, name="La Filature")
    client.force_login(host)
    return host, place


def install(client, place):
    code = pairing_code(client, place).group(1)
    tablet = Client()
    response = tablet.post(reverse("checkins:device_screen"), {"code": code.lower()})
    return tablet, response, code


def test_a_tablet_installed_with_the_hosts_code_shows_the_code_and_nothing_else(client, hosted):
    _host, place = hosted
    tablet, response, _code = install(client, place)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkins:device_screen")  # no secret in a URL
    cookie = response.cookies[screens.COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    page = unescape(tablet.get(reverse("checkins:device_screen")).content.decode())
    assert "La Filature" in page
    assert "<svg" in page
    assert '<meta http-equiv="refresh" content="150">' in page
    assert not any(word in page for word in MENU)
    assert page.count("<a ") == 0  # nothing to follow from a public tablet
    assert "sessionid" not in tablet.cookies
    # Only a hash is stored: the database alone cannot play the screen.
    device = ScreenDevice.objects.get()
    assert cookie.value not in (device.key_hash, device.pairing_code_hash)
    assert device.paired_at is not None


def test_the_hosts_own_preview_shows_no_account_menu_either(client, hosted):
    _host, place = hosted
    page = client.get(reverse("checkins:screen", args=[place.pk])).content.decode()
    assert not any(word in page for word in MENU)


def test_an_installation_code_works_once_and_for_ten_minutes(client, hosted):
    _host, place = hosted
    code = pairing_code(client, place).group(1)
    late = Client()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        page = unescape(
            late.post(reverse("checkins:device_screen"), {"code": code}).content.decode()
        )
    assert "n'est pas valable" in page
    assert screens.COOKIE not in late.cookies
    _tablet, response, code = install(client, place)
    assert response.status_code == 302
    second = Client()
    page = unescape(second.post(reverse("checkins:device_screen"), {"code": code}).content.decode())
    assert "n'est pas valable" in page
    for typed in ("", "ZZZZ-ZZZZ", "x" * 500, "<script>"):
        answer = second.post(reverse("checkins:device_screen"), {"code": typed})
        assert answer.status_code == 200
        assert screens.COOKIE not in answer.cookies
    assert ScreenDevice.objects.filter(paired_at__isnull=False).count() == 1


def test_the_host_takes_a_tablet_back(client, hosted):
    _host, place = hosted
    tablet, _response, _code = install(client, place)
    device = ScreenDevice.objects.get()
    client.post(reverse("checkins:revoke_screen", args=[place.pk, device.pk]))
    response = tablet.get(reverse("checkins:device_screen"))
    page = unescape(response.content.decode())
    assert "Cet écran a été retiré" in page
    assert "<svg" not in page
    assert response.cookies[screens.COOKIE].value == ""  # the cookie is deleted


def test_a_host_cannot_take_back_another_places_tablet(client, hosted, territories):
    _host, place = hosted
    install(client, place)
    device = ScreenDevice.objects.get()
    other_host = UserFactory()
    other_place = PlaceFactory(host=other_host)
    client.force_login(other_host)
    response = client.post(reverse("checkins:revoke_screen", args=[other_place.pk, device.pk]))
    assert response.status_code == 404
    device.refresh_from_db()
    assert device.revoked_at is None
