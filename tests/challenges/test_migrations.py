"""Migration 0003: a marathon's animators become its territory's animators."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from terreau.checkins.models import CheckIn
from tests.accounts.factories import UserFactory
from tests.challenges.factories import marathon_with_stage
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("challenges", "0002_marathons"), ("territories", "0002_territory_animators")]
AFTER = [("challenges", "0003_animators_are_the_territorys")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def marathon_with_animators_before_0003(territories, append_only_tables_flushable):
    animators = [UserFactory(), UserFactory()]
    apps = migrate(BEFORE)
    try:
        Marathon = apps.get_model("challenges", "Marathon")
        marathon = Marathon.objects.create(
            territory_id=commune("34199").pk,
            title="Pézenas répare",
            starts_on=datetime.date(2026, 1, 5),
            ends_on=datetime.date(2027, 7, 5),  # fixed date: a stored value, time plays no part
        )
        marathon.animators.set([person.pk for person in animators])
        yield marathon.pk, {person.pk for person in animators}
    finally:
        # Every app's latest migration: going back unapplied the apps that depend on it.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_marathon_animators_become_territory_animators_and_back(
    marathon_with_animators_before_0003,
):
    marathon_pk, people = marathon_with_animators_before_0003
    apps = migrate(AFTER)
    roles = apps.get_model("territories", "TerritoryAnimator").objects.filter(
        territory_id=commune("34199").pk
    )
    assert set(roles.values_list("person", flat=True)) == people
    apps = migrate(BEFORE)
    marathon = apps.get_model("challenges", "Marathon").objects.get(pk=marathon_pk)
    assert set(marathon.animators.values_list("pk", flat=True)) == people


BEFORE_0004 = [("challenges", "0003_animators_are_the_territorys")]
AFTER_0004 = [("challenges", "0004_plausibility_rules")]


@pytest.fixture
def claims_before_0004(territories, append_only_tables_flushable):
    """The reported inflation, stored before the rules: the bicycle and the
    bus for one day's trip, and the same défi twice that day at two places."""
    _marathon, stage = marathon_with_stage("journee-sans-voiture-velo", "venir-en-bus")
    person = UserFactory()
    places = [PlaceFactory(), PlaceFactory()]
    day = datetime.date(2026, 10, 6)  # fixed date: a stored value, time plays no part
    checkins = [
        CheckIn.objects.create(person=person, place=place, source="screen", day=day)
        for place in places
    ]
    apps = migrate(BEFORE_0004)
    try:
        Challenge = apps.get_model("challenges", "Challenge")
        Completion = apps.get_model("challenges", "Completion")
        bike = Challenge.objects.get(slug="journee-sans-voiture-velo")
        bus = Challenge.objects.get(slug="venir-en-bus")
        moment = datetime.datetime(2026, 10, 6, 9, tzinfo=datetime.UTC)  # fixed date: stored
        rows = [(bike, 0, 0), (bus, 0, 1), (bike, 1, 2)]  # the first one is kept
        for challenge, index, minutes in rows:
            Completion.objects.create(
                person_id=person.pk,
                challenge=challenge,
                stage_id=stage.pk,
                place_id=places[index].pk,
                checkin_id=checkins[index].pk,
                quantity=challenge.quantity,
                factor_key=challenge.factor_key,
                factor_version=challenge.factor_version,
                created_at=moment + datetime.timedelta(minutes=minutes),
            )
        yield person.pk, day
    finally:
        # Every app's latest migration: going back unapplied the apps that depend on it.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_0004_keeps_the_first_claim_of_a_day_and_adds_the_rules(claims_before_0004):
    person, day = claims_before_0004
    apps = migrate(AFTER_0004)
    Completion = apps.get_model("challenges", "Completion")
    kept = Completion.objects.filter(person_id=person)
    assert list(kept.values_list("challenge__slug", "day", "exclusive_group")) == [
        ("journee-sans-voiture-velo", day, "trajet")
    ]
    Challenge = apps.get_model("challenges", "Challenge")
    assert set(
        Challenge.objects.filter(exclusive_group="trajet").values_list("slug", flat=True)
    ) == {
        "journee-sans-voiture-velo",
        "venir-en-train",
        "venir-en-bus",
        "covoiturer-vers-un-evenement",
    }
