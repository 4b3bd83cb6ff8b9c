"""The podcast: an editor uploads an episode (Opus or MP3, read by mutagen
for its duration and size), its page plays it only when asked, seeks with
byte ranges, and the RSS feed carries what the directories require."""

import datetime
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from terreau.editorial import podcast
from terreau.editorial.models import Episode
from tests.editorial.factories import editor, make_episode, silent_mp3
from tests.html import text_of
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
FORM = {
    "title": "Réparer ensemble",
    "summary": "Les bénévoles du repair café racontent leur première année.",
    "transcript": "Bonjour et bienvenue dans Régénérer.",
    "credits": "Voix : Camille",
    "commune": "Pézenas",
    "reach": "commune",
    "chapters_text": "0:00 Bienvenue\n0:05 Le repair café",
}


def test_an_editor_uploads_an_episode_whose_duration_is_read_from_the_file(client, territories):
    client.force_login(editor(commune("34199")))
    response = client.post(
        reverse("editorial:episode_create"), {**FORM, "audio_file": silent_mp3(12)}
    )
    assert response.status_code == 302, text_of(response)
    episode = Episode.objects.get()
    assert (episode.number, episode.duration, episode.audio_type) == (1, 12, "audio/mpeg")
    assert episode.audio_bytes == 417 * round(38.28 * 12)
    assert episode.chapters == [
        {"start": 0, "title": "Bienvenue"},
        {"start": 5, "title": "Le repair café"},
    ]
    client.logout()
    assert client.get(episode.get_absolute_url()).status_code == 404  # a draft


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"audio_file": SimpleUploadedFile("x.mp3", b"pas du son" * 50)},
            "Le fichier doit être un enregistrement Opus (.opus) ou MP3 (.mp3).",
        ),
        ({"transcript": ""}, "Ce champ est obligatoire."),
        ({"chapters_text": "Bienvenue"}, "Ligne 1 : écrivez le début puis le titre"),
        (
            {"chapters_text": "0:05 B\n0:01 A"},
            "Ligne 2 : les chapitres vont dans l'ordre du temps.",
        ),
        (
            {"chapters_text": "0:30 Trop tard"},
            "Un chapitre commence après la fin de l'enregistrement.",
        ),
    ],
)
def test_a_bad_episode_is_explained_and_saves_nothing(client, territories, changes, message):
    client.force_login(editor(commune("34199")))
    data = {**FORM, "audio_file": silent_mp3(12), **changes}
    response = client.post(reverse("editorial:episode_create"), data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Episode.objects.exists()


def test_the_page_states_duration_and_size_and_loads_nothing_before_play(client, territories):
    episode = make_episode(seconds=65)
    html = client.get(episode.get_absolute_url()).content.decode()
    assert '<audio controls preload="none">' in html
    assert "autoplay" not in html
    assert "Durée : 1 min 05 s" in text_of(client.get(episode.get_absolute_url()))
    assert "Bonjour et bienvenue." in html  # the transcript, on the page


def test_the_audio_is_served_whole_or_by_byte_range(client, territories):
    episode = make_episode(seconds=3)
    whole = client.get(episode.audio_url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert int(whole["Content-Length"]) == episode.audio_bytes
    part = client.get(episode.audio_url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 100-199/%d" % episode.audio_bytes
    assert len(b"".join(part.streaming_content)) == 100
    tail = client.get(episode.audio_url, HTTP_RANGE="bytes=-10")
    assert tail["Content-Range"] == "bytes %d-%d/%d" % (
        episode.audio_bytes - 10,
        episode.audio_bytes - 1,
        episode.audio_bytes,
    )
    beyond = client.get(episode.audio_url, HTTP_RANGE="bytes=999999999-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == "bytes */%d" % episode.audio_bytes
    assert client.get(episode.audio_url, HTTP_RANGE="octets=1-2").status_code == 200


def test_a_drafts_audio_is_not_served(client, territories):
    episode = make_episode(published=False)
    assert client.get(episode.audio_url).status_code == 404
    assert (
        client.get(reverse("editorial:episode_transcript", args=[episode.slug])).status_code == 404
    )


@override_settings(
    TERREAU_SITE_URL="https://terreau.example.org", SITE_URL="https://terreau.example.org"
)
def test_the_feed_has_what_directories_and_podcasting_2_require(client, territories):
    episode = make_episode(
        chapters=[{"start": 0, "title": "Bienvenue"}],
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    make_episode(published=False, title="Brouillon")
    make_episode(publish_at=timezone.now() + datetime.timedelta(days=1), title="Demain")
    response = client.get(reverse("editorial:podcast_feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    # The channel: RSS 2.0's title, link, description; Apple's required tags.
    assert feed.feed.title == podcast.TITLE
    assert feed.feed.language == "fr"
    assert feed.feed.image.href == "https://terreau.example.org/static/terreau/podcast.png"
    assert feed.feed.tags[0].term == "Society & Culture"
    (entry,) = feed.entries  # neither the draft nor tomorrow's
    assert entry.title == episode.title
    assert entry.id == str(episode.guid)
    assert entry.itunes_duration == str(episode.duration)
    (enclosure,) = entry.enclosures
    assert enclosure.href == "https://terreau.example.org" + episode.audio_url
    assert int(enclosure.length) == episode.audio_bytes
    assert enclosure.type == "audio/mpeg"

    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    channel = root.find("channel")
    assert channel.findtext(PODCAST + "guid") == str(podcast.guid())
    assert channel.find(PODCAST + "locked").get("owner") == podcast.owner_email()
    assert channel.find(ITUNES + "owner").findtext(ITUNES + "email") == podcast.owner_email()
    transcript = channel.find("item").find(PODCAST + "transcript")
    assert transcript.get("url").endswith(episode.get_absolute_url() + "transcription.txt")
    item = channel.find("item")
    problems = []
    for scope, tag, count, required, check in RULES:
        parent = channel if scope == "channel" else item
        problems += broken(parent, tag, count, required, check)
    assert problems == []


def _uuid(text):
    import uuid

    return str(uuid.UUID(text)) == text


# The rules the feed follows, as published: RSS 2.0 (channel title, link,
# description; item enclosure url, length, type), Apple Podcasts' required
# tags, and the Podcasting 2.0 namespace's tags this feed uses
# (podcastindex.org/namespace/1.0: guid — a UUID, once per channel; locked —
# « yes » or « no », once per channel, optional `owner`; transcript — `url`
# and `type` required, several allowed; chapters — `url`, and `type`
# « application/json+chapters », once per item; episode — a number, once
# per item). Each: where, tag, how many (1 or None for several), required
# attributes, and a check of the value.
RULES = [
    ("channel", "title", 1, (), bool),
    ("channel", "link", 1, (), lambda v: v.startswith("http")),
    ("channel", "description", 1, (), bool),
    ("channel", "language", 1, (), lambda v: v == "fr"),
    ("channel", ITUNES + "image", 1, ("href",), None),
    ("channel", ITUNES + "category", 1, ("text",), None),
    ("channel", ITUNES + "explicit", 1, (), lambda v: v in ("true", "false")),
    ("channel", ITUNES + "author", 1, (), bool),
    ("channel", PODCAST + "guid", 1, (), _uuid),
    ("channel", PODCAST + "locked", 1, (), lambda v: v in ("yes", "no")),
    ("item", "title", 1, (), bool),
    ("item", "guid", 1, (), bool),
    ("item", "enclosure", 1, ("url", "length", "type"), None),
    ("item", ITUNES + "duration", 1, (), str.isdigit),
    ("item", ITUNES + "explicit", 1, (), lambda v: v in ("true", "false")),
    ("item", PODCAST + "transcript", None, ("url", "type"), None),
    ("item", PODCAST + "chapters", 1, ("url", "type"), None),
    ("item", PODCAST + "episode", 1, (), lambda v: v.replace(".", "", 1).isdigit()),
]


def broken(parent, tag, count, required, check):
    found = parent.findall(tag)
    if not found:
        return ["%s missing" % tag]
    problems = (
        ["%s: %d, at most %d" % (tag, len(found), count)] if count and len(found) > count else []
    )
    for element in found:
        problems += ["%s without %s" % (tag, a) for a in required if not element.get(a)]
        if check is not None and not check((element.text or "").strip()):
            problems.append("%s: %r" % (tag, element.text))
    if tag == PODCAST + "chapters" and found[0].get("type") != "application/json+chapters":
        problems.append("chapters of type %s" % found[0].get("type"))
    return problems


def test_the_channel_guid_is_the_uuid5_of_the_feed_address(settings):
    """podcastindex.org's rule: UUID v5, namespace ead4c236-…, of the feed
    URL without its scheme and trailing slashes."""
    settings.SITE_URL = "https://terreau.example.org"
    import uuid

    expected = uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "terreau.example.org/podcast/rss"
    )
    assert podcast.guid() == expected


def test_the_transcript_and_chapters_are_served_as_the_feed_says(client, territories):
    episode = make_episode(
        chapters=[{"start": 0, "title": "Bienvenue"}, {"start": 5, "title": "Fin"}]
    )
    text = client.get(reverse("editorial:episode_transcript", args=[episode.slug]))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert "Bonjour et bienvenue." in text.content.decode()
    chapters = client.get(reverse("editorial:episode_chapters", args=[episode.slug]))
    assert chapters["Content-Type"] == "application/json+chapters"
    assert chapters.json() == {
        "version": "1.2.0",
        "title": episode.title,
        "chapters": [{"startTime": 0, "title": "Bienvenue"}, {"startTime": 5, "title": "Fin"}],
    }


def test_the_media_section_lists_the_latest_episodes(client, territories):
    published = make_episode(title="Réparer ensemble")
    make_episode(published=False, title="Pas encore")
    page = text_of(client.get(reverse("editorial:list")))
    assert "%d. Réparer ensemble" % published.number in page
    assert "Pas encore" not in page
