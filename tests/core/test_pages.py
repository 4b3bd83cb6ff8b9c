import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse

from terreau.core.footprint import carbon_grams
from terreau.core.formatting import format_bytes, format_grams

pytestmark = pytest.mark.django_db


def _shown_weight(html: str) -> str:
    return re.search(r"<span class=\"weight\">([^<]+)</span>", html).group(1).strip()


def test_footer_states_the_compressed_bytes_actually_sent(client):
    response = client.get(reverse("about"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    sent = len(response.content)
    html = gzip.decompress(response.content).decode()
    expected = "%s · ≈ %s" % (format_bytes(sent), format_grams(carbon_grams(sent)))
    assert _shown_weight(html) == expected


def test_footer_states_raw_bytes_when_the_browser_refuses_compression(client):
    response = client.get(reverse("about"))
    assert "Content-Encoding" not in response
    assert _shown_weight(response.content.decode()).startswith(format_bytes(len(response.content)))


def test_footprint_page_shows_every_factor_with_its_source(client):
    response = client.get(reverse("footprint"))
    assert response.status_code == 200
    for text in ("0,81 kWh/Go", "442 g CO2e/kWh", "Sustainable Web Design", "Ember"):
        assert text in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/nulle-part/",
        "/lieux/abc/",
        "/lieux/999999/",
        "/territoires/commune/00000/",
        "/territoires/pays/34/",
        "/territoires/epci/../",
        "/lieux/99999999999999999999999/",
    ],
)
def test_unknown_addresses_give_the_french_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_server_error_page_is_french_and_styled():
    client = Client(raise_request_exception=False)
    from terreau.core import views

    response = views.server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_post_without_csrf_token_is_refused_and_explained(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(reverse("accounts:profile"), {"display_name": "Pirate"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
    person.refresh_from_db()
    assert person.display_name != "Pirate"


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"q": "é" * 5000},
        {"page": "-1", "type": "\x00", "theme": "\x00"},
        {"q": ["a", "b"]},
    ],
)
def test_malformed_query_strings_never_break_a_page(client, query):
    """A NUL byte gets the French 400 page (PostgreSQL refuses it in text);
    the rest is read or ignored."""
    for url in ("/territoires/", "/lieux/", "/territoires/departement/34/communes/"):
        response = client.get(url, query)
        if any("\x00" in value for value in query.values() if isinstance(value, str)):
            assert response.status_code == 400, url
            assert "Requête invalide" in response.content.decode()
        else:
            assert response.status_code in (200, 404), url


def test_oversized_bodies_are_refused_with_the_french_400_page(client):
    response = client.post(
        reverse("account_login"), {"login": "a@example.org", "password": "x" * 300_000}
    )
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


def test_a_database_out_of_reach_gives_a_french_503_not_a_traceback(db, monkeypatch):
    from django.db import OperationalError
    from django.test import Client

    from terreau.governance.models import Law

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(Law.objects, "annotate", unreachable)
    response = Client(raise_request_exception=False).get("/lois/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "Traceback" not in page
    assert "127.0.0.1" not in page
