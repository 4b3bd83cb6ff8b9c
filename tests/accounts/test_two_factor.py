"""Staff powers need a session that passed the second factor (issue 21, 1-2).

Each test goes through allauth's real forms: the password, then a TOTP code
computed independently (`totp_code`)."""

import pytest
from django.urls import reverse

from tests.accounts.factories import (
    PASSWORD,
    UserFactory,
    fresh_totp_code,
    sign_in_with_second_factor,
)

pytestmark = pytest.mark.django_db


def log_in_with_password(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_staff_without_totp_are_sent_to_activate_it(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_log_in_with_password_then_totp_code_and_reach_the_back_office(client, staff):
    response = log_in_with_password(client, staff)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code()})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_totp_code_opens_nothing(client, staff):
    log_in_with_password(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_back_office_login_form_never_logs_in(client, staff):
    """Django's own admin form logged staff in with the password alone (the
    red team's critical finding): the page now only sends to allauth's log-in,
    and a POST to it signs nobody in."""
    url = reverse("admin:login")
    response = client.post(url, {"username": staff.email, "password": PASSWORD, "next": "/"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.get(url + "?next=/back-office/places/place/")
    assert response.url == reverse("account_login") + "?next=%2Fback-office%2Fplaces%2Fplace%2F"


def test_the_back_office_login_refuses_residents(client, person):
    client.force_login(person)
    assert client.get(reverse("admin:login")).status_code == 403


def test_a_password_only_session_of_staff_with_totp_must_enter_a_code(client, staff):
    """A session opened with the password only (as the old admin form did,
    here `force_login`) gets no staff power: the back-office asks for a code
    and, once entered, opens."""
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_reauthenticate") + "?next=%2Fback-office%2F"
    response = client.post(response.url, {"code": fresh_totp_code()})
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_who_passed_the_second_factor_reach_the_back_office(client, staff):
    sign_in_with_second_factor(client, staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_removing_totp_removes_the_staff_powers_of_the_session(client, staff):
    sign_in_with_second_factor(client, staff)
    staff.authenticator_set.all().delete()
    response = client.get(reverse("admin:index"))
    assert response.url == reverse("mfa_activate_totp")


def test_password_login_is_rate_limited_before_the_second_factor(client, staff):
    """The eleventh wrong password in a minute is refused, and the right one
    with it: allauth's limit, now the only door to the back-office."""
    for _ in range(10):
        client.post(reverse("account_login"), {"login": staff.email, "password": "faux"})
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_totp_is_offered_to_everyone(client, person):
    client.force_login(person)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "svg" in response.content.decode().lower()  # the QR code, drawn inline


def staff_only_views():
    """Every view decorated with `staff_required`, found in the URL resolver
    (so a renamed or new staff URL is checked without being listed)."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, inner)
            elif getattr(pattern.callback, "staff_only", False):
                yield "%s:%s" % (namespace, pattern.name), pattern.pattern.converters

    return list(walk(get_resolver().url_patterns))


def test_staff_only_views_are_found():
    names = {name for name, _converters in staff_only_views()}
    assert {
        "governance:register",
        "governance:register_csv",
        "governance:settings",
        "governance:record_payment",
        "governance:record_movement",
        "calls:ranking",
        "calls:confirm",
        "calls:marathons",
        "calls:supports",
        "governance:convocation",
        "governance:publish_results",
        "authorities:decide_animation",
    } == names


@pytest.mark.parametrize("name", ["governance:register", "governance:settings", "calls:ranking"])
def test_a_staff_page_asks_a_password_only_session_for_a_code_then_opens(
    client, territories, staff, name
):
    from tests.calls.factories import closed_call

    args = [closed_call().pk] if name.startswith("calls:") else []
    url = reverse(name, args=args)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    response = client.post(response.url, {"code": fresh_totp_code()})
    assert response.url == url
    assert client.get(url).status_code == 200


def test_a_staff_page_refuses_residents_and_sends_visitors_to_log_in(client, person):
    url = reverse("governance:register")
    response = client.get(url)
    assert response.url.startswith(reverse("account_login"))
    client.force_login(person)
    assert client.get(url).status_code == 403
