"""A podcast episode's audio, checked before it is kept: mutagen reads it,
and only Opus (in Ogg) and MP3 are accepted; the duration and size are
read from the file, never typed."""

import secrets
from dataclasses import dataclass

import mutagen
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from mutagen.mp3 import MP3
from mutagen.oggopus import OggOpus

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
TYPES = {OggOpus: ("audio/ogg", "opus"), MP3: ("audio/mpeg", "mp3")}


@dataclass(frozen=True)
class Audio:
    upload: object
    content_type: str
    extension: str
    duration: int  # seconds, rounded up
    size: int


def read(upload) -> Audio:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Le fichier audio dépasse 200 Mo."), code="too-big")
    try:
        found = mutagen.File(upload)
    except mutagen.MutagenError:
        found = None
    finally:
        upload.seek(0)
    kind = TYPES.get(type(found))
    if kind is None or not found.info.length:
        raise ValidationError(
            _("Le fichier doit être un enregistrement Opus (.opus) ou MP3 (.mp3)."), code="format"
        )
    return Audio(upload, kind[0], kind[1], int(-(-found.info.length // 1)), upload.size)


def save(audio: Audio) -> str:
    """Writes the file under a name nobody can guess; returns its name."""
    name = "editorial/audio/%s.%s" % (secrets.token_hex(12), audio.extension)
    return default_storage.save(name, audio.upload)
