"""Migration 0003: a marathon's animators become its territory's animators."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.accounts.factories import UserFactory
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
        migrate([MigrationExecutor(connection).loader.graph.leaf_nodes("challenges")[0]])


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
