import threading

import pytest
from django.db import connection
from django.utils import timezone

from terreau.causes import services
from terreau.causes.models import CauseSupport
from tests.accounts.factories import UserFactory

from .factories import open_round, published_cause

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_a_double_click_on_a_cause_counts_once(territories):
    cause = published_cause(open_round())
    person = UserFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            services.support_cause(cause=cause, person=person, at=timezone.now())
            outcomes.append("counted")
        except services.CauseRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted", "duplicate"]
    assert CauseSupport.objects.count() == 1
