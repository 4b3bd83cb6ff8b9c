"""Expert profiles: consent per field, moderation before publication, a
change to what is shown read again, pause, withdrawal that hides at once and
deletes the photo."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from terreau.support import services
from terreau.support.consent import CONSENT_VERSION
from terreau.support.models import ExpertProfile
from terreau.support.photos import clean_photo
from tests.support.factories import ALL_FIELDS, make_expert, photo_upload
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def test_a_new_profile_waits_for_moderation_with_its_dated_consent(territories):
    profile = make_expert(publish=False)
    assert profile.status == "proposed"
    assert not ExpertProfile.objects.public().exists()
    consent = profile.consents.get()
    assert consent.text_version == CONSENT_VERSION
    assert sorted(consent.public_fields) == sorted(ALL_FIELDS)
    assert consent.withdrawn_at is None


def test_without_consent_to_the_required_fields_nothing_is_saved(territories, person):
    with pytest.raises(services.SupportRefused) as refusal:
        make_expert(person=person, public_fields=["display_name", "presentation"], publish=False)
    assert refusal.value.code == "consent-missing"
    assert not ExpertProfile.objects.exists()


def test_changing_what_is_shown_sends_the_profile_back_to_moderation(territories):
    profile = make_expert()
    assert profile.status == "published"
    make_expert(person=profile.person, presentation="Une autre présentation.", publish=False)
    profile.refresh_from_db()
    assert profile.status == "proposed"
    assert not ExpertProfile.objects.public().exists()


def test_changing_the_capacity_or_the_contact_keeps_it_published(territories):
    profile = make_expert()
    make_expert(person=profile.person, capacity=5, contact="nadia@example.org", publish=False)
    profile.refresh_from_db()
    assert (profile.status, profile.monthly_capacity) == ("published", 5)
    assert profile.consents.count() == 1


def test_choosing_to_hide_the_photo_is_a_new_consent_read_again(territories):
    profile = make_expert(photo=True)
    without_photo = [key for key in ALL_FIELDS if key != "photo"]
    make_expert(person=profile.person, public_fields=without_photo, publish=False)
    profile.refresh_from_db()
    assert profile.status == "proposed"
    assert profile.consents.count() == 2
    assert "photo" not in profile.consents.first().public_fields


def test_withdrawing_consent_hides_the_profile_and_deletes_the_photo(territories):
    profile = make_expert(photo=True)
    stored = profile.photo.path
    services.withdraw_consent(profile=profile)
    profile.refresh_from_db()
    assert profile.status == "withdrawn"
    assert not profile.photo
    assert not ExpertProfile.objects.public().exists()
    assert profile.consents.get().withdrawn_at is not None
    assert not os.path.exists(stored)


def test_a_withdrawn_profile_proposed_again_goes_through_moderation(territories):
    profile = make_expert()
    services.withdraw_consent(profile=profile)
    make_expert(person=profile.person, publish=False)
    profile.refresh_from_db()
    assert profile.status == "proposed"
    assert profile.consents.count() == 2


def test_the_directory_covers_a_commune_from_above(territories):
    pezenas = commune("34199")
    above = [pezenas, pezenas.epci, pezenas.departement, pezenas.region]
    for index, territory in enumerate(above):
        make_expert(name="Expert %d" % index, areas=[territory])
    make_expert(name="Ailleurs", areas=[commune("81163")])
    make_expert(name="Pas publié", areas=[pezenas], publish=False)
    names = set(ExpertProfile.objects.covering(pezenas).values_list("display_name", flat=True))
    assert names == {"Expert 0", "Expert 1", "Expert 2", "Expert 3"}


def test_a_photo_loses_its_metadata_and_becomes_a_small_square():
    exif = Image.Exif()
    exif[0x010F] = "Appareil espion"  # Make
    exif[0x9003] = "2026:01:01 10:00:00"  # DateTimeOriginal
    upload = photo_upload(exif=exif.tobytes(), size=(2000, 1200))
    assert b"Appareil espion" in upload.getvalue()
    cleaned = clean_photo(upload)
    data = cleaned.read()
    assert b"Appareil espion" not in data
    cleaned.seek(0)
    with Image.open(cleaned) as image:
        assert (image.format, image.size) == ("JPEG", (320, 320))
        assert not image.getexif()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "n'est pas une image lisible"),
        (b"GIF89a" + b"\x00" * 40, "n'est pas une image lisible"),
    ],
)
def test_what_is_not_a_photo_is_refused_in_french(content, message):
    upload = io.BytesIO(content)
    upload.size = len(content)
    with pytest.raises(ValidationError) as refusal:
        clean_photo(upload)
    assert message in str(refusal.value)


def test_a_gif_is_refused_as_a_format():
    with pytest.raises(ValidationError) as refusal:
        clean_photo(photo_upload(fmt="GIF"))
    assert "JPEG, un PNG ou un WebP" in str(refusal.value)
