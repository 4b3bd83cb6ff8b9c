import pytest
from django.urls import reverse

from tests.accounts.factories import sign_in_with_second_factor
from tests.governance.factories import cooperative, member

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("about"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_deny_location_camera_and_microphone(client):
    policy = client.get(reverse("about"))["Permissions-Policy"]
    for feature in ("geolocation=()", "camera=()", "microphone=()"):
        assert feature in policy


def test_referrer_and_framing_are_locked(client):
    response = client.get(reverse("about"))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_security_txt_says_whom_to_tell(client, settings):
    settings.TERREAU_SECURITY_CONTACT = "mailto:securite@terreau.example.org"
    response = client.get("/.well-known/security.txt")
    body = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Contact: mailto:securite@terreau.example.org" in body
    assert "Expires: " in body


def test_signed_in_pages_are_private_to_shared_caches(client, person):
    """Issue 21, 21: a proxy must never store a page rendered for someone."""
    assert "private" not in client.get(reverse("about")).get("Cache-Control", "")
    client.force_login(person)
    assert "private" in client.get(reverse("about"))["Cache-Control"]


def test_a_certificate_and_the_register_export_are_never_stored(client, territories, staff):
    alice = member(cooperative()[0])
    client.force_login(alice.person)
    response = client.get(reverse("governance:certificate", args=[alice.number]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    sign_in_with_second_factor(client, staff)
    response = client.get(reverse("governance:register_csv"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
