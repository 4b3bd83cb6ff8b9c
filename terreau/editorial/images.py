"""A story's photo, made safe and light to serve: decoded by Pillow, turned
upright, re-encoded as JPEGs of a few widths without any metadata (no EXIF:
no camera, no date, no GPS position). The page offers them in a `srcset`,
lazily loaded with their dimensions, so that a reader's browser takes the
smallest that fits and only once the image comes into view."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
WIDTHS = (320, 640, 960)


def decode(upload) -> Image.Image:
    """The upload as an upright RGB picture; a French ValidationError for
    anything that is not a photo of a reasonable size."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("L'image dépasse 8 Mo."), code="too-big")
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("L'image est trop grande."), code="too-many-pixels")
            if image.format not in {"JPEG", "PNG", "WEBP"}:
                raise ValidationError(
                    _("L'image doit être un JPEG, un PNG ou un WebP."), code="format"
                )
            image.load()
            return ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible."), code="unreadable"
        ) from None


def widths_for(picture: Image.Image) -> list[int]:
    """The widths written: those of WIDTHS the picture reaches, or its own
    width when it is smaller than all of them."""
    return [w for w in WIDTHS if w <= picture.width] or [picture.width]


def save_variants(picture: Image.Image) -> tuple[str, list[int]]:
    """Writes one JPEG per width; returns the key naming them and the widths."""
    key = secrets.token_hex(12)
    widths = widths_for(picture)
    for width in widths:
        height = round(picture.height * width / picture.width)
        resized = picture.resize((width, height), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        # No `exif=` argument: Pillow writes none, so nothing of the original survives.
        resized.save(output, format="JPEG", quality=78, optimize=True, progressive=True)
        default_storage.save(
            "editorial/images/%s-%d.jpg" % (key, width), ContentFile(output.getvalue())
        )
    return key, widths


def delete_variants(image) -> None:
    for width in image.widths:
        default_storage.delete(image.file_name(width))
