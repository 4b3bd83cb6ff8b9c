import re

import pytest

from terreau.places.models import Place
from tests.accounts.factories import fresh_totp_code
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide-42"


def test_sign_up_propose_a_place_and_see_it_published(
    transactional_db, territories, live_server, page, staff
):
    # Sign up
    page.goto(live_server.url + "/compte/signup/")
    page.get_by_label("Courriel").fill("lea@example.org")
    page.get_by_label("Nom affiché").fill("Léa")
    page.get_by_label("Commune de résidence (facultatif)").fill("Pézenas")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url(re.compile(r"/compte/confirm-email/"))

    # Verify the e-mail address with the link received
    # The worker delivers the e-mail that the sign-up queued.
    link = re.search(r"https?://[^/]+(/compte/confirm-email/\S+)", run_worker()[-1].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirmer").click()

    # Propose a place
    page.goto(live_server.url + "/lieux/proposer/")
    page.locator("#id_name").fill("La Remise")
    page.get_by_label("Type de lieu").select_option("ressourcerie")
    page.get_by_label("Description").fill("Des objets réparés, des ateliers de réemploi.")
    page.locator("#id_address").fill("5 rue de la Foire")
    page.locator("#id_commune").fill("Pézenas")
    page.get_by_label("Développement durable").check()
    page.get_by_label("mercredi, créneau 1, ouverture").fill("14:00")
    page.get_by_label("mercredi, créneau 1, fermeture").fill("18:00")
    page.get_by_role("button", name="Proposer ce lieu").click()
    page.get_by_text("En attente de modération").wait_for()
    place = Place.objects.get(name="La Remise")
    assert place.status == Place.Status.PROPOSED

    # Not on its commune's page yet
    page.goto(live_server.url + "/territoires/commune/34199/")
    assert page.get_by_text("La Remise").count() == 0

    # Staff publish it from the moderation queue: the back-office sends them
    # to log in with their password, then their TOTP code
    page.context.clear_cookies()
    page.goto(live_server.url + "/back-office/places/placetomoderate/")
    page.wait_for_url(re.compile(r"/compte/login/"))
    page.get_by_label("Courriel").fill(staff.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r"/compte/2fa/authenticate/"))
    page.get_by_label(re.compile("Code", re.IGNORECASE)).fill(fresh_totp_code())
    page.get_by_role("button", name=re.compile("Connexion|Se connecter|Valider")).click()
    page.wait_for_url(re.compile(r"/back-office/places/placetomoderate/"))
    page.get_by_role("checkbox", name=re.compile("La Remise")).check()
    page.locator("select[name=action]").select_option("publish")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("1 lieu publié.").wait_for()

    # It now appears on the commune's page, for everyone
    page.context.clear_cookies()
    page.goto(live_server.url + "/territoires/commune/34199/")
    page.get_by_role("link", name="La Remise").click()
    assert page.get_by_role("heading", level=1).inner_text() == "La Remise"
    assert "mercredi 14:00–18:00" in page.content()
