"""Tablets that show a place's rotating presence code without a session.

A tablet left in a public place must not carry a host's session: anyone
could use it. The host starts a pairing on their own device and gets a code
shown once (eight characters, ten minutes); on the tablet, /ecran/ asks for
it and gives the tablet a secret, kept in an HttpOnly cookie. The secret
never travels in a URL and only its SHA-256 is stored: the database alone
cannot be used to impersonate a screen. The tablet can show the code and
nothing else; the host revokes it at any time.
"""

import datetime
import hashlib
import re
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from terreau.core.refusals import Refused

from .models import ScreenDevice

PAIRING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PAIRING_LENGTH = 8
PAIRING_VALIDITY = datetime.timedelta(minutes=10)
COOKIE = "terreau_ecran"
# Chromium keeps a cookie 400 days at most; a tablet seen again renews it.
COOKIE_AGE = 400 * 24 * 3600
# How often `last_seen_at` is written: a screen reloads every 150 seconds.
SEEN_EVERY = datetime.timedelta(hours=1)


class ScreenRefused(Refused):
    pass


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _normalised(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def start_pairing(*, place, host, label: str, at: datetime.datetime) -> tuple[ScreenDevice, str]:
    """A new screen for `place`, waiting for the tablet to type the code
    returned (shown once to the host, stored as a hash)."""
    code = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_LENGTH))
    device = ScreenDevice.objects.create(
        place=place,
        label=label.strip() or _("Écran"),
        created_by=host,
        created_at=at,
        pairing_code_hash=_digest(code),
        pairing_expires_at=at + PAIRING_VALIDITY,
    )
    return device, "%s-%s" % (code[:4], code[4:])


@transaction.atomic
def pair(*, typed_code: str, at: datetime.datetime) -> tuple[ScreenDevice, str]:
    """The tablet typed a pairing code: the screen gets its secret (for the
    cookie) and the code is spent."""
    code = _normalised(typed_code)
    device = (
        ScreenDevice.objects.select_for_update()
        .filter(
            pairing_code_hash=_digest(code),
            paired_at__isnull=True,
            revoked_at__isnull=True,
            pairing_expires_at__gte=at,
        )
        .first()
        if len(code) == PAIRING_LENGTH
        else None
    )
    if device is None:
        raise ScreenRefused(
            _(
                "Ce code d'installation n'est pas valable (il a pu expirer : il vaut dix minutes). "
                "Demandez-en un nouveau à l'hôte du lieu."
            ),
            code="unknown",
        )
    secret = secrets.token_urlsafe(32)
    device.key_hash = _digest(secret)
    device.pairing_code_hash = ""
    device.paired_at = device.last_seen_at = at
    device.save(update_fields=["key_hash", "pairing_code_hash", "paired_at", "last_seen_at"])
    return device, secret


def screen_of(secret: str | None, at: datetime.datetime) -> ScreenDevice | None:
    """The installed, unrevoked screen whose cookie holds `secret`."""
    if not secret:
        return None
    device = (
        ScreenDevice.objects.select_related("place__commune")
        .filter(key_hash=_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if device is None or not device.place.is_published:
        return None
    if device.last_seen_at is None or at - device.last_seen_at > SEEN_EVERY:
        ScreenDevice.objects.filter(pk=device.pk).update(last_seen_at=at)
    return device


def revoke(*, device: ScreenDevice, at: datetime.datetime) -> None:
    ScreenDevice.objects.filter(pk=device.pk, revoked_at__isnull=True).update(
        revoked_at=at, key_hash=None, pairing_code_hash=""
    )
