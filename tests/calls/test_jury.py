"""The jury: who may score what, when, what they see, the laureates staff
confirm and the marathons they become."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from terreau.calls import jury
from terreau.calls.jury import CallRefused
from terreau.calls.models import Conflict, Laureate, Review, Support
from terreau.territories import roles
from terreau.territories.models import AuthorityRepresentative, Territory, TerritoryAnimator
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory

from .factories import (
    HERAULT_MEDITERRANEE,
    MAZAMET,
    PEZENAS,
    appoint,
    closed_call,
    commune,
    eligible_application,
    marks,
    open_call,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(territories):
    return closed_call()


@pytest.fixture
def application(call):
    return eligible_application(call)


def now():
    return timezone.now()


def refusal_code(**kwargs):
    with pytest.raises(CallRefused) as refused:
        jury.submit_review(**kwargs)
    return refused.value.code


def test_a_juror_scores_the_whole_grid_once(call, application):
    juror = appoint(call)
    review = jury.submit_review(juror=juror, application=application, marks=marks(call), at=now())
    assert sorted(review.scores.values_list("criterion__title", "value")) == [
        ("Action", 3),
        ("Ancrage", 3),
    ]
    code = refusal_code(juror=juror, application=application, marks=marks(call, 5), at=now())
    assert code == "duplicate"
    assert list(review.scores.values_list("value", flat=True)) == [3, 3]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"value": 6}, "a mark above 5"),
        ({"value": None}, "no mark"),
        ({"comment": "   "}, "no comment"),
    ],
)
def test_an_incomplete_grid_is_refused_and_nothing_recorded(call, application, change, why):
    grid = marks(call)
    first = next(iter(grid))
    value, comment = grid[first]
    grid[first] = (change.get("value", value), change.get("comment", comment))
    code = refusal_code(juror=appoint(call), application=application, marks=grid, at=now())
    assert code == "incomplete", why
    assert not Review.objects.exists()


def test_scoring_waits_for_the_closing_date(territories):
    call = open_call()
    application = eligible_application(call)
    juror = appoint(call)
    code = refusal_code(juror=juror, application=application, marks=marks(call), at=now())
    assert code == "not-closed"
    with time_machine.travel(call.closes_at, tick=False):
        assert jury.submit_review(
            juror=juror, application=application, marks=marks(call), at=timezone.now()
        )


def test_an_application_that_is_not_eligible_is_not_scored(call):
    application = submitted_application(call, territory=commune(MAZAMET))
    code = refusal_code(juror=appoint(call), application=application, marks=marks(call), at=now())
    assert code == "not-eligible"


def test_a_juror_of_another_call_cannot_score(call, application):
    other = appoint(closed_call(title="Autre appel"))
    code = refusal_code(juror=other, application=application, marks=marks(call), at=now())
    assert code == "other-call"


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("lives", "Vous habitez ce territoire."),
        ("hosts a place", "Vous accueillez un lieu de ce territoire."),
        ("represents the commune", "Vous représentez une collectivité de ce territoire."),
        ("animates the territory", "Vous animez ce territoire."),
        ("co-authors", "Vous êtes co-auteur·e de cette candidature."),
        ("supported", "Vous avez soutenu cette candidature."),
    ],
)
def test_a_juror_who_lives_or_acts_in_the_territory_cannot_score_it(
    call, application, link, reason
):
    person = UserFactory()
    if link == "lives":
        person.home_commune = commune(PEZENAS)  # in Hérault Méditerranée
        person.save()
    elif link == "hosts a place":
        PlaceFactory(commune=commune(PEZENAS), host=person)
    elif link == "represents the commune":
        AuthorityRepresentative.objects.create(
            person=person, territory=commune(PEZENAS), role="Maire", verified_by=UserFactory()
        )
    elif link == "animates the territory":
        roles.appoint(person, commune(PEZENAS))
    elif link == "co-authors":
        application.authors.add(person)
    else:
        Support.objects.create(application=application, call=call, kind="citizen", person=person)
    juror = appoint(call, person)
    assert jury.conflict_of(juror, application) == reason
    code = refusal_code(juror=juror, application=application, marks=marks(call), at=now())
    assert code == "conflict"
    assert not Review.objects.exists()


def test_living_elsewhere_is_no_conflict(call, application):
    juror = appoint(call, UserFactory(home_commune=commune(MAZAMET)))
    assert jury.conflict_of(juror, application) is None


def test_a_declared_conflict_sets_the_juror_aside(call, application):
    juror = appoint(call)
    jury.declare_conflict(
        juror=juror, application=application, reason="Ma sœur porte le projet.", at=now()
    )
    assert "Ma sœur porte le projet." in jury.conflict_of(juror, application)
    code = refusal_code(juror=juror, application=application, marks=marks(call), at=now())
    assert code == "conflict"


def test_a_conflict_needs_a_reason_and_comes_before_scoring(call, application):
    juror = appoint(call)
    with pytest.raises(CallRefused, match="nature du lien"):
        jury.declare_conflict(juror=juror, application=application, reason="  ", at=now())
    jury.submit_review(juror=juror, application=application, marks=marks(call), at=now())
    with pytest.raises(CallRefused, match="déjà noté"):
        jury.declare_conflict(juror=juror, application=application, reason="Oubli.", at=now())
    assert not Conflict.objects.exists()


def test_others_scores_stay_hidden_until_the_juror_submits_their_own(call, application):
    first, second = appoint(call), appoint(call)
    jury.submit_review(juror=first, application=application, marks=marks(call, 5), at=now())
    assert jury.visible_reviews(second, application) == []
    jury.submit_review(juror=second, application=application, marks=marks(call, 1), at=now())
    assert [r.juror for r in jury.visible_reviews(second, application)] == [first, second]


def _three_scored(call):
    """Three eligible applications scored 4, 2 and 3 by one juror."""
    juror = appoint(call)
    applications = [
        eligible_application(call, territory=t)
        for t in (
            Territory.objects.get(kind="epci", code=HERAULT_MEDITERRANEE),
            commune(MAZAMET),
            commune(PEZENAS),
        )
    ]
    for application, value in zip(applications, (4, 2, 3), strict=True):
        jury.submit_review(juror=juror, application=application, marks=marks(call, value), at=now())
    return applications


def test_the_ranking_follows_the_weighted_average(call):
    high, low, middle = _three_scored(call)
    ranked, unscored = jury.ranking_of(call)
    assert [a for _, a in ranked] == [high, middle, low]
    assert unscored == []


def test_confirming_takes_the_first_of_the_ranking_and_closes_scoring(call):
    call.laureate_count = 2
    call.save()
    high, low, middle = _three_scored(call)
    staff = UserFactory(is_staff=True)
    jury.confirm_laureates(call=call, by=staff, at=now())
    assert list(call.laureates.values_list("rank", "application", "score")) == [
        (1, high.pk, pytest.approx(4)),
        (2, middle.pk, pytest.approx(3)),
    ]
    with pytest.raises(CallRefused, match="notation est close"):
        jury.confirm_laureates(call=call, by=staff, at=now())
    code = refusal_code(juror=appoint(call), application=low, marks=marks(call), at=now())
    assert code == "confirmed"
    assert Laureate.objects.count() == 2


def test_laureates_wait_until_every_eligible_application_is_scored(call, application):
    with pytest.raises(CallRefused, match="pas encore noté"):
        jury.confirm_laureates(call=call, by=UserFactory(is_staff=True), at=now())
    assert not Laureate.objects.exists()


def test_laureates_become_marathons_in_one_step_from_the_announcement(call):
    call.laureate_count = 2
    call.save()
    high, _low, middle = _three_scored(call)
    jury.confirm_laureates(call=call, by=UserFactory(is_staff=True), at=now())
    with pytest.raises(CallRefused, match="annonce"):
        jury.create_marathons(call=call, at=now())
    assert not Laureate.objects.filter(marathon__isnull=False).exists()
    with time_machine.travel(call.announced_at, tick=False):
        marathons = jury.create_marathons(call=call, at=timezone.now())
        assert jury.create_marathons(call=call, at=timezone.now()) == []
    assert [m.territory for m in marathons] == [high.territory, middle.territory]
    first = marathons[0]
    animators = TerritoryAnimator.objects.filter(territory=first.territory)
    assert {role.person for role in animators} == set(high.authors.all())
    assert first.ends_on - first.starts_on > datetime.timedelta(days=540)
    assert Laureate.objects.get(application=high).marathon == first
