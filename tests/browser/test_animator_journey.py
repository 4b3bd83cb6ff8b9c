"""A laureate territory's animator finds its marathon empty, starts it from
the default 18-month programme, adjusts a stage, publishes it, and the
public sees the stages. An animator of another territory cannot open it."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from terreau.challenges.models import Marathon, eighteen_months_after
from terreau.territories import roles
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.browser.test_checkin_journey import session_of
from tests.challenges.factories import HERAULT_MEDITERRANEE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_animator_starts_a_laureates_marathon_from_the_template(
    territories, live_server, browser
):
    call_command("load_challenges", stdout=io.StringIO())
    today = timezone.localdate()
    marathon = Marathon.objects.create(
        territory=Territory.objects.get(kind="epci", code=HERAULT_MEDITERRANEE),
        title="Marathon coopératif Hérault-Méditerranée",
        starts_on=today,
        ends_on=eighteen_months_after(today),
    )
    animator = UserFactory(display_name="Inès")
    roles.appoint(animator, marathon.territory)
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    context.add_cookies(session_of(animator, live_server))
    page = context.new_page()
    page.goto(live_server.url + marathon.get_absolute_url())
    page.get_by_role("link", name="Tableau de bord de l'animation").click()
    page.get_by_label("le programme type de 18 mois").check()
    page.get_by_role("button", name="Créer les étapes en brouillon").click()
    page.get_by_text("6 étapes en brouillon : ajustez").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # She sets the first stage's goal, then publishes the programme.
    page.get_by_role("link", name="Se déplacer autrement").click()
    page.get_by_label("Objectif collectif (défis relevés)").fill("250")
    page.get_by_role("button", name="Enregistrer").click()
    page.goto(live_server.url + "/marathons/%d/animation/" % marathon.pk)
    assert "0 / 250" in page.inner_text("main")
    page.get_by_role("button", name="Publier le programme").click()
    page.get_by_text("Programme publié : 6 étapes visibles de tous.").wait_for()

    visitor = browser.new_page()
    visitor.goto(live_server.url + marathon.get_absolute_url())
    main = visitor.inner_text("main")
    assert "Se déplacer autrement" in main
    assert "brouillon" not in main

    # An animator of another territory is refused the dashboard.
    other = UserFactory()
    roles.appoint(
        other, Territory.objects.filter(kind="epci").exclude(pk=marathon.territory_id).first()
    )
    intruder = browser.new_context(locale="fr-FR")
    intruder.add_cookies(session_of(other, live_server))
    response = intruder.new_page().goto(live_server.url + "/marathons/%d/animation/" % marathon.pk)
    assert response.status == 403
