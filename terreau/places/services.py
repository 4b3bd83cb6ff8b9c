"""Writes on places: proposal, moderation, hosts, reports."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.core import mail
from terreau.core.refusals import Refused
from terreau.territories import freshness
from terreau.territories.models import Territory

from .models import HostInvitation, OpeningHours, Place, PlaceHost, PlaceReport
from .signals import place_moved


class PlaceRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


Hours = list[tuple[int, datetime.time, datetime.time]]


@transaction.atomic
def propose_place(
    *,
    person,
    name: str,
    kind: str,
    description: str,
    address: str,
    commune,
    themes,
    hours: Hours,
    latitude=None,
    longitude=None,
    website: str = "",
    postcode: str = "",
    siret: str = "",
    rna: str = "",
    digital_services: str = "",
    authority_level: str = "",
) -> Place:
    """Save a proposed place (awaiting moderation) and make `person` its host."""
    place = Place.objects.create(
        status=Place.Status.PROPOSED,
        proposed_by=person,
        name=name,
        kind=kind,
        description=description,
        address=address,
        postcode=postcode,
        commune=commune,
        latitude=latitude,
        longitude=longitude,
        website=website,
        siret=siret,
        rna=rna,
        digital_services=digital_services,
        authority_level=authority_level,
    )
    place.themes.set(themes)
    _replace_hours(place, hours)
    PlaceHost.objects.create(place=place, person=person)
    return place


@transaction.atomic
def update_place(
    *,
    place: Place,
    name: str,
    kind: str,
    description: str,
    address: str,
    commune,
    themes,
    hours: Hours,
    latitude=None,
    longitude=None,
    website: str = "",
    postcode: str = "",
    siret: str = "",
    rna: str = "",
    digital_services: str = "",
    authority_level: str = "",
    at: datetime.datetime | None = None,
) -> Place:
    """Save a host's changes. A change of commune sends a published place
    back to moderation (anchoring is what staff checked when they published
    it) and tells the apps whose rules rest on where a place is
    (`signals.place_moved`): a place cannot move to a territory, support its
    application and move back."""
    at = at or timezone.now()
    old_commune_id = Place.objects.filter(pk=place.pk).values_list("commune_id", flat=True).get()
    place.name, place.kind, place.description, place.address = name, kind, description, address
    place.commune, place.latitude, place.longitude = commune, latitude, longitude
    place.website, place.postcode = website, postcode
    place.siret, place.rna, place.digital_services = siret, rna, digital_services
    place.authority_level = authority_level
    place.save(
        update_fields=[
            "name",
            "kind",
            "description",
            "address",
            "postcode",
            "commune",
            "latitude",
            "longitude",
            "website",
            "siret",
            "rna",
            "digital_services",
            "authority_level",
            "updated_at",
        ]
    )
    place.themes.set(themes)
    _replace_hours(place, hours)
    if place.commune_id != old_commune_id:
        if place.status == Place.Status.PUBLISHED:
            Place.objects.filter(pk=place.pk).update(
                status=Place.Status.PROPOSED, published_at=None
            )
            place.status, place.published_at = Place.Status.PROPOSED, None
        place_moved.send(sender=Place, place=place, old_commune_id=old_commune_id, at=at)
        freshness.listing_changed(Territory.objects.get(pk=old_commune_id))
    freshness.listing_changed(place.commune)
    return place


def _replace_hours(place: Place, hours) -> None:
    place.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in hours
    )


@transaction.atomic
def publish_places(places, *, at: datetime.datetime | None = None) -> int:
    """Publish proposed (or previously refused) places and tell their hosts
    by e-mail; returns how many were published."""
    to_publish = list(
        Place.objects.filter(pk__in=[p.pk for p in places])
        .exclude(status=Place.Status.PUBLISHED)
        .select_related("commune")
        .prefetch_related("hosts__person")
    )
    count = Place.objects.filter(pk__in=[p.pk for p in to_publish]).update(
        status=Place.Status.PUBLISHED, published_at=at or timezone.now(), rejection_reason=""
    )
    freshness.listing_changed(*(place.commune for place in to_publish))
    for place in to_publish:
        recipients = [host.person.email for host in place.hosts.all()]
        link = settings.SITE_URL + place.get_absolute_url()
        body = render_to_string("places/email/published.txt", {"place": place, "link": link})
        subject = _("« %(place)s » est publié sur Terreau") % {"place": place.name}
        mail.queue_many(
            [
                {
                    "cause": "place-published:%d:%s" % (place.pk, address),
                    "to": address,
                    "subject": subject,
                    "body": body,
                }
                for address in recipients
            ]
        )
    return count


def reject_places(places, *, reason: str) -> int:
    return Place.objects.filter(pk__in=[p.pk for p in places], status=Place.Status.PROPOSED).update(
        status=Place.Status.REJECTED, rejection_reason=reason
    )


# Invitations a host may send in a day, and a person may receive: enough
# for a team, too few for a mailing (issue 21, 13).
INVITATIONS_PER_HOST_PER_DAY = 10
INVITATIONS_PER_ADDRESS_PER_DAY = 3


@transaction.atomic
def invite_cohost(*, place: Place, invited_by, email: str, at=None) -> HostInvitation:
    """Send `email` a single-use link to become a co-host of `place`.

    The e-mail's words are fixed: it names no place and no person, whose
    names the host types, only a link to the place's page on Terreau, so an
    invitation cannot carry a host's own text to a stranger. Limits are
    counted in the database under a lock on the inviting host's row."""
    at = at or timezone.now()
    email = email.lower()
    if place.hosts.filter(person__email__iexact=email).exists():
        raise PlaceRefused(_("Cette personne est déjà hôte de ce lieu."), code="already-host")
    get_user_model().objects.select_for_update().filter(pk=invited_by.pk).exists()
    day = HostInvitation.objects.filter(created_at__gt=at - datetime.timedelta(days=1))
    if day.filter(invited_by=invited_by).count() >= INVITATIONS_PER_HOST_PER_DAY:
        raise PlaceRefused(
            _("Vous avez envoyé %(n)s invitations en 24 heures : réessayez demain.")
            % {"n": INVITATIONS_PER_HOST_PER_DAY},
            code="rate",
        )
    if day.filter(email=email).count() >= INVITATIONS_PER_ADDRESS_PER_DAY:
        raise PlaceRefused(
            _("Cette adresse a déjà reçu plusieurs invitations aujourd'hui : réessayez demain."),
            code="rate",
        )
    invitation = HostInvitation.objects.create(
        place=place,
        email=email,
        invited_by=invited_by,
        token=secrets.token_urlsafe(32),
        created_at=at,
    )
    context = {
        "place_link": settings.SITE_URL + place.get_absolute_url(),
        "link": settings.SITE_URL
        + reverse("places:accept_invitation", kwargs={"token": invitation.token}),
    }
    mail.queue_email(
        cause="host-invitation:%d" % invitation.pk,
        to=email,
        subject=_("Invitation à co-animer un lieu sur Terreau"),
        body=render_to_string("places/email/invitation.txt", context),
    )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, person, at: datetime.datetime) -> Place:
    """Make `person` a co-host. The invitation is used once: the conditional
    update below is the guarantee, even if the link is opened twice at once."""
    invitation = HostInvitation.objects.select_related("place").filter(token=token).first()
    if invitation is None or not invitation.is_usable(at):
        raise PlaceRefused(
            _("Cette invitation n'est plus valable : demandez-en une nouvelle."), code="invalid"
        )
    used = HostInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=at
    )
    if not used:
        raise PlaceRefused(_("Cette invitation a déjà été utilisée."), code="used")
    PlaceHost.objects.get_or_create(place=invitation.place, person=person)
    return invitation.place


def report_place(*, place: Place, person, reason: str, message: str) -> PlaceReport:
    """Record a problem for staff. One open report per person and place: the
    `one_open_report_per_person_per_place` constraint is the guarantee."""
    try:
        with transaction.atomic():
            return PlaceReport.objects.create(
                place=place, reporter=person, reason=reason, message=message
            )
    except IntegrityError:
        raise PlaceRefused(
            _("Vous avez déjà signalé ce lieu ; l'équipe s'en occupe."), code="duplicate"
        ) from None
