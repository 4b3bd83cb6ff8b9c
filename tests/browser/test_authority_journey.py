"""An intercommunality's officer asks to represent it, confirms her
professional address with the code she received, is verified by staff who
passed their second factor, and then supports her territory's application
in its name."""

import re

import pytest

from terreau.calls.models import Support
from terreau.territories.models import AuthorityRepresentative
from tests.accounts.factories import UserFactory
from tests.browser.test_checkin_journey import session_of
from tests.calls.factories import open_call, submitted_application
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_is_verified_then_supports_her_territory(
    territories, live_server, browser, staff
):
    application = submitted_application(open_call())  # Pézenas's EPCI
    officer = UserFactory(display_name="Claire Roux")
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    context.add_cookies(session_of(officer, live_server))
    page = context.new_page()
    page.goto(live_server.url + application.get_absolute_url())
    assert page.get_by_role("button", name="La collectivité soutient").count() == 0
    page.get_by_role("link", name=re.compile("Demandez à la représenter")).click()

    page.get_by_label("Commune").fill("Pézenas")
    page.get_by_label("Je représente").select_option(label="son intercommunalité")
    page.get_by_label("Fonction").fill("Chargée de mission transition")
    page.get_by_label("Adresse e-mail professionnelle").fill("c.roux@agglo-hm.fr")
    page.get_by_label("Apparaître sur la page de la collectivité").check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("Saisissez le code reçu").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    body = next(m for m in run_worker() if m.to == ["c.roux@agglo-hm.fr"]).body
    code = re.search(r"code de vérification : (\d{6})", body)[1]
    page.get_by_label("Code reçu par e-mail").fill(code)
    page.get_by_role("button", name="Confirmer", exact=True).click()
    page.get_by_text("Adresse confirmée.").wait_for()
    request_url = page.url

    # Staff, with their second factor, judge the domain and accept.
    staff_context = browser.new_context(locale="fr-FR")
    staff_context.add_cookies(session_of(staff, live_server))
    review = staff_context.new_page()
    review.goto(live_server.url + "/collectivites/demandes/")
    review.get_by_role("link", name=re.compile("Claire Roux → CA Hérault-Méditerranée")).click()
    assert "…@agglo-hm.fr — confirmée par son code" in review.inner_text("main")
    review.get_by_label("Accepter").check()
    review.get_by_role("button", name="Enregistrer la décision").click()
    review.get_by_text("Décision enregistrée").wait_for()
    assert AuthorityRepresentative.objects.get().person == officer

    # She now speaks for the EPCI: the application offers her its support.
    page.goto(request_url)
    assert "acceptée" in page.inner_text("main")
    page.goto(live_server.url + application.get_absolute_url())
    page.get_by_role("button", name="La collectivité soutient").click()
    page.get_by_text("Votre soutien est compté").wait_for()
    assert Support.objects.get(kind="authority").person == officer

    # The authority's page names her, as she agreed, and lists the support.
    page.goto(live_server.url + "/collectivites/epci/243400819/")
    main = page.inner_text("main")
    assert "Claire Roux, Chargée de mission transition" in main
    assert application.call.title in main

    # As a representative she asks to animate the intercommunality's marathon.
    page.get_by_role("link", name="Demander à animer le marathon de ce territoire").click()
    page.get_by_label("Ce que vous voulez y faire").fill(
        "Avec les trois tiers-lieux de l'agglomération."
    )
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("Demande envoyée à l'équipe de la coopérative.").wait_for()
    assert "CA Hérault-Méditerranée · en attente" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
