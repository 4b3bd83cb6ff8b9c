import pytest

from terreau.calls.models import Support
from tests.browser.test_checkin_journey import session_of
from tests.calls.factories import open_call, resident, submitted_application

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
