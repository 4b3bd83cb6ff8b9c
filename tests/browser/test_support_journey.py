import pytest

from terreau.calls.models import Application, Support
from tests.browser.test_checkin_journey import session_of
from tests.calls.factories import PEZENAS, commune, open_call, resident, submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_supports_their_territory_and_watches_the_counter_move(
    territories, live_server, page
):
    application = submitted_application(open_call())
    person = resident()
    page.context.add_cookies(session_of(person, live_server))

    page.goto(live_server.url + application.get_absolute_url())
    counter = page.locator('[data-counter="citizens"]')
    assert counter.inner_text() == "0"
    assert "Pas encore éligible" in page.content()
    page.get_by_role("button", name="Je soutiens, j'habite ce territoire").click()
    page.get_by_text("Votre soutien est compté. Merci !").wait_for()
    assert counter.inner_text() == "1"
    assert Support.objects.get().person == person

    # Changing one's mind is allowed until the closing date.
    page.get_by_role("button", name="Retirer ce soutien").click()
    page.get_by_text("Votre soutien est retiré.").wait_for()
    assert counter.inner_text() == "0"
    assert not Support.objects.exists()


def test_a_co_author_gives_up_a_draft_once_they_tick_the_box(territories, live_server, page):
    author = resident()
    draft = Application.objects.create(call=open_call(), territory=commune(PEZENAS))
    draft.authors.add(author)
    page.context.add_cookies(session_of(author, live_server))

    page.goto(live_server.url + draft.get_absolute_url())
    delete = page.get_by_role("button", name="Supprimer le brouillon")
    delete.click()  # without the box ticked, nothing is deleted
    assert page.url == live_server.url + draft.get_absolute_url()
    assert Application.objects.exists()
    page.get_by_label("Je supprime ce brouillon et ses textes, pour tous ses co-auteurs.").check()
    delete.click()
    page.get_by_text("est supprimé.").wait_for()
    assert page.url == live_server.url + draft.call.get_absolute_url()
    assert not Application.objects.exists()
