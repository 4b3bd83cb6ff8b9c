"""The demo's media is plausible: its episodes' chapters are titled, not
their transcript; a portrait has its consent."""

import pytest
from django.core.management import call_command

from terreau.demo import data as demo
from terreau.editorial.models import Episode, Story

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
