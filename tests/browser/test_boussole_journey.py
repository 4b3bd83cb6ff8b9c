"""A DSI questions a project whose first law fails: its good sobriety does
not change the verdict. It is published, and a member of the cooperative
reviews it."""

import pytest

from terreau.boussole.models import Assessment, Remark
from terreau.governance.models import Member
from tests.accounts.factories import UserFactory
from tests.boussole.factories import adopt_founding_set
from tests.browser.test_checkin_journey import session_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, answers: list[str]) -> None:
    criteria = page.locator("fieldset.criterion")
    assert criteria.count() == len(answers)
    for i, value in enumerate(answers):
        criteria.nth(i).get_by_label(value, exact=True).check()


def test_a_dsi_assesses_a_futile_light_app_and_a_member_reviews_it(
    territories, live_server, browser
):
    adopt_founding_set()
    dsi = UserFactory(display_name="Nadia, DSI")
    dsi_context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    dsi_context.add_cookies(session_of(dsi, live_server))
    page = dsi_context.new_page()
    page.goto(live_server.url + "/boussole/")
    page.get_by_role("link", name="Évaluer un projet").click()
    page.get_by_label("Nom du projet").fill("Appli des événements municipaux")
    page.get_by_label("Qui le porte").fill("Direction des systèmes d'information")
    page.get_by_label("Nature").select_option(label="application mobile")
    page.get_by_label("Commune où le projet est ancré").fill("Pézenas")
    page.get_by_label("Qui l'utilise").fill("Les agents et quelques habitants")
    page.get_by_role("button", name="Commencer par la loi 1").click()

    page.get_by_role("heading", name="Loi 1 — La visée régénérative").wait_for()
    page.get_by_label("Quel besoin, exprimé par qui").fill("Aucun : une commande du cabinet.")
    page.get_by_label("Ce qu'il fait faire").fill("Regarder des photos d'inaugurations.")
    page.get_by_label("Ce qu'il remplace").fill("Rien.")
    page.get_by_label("Ce qui se passerait sans lui").fill("Rien ne manquerait.")
    answer(page, ["non", "non", "en partie", "oui"])
    page.get_by_role("button", name="Enregistrer et passer à la loi suivante").click()
    for law in (2, 3, 4):
        page.get_by_text("Les réponses de la loi %d sont enregistrées." % (law - 1)).wait_for()
        answer(page, ["oui"] * page.locator("fieldset.criterion").count())
        page.get_by_role("button", name="Enregistrer et passer à la loi suivante").click()
    answer(page, ["oui"] * 4)
    page.get_by_role("button", name="Enregistrer et voir le rapport").click()

    # Light, sober, well governed: the first law still decides.
    page.get_by_text("Loi 1 non respectée").wait_for()
    assert "La Sobriété : respectée" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("button", name="Publier l'évaluation").click()
    page.get_by_text("L'évaluation est publiée").wait_for()
    assessment = Assessment.objects.get()
    assert (assessment.verdict_law, assessment.verdict_status) == (1, "non respectée")

    reviewer = Member.objects.active().first().person
    member_context = browser.new_context(locale="fr-FR")
    member_context.add_cookies(session_of(reviewer, live_server))
    review = member_context.new_page()
    review.goto(live_server.url + assessment.get_absolute_url())
    review.get_by_label("Sur le critère").select_option(label="4.1 — Des appareils qui durent")
    review.get_by_label("Remarque").fill("Sur quel appareil ancien l'avez-vous essayée ?")
    review.get_by_label("La réponse à ce critère n'est pas étayée").check()
    review.get_by_role("button", name="Ajouter la remarque").click()
    review.get_by_text("Votre remarque est ajoutée à l'historique.").wait_for()
    assert "Réponse non étayée : Sur quel appareil ancien" in review.inner_text("main")
    assert Remark.objects.get().unsupported

    # The author sees the remark on the criterion and answers it.
    page.reload()
    assert "Sur quel appareil ancien" in page.inner_text("main")
    page.get_by_label("Sur le critère").select_option(label="4.1 — Des appareils qui durent")
    page.get_by_label("Votre réponse").fill("Un téléphone de 2017, sous Android 8.")
    page.get_by_role("button", name="Répondre").click()
    page.get_by_text("Votre remarque est ajoutée à l'historique.").wait_for()
    assert Remark.objects.filter(by_authors=True).count() == 1
    dsi_context.close()
    member_context.close()
