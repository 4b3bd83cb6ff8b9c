"""The territorial animator role (territories.TerritoryAnimator, roles.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.urls import reverse

from terreau.territories import roles
from terreau.territories.models import TerritoryAnimator
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def test_an_animator_animates_their_territory_only(territories):
    person = UserFactory()
    roles.appoint(person, commune("34199"))
    roles.appoint(person, commune("34199"))  # appointing twice keeps one role
    assert TerritoryAnimator.objects.filter(person=person).count() == 1
    assert roles.animates(person, commune("34199"))
    assert not roles.animates(person, commune("81163"))
    assert not roles.animates(UserFactory(), commune("34199"))
    assert not roles.animates(AnonymousUser(), commune("34199"))
    assert list(roles.animated_territory_ids(person)) == [commune("34199").pk]
    assert list(roles.animated_territory_ids(AnonymousUser())) == []


def test_the_database_keeps_one_role_per_person_and_territory(territories):
    person = UserFactory()
    TerritoryAnimator.objects.create(person=person, territory=commune("34199"))
    with pytest.raises(IntegrityError), transaction.atomic():
        TerritoryAnimator.objects.create(person=person, territory=commune("34199"))


def test_staff_appoint_animators_in_the_back_office(client, staff, territories):
    person = UserFactory()
    sign_in_with_second_factor(client, staff)
    add = reverse("admin:territories_territoryanimator_add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"person": person.pk, "territory": commune("34199").pk})
    assert response.status_code == 302
    assert roles.animates(person, commune("34199"))


def test_an_animators_account_deleted_takes_the_role_with_it(territories):
    person = UserFactory()
    roles.appoint(person, commune("34199"))
    person.delete()
    assert not TerritoryAnimator.objects.exists()
