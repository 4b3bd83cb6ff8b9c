"""An expert's photo, made safe to serve: decoded by Pillow, turned upright,
cropped to a square of 320 pixels, re-encoded as a JPEG without any metadata
(no EXIF: no camera, no date, no GPS position)."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIDE = 320
# Larger images are refused before decoding (a « decompression bomb »).
MAX_PIXELS = 40_000_000


def clean_photo(upload) -> ContentFile:
    """The upload as a small JPEG without metadata; a French ValidationError
    for anything that is not a photo of a reasonable size."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("La photo dépasse 5 Mo."), code="too-big")
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("La photo est trop grande."), code="too-many-pixels")
            if image.format not in {"JPEG", "PNG", "WEBP"}:
                raise ValidationError(
                    _("La photo doit être un JPEG, un PNG ou un WebP."), code="format"
                )
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible."), code="unreadable"
        ) from None
    picture = ImageOps.fit(picture, (SIDE, SIDE))
    output = io.BytesIO()
    # No `exif=` argument: Pillow writes none, so nothing of the original survives.
    picture.save(output, format="JPEG", quality=82, optimize=True)
    return ContentFile(output.getvalue(), name="photo.jpg")
