"""An animator of one intercommunality moderates the places proposed there,
in French, at 320 px; a place proposed in another territory stays out of
her sight."""

import pytest

from terreau.places.models import Place
from terreau.territories import roles
from tests.accounts.factories import UserFactory
from tests.browser.test_checkin_journey import session_of
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_scoped_animator_moderates_her_territory_only(territories, live_server, browser):
    here = PlaceFactory(name="Tiers-lieu de Pézenas", status="proposed")
    elsewhere = PlaceFactory(
        name="Atelier de Montpellier", status="proposed", commune=commune("34172")
    )
    animator = UserFactory(display_name="Inès")
    roles.appoint(animator, commune("34199").epci)
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    context.add_cookies(session_of(animator, live_server))
    page = context.new_page()
    page.goto(live_server.url + "/moi/")
    page.get_by_role("link", name="Lieux à modérer").click()
    main = page.inner_text("main")
    assert "Tiers-lieu de Pézenas" in main
    assert "Atelier de Montpellier" not in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("button", name="Publier").click()
    page.get_by_text("« Tiers-lieu de Pézenas » est publié").wait_for()
    assert Place.objects.get(pk=here.pk).status == "published"
    assert "Aucun lieu n'attend de modération ici." in page.inner_text("main")

    # The other territory's proposal is not hers to see, even by its address.
    response = page.goto(live_server.url + elsewhere.get_absolute_url())
    assert response.status == 404
    assert Place.objects.get(pk=elsewhere.pk).status == "proposed"
