"""A story's photo: re-encoded in a few widths without its metadata, with a
required alternative text, offered lazily in a srcset with its dimensions,
and served only while the story may be seen."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from terreau.editorial.models import StoryImage
from tests.editorial.factories import editor, jpeg_with_gps, make_story
from tests.html import text_of
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def upload(client, story, **data):
    return client.post(
        reverse("editorial:add_image", args=[story.pk]),
        {"image": jpeg_with_gps(), "alt": "Des bénévoles réparent un grille-pain", **data},
        follow=True,
    )


def test_the_photo_loses_its_metadata_and_gets_three_widths(client, territories):
    story = make_story(published=False)
    client.force_login(editor(commune("34199")))
    upload(client, story, caption="Photo : Jo")
    picture = StoryImage.objects.get()
    assert (picture.width, picture.height, picture.widths) == (1200, 800, [320, 640, 960])
    for width in picture.widths:
        with default_storage.open(picture.file_name(width)) as f:
            image = Image.open(io.BytesIO(f.read()))
            assert image.size == (width, round(800 * width / 1200))
            assert not image.getexif()  # no camera, no GPS position
            assert "exif" not in image.info


def test_the_story_page_offers_it_lazily_with_its_dimensions(client, territories):
    story = make_story(published=False)
    client.force_login(editor(commune("34199")))
    upload(client, story)
    picture = StoryImage.objects.get()
    client.post(reverse("editorial:publish", args=[story.pk]), {"publish_at": ""})
    client.logout()
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'loading="lazy"' in html
    assert 'width="1200" height="800"' in html
    assert 'alt="Des bénévoles réparent un grille-pain"' in html
    assert "%s 960w" % picture.url(960) in html
    response = client.get(picture.url(640))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("editorial:image", args=[picture.key, 500])).status_code == 404


def test_a_drafts_photo_is_not_served_to_readers(client, territories):
    story = make_story(published=False)
    client.force_login(editor(commune("34199")))
    upload(client, story)
    picture = StoryImage.objects.get()
    assert client.get(picture.url(320)).status_code == 200  # the editor's preview
    client.logout()
    assert client.get(picture.url(320)).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"alt": ""}, "Décrivez l'image pour qui ne la voit pas."),
        (
            {"image": SimpleUploadedFile("x.jpg", b"pas une image", content_type="image/jpeg")},
            "Ce fichier n'est pas une image lisible.",
        ),
        (
            {
                "image": SimpleUploadedFile(
                    "x.gif", b"GIF89a" + b"\0" * 20, content_type="image/gif"
                )
            },
            "n'est pas une image lisible",
        ),
    ],
)
def test_a_bad_image_is_explained_and_saves_nothing(client, territories, data, message):
    story = make_story(published=False)
    client.force_login(editor(commune("34199")))
    response = upload(client, story, **data)
    assert message in text_of(response)
    assert not StoryImage.objects.exists()


def test_the_alt_text_is_escaped(client, territories):
    story = make_story()
    client.force_login(editor(commune("34199")))
    upload(client, story, alt='"><script>alert(1)</script>')
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_removing_a_photo_deletes_its_files(client, territories):
    story = make_story(published=False)
    client.force_login(editor(commune("34199")))
    upload(client, story)
    picture = StoryImage.objects.get()
    client.post(reverse("editorial:remove_image", args=[story.pk, picture.pk]))
    assert not StoryImage.objects.exists()
    assert not default_storage.exists(picture.file_name(320))
