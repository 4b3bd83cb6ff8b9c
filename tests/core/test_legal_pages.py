"""Mentions légales, the personal-data notice and the accessibility
statement (issue 13, section 5): linked from every footer, written by staff
in the back-office, never able to carry a script."""

import html
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from terreau.core import legal, markdown
from terreau.core.models import LegalPage
from tests.accounts.factories import sign_in_with_second_factor
from tests.html import squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def legal_pages(db):
    """Created by a data migration; a transactional test run earlier in the
    same process flushes every table, so they are put back here."""
    legal.seed(LegalPage)


PAGES = {
    "mentions-legales": "Mentions légales",
    "donnees-personnelles": "Données personnelles",
    "accessibilite": "Déclaration d'accessibilité",
}


def test_every_footer_links_the_three_pages_and_the_accessibility_status(client):
    footer = client.get(reverse("about")).content.decode().split('<footer class="site">')[1]
    for kind, title in PAGES.items():
        assert reverse("legal", args=[kind]) in footer
        page = client.get(reverse("legal", args=[kind]))
        assert page.status_code == 200
        assert "<h1>%s</h1>" % title.replace("'", "&#x27;") in page.content.decode()
    assert "Accessibilité : non conforme" in footer


def test_an_unknown_legal_page_is_not_found(client):
    assert client.get(reverse("legal", args=["cgu"])).status_code == 404


def test_the_first_texts_say_what_the_cooperative_must_complete(client):
    body = client.get(reverse("legal", args=["mentions-legales"])).content.decode()
    assert "<strong>À compléter</strong>" in body
    notice = client.get(reverse("legal", args=["donnees-personnelles"])).content.decode()
    assert "ni adresse IP dans les journaux" in notice
    assert "<h2>Vos droits</h2>" in notice


def test_staff_edit_a_page_in_the_back_office_and_visitors_read_it(client, staff):
    page = LegalPage.objects.get(kind="mentions-legales")
    sign_in_with_second_factor(client, staff)
    url = reverse("admin:core_legalpage_change", args=[page.pk])
    assert "SCIC" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Mentions légales",
            "body": "## Éditeur\n\nSCIC Terreau du Tarn, 3 place du Foirail, 81100 Castres.\n",
        },
    )
    assert response.status_code == 302
    client.logout()
    body = client.get(reverse("legal", args=["mentions-legales"])).content.decode()
    assert "<h2>Éditeur</h2>" in body
    assert "3 place du Foirail" in body


def test_residents_and_staff_without_second_factor_cannot_edit(client, person, staff):
    page = LegalPage.objects.get(kind="accessibilite")
    url = reverse("admin:core_legalpage_change", args=[page.pk])
    for who in (person, staff):
        client.force_login(who)
        client.post(url, {"title": "Piraté", "body": "piraté"})
        client.logout()
    page.refresh_from_db()
    assert page.title == "Déclaration d'accessibilité"


def test_staff_markdown_cannot_carry_a_script_or_a_foreign_image():
    html = markdown.render(
        "<script>alert(1)</script>\n\n[lien](javascript:alert(1)) "
        '![pixel](https://traceur.example/p.gif) <img src="x" onerror="alert(1)">\n\n'
        "[écrire](mailto:dpo@terreau.example.org)"
    )
    assert "<script" not in html
    assert 'href="javascript' not in html  # left as plain text, never a link
    assert "<img" not in html  # the tag is shown as text, its onerror never runs
    assert '<a href="mailto:dpo@terreau.example.org" rel="noopener noreferrer">écrire</a>' in html


def every_cookie_migration():
    return importlib.import_module("terreau.core.migrations.0006_legal_cookies")


def test_the_personal_data_page_names_every_cookie_the_site_sets(client):
    """The session, the forms' protection, the message after a form, the
    replica's ten seconds (`core.replica`), the tablet's (`checkins.screens`)."""
    page = squeeze(
        html.unescape(client.get(reverse("legal", args=["donnees-personnelles"])).content.decode())
    )
    for said in [
        "la session (pour rester connecté)",
        "la protection des formulaires",
        "le message qui confirme un formulaire envoyé",
        "un cookie vide de dix secondes après un formulaire",
        "garde le cookie qui l'identifie comme écran du lieu",
    ]:
        assert said in page
    assert every_cookie_migration().EVERY_COOKIE in legal.DEFAULTS["donnees-personnelles"][1]


def test_an_installed_site_gets_the_new_sentence_and_keeps_staffs_own_text():
    migration = every_cookie_migration()
    page = LegalPage.objects.get(kind="donnees-personnelles")
    page.body = "Notre texte.\n\n" + migration.SEEDED + "\n\nLa suite, écrite par nous."
    page.save()
    migration.name_every_cookie(django_apps, None)
    page.refresh_from_db()
    assert (
        page.body == "Notre texte.\n\n" + migration.EVERY_COOKIE + "\n\nLa suite, écrite par nous."
    )
    page.body = "Un texte entièrement réécrit par l'équipe."
    page.save()
    migration.name_every_cookie(django_apps, None)
    page.refresh_from_db()
    assert page.body == "Un texte entièrement réécrit par l'équipe."
