"""Two clicks at the same instant count once: the database decides."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from terreau.calls import jury, services
from terreau.calls.models import Application, Laureate, Review, Support
from terreau.challenges.models import Marathon
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory

from .factories import (
    appoint,
    closed_call,
    eligible_application,
    marks,
    open_call,
    resident,
    submitted_application,
)

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _race(action, times=2) -> list[str]:
    """Run `action` in `times` threads released at the same instant; return
    each outcome: "done" or the refusal's code."""
    return _race_each([action] * times)


def _race_each(actions) -> list[str]:
    """Run each action in its own thread, all released at the same instant."""
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except services.CallRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_a_double_click_on_support_counts_once(territories):
    application = submitted_application(open_call())
    person = resident()
    outcomes = _race(
        lambda: services.support_as_citizen(
            application=application, person=person, at=timezone.now()
        )
    )
    assert outcomes == ["done", "duplicate"]
    assert Support.objects.count() == 1


def test_a_double_submission_of_a_review_records_one(territories):
    call = closed_call()
    application = eligible_application(call)
    juror = appoint(call)
    outcomes = _race(
        lambda: jury.submit_review(
            juror=juror, application=application, marks=marks(call), at=timezone.now()
        )
    )
    assert outcomes == ["done", "duplicate"]
    assert Review.objects.count() == 1


def test_two_staff_confirming_at_once_confirm_once(territories):
    call = closed_call()
    application = eligible_application(call)
    jury.submit_review(
        juror=appoint(call), application=application, marks=marks(call), at=timezone.now()
    )
    staff = UserFactory(is_staff=True)
    outcomes = _race(lambda: jury.confirm_laureates(call=call, by=staff, at=timezone.now()))
    assert outcomes == ["confirmed", "done"]
    assert Laureate.objects.count() == 1


def test_two_clicks_on_create_marathons_create_one_each(territories):
    call = closed_call()
    application = eligible_application(call)
    jury.submit_review(
        juror=appoint(call), application=application, marks=marks(call), at=timezone.now()
    )
    jury.confirm_laureates(call=call, by=UserFactory(is_staff=True), at=timezone.now())
    created = []
    _race(lambda: created.extend(jury.create_marathons(call=call, at=call.announced_at)))
    assert len(created) == 1
    assert Marathon.objects.filter(territory=application.territory).count() == 1


def test_a_review_racing_the_confirmation_lands_before_it_or_not_at_all(territories):
    # One juror scored 5 everywhere; four more score 0 as staff confirm. A
    # review counted after the ranking was read would leave a laureate whose
    # frozen score is no longer the ranking's.
    call = closed_call()
    application = eligible_application(call)
    jury.submit_review(
        juror=appoint(call), application=application, marks=marks(call, 5), at=timezone.now()
    )
    staff = UserFactory(is_staff=True)
    late_jurors = [appoint(call) for _ in range(4)]
    outcomes = _race_each(
        [lambda: jury.confirm_laureates(call=call, by=staff, at=timezone.now())]
        + [
            lambda juror=juror: jury.submit_review(
                juror=juror, application=application, marks=marks(call, 0), at=timezone.now()
            )
            for juror in late_jurors
        ]
    )
    assert set(outcomes) <= {"done", "confirmed"}
    reviews = Review.objects.filter(application=application).count()
    assert outcomes.count("done") == reviews  # the confirmation, and each late review counted
    ranked, _unscored = jury.ranking_of(call)
    assert float(Laureate.objects.get().score) == pytest.approx(
        float(ranked[0][0].score), abs=0.005
    )


def test_a_juror_cannot_both_score_and_step_aside_from_two_tabs(territories):
    # Six jurors, each scoring in one tab and stepping aside in another.
    call = closed_call()
    application = eligible_application(call)
    jurors = [appoint(call) for _ in range(6)]
    actions = []
    for juror in jurors:
        actions += [
            lambda juror=juror: jury.submit_review(
                juror=juror, application=application, marks=marks(call), at=timezone.now()
            ),
            lambda juror=juror: jury.declare_conflict(
                juror=juror, application=application, reason="Ma cousine.", at=timezone.now()
            ),
        ]
    outcomes = _race_each(actions)
    assert set(outcomes) <= {"done", "conflict", "reviewed"}
    for juror in jurors:
        assert juror.reviews.count() + juror.conflicts.count() == 1


def test_two_co_authors_leaving_at_once_leave_one_behind(territories):
    # Three drafts, each with two co-authors who both leave: three chances to collide.
    call = open_call()
    teams = []
    for territory in Territory.objects.filter(kind="commune").order_by("code")[:3]:
        draft = Application.objects.create(call=call, territory=territory)
        authors = [UserFactory(), UserFactory()]
        draft.authors.add(*authors)
        teams.append((draft, authors))
    outcomes = _race_each(
        [
            lambda draft=draft, person=person: services.leave_application(
                application=draft, person=person
            )
            for draft, authors in teams
            for person in authors
        ]
    )
    assert outcomes == ["done"] * 3 + ["last-author"] * 3
    for draft, _authors in teams:
        assert draft.authors.count() == 1
