from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.utils import timezone

from terreau.challenges import services
from terreau.challenges.models import Challenge, Completion
from terreau.checkins import tokens
from terreau.checkins.services import CheckInRefused
from tests.accounts.factories import UserFactory
from tests.challenges.factories import complete_challenge, marathon_with_stage, participant
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_twenty_simultaneous_completions_of_one_defi_count_once(territories, settings):
    # The per-person check-in limit is not what this test is about.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    person = participant(marathon, UserFactory(home_commune=commune("34199")))
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    challenge = Challenge.objects.get(slug="ressourcerie-jean")
    token = tokens.sign(tokens.screen_claim(place_id=place.pk, at=timezone.now()))
    # Twenty connections at once, not more: see tests/checkins/test_concurrency.py.
    barrier = Barrier(20)

    def attempt(_):
        try:
            barrier.wait()
            return complete_challenge(
                person=person, token=token, stage=stage, challenge=challenge, at=timezone.now()
            )
        except (services.MarathonRefused, CheckInRefused) as refusal:
            return refusal.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    assert Completion.objects.filter(person=person, challenge=challenge).count() == 1
    assert sum(isinstance(r, Completion) for r in results) == 1
