"""Territory, place, event, marathon and défi pages list the stories about
them that readers may see: published, their time come, newest first; never
a draft, a scheduled story or one about something else."""

import datetime

import pytest
from django.utils import timezone
from django.utils.text import slugify

from terreau.challenges.models import Challenge
from tests.challenges.factories import marathon_with_stage
from tests.editorial.factories import make_story
from tests.events.factories import EventFactory
from tests.html import text_of
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def link(story, subject):
    if subject._meta.model_name == "territory":
        return  # a story is about its own territory
    getattr(
        story,
        {"challenge": "challenges"}.get(subject._meta.model_name, subject._meta.model_name + "s"),
    ).add(subject)


def subjects():
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    event = EventFactory()
    return {
        "territory": commune("34199"),
        "place": event.place,
        "event": event,
        "marathon": marathon,
        "challenge": Challenge.objects.get(slug="ressourcerie-jean"),
    }


@pytest.mark.parametrize("kind", ["territory", "place", "event", "marathon", "challenge"])
def test_a_page_lists_the_visible_stories_about_it(client, territories, kind):
    subject = subjects()[kind]
    now = timezone.now()
    for title, fields in [
        ("Un an de repair café", {}),
        ("Le brouillon", {"published": False}),
        ("Pour samedi prochain", {"publish_at": now + datetime.timedelta(days=3)}),
    ]:
        story = make_story(title=title, slug=slugify(title), **fields)
        link(story, subject)
    make_story(
        commune("81163"), title="Ailleurs", slug="ailleurs"
    )  # about Mazamet, linked to nothing here

    page = text_of(client.get(subject.get_absolute_url()))
    assert "Dans Régénérer" in page
    assert "Un an de repair café" in page
    for hidden in ("Le brouillon", "Pour samedi prochain", "Ailleurs"):
        assert hidden not in page


def test_a_marathon_lists_the_stories_showing_its_live_figures_once(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    story = make_story(
        title="La première étape", slug="premiere-etape", figures_of_marathon=marathon
    )
    other, _stage = marathon_with_stage("ressourcerie-jean")
    # Linked to two marathons and showing this one's figures: listed once.
    story.marathons.add(marathon, other)

    page = text_of(client.get(marathon.get_absolute_url()))
    assert page.count("La première étape") == 1


def test_no_story_no_heading(client, territories):
    place = PlaceFactory()
    assert "Dans Régénérer" not in text_of(client.get(place.get_absolute_url()))
