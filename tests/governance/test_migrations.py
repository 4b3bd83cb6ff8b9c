"""The data migrations of governance, run on rows written the old way."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("governance", "0004_sealed_ballot_box")
AFTER = ("governance", "0005_results_as_exact_numbers")

# A result as the minutes stored it before 0005: figures already written out.
PUBLISHED = {
    "colleges": [
        {"name": "Fondateurs", "weight": "50,00\u00a0%", "pour": 1, "contre": 1,
         "abstention": 0, "blanc": 0, "cast": 2, "share": "50,00\u00a0%",
         "effective_weight": "62,50\u00a0%"},
        {"name": "Citoyens", "weight": "30,00\u00a0%", "pour": 0, "contre": 3,
         "abstention": 0, "blanc": 0, "cast": 3, "share": "0,00\u00a0%",
         "effective_weight": "37,50\u00a0%"},
        {"name": "Lieux", "weight": "20,00\u00a0%", "pour": 0, "contre": 0,
         "abstention": 2, "blanc": 0, "cast": 0, "share": "—",
         "effective_weight": "0,00\u00a0%"},
    ],
    "votes": 7,
    "result": "31,25\u00a0%",
    "result_exact": "5/16",
    "majority": "plus de la moitié des voix pondérées",
    "adopted": False,
    "rule": "La règle.",
}  # fmt: skip


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def published_before_0005(append_only_tables_flushable):
    apps = migrate(BEFORE)
    try:
        Assembly = apps.get_model("governance", "Assembly")
        Resolution = apps.get_model("governance", "Resolution")
        now = timezone.now()
        assembly = Assembly.objects.create(
            kind="ordinary",
            title="AG",
            starts_at=now - datetime.timedelta(days=3),
            online="Visioconférence",
            voting_opens_at=now - datetime.timedelta(days=10),
            voting_closes_at=now - datetime.timedelta(days=3),
            results_published_at=now - datetime.timedelta(days=2),
            college_weights={
                "1": {"name": "Fondateurs", "weight": "50"},
                "2": {"name": "Citoyens", "weight": "30"},
                "3": {"name": "Lieux", "weight": "20"},
            },
            majority="1/2",
            majority_inclusive=False,
        )
        resolution = Resolution.objects.create(
            assembly=assembly, number=1, title="R", text="T", result=PUBLISHED
        )
        yield resolution.pk
    finally:
        # Every app's latest migration, not only this app's: going back unapplied
        # the apps that depend on it (the Boussole's answers point at decrees).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_published_results_become_exact_numbers_and_back(published_before_0005):
    Resolution = migrate(AFTER).get_model("governance", "Resolution")
    result = Resolution.objects.get(pk=published_before_0005).result
    assert result["result"] == "5/16"
    assert result["majority"] == {"fraction": "1/2", "inclusive": False}
    assert [(c["weight"], c["share"], c["effective_weight"]) for c in result["colleges"]] == [
        ("1/2", "1/2", "5/8"),
        ("3/10", "0", "3/8"),
        ("1/5", None, "0"),
    ]
    assert (result["votes"], result["adopted"], result["rule"]) == (7, False, "La règle.")
    assert "result_exact" not in result

    Resolution = migrate(BEFORE).get_model("governance", "Resolution")
    assert Resolution.objects.get(pk=published_before_0005).result == PUBLISHED


def test_a_result_that_does_not_count_again_stops_the_migration(published_before_0005):
    apps = migrate(BEFORE)
    apps.get_model("governance", "Resolution").objects.filter(pk=published_before_0005).update(
        result={**PUBLISHED, "adopted": True}
    )
    with pytest.raises(RuntimeError, match="ne redonne pas le résultat publié"):
        migrate(AFTER)
    Resolution = migrate(BEFORE).get_model("governance", "Resolution")
    assert Resolution.objects.get(pk=published_before_0005).result["adopted"] is True  # untouched
    Resolution.objects.filter(pk=published_before_0005).update(result=PUBLISHED)
