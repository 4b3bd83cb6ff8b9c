import datetime

import pytest
import time_machine
from django.utils import timezone

from terreau.causes import services
from terreau.causes.models import Cause, CauseSupport
from tests.accounts.factories import UserFactory

from .factories import open_round, published_cause

pytestmark = pytest.mark.django_db


@pytest.fixture
def cause(territories):
    return published_cause(open_round())


def test_one_support_per_person_and_cause(cause):
    person = UserFactory()
    services.support_cause(cause=cause, person=person, at=timezone.now())
    with pytest.raises(services.CauseRefused) as refusal:
        services.support_cause(cause=cause, person=person, at=timezone.now())
    assert refusal.value.message == "Vous soutenez déjà cette cause."
    assert CauseSupport.objects.count() == 1


def test_a_support_is_withdrawn_until_the_closing_date(cause):
    person = UserFactory()
    services.support_cause(cause=cause, person=person, at=timezone.now())
    services.withdraw_support(cause=cause, person=person, at=timezone.now())
    assert not CauseSupport.objects.exists()
    with pytest.raises(services.CauseRefused) as refusal:
        services.withdraw_support(cause=cause, person=person, at=timezone.now())
    assert refusal.value.code == "not-supported"


def test_nothing_changes_after_the_closing_date(cause):
    person = UserFactory()
    services.support_cause(cause=cause, person=person, at=timezone.now())
    with time_machine.travel(cause.round.closes_at, tick=False):
        for action in (services.support_cause, services.withdraw_support):
            with pytest.raises(services.CauseRefused) as refusal:
                action(
                    cause=cause,
                    person=UserFactory() if action is services.support_cause else person,
                    at=timezone.now(),
                )
            assert refusal.value.code == "closed"
    assert CauseSupport.objects.count() == 1


def test_a_cause_waiting_for_moderation_cannot_be_supported(cause):
    Cause.objects.filter(pk=cause.pk).update(status=Cause.Status.PROPOSED)
    cause.refresh_from_db()
    with pytest.raises(services.CauseRefused) as refusal:
        services.support_cause(cause=cause, person=UserFactory(), at=timezone.now())
    assert refusal.value.code == "unpublished"


def test_the_selection_waits_for_the_closing_date_then_keeps_every_count(territories):
    round_ = open_round(selection_size=2)
    start = timezone.now() - datetime.timedelta(days=5)
    causes = [
        published_cause(
            round_, title=f"Cause {n}", published_at=start + datetime.timedelta(hours=n)
        )
        for n in range(4)
    ]
    people = UserFactory.create_batch(3)
    for cause, count in zip(causes, [1, 3, 3, 0], strict=True):
        for person in people[:count]:
            services.support_cause(cause=cause, person=person, at=timezone.now())
    proposed = Cause.objects.create(
        round=round_, title="En attente", stake="…", territory=causes[0].territory, association="…"
    )
    with pytest.raises(services.CauseRefused) as refusal:
        services.select_causes(round_=round_, at=timezone.now())
    assert refusal.value.code == "open"

    after = round_.closes_at + datetime.timedelta(minutes=1)
    chosen = services.select_causes(round_=round_, at=after)
    # Causes 1 and 2 tie at 3: cause 2, published later, ranks first.
    assert [c.title for c in chosen] == ["Cause 2", "Cause 1"]
    ranks = dict(Cause.objects.filter(round=round_).values_list("title", "rank"))
    assert ranks == {"Cause 2": 1, "Cause 1": 2, "Cause 0": 3, "Cause 3": 4, "En attente": None}
    assert Cause.objects.get(title="Cause 0").supports_at_closing == 1
    proposed.refresh_from_db()
    assert not proposed.is_selected
    # Stopping again changes nothing.
    assert services.select_causes(round_=round_, at=after + datetime.timedelta(days=1)) == chosen
