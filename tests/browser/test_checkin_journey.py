import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from terreau.challenges import services
from terreau.checkins.models import CheckIn
from tests.accounts.factories import UserFactory, sign_in
from tests.browser.helpers import watch_csp
from tests.challenges.factories import marathon_with_stage, participant
from tests.checkins.factories import open_every_day
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_of(user, live_server):
    client = Client()
    sign_in(client, user)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }
    ]


def test_a_defi_done_with_the_poster_moves_the_team_gauge_and_the_code_expires(
    territories, live_server, browser
):
    host, latecomer = UserFactory(), UserFactory()
    visitor = UserFactory(display_name="Awa", home_commune=commune("34199"))
    place = PlaceFactory(
        host=host, name="La Ressourcerie", kind="ressourcerie", commune=commune("34199")
    )
    open_every_day(place)
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    participant(marathon, visitor)
    team = services.create_team(
        person=visitor, marathon=marathon, name="Les Castors", kind="neighbourhood"
    )

    # The host prints the poster; its plain URL is what the QR code encodes.
    host_page = browser.new_context(locale="fr-FR")
    host_page.add_cookies(session_of(host, live_server))
    violations = []
    poster = host_page.new_page()
    watch_csp(poster, violations)
    poster.goto(live_server.url + f"/lieux/{place.pk}/affiche/")
    assert poster.locator("figure svg[role=img]").count() == 1
    # Under the code, a short address a person can type (in any case).
    typed = poster.locator(".url").inner_text().strip()
    code_path = typed[typed.index("/p/") :].lower()

    # A visitor's phone opens it, sees what it validates, confirms with one tap…
    phone = browser.new_context(locale="fr-FR")
    phone.add_cookies(session_of(visitor, live_server))
    page = phone.new_page()
    watch_csp(page, violations)
    page.goto(live_server.url + team.get_absolute_url())
    assert page.locator("dl.facts").inner_text().count("Défis relevés\n0") == 1
    page.goto(live_server.url + code_path)
    assert "/presence/" in page.url
    assert "La Ressourcerie" in page.content()
    page.get_by_label("Trouver un jean d'occasion à la ressourcerie").check()
    page.get_by_role("button", name="J'ai relevé ce défi").click()
    page.get_by_text("Défi relevé").first.wait_for()
    assert CheckIn.objects.filter(person=visitor, place=place).count() == 1
    # … and the team's gauge moves.
    page.goto(live_server.url + team.get_absolute_url())
    assert page.locator("dl.facts").inner_text().count("Défis relevés\n1") == 1

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
    assert not violations, violations
