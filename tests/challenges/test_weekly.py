"""Défis done week by week: the counting rule, the bars, and the chart a
visitor sees on a marathon's page (an image with a name, and its table)."""

import datetime
import html

import pytest
import time_machine
from django.utils import timezone

from terreau.challenges import weekly
from terreau.challenges.models import Challenge, Completion
from terreau.checkins import tokens
from tests.accounts.factories import UserFactory
from tests.challenges.factories import (
    complete_challenge,
    done_by_a_new_participant,
    marathon_with_stage,
    participant,
)
from tests.checkins.factories import open_every_day
from tests.html import squeeze
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

MONDAY = datetime.date(2026, 11, 30)


def test_twelve_weeks_oldest_first_the_current_one_last_and_zeros_shown():
    thursday = MONDAY + datetime.timedelta(days=3)
    weeks = weekly.weeks_until(thursday, {MONDAY: 4, MONDAY - datetime.timedelta(weeks=2): 1})
    assert len(weeks) == weekly.WEEKS
    assert weeks[-1] == weekly.Week(MONDAY, 4)
    assert weeks[0].monday == MONDAY - datetime.timedelta(weeks=11)
    assert [w.done for w in weeks[-3:]] == [1, 0, 4]


def test_bars_are_in_proportion_and_a_zero_is_a_hairline():
    weeks = weekly.weeks_until(MONDAY, {MONDAY: 4, MONDAY - datetime.timedelta(weeks=1): 2})
    bars = weekly.bars(weeks)
    assert bars[-1].height == weekly.HEIGHT
    assert bars[-2].height == weekly.HEIGHT / 2
    assert bars[0].height == 1.0
    assert bars[-1].x + bars[-1].width == pytest.approx(weekly.WIDTH)
    # No week at all: every bar a hairline, no division by zero.
    assert {b.height for b in weekly.bars(weekly.weeks_until(MONDAY, {}))} == {1.0}


@pytest.mark.django_db
def test_the_marathon_page_draws_the_weeks_and_gives_their_figures(client, territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    open_every_day(place)
    challenge = Challenge.objects.get(slug="ressourcerie-jean")
    now = timezone.now()
    for _ in range(3):
        person = participant(marathon, UserFactory())
        token = tokens.sign(tokens.screen_claim(place_id=place.pk, at=now))
        complete_challenge(person=person, token=token, stage=stage, challenge=challenge, at=now)
    # One of them was done three weeks ago (the day is what the count reads).
    today = timezone.localdate()
    earlier = today - datetime.timedelta(weeks=3)
    Completion.objects.filter(pk=Completion.objects.first().pk).update(day=earlier)

    weeks = weekly.weekly_done(Completion.objects.all(), today)
    assert weeks[-1].done == 2
    assert weeks[-4] == weekly.Week(weekly.monday_of(earlier), 1)

    page = squeeze(client.get(marathon.get_absolute_url()).content.decode())
    assert 'role="img" aria-labelledby="semaines-titre"' in page
    assert "sur les douze dernières semaines : 3 en tout" in page
    assert page.count("<rect ") == weekly.WEEKS
    assert "<td>2</td>" in page


@pytest.mark.django_db
def test_a_badge_won_this_week_is_celebrated_and_only_this_week(client, territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    stage.goal = 1
    stage.save(update_fields=["goal"])
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    open_every_day(place)
    now = timezone.now()
    done_by_a_new_participant(marathon, stage, place, "ressourcerie-jean", at=now)
    page = html.unescape(squeeze(client.get(marathon.get_absolute_url()).content.decode()))
    assert "Bravo, ensemble ! Le badge « Objectif d'étape » est gagné cette semaine." in page
    assert '<li class="earned">' in page

    # A week later (the figures are cached for the day: a new day reads afresh).
    with time_machine.travel(now + datetime.timedelta(days=7)):
        page = squeeze(client.get(marathon.get_absolute_url()).content.decode())
    assert "Bravo" not in page
    assert '<li class="earned">' in page  # still earned, no longer news


@pytest.mark.django_db
def test_a_territory_page_draws_the_weeks_of_its_places(client, territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    place = PlaceFactory(kind="ressourcerie", commune=commune("34199"))
    open_every_day(place)
    now = timezone.now()
    done_by_a_new_participant(marathon, stage, place, "ressourcerie-jean", at=now)
    pezenas = squeeze(client.get(commune("34199").get_absolute_url()).content.decode())
    assert "sur les douze dernières semaines : 1 en tout" in pezenas
    assert (
        squeeze(client.get(commune("34199").departement.get_absolute_url()).content.decode()).count(
            "<rect "
        )
        == weekly.WEEKS
    )
    # Nothing done in Mazamet: no chart at all.
    assert "<svg" not in client.get(commune("81163").get_absolute_url()).content.decode()
