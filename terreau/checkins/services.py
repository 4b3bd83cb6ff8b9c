"""Recording presence: by a code shown at the place or event, or by a host."""

import datetime
import re
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connections, router, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from terreau.core.formatting import moment_fr
from terreau.core.refusals import Refused
from terreau.events.models import Event
from terreau.places.hours import is_open_at
from terreau.places.models import Place

from . import tokens
from .models import CheckIn, ShortCode

# A poster code works during opening hours, give or take this margin.
OPENING_MARGIN = datetime.timedelta(minutes=15)
# At most this many check-ins per person per hour: nobody stands in more
# places than that, and it caps what a leaked code can be used for.
RATE_LIMIT = 12
RATE_WINDOW = 3600


class CheckInRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


@dataclass(frozen=True)
class Presence:
    """A presence code read once and found valid at `at`: the place (and
    event) it stands for, and how it was shown (poster, screen, event). The
    services that record a presence or a défi take it as it is."""

    claim: tokens.Claim
    place: Place
    event: Event | None
    at: datetime.datetime

    @property
    def source(self) -> str:
        return self.claim.source

    @property
    def day(self) -> datetime.date:
        """The local day at the place."""
        return self.at.astimezone(ZoneInfo(self.place.commune.time_zone)).date()


def presence_of(token: str, at: datetime.datetime) -> Presence:
    """Read `token` (one signature check, one query for its place or event)
    and check its window at `at`; a `CheckInRefused` says why not."""
    try:
        claim = tokens.unsign(token)
    except tokens.InvalidToken:
        raise CheckInRefused(
            _(
                "Ce code n'est pas un code de présence Terreau valide (il a peut-être été recopié de travers)."
            ),
            code="tampered",
        ) from None
    place, event = _resolve(claim)
    _check_window(claim, place, event, at)
    return Presence(claim=claim, place=place, event=event, at=at)


def _resolve(claim: tokens.Claim) -> tuple[Place, Event | None]:
    """The place or event of a valid signature, or a refusal."""
    if claim.kind == "event":
        event = Event.objects.select_related("place__commune").filter(pk=claim.id).first()
        if event is None or not event.place.is_published:
            raise CheckInRefused(_("Cet événement n'existe plus."), code="unknown")
        return event.place, event
    place = Place.objects.select_related("commune").filter(pk=claim.id).first()
    if place is None or not place.is_published:
        raise CheckInRefused(_("Ce lieu n'existe plus sur Terreau."), code="unknown")
    return place, None


def _check_window(
    claim: tokens.Claim, place: Place, event: Event | None, at: datetime.datetime
) -> None:
    """Refuse a code outside its window, or a poster outside opening hours."""
    if event is not None and event.is_cancelled:
        raise CheckInRefused(_("Cet événement est annulé."), code="cancelled")
    if claim.is_early(at):
        raise CheckInRefused(
            _("Ce code n'est pas encore valable : revenez au moment de l'événement."), code="early"
        )
    if claim.is_expired(at):
        raise CheckInRefused(
            _(
                "Ce code a expiré. Scannez le code affiché en ce moment sur place, ou demandez à un hôte."
            ),
            code="expired",
        )
    if claim.source == "poster":
        zone = ZoneInfo(place.commune.time_zone)
        if not is_open_at(place.opening_hours.all(), at, zone, OPENING_MARGIN):
            raise CheckInRefused(
                _(
                    "Le lieu est fermé en ce moment : ce code ne fonctionne que pendant ses heures d'ouverture."
                ),
                code="closed",
            )


def _lock_person(person) -> None:
    """Take a lock on the person's row until the transaction ends: their
    simultaneous check-ins are counted one after the other, whatever the
    cache (the database cache's increment is a read then a write: 20 of 20
    simultaneous check-ins went through it)."""
    get_user_model().objects.select_for_update().filter(pk=person.pk).exists()


def _rate_refusal() -> CheckInRefused:
    return CheckInRefused(
        _("Trop de validations en peu de temps : réessayez dans un moment."), code="rate"
    )


def _insert_within_rate(
    *, person, place: Place, event: Event | None, source: str, at: datetime.datetime
) -> CheckIn | None:
    """The check-in, inserted only while the person has fewer than
    RATE_LIMIT in the hour before `at`; None otherwise.

    The count and the insert are one statement (Django's ORM has no
    INSERT … SELECT): its snapshot is taken after `_lock_person` was
    granted, so it sees what a simultaneous check-in of the same person
    committed. The count must not be in the locking statement itself: that
    one reads the snapshot taken before it waited for the lock (PostgreSQL,
    read committed), and 20 of 20 simultaneous check-ins went through."""
    values = {
        "person": person.pk,
        "place": place.pk,
        "event": event.pk if event else None,
        "source": source,
        "day": at.astimezone(ZoneInfo(place.commune.time_zone)).date(),
        "created_at": at,
    }
    alias = router.db_for_write(CheckIn)
    connection = connections[alias]
    fields = [CheckIn._meta.get_field(name) for name in values]
    created_at = CheckIn._meta.get_field("created_at")
    quote = connection.ops.quote_name
    table = quote(CheckIn._meta.db_table)
    # Names from the model's metadata only; every value is a parameter.
    sql = (  # noqa: S608
        "INSERT INTO {table} ({columns}) SELECT {placeholders} "
        "WHERE (SELECT COUNT(*) FROM {table} WHERE {person} = %s AND {created_at} > %s) < %s "
        "RETURNING {pk}"
    ).format(
        table=table,
        columns=", ".join(quote(field.column) for field in fields),
        placeholders=", ".join(["%s"] * len(fields)),
        person=quote(CheckIn._meta.get_field("person").column),
        created_at=quote(created_at.column),
        pk=quote(CheckIn._meta.pk.column),
    )
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values.values(), strict=True)
    ]
    since = at - datetime.timedelta(seconds=RATE_WINDOW)
    params += [person.pk, created_at.get_db_prep_value(since, connection), RATE_LIMIT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    checkin = CheckIn(
        pk=row[0],
        person=person,
        place=place,
        event=event,
        source=source,
        day=values["day"],
        created_at=at,
    )
    checkin._state.adding = False
    checkin._state.db = alias
    return checkin


def _insert(
    *,
    person,
    place: Place,
    event: Event | None,
    source: str,
    at: datetime.datetime,
    validated_by=None,
) -> CheckIn:
    return CheckIn.objects.create(
        person=person,
        place=place,
        event=event,
        source=source,
        day=at.astimezone(ZoneInfo(place.commune.time_zone)).date(),
        validated_by=validated_by,
        created_at=at,
    )


def _duplicate() -> CheckInRefused:
    return CheckInRefused(_("Votre présence est déjà enregistrée."), code="duplicate")


def _record(**fields) -> CheckIn:
    """One check-in per person per event, or per place and day: the
    `one_checkin_per_event` and `one_place_checkin_per_day` constraints are
    the guarantee; the IntegrityError only becomes a message."""
    try:
        with transaction.atomic():
            return _insert(**fields)
    except IntegrityError:
        raise _duplicate() from None


def check_in(*, person, presence: Presence) -> CheckIn:
    """Record that `person` stood where the code of `presence` was shown.

    One short transaction of two statements: the person's row locked, then
    the insert if their last hour leaves room for it. A duplicate undoes
    the whole transaction (nothing was written before the insert), so no
    savepoint is needed for it."""
    try:
        with transaction.atomic(using=router.db_for_write(CheckIn)):
            _lock_person(person)
            checkin = _insert_within_rate(
                person=person,
                place=presence.place,
                event=presence.event,
                source=presence.source,
                at=presence.at,
            )
    except IntegrityError:
        raise _duplicate() from None
    if checkin is None:
        raise _rate_refusal()
    return checkin


def validate_presence(
    *, host, person, place: Place, event: Event | None, at: datetime.datetime
) -> CheckIn:
    """A host saw `person` at the place (or event): for people without a
    smartphone. The same windows as the codes apply: an event from 30
    minutes before it starts to 30 minutes after it ends, a place during
    its opening hours. The permission, and that the person has a link to
    the place, are checked by the view."""
    _check_host_window(place=place, event=event, at=at)
    try:
        return _record(
            person=person,
            place=place,
            event=event,
            source=CheckIn.Source.HOST,
            at=at,
            validated_by=host,
        )
    except CheckInRefused as refusal:
        if refusal.code == "duplicate":
            raise CheckInRefused(
                _("La présence de %(name)s est déjà enregistrée.") % {"name": person},
                code="duplicate",
            ) from None
        raise


def _check_host_window(*, place: Place, event: Event | None, at: datetime.datetime) -> None:
    zone = ZoneInfo(place.commune.time_zone)
    if event is None:
        if not is_open_at(place.opening_hours.all(), at, zone, OPENING_MARGIN):
            raise CheckInRefused(
                _(
                    "Le lieu est fermé en ce moment : une présence ne se valide que pendant "
                    "ses heures d'ouverture. Rien n'a été enregistré."
                ),
                code="closed",
            )
        return
    if event.is_cancelled:
        raise CheckInRefused(_("Cet événement est annulé."), code="cancelled")
    window = tokens.event_claim(event_id=event.pk, starts_at=event.starts_at, ends_at=event.ends_at)
    if window.is_early(at):
        raise CheckInRefused(
            _(
                "L'événement n'a pas commencé : les présences se valident à partir du "
                "%(start)s. Rien n'a été enregistré."
            )
            % {"start": moment_fr(window.starts.astimezone(zone))},
            code="early",
        )
    if window.is_expired(at):
        raise CheckInRefused(
            _(
                "L'événement est terminé : les présences se validaient jusqu'au "
                "%(end)s. Rien n'a été enregistré."
            )
            % {"end": moment_fr(window.ends.astimezone(zone))},
            code="expired",
        )


def presence_url(claim: tokens.Claim) -> str:
    """The plain URL a QR code encodes: the phone's own camera opens it."""
    return settings.SITE_URL + reverse("pages:presence", kwargs={"token": tokens.sign(claim)})


# Short codes: typed from paper, so no look-alike characters (Crockford's
# base 32 without 0, 1, I, L, O, U): 30⁶, about 729 million codes.
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_LENGTH = 6
# Codes whose window closed more than this long ago are forgotten.
SHORT_CODE_KEPT = datetime.timedelta(days=2)


def short_code_for(claim: tokens.Claim, at: datetime.datetime) -> str:
    """The short code of `claim`, made once (the same poster prints the same
    code; a screen gets a new one with each new window). Shown as K7Q-2MX."""
    fields = {
        "kind": claim.kind,
        "target_id": claim.id,
        "source": claim.source,
        "not_before": claim.not_before,
        "not_after": claim.not_after,
    }
    existing = ShortCode.objects.filter(**fields).values_list("code", flat=True).first()
    if existing:
        return _display(existing)
    ShortCode.objects.filter(not_after__lt=int((at - SHORT_CODE_KEPT).timestamp())).delete()
    for _attempt in range(5):
        code = "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))
        try:
            with transaction.atomic():
                ShortCode.objects.create(code=code, **fields)
            return _display(code)
        except IntegrityError:
            # Another request made this claim's code, or the code is taken.
            existing = ShortCode.objects.filter(**fields).values_list("code", flat=True).first()
            if existing:
                return _display(existing)
    raise RuntimeError("no free short code after five draws")


def _display(code: str) -> str:
    return "%s-%s" % (code[:3], code[3:])


def claim_of_short_code(typed: str) -> tokens.Claim:
    """The claim a typed short code stands for: any case, with or without
    the dash or spaces; a refusal in French when no such code exists."""
    code = re.sub(r"[^0-9A-Z]", "", typed.upper())
    row = (
        ShortCode.objects.filter(code=code)
        .values_list("kind", "target_id", "source", "not_before", "not_after")
        .first()
        if len(code) == SHORT_LENGTH
        else None
    )
    if row is None:
        raise CheckInRefused(
            _("Ce code court n'existe pas : vérifiez-le sur l'affiche (six lettres et chiffres)."),
            code="unknown-short-code",
        )
    kind, target_id, source, not_before, not_after = row
    return tokens.Claim(
        kind=kind, id=target_id, source=source, not_before=not_before, not_after=not_after
    )


def short_url(code: str) -> str:
    """What a person types: the site's address and the code."""
    return "%s/p/%s" % (settings.SITE_URL.split("//", 1)[-1].rstrip("/"), code)
