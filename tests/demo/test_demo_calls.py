"""The demo's first call tells the whole story: applications in every state,
a jury that scored every eligible one (a conflict set aside), 18 laureates
public since the announcement date; the second call is open."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from terreau.calls import jury, services
from terreau.calls.models import Call, Conflict
from terreau.demo import data as demo

pytestmark = pytest.mark.django_db


def test_the_demo_call_has_every_state_a_jury_and_18_laureates(territories):
    call_command("load_challenges")
    demo.load()
    first, second = Call.objects.order_by("opens_at")
    now = timezone.now()
    assert first.is_announced(now)
    assert second.is_open(now)

    assert first.applications.filter(status="draft").count() == 1
    routes = [services.routes_of(a) for a in first.applications.filter(status="submitted")]
    assert {"authority", "citizens", "places"} <= {r for rs in routes for r in rs}
    assert [] in routes  # some are not eligible

    ranked, unscored = jury.ranking_of(first)
    assert unscored == []
    assert len(ranked) > 18
    assert Conflict.objects.filter(juror__call=first).exists()
    laureates = list(first.laureates.select_related("application__territory"))
    assert [laureate.rank for laureate in laureates] == list(range(1, 19))
    assert [laureate.application for laureate in laureates] == [a for _, a in ranked[:18]]

    page = Client().get(first.get_absolute_url()).content.decode()
    assert "18 territoires lauréats" in page
    assert str(laureates[0].application.territory) in page
