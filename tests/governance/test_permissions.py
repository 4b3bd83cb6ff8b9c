"""Who reaches what: every governance page that names an object or holds
personal data, for each kind of person."""

import pytest
from django.test import Client
from django.urls import reverse

from terreau.governance.models import Vote
from tests.accounts.factories import UserFactory, sign_in
from tests.governance.factories import assembly, cooperative, member

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "non_member",
    "member",
    "other_college_member",
    "staff",
    "staff_password_only",  # TOTP active, this session did not enter a code
    "staff_without_totp",
]


@pytest.fixture
def world(territories, staff):
    colleges = cooperative()
    alice = member(colleges[0])
    people = {
        "anonymous": None,
        "non_member": UserFactory(),
        "member": member(colleges[0]).person,
        "other_college_member": member(colleges[1]).person,
        "staff": staff,
        "staff_password_only": staff,
        "staff_without_totp": UserFactory(is_staff=True, is_superuser=True),
    }
    return {"alice": alice, "people": people, "draft": assembly(convene=False)}


def status_for(world, role, url):
    client = Client()
    person = world["people"][role]
    if role == "staff_password_only":
        client.force_login(person)
    elif person is not None:
        sign_in(client, person)
    return client.get(url).status_code


# expected status per role, in ROLES order
MATRIX = {
    # Staff without the second factor are sent to enter a code or to activate
    # TOTP on staff pages (302), and refused elsewhere like anybody.
    "certificate": [404, 404, 404, 404, 200, 404, 404],
    "register": [302, 403, 403, 403, 200, 302, 302],
    "register_csv": [302, 403, 403, 403, 200, 302, 302],
    "settings": [302, 403, 403, 403, 200, 302, 302],
    "draft_assembly": [404, 404, 404, 404, 200, 404, 404],
    "consultation_create": [302, 403, 403, 403, 200, 403, 403],
}


def url_of(name, world):
    if name == "certificate":
        return reverse("governance:certificate", args=[world["alice"].number])
    if name == "draft_assembly":
        return world["draft"].get_absolute_url()
    return reverse("governance:" + name)


@pytest.mark.parametrize("name", MATRIX)
def test_access_matrix(world, name):
    url = url_of(name, world)
    assert [status_for(world, role, url) for role in ROLES] == MATRIX[name]


def test_nobody_votes_in_someone_elses_name_without_a_proxy(world):
    meeting = assembly()
    resolution = meeting.resolutions.get()
    alice = world["alice"]
    for role in ["non_member", "member", "other_college_member", "staff"]:
        client = Client()
        sign_in(client, world["people"][role])
        client.post(
            reverse("governance:vote", args=[meeting.pk]),
            {f"v{alice.number}-voice": "1", f"v{alice.number}-r{resolution.pk}": "pour"},
        )
    assert not Vote.objects.exists()


def test_signed_out_visitors_are_sent_to_log_in_and_nothing_is_recorded(client, world):
    meeting = assembly()
    for url in (
        reverse("governance:vote", args=[meeting.pk]),
        reverse("governance:proxy_give", args=[meeting.pk]),
        reverse("governance:proxy_revoke", args=[meeting.pk]),
        reverse("governance:apply"),
    ):
        response = client.post(url, {"holder": "1"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not Vote.objects.exists()
