"""Requests for help through the services: offered to the first experts of
the rule, accepted by one, declined or expired and moved on, waiting when
nobody is available, withdrawn; the contact given only to the expert who
accepts; never above an expert's monthly limit."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from terreau.core.models import OutgoingEmail
from terreau.support import routing, services
from terreau.support.models import HelpRequest, Offer
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory
from tests.support.factories import make_expert
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def ask(person=None, **values):
    values.setdefault("domain", "energy-housing")
    values.setdefault("description", "Ma maison est froide l'hiver : par où commencer ?")
    values.setdefault("modes", ["on-site"])
    values.setdefault("commune", commune("34199"))
    return services.ask_for_help(person=person or UserFactory(), **values)


@pytest.fixture
def five_experts(territories):
    """Five experts covering Pézenas: three on the commune, two above."""
    pezenas = commune("34199")
    return [make_expert(name="Commune %d" % i, areas=[pezenas]) for i in range(3)] + [
        make_expert(name="EPCI", areas=[pezenas.epci]),
        make_expert(name="Région", areas=[pezenas.region]),
    ]


def pending(help_request):
    return list(help_request.offers.filter(state="pending").order_by("rank"))


def test_a_request_is_offered_to_the_first_three_of_the_rule(five_experts):
    help_request = ask()
    offered = pending(help_request)
    assert help_request.status == "open"
    # All have accepted nothing: the commune's three come before those above.
    assert {o.expert.display_name for o in offered} == {"Commune 0", "Commune 1", "Commune 2"}
    replayed = routing.ranked(
        services.candidates_for(help_request, timezone.now()),
        services.need_of(help_request),
        help_request.seed,
    )
    assert [o.expert_id for o in offered] == [c.id for c in replayed[:3]]
    mails = OutgoingEmail.objects.filter(cause__startswith="help-offer:%d:" % help_request.pk)
    assert mails.count() == 3
    assert "froide" not in mails.first().body  # the description is read on the site
    assert [e.kind for e in help_request.events.all()] == ["asked", "offered"]


def test_an_expert_outside_the_domain_or_the_territory_is_never_offered(territories):
    make_expert(name="Mobilité", domains=["mobility"])
    make_expert(name="Tarn", areas=[commune("81163")])
    help_request = ask()
    assert help_request.status == "unmatched"
    assert not help_request.offers.exists()
    assert OutgoingEmail.objects.filter(cause="help-unmatched:%d" % help_request.pk).exists()


def test_the_first_to_accept_takes_it_and_the_others_are_told(five_experts):
    help_request = ask()
    first, second, _third = pending(help_request)
    services.accept_offer(offer=first, person=first.expert.person)
    help_request.refresh_from_db()
    assert (help_request.status, help_request.expert) == ("accepted", first.expert)
    with pytest.raises(services.SupportRefused) as refusal:
        services.accept_offer(offer=second, person=second.expert.person)
    assert "Un autre expert a déjà accepté" in refusal.value.message
    help_request.refresh_from_db()
    assert help_request.expert == first.expert
    assert set(help_request.offers.values_list("state", flat=True)) == {"accepted", "taken"}
    assert OutgoingEmail.objects.filter(
        cause="help-accepted:%d" % help_request.pk, to=help_request.requester.email
    ).exists()


def test_an_expert_cannot_accept_for_another(five_experts):
    offer = pending(ask())[0]
    with pytest.raises(services.SupportRefused):
        services.accept_offer(offer=offer, person=five_experts[4].person)
    assert Offer.objects.get(pk=offer.pk).state == "pending"


def test_never_above_the_monthly_limit(territories):
    pezenas = commune("34199")
    solo = make_expert(name="Solo", areas=[pezenas], capacity=1)
    one, two = ask(), ask()
    services.accept_offer(offer=pending(one)[0], person=solo.person)
    with pytest.raises(services.SupportRefused) as refusal:
        services.accept_offer(offer=pending(two)[0], person=solo.person)
    assert refusal.value.code == "capacity"
    two.refresh_from_db()
    assert two.status == "open"
    # Full for the month, Solo is offered nothing new.
    assert ask().status == "unmatched"


def test_a_limit_counts_the_calendar_month(territories):
    solo = make_expert(name="Solo", areas=[commune("34199")], capacity=1)
    now = timezone.now()
    services.accept_offer(offer=pending(ask())[0], person=solo.person, at=now)
    next_month = (timezone.localtime(now).replace(day=1) + datetime.timedelta(days=32)).replace(
        day=2
    )
    with time_machine.travel(next_month):
        assert ask().status == "open"


def test_declining_moves_the_request_on(five_experts):
    help_request = ask()
    first = pending(help_request)[0]
    services.decline_offer(offer=first, person=first.expert.person)
    names = {o.expert.display_name for o in pending(help_request)}
    assert len(names) == 3
    assert "EPCI" in names  # the next one, a level up
    assert first.expert.display_name not in names


def test_unanswered_offers_expire_through_the_queue_and_move_on(five_experts):
    help_request = ask()
    assert len(pending(help_request)) == 3
    later = timezone.now() + datetime.timedelta(days=routing.OFFER_DAYS, hours=1)
    with time_machine.travel(later):
        run_worker()
    states = sorted(help_request.offers.values_list("state", flat=True))
    assert states == ["expired", "expired", "expired", "pending", "pending"]
    assert "expired" in [e.kind for e in help_request.events.all()]
    expired = help_request.offers.filter(state="expired").first()
    with pytest.raises(services.SupportRefused) as refusal:
        services.accept_offer(offer=expired, person=expired.expert.person)
    assert "expiré" in refusal.value.message


def test_a_waiting_request_is_offered_when_an_expert_comes(territories):
    help_request = ask()
    assert help_request.status == "unmatched"
    make_expert(name="Nouvelle", areas=[commune("34199")])
    call_command("route_help_requests", verbosity=0)
    help_request.refresh_from_db()
    assert help_request.status == "open"
    assert [o.expert.display_name for o in pending(help_request)] == ["Nouvelle"]


def test_a_paused_or_withdrawn_expert_is_never_offered(territories):
    paused = make_expert(name="En pause")
    services.set_paused(profile=paused, paused=True)
    withdrawn = make_expert(name="Retirée")
    services.withdraw_consent(profile=withdrawn)
    assert ask().status == "unmatched"


def test_a_place_asks_through_its_host_and_its_own_host_expert_is_left_out(territories):
    host = UserFactory()
    place = PlaceFactory(host=host)
    host_expert = make_expert(person=host, name="Hôte et experte", areas=[place.commune])
    declared = make_expert(name="Déclarée", areas=[place.commune])
    services.declare_conflict(profile=declared, place=place, note="J'y suis salariée.")
    free = make_expert(name="Libre", areas=[place.commune])
    with pytest.raises(services.SupportRefused):
        ask(person=UserFactory(), on_behalf="place", place=place)
    help_request = ask(person=host, on_behalf="place", place=place)
    assert help_request.territory == place.commune
    assert [o.expert for o in pending(help_request)] == [free]
    assert host_expert != free


def test_an_authority_asks_only_through_its_representative(territories):
    epci = commune("34199").epci
    with pytest.raises(services.SupportRefused) as refusal:
        ask(on_behalf="authority", authority=epci)
    assert refusal.value.code == "not-representative"
    assert not HelpRequest.objects.exists()


def test_five_waiting_requests_at_most(territories):
    person = UserFactory()
    for _ in range(services.OPEN_REQUESTS_PER_PERSON):
        ask(person=person)
    with pytest.raises(services.SupportRefused) as refusal:
        ask(person=person)
    assert refusal.value.code == "too-many"
    assert HelpRequest.objects.count() == services.OPEN_REQUESTS_PER_PERSON


def test_withdrawing_closes_the_pending_offers(five_experts):
    help_request = ask()
    services.withdraw_request(help_request=help_request, person=help_request.requester)
    help_request.refresh_from_db()
    assert help_request.status == "withdrawn"
    assert set(help_request.offers.values_list("state", flat=True)) == {"closed"}
    offer = help_request.offers.first()
    with pytest.raises(services.SupportRefused):
        services.accept_offer(offer=offer, person=offer.expert.person)


def test_meeting_closing_and_feedback(five_experts):
    help_request = ask()
    offer = pending(help_request)[0]
    expert = offer.expert.person
    services.accept_offer(offer=offer, person=expert)
    help_request.refresh_from_db()
    with pytest.raises(services.SupportRefused):
        services.plan_meeting(help_request=help_request, person=help_request.requester, meeting="?")
    services.plan_meeting(
        help_request=help_request, person=expert, meeting="Mardi 10 h, à la mairie"
    )
    services.close_request(help_request=help_request, person=expert, outcome="Visite faite.")
    services.give_feedback(
        help_request=help_request, person=help_request.requester, helped="yes", comment="Merci !"
    )
    help_request.refresh_from_db()
    assert (help_request.status, help_request.helped) == ("closed", "yes")
    kinds = [e.kind for e in help_request.events.all()]
    assert kinds == ["asked", "offered", "accepted", "meeting", "closed", "feedback"]
