"""Causes proposed are moderated at /causes/moderation/, scoped like the
places: staff with their second factor see all, an animator the causes of
the territories they animate, anyone else is refused."""

import pytest
from django.urls import reverse

from terreau.causes.models import Cause
from terreau.territories import roles
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.causes.factories import open_round
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

QUEUE = reverse("causes:moderation")


@pytest.fixture
def proposed(territories):
    round_ = open_round()
    return {
        code: Cause.objects.create(
            round=round_,
            title="Cause de %s" % code,
            stake="Un enjeu local.",
            territory=commune(code),
            association="Les Amis",
            proposed_by=UserFactory(),
        )
        for code in ("34199", "34172")
    }


def animator_of(territory):
    person = UserFactory()
    roles.appoint(person, territory)
    return person


def test_an_animator_moderates_her_territorys_causes_only(client, proposed):
    client.force_login(animator_of(commune("34199").epci))
    page = client.get(QUEUE).content.decode()
    assert "Cause de 34199" in page
    assert "Cause de 34172" not in page
    elsewhere = proposed["34172"]
    assert client.post(reverse("causes:moderation_publish", args=[elsewhere.pk])).status_code == 404
    client.post(reverse("causes:moderation_publish", args=[proposed["34199"].pk]))
    assert Cause.objects.get(pk=proposed["34199"].pk).status == "published"
    assert Cause.objects.get(pk=elsewhere.pk).status == "proposed"


def test_a_refusal_needs_a_reason(client, proposed):
    client.force_login(animator_of(commune("34199")))
    url = reverse("causes:moderation_reject", args=[proposed["34199"].pk])
    page = client.post(url, {"reason": " "}, follow=True).content.decode()
    assert "Dites pourquoi la cause est refusée" in page
    client.post(url, {"reason": "Hors du territoire."})
    cause = Cause.objects.get(pk=proposed["34199"].pk)
    assert (cause.status, cause.rejection_reason) == ("rejected", "Hors du territoire.")


def test_staff_need_their_second_factor_and_residents_have_no_queue(client, proposed, staff):
    for person in (UserFactory(), staff):
        client.force_login(person)
        assert client.get(QUEUE).status_code == 403
    sign_in_with_second_factor(client, staff)
    page = client.get(QUEUE).content.decode()
    assert "Cause de 34199" in page
    assert "Cause de 34172" in page
