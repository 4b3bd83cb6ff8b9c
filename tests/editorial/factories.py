import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from terreau.editorial.models import Editor, Story, StoryRevision
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory


def editor(territory=None, person=None):
    """A person appointed editor of `territory` (None: every territory)."""
    person = person or UserFactory()
    Editor.objects.create(person=person, territory=territory)
    return person


def make_story(territory=None, *, published=True, publish_at=None, **fields) -> Story:
    territory = territory or Territory.objects.get(kind="commune", code="34199")
    values = {
        "title": "Un an de repair café",
        "slug": "un-an-de-repair-cafe",
        "standfirst": "Cent-vingt objets réparés en un an.",
        "body": "## Le début\n\nTout a commencé **un samedi**.",
        "credits": "Texte : Awa",
        "territory": territory,
        "state": Story.State.PUBLISHED if published else Story.State.DRAFT,
        "publish_at": publish_at or (timezone.now() if published else None),
        **fields,
    }
    story = Story.objects.create(**values)
    StoryRevision.objects.create(
        story=story, number=1, title=story.title, standfirst=story.standfirst, body=story.body
    )
    return story


def jpeg_with_gps(width=1200, height=800) -> SimpleUploadedFile:
    """A JPEG photo carrying EXIF metadata: a camera and a GPS position."""
    image = Image.new("RGB", (width, height), (120, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"  # Make
    exif[0x8825] = {1: "N", 2: (43.0, 27.0, 30.0), 3: "E", 4: (3.0, 25.0, 10.0)}  # GPS
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile("photo.jpg", output.getvalue(), content_type="image/jpeg")


def silent_mp3(seconds: int = 10, name: str = "episode.mp3") -> SimpleUploadedFile:
    """A constant-bitrate MP3 of silence (MPEG-1 layer III, 128 kb/s, 44.1 kHz:
    417-byte frames, 38.28 a second), built here so that no encoder is needed."""
    frame = bytes([0xFF, 0xFB, 0x90, 0x64]) + bytes(413)
    return SimpleUploadedFile(name, frame * round(38.28 * seconds), content_type="audio/mpeg")


def make_episode(territory=None, *, published=True, publish_at=None, **fields):
    from terreau.editorial import audio
    from terreau.editorial.models import Episode

    territory = territory or Territory.objects.get(kind="commune", code="34199")
    found = audio.read(silent_mp3(fields.pop("seconds", 10)))
    number = (Episode.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    values = {
        "territory": territory,
        "number": number,
        "title": "Réparer ensemble",
        "slug": "reparer-ensemble-%d" % number,
        "summary": "Les bénévoles du repair café racontent.",
        "transcript": "Bonjour et bienvenue.",
        "credits": "Voix : Camille",
        "audio": audio.save(found),
        "audio_type": found.content_type,
        "audio_bytes": found.size,
        "duration": found.duration,
        "state": Story.State.PUBLISHED if published else Story.State.DRAFT,
        "publish_at": publish_at or (timezone.now() if published else None),
        **fields,
    }
    return Episode.objects.create(**values)


WEBVTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nBonjour, voici le repair café.\n"


def fake_webm(size: int = 4096) -> SimpleUploadedFile:
    """A file with WebM's EBML signature: what Terreau checks before keeping
    it (the browser, not the server, decodes a video)."""
    return SimpleUploadedFile(
        "film.webm", b"\x1a\x45\xdf\xa3" + bytes(size - 4), content_type="video/webm"
    )


def vtt(text: str = WEBVTT) -> SimpleUploadedFile:
    return SimpleUploadedFile("film.vtt", text.encode(), content_type="text/vtt")


def poster_upload() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (1280, 720), (60, 110, 70)).save(output, format="JPEG")
    return SimpleUploadedFile("affiche.jpg", output.getvalue(), content_type="image/jpeg")


def real_webm() -> SimpleUploadedFile:
    """A WebM a browser can play: the demo's own recipe (a drawn still and a
    voice read by espeak-ng, put together by ffmpeg)."""
    from terreau.demo import editorial as demo

    voice = demo._speak("Bonjour, voici le repair café de La Filature.")
    film = demo._film(demo._photo(("#cfe3d0", "#8fb996"), "Repair café").resize((320, 214)), voice)
    assert film, "espeak-ng, opusenc and ffmpeg come with scripts/install-system-libs.sh"
    return SimpleUploadedFile("film.webm", film, content_type="video/webm")


def make_video(territory=None, *, published=False, upload=None, **fields):
    """A file video with captions and a poster, as an editor leaves it."""
    from terreau.editorial import images, video
    from terreau.editorial.models import Video

    territory = territory or Territory.objects.get(kind="commune", code="34199")
    found = video.read_video(upload or fake_webm())
    poster, width, height = video.save_poster(images.decode(poster_upload()))
    values = {
        "territory": territory,
        "title": "Le repair café en images",
        "slug": "repair-cafe-en-images-%d" % Video.objects.count(),
        "summary": "Deux minutes au repair café.",
        "transcript": "Bonjour, voici le repair café.",
        "credits": "Images : Jo",
        "source": Video.Source.FILE,
        "file": video.save_video(found),
        "file_type": found.content_type,
        "file_bytes": found.size,
        "captions": video.save_captions(vtt().read()),
        "poster": poster,
        "poster_alt": "L'atelier",
        "poster_width": width,
        "poster_height": height,
        "state": Story.State.PUBLISHED if published else Story.State.DRAFT,
        "publish_at": timezone.now() if published else None,
        **fields,
    }
    return Video.objects.create(**values)
