"""Racing on PostgreSQL: threads, each with its own connection."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from terreau.support import services
from terreau.support.models import HelpRequest, Offer
from tests.accounts.factories import UserFactory
from tests.support.factories import make_expert
from tests.territories.factories import commune

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def race(actions):
    barrier = Barrier(len(actions))

    def run(action):
        try:
            barrier.wait()
            return action()
        except services.SupportRefused as refusal:
            return refusal
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(run, actions))


def ask(person=None):
    return services.ask_for_help(
        person=person or UserFactory(),
        domain="energy-housing",
        description="Froid.",
        modes=[],
        commune=commune("34199"),
    )


def test_three_experts_accepting_at_once_leave_exactly_one(territories):
    for index in range(3):
        make_expert(name="Experte %d" % index)
    help_request = ask()
    offers = list(help_request.offers.select_related("expert__person"))
    assert len(offers) == 3
    results = race(
        [
            (lambda offer=offer: services.accept_offer(offer=offer, person=offer.expert.person))
            for offer in offers
        ]
    )
    refused = [r for r in results if isinstance(r, services.SupportRefused)]
    assert len(refused) == 2
    assert {r.code for r in refused} <= {"taken", "not-pending"}
    help_request.refresh_from_db()
    assert help_request.status == "accepted"
    assert Offer.objects.filter(request=help_request, state="accepted").count() == 1


def test_one_expert_accepting_two_requests_at_once_stays_within_the_limit(territories):
    solo = make_expert(name="Solo", capacity=1)
    offers = [ask().offers.get() for _ in range(2)]
    race(
        [
            (lambda offer=offer: services.accept_offer(offer=offer, person=solo.person))
            for offer in offers
        ]
    )
    assert HelpRequest.objects.filter(expert=solo).count() == 1


def test_requests_sent_at_once_never_pass_the_limit(territories):
    person = UserFactory()
    for _ in range(services.OPEN_REQUESTS_PER_PERSON - 1):
        ask(person)
    race([lambda: ask(person) for _ in range(4)])
    assert HelpRequest.objects.filter(requester=person).count() == services.OPEN_REQUESTS_PER_PERSON
