import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from terreau.checkins.models import CheckIn
from tests.accounts.factories import UserFactory
from tests.checkins.factories import open_every_day
from tests.places.factories import PlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_of(user, live_server):
    client = Client()
    client.force_login(user)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }
    ]


def test_a_person_checks_in_with_the_poster_and_the_code_expires_with_its_quarter(
    territories, live_server, browser
):
    host, visitor, latecomer = UserFactory(), UserFactory(display_name="Awa"), UserFactory()
    place = PlaceFactory(host=host, name="La Ressourcerie")
    open_every_day(place)

    # The host prints the poster; its plain URL is what the QR code encodes.
    host_page = browser.new_context(locale="fr-FR")
    host_page.add_cookies(session_of(host, live_server))
    poster = host_page.new_page()
    poster.goto(live_server.url + f"/lieux/{place.pk}/affiche/")
    assert poster.locator("figure svg[role=img]").count() == 1
    url = poster.locator(".url").inner_text().strip()
    code_path = url[url.index("/presence/") :]

    # A visitor's phone opens it, sees what will be validated, confirms with one tap.
    phone = browser.new_context(locale="fr-FR")
    phone.add_cookies(session_of(visitor, live_server))
    page = phone.new_page()
    page.goto(live_server.url + code_path)
    assert "La Ressourcerie" in page.content()
    page.get_by_role("button", name="Je suis là").click()
    page.get_by_role("heading", name="Présence enregistrée").wait_for()
    assert CheckIn.objects.filter(person=visitor, place=place).count() == 1

    # Next quarter, the same URL is refused and records nothing.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=100)):
        late = browser.new_context(locale="fr-FR")
        late.add_cookies(session_of(latecomer, live_server))
        page = late.new_page()
        page.goto(live_server.url + code_path)
        assert "Ce code a expiré" in page.content()
        late.close()
    assert not CheckIn.objects.filter(person=latecomer).exists()
    host_page.close()
    phone.close()
