"""The demo's media is plausible: its episodes' chapters are titled, not
their transcript; a portrait has its consent."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from terreau.demo import data as demo
from terreau.editorial.models import Episode, Story, Video

pytestmark = pytest.mark.django_db


def test_the_demo_media(territories):
    call_command("load_challenges", verbosity=0)
    demo.load()
    episode = Episode.objects.get(number=1)
    assert [c["title"] for c in episode.chapters] == ["Bienvenue", "Le repair café", "Venir"]
    assert [c["start"] for c in episode.chapters] == sorted(c["start"] for c in episode.chapters)
    assert episode.chapters[-1]["start"] < episode.duration
    assert episode.audio_type == "audio/ogg"
    portrait = Story.objects.get(is_portrait=True)
    assert portrait.consent_in_force().person.email == "habitant@demo.terreau.localhost"
    video = Video.objects.get()
    assert video.is_visible
    assert video.file_type == "video/webm"
    cues = default_storage.open(video.captions).read().decode()
    assert cues.startswith("WEBVTT")
    assert cues.count(" --> ") == 4
    with default_storage.open(video.file) as film:
        assert film.read(4) == b"\x1a\x45\xdf\xa3"  # a WebM (EBML) file
