"""The cooperative's team convenes an assembly and publishes its results
from pages in French (/cooperative/assemblees/<id>/convoquer/), with the
statutes' notice checked before anyone is e-mailed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.governance.models import Assembly
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.governance.factories import assembly, cooperative, member

pytestmark = pytest.mark.django_db


def draft(days_ahead):
    now = timezone.now()
    return assembly(
        convene=False,
        opens=now + datetime.timedelta(days=days_ahead),
        closes=now + datetime.timedelta(days=days_ahead + 2),
    )


def test_staff_convene_from_the_page_once_they_confirm(client, staff):
    colleges = cooperative()
    member(colleges[0])
    coming = draft(20)
    sign_in_with_second_factor(client, staff)
    assert "à convoquer" in client.get(reverse("governance:assemblies")).content.decode()
    url = reverse("governance:convocation", args=[coming.pk])
    page = client.get(url).content.decode()
    assert "1 sociétaire, par e-mail" in page
    assert "Résolution 1" in page
    page = client.post(url, {}, follow=True).content.decode()
    assert "Cochez la case" in page
    assert Assembly.objects.get(pk=coming.pk).convened_at is None
    client.post(url, {"confirm": "1"})
    assert Assembly.objects.get(pk=coming.pk).convened_at is not None


def test_the_statutes_notice_is_checked_before_anyone_is_e_mailed(client, staff):
    cooperative()
    too_soon = draft(3)
    sign_in_with_second_factor(client, staff)
    url = reverse("governance:convocation", args=[too_soon.pk])
    page = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "Les statuts demandent 15 jours" in page
    assert Assembly.objects.get(pk=too_soon.pk).convened_at is None


@pytest.mark.parametrize("who", ["resident", "staff_password_only"])
def test_only_staff_with_their_second_factor_convene(client, staff, who):
    cooperative()
    coming = draft(20)
    client.force_login(UserFactory() if who == "resident" else staff)
    url = reverse("governance:convocation", args=[coming.pk])
    # A resident is refused; staff are first sent to pass their second factor.
    expected = 403 if who == "resident" else 302
    assert client.get(url).status_code == expected
    assert client.post(url, {"confirm": "1"}).status_code == expected
    assert Assembly.objects.get(pk=coming.pk).convened_at is None


def test_staff_publish_the_results_once_the_vote_is_closed(client, staff):
    cooperative()
    now = timezone.now()
    closed = assembly(
        opens=now - datetime.timedelta(days=3), closes=now - datetime.timedelta(hours=1)
    )
    sign_in_with_second_factor(client, staff)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Dépouiller et publier les résultats" in page
    client.post(reverse("governance:publish_results", args=[closed.pk]))
    assert Assembly.objects.get(pk=closed.pk).results_published_at is not None
    client.force_login(UserFactory())
    response = client.post(reverse("governance:publish_results", args=[closed.pk]))
    assert response.status_code == 403
