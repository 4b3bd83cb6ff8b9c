"""Presence tokens: what a QR code carries. Pure module (no database).

A token is a signed, URL-safe claim: "whoever opens this stood at this place
(or event) between these two instants". Django's signing makes it tamper-proof
with the project's secret key; it holds no personal data.

Windows, in plain words:
- event code: from 30 minutes before the event starts to 30 minutes after it ends;
- screen code (a tablet at the place): a new code every 5 minutes, each valid
  10 minutes so that a code scanned just before the page reloads still works;
- poster code (printed, at the place): valid for the current quarter, and a
  check-in with it is accepted only while the place is open (see services).
"""

import datetime
from dataclasses import asdict, dataclass

from django.core import signing

SALT = "terreau.checkins.presence.v1"
EVENT_MARGIN = datetime.timedelta(minutes=30)
SCREEN_STEP = datetime.timedelta(minutes=5)
SCREEN_VALIDITY = datetime.timedelta(minutes=10)

RULE = (
    "Un code de présence prouve qu'une personne était là, dans une fenêtre de temps : le code "
    "d'un événement vaut de 30 minutes avant son début à 30 minutes après sa fin ; le code d'un "
    "écran change toutes les 5 minutes et vaut 10 minutes ; l'affiche imprimée d'un lieu vaut "
    "pour le trimestre en cours, et n'est acceptée que pendant les heures d'ouverture du lieu. "
    "Un hôte peut aussi valider une présence sur place, dans les mêmes fenêtres."
)


class InvalidToken(Exception):
    """The token was not signed by this site or was altered."""


@dataclass(frozen=True)
class Claim:
    kind: str  # "place" or "event"
    id: int
    source: str  # "poster", "screen" or "event"
    not_before: int  # Unix timestamps, UTC
    not_after: int

    @property
    def starts(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.not_before, tz=datetime.UTC)

    @property
    def ends(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.not_after, tz=datetime.UTC)

    def is_early(self, at: datetime.datetime) -> bool:
        return at < self.starts

    def is_expired(self, at: datetime.datetime) -> bool:
        return at > self.ends


def sign(claim: Claim) -> str:
    return signing.dumps(asdict(claim), salt=SALT, compress=True)


def unsign(token: str) -> Claim:
    try:
        data = signing.loads(token, salt=SALT)
        return Claim(**data)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidToken(str(error)) from None


def _ts(moment: datetime.datetime) -> int:
    return int(moment.timestamp())


def event_claim(
    *, event_id: int, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> Claim:
    return Claim(
        "event", event_id, "event", _ts(starts_at - EVENT_MARGIN), _ts(ends_at + EVENT_MARGIN)
    )


def screen_claim(*, place_id: int, at: datetime.datetime) -> Claim:
    step = int(SCREEN_STEP.total_seconds())
    start = _ts(at) // step * step
    return Claim("place", place_id, "screen", start, start + int(SCREEN_VALIDITY.total_seconds()))


def poster_claim(*, place_id: int, at: datetime.datetime, zone) -> Claim:
    """From the first day of the quarter to the first day of the next, local time."""
    local = at.astimezone(zone)
    first_month = (local.month - 1) // 3 * 3 + 1
    start = datetime.datetime(local.year, first_month, 1, tzinfo=zone)
    end_year, end_month = (
        (local.year + 1, 1) if first_month == 10 else (local.year, first_month + 3)
    )
    end = datetime.datetime(end_year, end_month, 1, tzinfo=zone)
    return Claim("place", place_id, "poster", _ts(start), _ts(end))
