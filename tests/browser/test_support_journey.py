"""A resident takes the person diagnostic on her phone, sees her biggest
levers, opens a défi with its nearest place, then asks for help; an expert
of her territory accepts, and she reads the expert's contact."""

import re

import pytest

from terreau.support.models import Diagnostic, HelpRequest
from tests.accounts.factories import UserFactory
from tests.browser.test_checkin_journey import session_of
from tests.challenges.factories import marathon_with_stage
from tests.places.factories import PlaceFactory
from tests.support.factories import make_expert
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_diagnostic_to_a_defi_and_an_expert(territories, live_server, browser):
    marathon_with_stage("jardin-partage-seance")  # the catalogue, and a stage around Pézenas
    pezenas = commune("34199")
    PlaceFactory(name="Jardin des Capucins", kind="jardin-partage", commune=pezenas)
    expert = make_expert(
        name="Inès Garcia",
        domains=["food"],
        areas=[pezenas],
        contact="06 98 76 54 32",
    )
    awa = UserFactory(display_name="Awa", home_commune=pezenas)
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    context.add_cookies(session_of(awa, live_server))
    page = context.new_page()

    page.goto(live_server.url + "/accompagnement/")
    page.get_by_role("link", name="Faire mon diagnostic").click()
    page.get_by_role("link", name="Commencer").click()
    page.get_by_label("Combien de personnes vivent dans votre logement").fill("1")
    page.get_by_label("Quelle est la surface de votre logement").fill("35")
    page.get_by_label("Réseau de chaleur de la ville").check()
    page.get_by_label("Je chauffe peu, il fait bon naturellement").check()
    page.get_by_label("Combien de kilomètres faites-vous en voiture").fill("0")
    page.get_by_label("Combien d'heures passez-vous par an dans des vols").fill("0")
    page.get_by_label("Et dans des vols de plus de deux heures").fill("")  # je ne sais pas
    page.get_by_label(re.compile("Viande chaque jour : 6")).check()
    page.get_by_label("Combien de smartphones utilisez-vous").fill("1")
    page.get_by_label("Je n'ai pas réussi à réparer l'ancien").check()
    page.get_by_role("button", name="Voir mon estimation").click()

    page.get_by_role("heading", name="Vos plus grands leviers").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    main = page.inner_text("main")
    # Meals weigh most: 6 × 5,01 × 52 = 1 563 kg of red meat.
    assert main.index("Moins de viande rouge") < main.index("Chauffer moins, et mieux")
    assert "Estimation grossière" in main  # the long flights were left unknown
    assert "Inès Garcia" in main
    assert Diagnostic.objects.get().author == awa

    lever = page.locator("section", has=page.get_by_role("heading", name="Moins de viande rouge"))
    lever.get_by_role("link", name="Une séance au jardin partagé").click()
    page.get_by_text("Jardin des Capucins").first.wait_for()
    page.go_back()

    lever.get_by_role("link", name="Demander de l'aide pour ce levier").click()
    page.get_by_label("Ce que vous souhaitez").fill(
        "Je voudrais cuisiner moins de viande sans y passer des heures : des idées, un atelier ?"
    )
    page.get_by_label("un téléphone (facultatif)").fill("06 11 22 33 44")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("proposée à des experts de votre territoire").wait_for()
    request_url = page.url
    assert HelpRequest.objects.get().domain == "food"
    offer_mail = next(
        m
        for m in run_worker()
        if m.to == [expert.person.email] and "Une demande d'aide vous est proposée" in m.subject
    )
    assert "06 11 22 33 44" not in offer_mail.body

    # The expert reads it, without the contact, and accepts.
    expert_context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    expert_context.add_cookies(session_of(expert.person, live_server))
    inbox = expert_context.new_page()
    inbox.goto(request_url)
    assert "06 11 22 33 44" not in inbox.inner_text("main")
    inbox.get_by_role("button", name="J'accepte").click()
    inbox.get_by_text("Demande acceptée").wait_for()
    assert "06 11 22 33 44" in inbox.inner_text("main")

    # Awa sees who accepted, and how to reach her.
    page.goto(request_url)
    main = page.inner_text("main")
    assert "Inès Garcia — 06 98 76 54 32" in main
    assert "acceptée" in main
