"""Experts for tests, made through the real service (consent and all)."""

import io

from PIL import Image

from terreau.support import services
from terreau.support.consent import PUBLIC_FIELDS
from terreau.support.photos import clean_photo
from tests.accounts.factories import UserFactory
from tests.territories.factories import commune

ALL_FIELDS = [key for key, _label, _required in PUBLIC_FIELDS]


def photo_upload(fmt="JPEG", exif=None, size=(800, 600)):
    """An in-memory image file as a form would receive it."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "#3a7")
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    buffer.name = "photo.%s" % fmt.lower()
    return buffer


def make_expert(
    *,
    person=None,
    name="Nadia Benali",
    areas=None,
    domains=("energy-housing",),
    public_fields=None,
    photo=False,
    publish=True,
    capacity=2,
    by=None,
    **values,
):
    person = person or UserFactory()
    profile = services.save_profile(
        person=person,
        display_name=name,
        presentation=values.pop("presentation", "J'aide à rénover les logements."),
        domains=list(domains),
        modes=values.pop("modes", ["phone"]),
        monthly_capacity=capacity,
        is_paid=values.pop("is_paid", False),
        price_note=values.pop("price_note", ""),
        affiliations=values.pop("affiliations", "Aucun."),
        contact=values.pop("contact", "06 00 00 00 00"),
        areas=areas if areas is not None else [commune("34199")],
        public_fields=public_fields if public_fields is not None else ALL_FIELDS,
        photo=clean_photo(photo_upload()) if photo else None,
    )
    if publish:
        services.publish_profile(profile=profile, by=by or UserFactory(is_staff=True))
        profile.refresh_from_db()
    return profile
