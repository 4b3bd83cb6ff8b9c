"""The Atom feeds, read by an independent parser (feedparser): every
element RFC 4287 requires, stable identifiers, one feed per territory."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.editorial.models import Story
from tests.editorial.factories import make_story
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def test_the_feed_has_every_required_atom_element(client, territories):
    story = make_story(publish_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get(reverse("editorial:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    # RFC 4287 § 4.1.1: a feed has an id, a title and an updated date.
    assert feed.feed.id
    assert feed.feed.title
    assert feed.feed.updated
    assert feed.feed.link.startswith("http")
    (entry,) = feed.entries
    # § 4.1.2: an entry has an id, a title, an updated date, and an author.
    assert entry.id == "tag:terreau,2026:story/%d" % story.pk
    assert entry.title == story.title
    assert entry.updated
    assert entry.published
    assert entry.author == "Texte : Awa"
    assert entry.link.endswith(story.get_absolute_url())
    assert entry.summary == story.standfirst


def test_an_entry_keeps_its_id_when_its_title_changes(client, territories):
    story = make_story()
    before = feedparser.parse(client.get(reverse("editorial:feed")).content).entries[0].id
    Story.objects.filter(pk=story.pk).update(title="Un autre titre", slug="autre")
    after = feedparser.parse(client.get(reverse("editorial:feed")).content).entries[0]
    assert after.id == before
    assert after.title == "Un autre titre"


def test_a_territory_feed_holds_its_stories_and_those_of_its_communes(client, territories):
    pezenas = commune("34199")
    in_pezenas = make_story(pezenas)
    in_epci = make_story(pezenas.epci, title="L'intercommunalité", slug="epci")
    elsewhere = make_story(commune("81163"), title="À Mazamet", slug="mazamet")

    def titles(territory):
        url = reverse("editorial:territory_feed", args=[territory.kind, territory.code])
        return {e.title for e in feedparser.parse(client.get(url).content).entries}

    assert titles(pezenas.epci) == {in_pezenas.title, in_epci.title}
    assert titles(pezenas) == {in_pezenas.title}
    assert titles(pezenas.departement) == {in_pezenas.title, in_epci.title}
    assert elsewhere.title in {
        e.title for e in feedparser.parse(client.get(reverse("editorial:feed")).content).entries
    }
    assert (
        client.get(reverse("editorial:territory_feed", args=["commune", "00000"])).status_code
        == 404
    )
