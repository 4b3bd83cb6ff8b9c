import re

import pytest
from django.test import Client
from django.urls import reverse

from terreau.accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {
        "email": "awa@example.org",
        "display_name": "Awa",
        "home_commune": "Mazamet",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def confirmation_link() -> str:
    return re.search(r"https?://[^/]+(/compte/confirm-email/[^\s]+)", run_worker()[-1].body).group(
        1
    )


def test_signup_needs_a_verified_email_before_logging_in(client, territories):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="awa@example.org")
    assert user.display_name == "Awa"
    assert user.home_commune == commune("81163")
    assert "_auth_user_id" not in client.session
    # Logging in before verifying only re-sends the verification e-mail.
    client.post(reverse("account_login"), {"login": "awa@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    link = confirmation_link()
    assert client.get(link).status_code == 200
    client.post(link)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_home_commune_is_optional(client, territories):
    signup(client, home_commune="")
    assert User.objects.get(email="awa@example.org").home_commune is None


def test_an_ambiguous_commune_is_refused_with_the_choices(client, territories):
    # 81200 serves Mazamet, Aussillon… and is also Palleville's INSEE code.
    response = signup(client, home_commune="81200")
    assert response.status_code == 200
    assert "Plusieurs communes correspondent" in response.content.decode()
    assert not User.objects.exists()


def test_an_unknown_commune_is_refused_and_nothing_is_created(client, territories):
    response = signup(client, home_commune="Atlantide")
    assert "Aucune commune ne correspond à « Atlantide »" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_a_taken_address_reveals_nothing(client, territories):
    UserFactory(email="awa@example.org")
    fresh = signup(client, email="nouvelle@example.org")
    taken = signup(client.__class__())
    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    assert User.objects.filter(email="awa@example.org").count() == 1
    # the owner of the address is told by e-mail instead
    assert "awa@example.org" in run_worker()[-1].to


def test_password_reset_answers_the_same_for_unknown_addresses(client):
    UserFactory(email="connue@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "connue@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "inconnue@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_eleventh_failed_login_in_a_minute_is_refused(client):
    UserFactory(email="cible@example.org")
    for attempt in range(10):
        client.post(
            reverse("account_login"), {"login": f"x{attempt}@example.org", "password": "faux"}
        )
    response = client.post(
        reverse("account_login"), {"login": "cible@example.org", "password": PASSWORD}
    )
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_by_emailed_code(client):
    UserFactory(email="oubli@example.org")
    client.post(reverse("account_request_login_code"), {"email": "oubli@example.org"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", run_worker()[-1].body, re.MULTILINE).group(1)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_profile_update_validates_the_display_name(client, territories):
    user = UserFactory(display_name="Jo")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "   ", "home_commune": ""})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.display_name == "Jo"
    client.post(
        reverse("accounts:profile"), {"display_name": "Jo la tortue", "home_commune": "Pézenas"}
    )
    user.refresh_from_db()
    assert (user.display_name, user.home_commune) == ("Jo la tortue", commune("34199"))


def test_behind_a_proxy_the_limit_counts_each_client_not_the_proxy(settings):
    """Issue 21, 7: behind the documented reverse proxy, every request came
    from its address and eleven failures anywhere locked everyone out. The
    client's address is now the one the proxy appends to X-Forwarded-For."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="cible@example.org")
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    for attempt in range(11):
        attacker.post(
            reverse("account_login"), {"login": f"x{attempt}@example.org", "password": "faux"}
        )
    visitor = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    visitor.post(reverse("account_login"), {"login": "cible@example.org", "password": PASSWORD})
    assert "_auth_user_id" in visitor.session
    # A spoofed first address changes nothing: the proxy's own entry is last.
    spoofer = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    response = spoofer.post(
        reverse("account_login"), {"login": "cible@example.org", "password": PASSWORD}
    )
    assert "Trop de tentatives de connexion" in response.content.decode()
