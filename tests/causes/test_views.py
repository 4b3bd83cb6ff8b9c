import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terreau.causes import services
from terreau.causes.models import Cause, CauseSupport
from tests.accounts.factories import UserFactory

from .factories import open_round, published_cause

pytestmark = pytest.mark.django_db


def signed_in(person=None):
    client = Client()
    client.force_login(person or UserFactory())
    return client


def test_before_closing_the_causes_come_in_random_order_without_counts(territories):
    round_ = open_round()
    for n in range(6):
        published_cause(round_, title=f"Cause n° {n}")
    orders = set()
    for _ in range(8):
        page = Client().get(round_.get_absolute_url()).content.decode()
        orders.add(tuple(page.index(f"Cause n° {n}") for n in range(6)))
    assert len(orders) > 1  # 8 visits drawing the same order of 6: 1 chance in 720⁷
    assert "ordre tiré au hasard, différent à chaque visite" in page
    assert "<table" not in page  # no counts, no ranks


def test_an_empty_round_and_no_round_say_so(territories):
    assert "Aucune sélection de causes" in Client().get(reverse("causes:current")).content.decode()
    round_ = open_round()
    assert "Aucune cause publiée" in Client().get(round_.get_absolute_url()).content.decode()


def test_a_proposal_waits_for_moderation(territories):
    round_ = open_round()
    author = UserFactory()
    client = signed_in(author)
    bad = client.post(
        reverse("causes:propose", args=[round_.pk]),
        {
            "title": "Un abri",
            "stake": "…",
            "association": "Félins",
            "rna": "123",
            "commune": "Pézenas",
        },
    )
    assert "W suivi de neuf chiffres" in bad.content.decode()
    assert not Cause.objects.exists()
    client.post(
        reverse("causes:propose", args=[round_.pk]),
        {
            "title": "Un abri",
            "stake": "…",
            "association": "Félins",
            "rna": "w343012345",
            "commune": "Pézenas",
        },
    )
    cause = Cause.objects.get()
    assert (cause.status, cause.rna, cause.territory.code) == ("proposed", "W343012345", "34199")
    assert "Un abri" not in Client().get(round_.get_absolute_url()).content.decode()
    assert Client().get(cause.get_absolute_url()).status_code == 404
    assert client.get(cause.get_absolute_url()).status_code == 200  # its author sees it


def test_supporting_from_the_page(territories):
    cause = published_cause(open_round())
    client = signed_in()
    page = client.post(reverse("causes:support", args=[cause.pk]), follow=True).content.decode()
    assert "Votre soutien est compté." in page
    assert "Retirer mon soutien" in page
    page = client.post(reverse("causes:support", args=[cause.pk]), follow=True).content.decode()
    assert "Vous soutenez déjà cette cause." in page
    assert CauseSupport.objects.count() == 1


def test_after_the_selection_every_count_is_published(territories):
    round_ = open_round()
    cause = published_cause(round_)
    services.support_cause(cause=cause, person=UserFactory(), at=timezone.now())
    services.select_causes(round_=round_, at=round_.closes_at)
    page = Client().get(round_.get_absolute_url()).content.decode()
    assert "Sélection arrêtée" in page
    assert "<td>1</td>" in page  # rank 1 and one support
