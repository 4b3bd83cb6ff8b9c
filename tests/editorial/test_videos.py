"""Videos: a file served by Terreau with its WebVTT captions (required to
publish), or a PeerTube video whose player is loaded only when the reader
asks, on the one response whose Content-Security-Policy lets that instance
in. Nothing plays by itself; the page says the size before loading."""

import datetime
import gzip

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from terreau.editorial.models import Story, Video
from tests.editorial.factories import editor, fake_webm, make_video, poster_upload, vtt
from tests.html import text_of
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Le repair café en images",
    "summary": "Deux minutes au repair café de Pézenas.",
    "transcript": "Bonjour, voici le repair café.",
    "credits": "Images : Jo",
    "commune": "Pézenas",
    "reach": "commune",
    "poster_alt": "L'atelier, vu depuis la porte",
}


def upload(client, **changes):
    data = {
        **FORM,
        "source": "file",
        "video_file": fake_webm(),
        "captions_file": vtt(),
        "poster_file": poster_upload(),
        **changes,
    }
    return client.post(reverse("editorial:video_create"), data)


def test_a_file_video_with_captions_is_published_and_loads_nothing_before_play(client, territories):
    client.force_login(editor(commune("34199")))
    assert upload(client).status_code == 302
    item = Video.objects.get()
    assert (item.file_type, item.file_bytes, item.poster_width) == ("video/webm", 4096, 960)
    client.post(reverse("editorial:video_publish", args=[item.pk]), {"publish_at": ""})
    client.logout()
    response = client.get(item.get_absolute_url())
    html = response.content.decode()
    assert '<video controls preload="none"' in html
    assert "autoplay" not in html
    assert '<track kind="captions" src="%s" srclang="fr"' % item.captions_url in html
    assert "Fichier de 4,0 Kio, chargé seulement quand vous lancez la lecture." in text_of(response)
    assert len(gzip.compress(response.content)) < 14_000
    part = client.get(item.file_url, HTTP_RANGE="bytes=0-3")
    assert (part.status_code, b"".join(part.streaming_content)) == (206, b"\x1a\x45\xdf\xa3")
    captions = client.get(item.captions_url)
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(captions.streaming_content).decode().startswith("WEBVTT")


def test_a_scheduled_video_is_said_to_be_scheduled_and_appears_at_its_time(client, territories):
    client.force_login(editor(commune("34199")))
    upload(client)
    item = Video.objects.get()
    at = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        reverse("editorial:video_publish", args=[item.pk]),
        {"publish_at": at.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Publication programmée : la vidéo paraîtra à l'heure dite." in text_of(response)
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(item.file_url).status_code == 404
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert client.get(item.get_absolute_url()).status_code == 200
        assert "Le repair café en images" in text_of(client.get(reverse("editorial:list")))


def test_a_file_without_captions_is_not_published(client, territories):
    client.force_login(editor(commune("34199")))
    upload(client, captions_file="")
    item = Video.objects.get()
    response = client.post(
        reverse("editorial:video_publish", args=[item.pk]), {"publish_at": ""}, follow=True
    )
    assert "Une vidéo servie par Terreau se publie avec ses sous-titres (WebVTT)." in text_of(
        response
    )
    item.refresh_from_db()
    assert item.state == Story.State.DRAFT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"video_file": SimpleUploadedFile("x.mp4", b"pas une video" * 10)},
            "La vidéo doit être un fichier MP4 ou WebM.",
        ),
        (
            {
                "captions_file": SimpleUploadedFile(
                    "x.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nSRT"
                )
            },
            "Les sous-titres doivent être un fichier WebVTT",
        ),
        ({"captions_file": SimpleUploadedFile("x.vtt", "WEBVTT\n".encode("utf-16"))}, "UTF-8"),
        ({"poster_file": ""}, "Joignez une image d'attente"),
        ({"video_file": ""}, "Joignez le fichier vidéo."),
        (
            {
                "source": "peertube",
                "video_file": "",
                "peertube_url": "http://tube.example.org/w/abc",
            },
            "Collez l'adresse https d'une vidéo PeerTube",
        ),
    ],
)
def test_bad_files_are_explained_and_nothing_is_kept(client, territories, changes, message):
    client.force_login(editor(commune("34199")))
    response = upload(client, **changes)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Video.objects.exists()


def test_a_peertube_player_is_loaded_only_on_request_from_that_instance_alone(client, territories):
    client.force_login(editor(commune("34199")))
    upload(
        client,
        source="peertube",
        video_file="",
        captions_file="",
        peertube_url="https://tube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
    )
    item = Video.objects.get()
    assert (item.peertube_origin, item.peertube_id) == (
        "https://tube.example.org",
        "9c9de5e8-0a1e-484a-b099-e80766180a6d",
    )
    client.post(reverse("editorial:video_publish", args=[item.pk]), {"publish_at": ""})
    client.logout()
    page = client.get(item.get_absolute_url())
    assert "<iframe" not in page.content.decode()
    assert "tube.example.org" not in page["Content-Security-Policy"]
    assert "Charger le lecteur PeerTube" in text_of(page)
    player = client.get(item.get_absolute_url(), {"lecteur": "1"})
    html = player.content.decode()
    assert '<iframe class="player" src="https://tube.example.org/videos/embed/9c9de5e8' in html
    policy = player["Content-Security-Policy"]
    assert "frame-src https://tube.example.org" in policy
    assert "default-src 'self'" in policy
    # Another page stays closed to the instance.
    assert (
        "tube.example.org" not in client.get(reverse("editorial:list"))["Content-Security-Policy"]
    )


def test_a_drafts_files_are_not_served(client, territories):
    client.force_login(editor(commune("34199")))
    upload(client)
    item = Video.objects.get()
    assert client.get(item.poster_url).status_code == 200  # the editor's preview
    client.logout()
    for url in (item.get_absolute_url(), item.file_url, item.captions_url, item.poster_url):
        assert client.get(url).status_code == 404


def test_the_index_lists_the_latest_videos_and_its_filters_narrow_them(client, territories):
    pezenas, mazamet = commune("34199"), commune("81163")
    make_video(pezenas, published=True, title="Pézenas en images")
    make_video(mazamet, published=True, title="Mazamet en images")
    make_video(pezenas, title="Un brouillon de vidéo")

    page = text_of(client.get(reverse("editorial:list")))
    assert "Les vidéos" in page
    assert "Pézenas en images" in page
    assert "Mazamet en images" in page
    assert "Un brouillon de vidéo" not in page
    page = text_of(client.get(reverse("editorial:list"), {"territoire": mazamet.pk}))
    assert "Mazamet en images" in page
    assert "Pézenas en images" not in page
    # Videos have no theme: a theme asked for lists its stories alone.
    page = text_of(client.get(reverse("editorial:list"), {"theme": "developpement-durable"}))
    assert "Les vidéos" not in page
