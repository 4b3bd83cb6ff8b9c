"""The rules of supports: who counts, once, for which territory, until when."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.timezone import now

from terreau.calls import services
from terreau.calls.eligibility import CITIZENS, PLACES
from terreau.calls.models import Application, Support
from terreau.places.models import Place, PlaceHost
from terreau.territories.models import AuthorityRepresentative, Territory
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory
from tests.worker import run_worker

from .factories import MAZAMET, PEZENAS, commune, open_call, resident, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(territories):
    return open_call()


@pytest.fixture
def application(call):
    return submitted_application(call)


def refused(code, function, **kwargs):
    before = Support.objects.count()
    with pytest.raises(services.CallRefused) as refusal:
        function(at=kwargs.pop("at", timezone.now()), **kwargs)
    assert refusal.value.code == code
    assert Support.objects.count() == before
    return refusal.value.message


def test_a_resident_supports_the_application_of_their_territory(application):
    services.support_as_citizen(application=application, person=resident(), at=timezone.now())
    assert application.supports.counts().citizens == 1


def test_someone_who_lives_elsewhere_is_refused(application):
    message = refused(
        "not-resident",
        services.support_as_citizen,
        application=application,
        person=resident(MAZAMET),
    )
    assert "Vous n'habitez pas" in message


def test_someone_without_a_home_commune_is_asked_for_it(application):
    refused("no-home", services.support_as_citizen, application=application, person=UserFactory())


def test_a_citizen_supports_once_per_call_even_another_application(call, application):
    person = resident()
    pezenas = submitted_application(call, territory=commune(PEZENAS))
    services.support_as_citizen(application=application, person=person, at=timezone.now())
    message = refused("duplicate", services.support_as_citizen, application=pezenas, person=person)
    assert "un soutien par personne" in message
    refused("duplicate", services.support_as_citizen, application=application, person=person)


def test_a_draft_cannot_be_supported(application):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.DRAFT)
    application.refresh_from_db()
    refused("draft", services.support_as_citizen, application=application, person=resident())


def test_supports_open_and_close_with_the_call(application):
    call = application.call
    refused(
        "not-open",
        services.support_as_citizen,
        application=application,
        person=resident(),
        at=call.opens_at - datetime.timedelta(seconds=1),
    )
    person = resident()
    support = services.support_as_citizen(
        application=application, person=person, at=call.closes_at - datetime.timedelta(seconds=1)
    )
    with time_machine.travel(call.closes_at, tick=False):
        refused("closed", services.support_as_citizen, application=application, person=resident())
        with pytest.raises(services.CallRefused) as refusal:
            services.withdraw_support(support=support, person=person, at=timezone.now())
        assert refusal.value.code == "closed"
    assert Support.objects.filter(pk=support.pk).exists()


def test_a_support_is_withdrawn_until_the_closing_date(application):
    person = resident()
    support = services.support_as_citizen(application=application, person=person, at=timezone.now())
    with pytest.raises(services.CallRefused) as refusal:
        services.withdraw_support(support=support, person=UserFactory(), at=timezone.now())
    assert refusal.value.code == "not-yours"
    services.withdraw_support(support=support, person=person, at=timezone.now())
    assert application.supports.counts().citizens == 0
    # …and can be given again, to the same or another application.
    services.support_as_citizen(application=application, person=person, at=timezone.now())


def test_a_place_supports_through_its_host_once_per_call(call, application):
    host = UserFactory()
    place = PlaceFactory(host=host, commune=commune(PEZENAS))
    services.support_as_place(application=application, person=host, place=place, at=timezone.now())
    assert application.supports.counts().places == 1
    other = submitted_application(call, territory=commune(PEZENAS))
    message = refused(
        "duplicate", services.support_as_place, application=other, person=host, place=place
    )
    assert "un soutien par lieu" in message


def test_a_place_is_refused_unless_published_hosted_and_in_the_territory(application):
    host = UserFactory()
    unpublished = PlaceFactory(host=host, commune=commune(PEZENAS), status=Place.Status.PROPOSED)
    refused(
        "unpublished",
        services.support_as_place,
        application=application,
        person=host,
        place=unpublished,
    )
    elsewhere = PlaceFactory(host=host, commune=commune(MAZAMET))
    refused(
        "not-in-territory",
        services.support_as_place,
        application=application,
        person=host,
        place=elsewhere,
    )
    place = PlaceFactory(commune=commune(PEZENAS))
    refused(
        "not-host",
        services.support_as_place,
        application=application,
        person=UserFactory(),
        place=place,
    )


def test_the_local_authority_supports_through_a_verified_account(application, staff):
    mayor = UserFactory()
    refused(
        "not-representative", services.support_as_authority, application=application, person=mayor
    )
    # A representative of another authority does not count either.
    AuthorityRepresentative.objects.create(
        person=mayor, territory=commune(PEZENAS), role="Maire", verified_by=staff
    )
    refused(
        "not-representative", services.support_as_authority, application=application, person=mayor
    )
    president = UserFactory()
    AuthorityRepresentative.objects.create(
        person=president, territory=application.territory, role="Président", verified_by=staff
    )
    services.support_as_authority(application=application, person=president, at=timezone.now())
    assert application.supports.counts().authority
    refused("duplicate", services.support_as_authority, application=application, person=president)


def _bulk_citizens(application, count):
    pezenas = commune(PEZENAS)
    people = [UserFactory.build(home_commune=pezenas) for _ in range(count)]
    for n, person in enumerate(people):
        person.email = "habitant%d@example.org" % n
    people = type(people[0]).objects.bulk_create(people)
    Support.objects.bulk_create(
        Support(application=application, call=application.call, kind="citizen", person=p)
        for p in people
    )


def test_the_citizen_route_opens_at_exactly_350(application):
    _bulk_citizens(application, 349)
    assert CITIZENS not in services.routes_of(application)
    services.support_as_citizen(application=application, person=resident(), at=timezone.now())
    assert services.routes_of(application) == [CITIZENS]


def test_the_place_route_opens_at_exactly_150(application):
    pezenas = commune(PEZENAS)
    hosts = type(UserFactory.build()).objects.bulk_create(
        UserFactory.build(email="hote%d@example.org" % n) for n in range(150)
    )
    places = Place.objects.bulk_create(
        Place(
            name="Lieu %d" % n,
            kind="tiers-lieu",
            description="…",
            address="1 rue",
            commune=pezenas,
            status="published",
        )
        for n in range(150)
    )
    PlaceHost.objects.bulk_create(
        PlaceHost(place=p, person=h) for p, h in zip(places, hosts, strict=True)
    )
    Support.objects.bulk_create(
        Support(application=application, call=application.call, kind="place", person=h, place=p)
        for p, h in zip(places[:149], hosts[:149], strict=True)
    )
    assert PLACES not in services.routes_of(application)
    services.support_as_place(
        application=application, person=hosts[149], place=places[149], at=timezone.now()
    )
    assert services.routes_of(application) == [PLACES]


def test_one_application_per_territory_per_call(call):
    territory = commune(PEZENAS)
    services.start_application(
        call=call, territory=territory, person=UserFactory(), at=timezone.now()
    )
    with pytest.raises(services.CallRefused) as refusal:
        services.start_application(
            call=call, territory=territory, person=UserFactory(), at=timezone.now()
        )
    assert refusal.value.code == "duplicate"
    assert Application.objects.count() == 1


def test_a_region_cannot_apply(call):
    region = Territory.objects.filter(kind="region").first()
    with pytest.raises(services.CallRefused) as refusal:
        services.start_application(
            call=call, territory=region, person=UserFactory(), at=timezone.now()
        )
    assert refusal.value.code == "kind"


def test_an_incomplete_draft_is_not_submitted(call):
    application = services.start_application(
        call=call, territory=commune(PEZENAS), person=UserFactory(), at=timezone.now()
    )
    with pytest.raises(services.CallRefused) as refusal:
        services.submit_application(application=application, at=timezone.now())
    assert "complétez" in refusal.value.message
    application.refresh_from_db()
    assert not application.is_submitted


def test_an_abandoned_draft_frees_its_territory(call):
    territory = commune(PEZENAS)
    draft = services.start_application(
        call=call, territory=territory, person=UserFactory(), at=timezone.now()
    )
    services.abandon_draft(application=draft)
    assert not Application.objects.exists()
    other = services.start_application(
        call=call, territory=territory, person=UserFactory(), at=timezone.now()
    )
    assert other.territory == territory


def test_a_submitted_application_is_not_abandoned(application):
    with pytest.raises(services.CallRefused) as refusal:
        services.abandon_draft(application=application)
    assert refusal.value.code == "submitted"
    assert Application.objects.filter(pk=application.pk).exists()


def test_a_co_author_leaves_but_the_last_one_stays(call):
    first, second = UserFactory(), UserFactory()
    draft = services.start_application(
        call=call, territory=commune(PEZENAS), person=first, at=timezone.now()
    )
    draft.authors.add(second)
    services.leave_application(application=draft, person=second)
    assert list(draft.authors.all()) == [first]
    with pytest.raises(services.CallRefused) as refusal:
        services.leave_application(application=draft, person=first)
    assert refusal.value.code == "last-author"
    assert list(draft.authors.all()) == [first]


def test_a_person_co_writes_at_most_two_drafts_per_call(call):
    """Issue 21, 5: one account reserved 24 territories in two seconds."""
    person = UserFactory()
    communes = Territory.objects.filter(kind="commune").order_by("code")[:3]
    for territory in communes[:2]:
        services.start_application(call=call, territory=territory, person=person, at=now())
    refused(
        "too-many-drafts",
        services.start_application,
        call=call,
        territory=communes[2],
        person=person,
        at=now(),
    )
    # Another call is another count; a submitted application no longer counts.
    services.start_application(
        call=open_call(title="Autre appel"), territory=communes[2], person=person, at=now()
    )
    draft = Application.objects.filter(call=call).first()
    draft.status, draft.submitted_at = Application.Status.SUBMITTED, now()
    draft.save()
    services.start_application(call=call, territory=communes[2], person=person, at=now())


def test_a_draft_without_activity_frees_its_territory(territories, time_machine):
    call = open_call(
        closes_at=now() + datetime.timedelta(days=120),
        announced_at=now() + datetime.timedelta(days=150),
    )
    holder, newcomer = UserFactory(), UserFactory()
    draft = services.start_application(
        call=call, territory=commune(PEZENAS), person=holder, at=now()
    )
    time_machine.move_to(now() + Application.DRAFT_LAPSE - datetime.timedelta(days=1))
    services.update_application(
        application=draft, at=now(), why="Toujours là.", who=draft.who, plan=draft.plan
    )
    time_machine.move_to(now() + Application.DRAFT_LAPSE - datetime.timedelta(days=1))
    refused(
        "duplicate",
        services.start_application,
        call=call,
        territory=commune(PEZENAS),
        person=newcomer,
        at=now(),
    )
    time_machine.move_to(now() + datetime.timedelta(days=2))
    fresh = services.start_application(
        call=call, territory=commune(PEZENAS), person=newcomer, at=now()
    )
    assert list(Application.objects.filter(call=call)) == [fresh]
    assert list(fresh.authors.all()) == [newcomer]


def test_a_refused_team_asks_to_join_and_the_holders_are_told(
    call, django_capture_on_commit_callbacks, mailoutbox
):
    holder, newcomer = UserFactory(), UserFactory(display_name="https://pub.example")
    draft = services.start_application(
        call=call, territory=commune(PEZENAS), person=holder, at=now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(application=draft, person=newcomer, at=now())
    run_worker()
    assert mailoutbox[-1].to == [holder.email]
    assert draft.get_absolute_url() in mailoutbox[-1].body
    assert "pub.example" not in mailoutbox[-1].body  # fixed words only
    refused("duplicate", services.request_to_join, application=draft, person=newcomer, at=now())
    refused("author", services.request_to_join, application=draft, person=holder, at=now())
