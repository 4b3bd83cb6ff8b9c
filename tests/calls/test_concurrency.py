"""Two clicks at the same instant count once: the database decides."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from terreau.calls import jury, services
from terreau.calls.models import Laureate, Review, Support
from terreau.challenges.models import Marathon
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
    barrier = threading.Barrier(times)
    outcomes = []

    def run():
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except services.CallRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
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
