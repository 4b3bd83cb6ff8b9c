"""Two clicks at the same instant count once: the database decides."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from terreau.calls import services
from terreau.calls.models import Support

from .factories import open_call, resident, submitted_application

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_a_double_click_on_support_counts_once(territories):
    application = submitted_application(open_call())
    person = resident()
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            services.support_as_citizen(application=application, person=person, at=timezone.now())
            outcomes.append("counted")
        except services.CallRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted", "duplicate"]
    assert Support.objects.count() == 1
