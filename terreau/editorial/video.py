"""A video's files, checked before they are kept: an MP4 (read by mutagen
for its duration) or a WebM (its EBML signature), captions in WebVTT
(UTF-8, the « WEBVTT » signature, at least one cue), a poster re-encoded
by Pillow without metadata."""

import io
import re
import secrets
from dataclasses import dataclass

import mutagen
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from mutagen.mp4 import MP4

from . import images

MAX_VIDEO_BYTES = 500 * 1024 * 1024
MAX_CAPTIONS_BYTES = 1024 * 1024
WEBM_SIGNATURE = b"\x1a\x45\xdf\xa3"
CUE = re.compile(r"^(\d{2}:)?\d{2}:\d{2}\.\d{3} --> (\d{2}:)?\d{2}:\d{2}\.\d{3}", re.MULTILINE)
POSTER_WIDTH = 960


@dataclass(frozen=True)
class VideoFile:
    upload: object
    content_type: str
    extension: str
    duration: int | None
    size: int


def read_video(upload) -> VideoFile:
    if upload.size > MAX_VIDEO_BYTES:
        raise ValidationError(_("La vidéo dépasse 500 Mo."), code="too-big")
    head = upload.read(12)
    upload.seek(0)
    if head[:4] == WEBM_SIGNATURE:
        return VideoFile(upload, "video/webm", "webm", None, upload.size)
    if head[4:8] == b"ftyp":
        try:
            found = mutagen.File(upload)
        except mutagen.MutagenError:
            found = None
        finally:
            upload.seek(0)
        length = found.info.length if isinstance(found, MP4) else 0
        return VideoFile(upload, "video/mp4", "mp4", int(-(-length // 1)) or None, upload.size)
    raise ValidationError(_("La vidéo doit être un fichier MP4 ou WebM."), code="format")


def read_captions(upload) -> bytes:
    if upload.size > MAX_CAPTIONS_BYTES:
        raise ValidationError(_("Les sous-titres dépassent 1 Mo."), code="too-big")
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Les sous-titres doivent être en UTF-8."), code="encoding"
        ) from None
    if not text.startswith("WEBVTT") or not CUE.search(text):
        raise ValidationError(
            _("Les sous-titres doivent être un fichier WebVTT (« WEBVTT », puis des répliques)."),
            code="format",
        )
    return text.encode("utf-8")


def _name(extension: str) -> str:
    return "editorial/videos/%s.%s" % (secrets.token_hex(12), extension)


def save_video(found: VideoFile) -> str:
    return default_storage.save(_name(found.extension), found.upload)


def save_captions(data: bytes) -> str:
    return default_storage.save(_name("vtt"), ContentFile(data))


def save_poster(picture) -> tuple[str, int, int]:
    """The poster at most 960 px wide, as a JPEG without metadata."""
    width = min(picture.width, POSTER_WIDTH)
    height = round(picture.height * width / picture.width)
    resized = picture.resize((width, height))
    output = io.BytesIO()
    resized.save(output, format="JPEG", quality=78, optimize=True, progressive=True)
    return default_storage.save(_name("jpg"), ContentFile(output.getvalue())), width, height


decode_poster = images.decode
