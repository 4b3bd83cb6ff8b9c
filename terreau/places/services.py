"""Writes on places: proposal, moderation, hosts, reports."""

import datetime
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.core.refusals import Refused

from .models import HostInvitation, OpeningHours, Place, PlaceHost, PlaceReport


class PlaceRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


@transaction.atomic
def propose_place(*, person, form, hours: list[tuple[int, datetime.time, datetime.time]]) -> Place:
    """Save a proposed place (awaiting moderation) and make `person` its host."""
    place = form.save(commit=False)
    place.status = Place.Status.PROPOSED
    place.proposed_by = person
    place.save()
    form.save_m2m()
    _replace_hours(place, hours)
    PlaceHost.objects.create(place=place, person=person)
    return place


@transaction.atomic
def update_place(
    *, place: Place, form, hours: list[tuple[int, datetime.time, datetime.time]]
) -> Place:
    place = form.save()
    _replace_hours(place, hours)
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
        .prefetch_related("hosts__person")
    )
    count = Place.objects.filter(pk__in=[p.pk for p in to_publish]).update(
        status=Place.Status.PUBLISHED, published_at=at or timezone.now(), rejection_reason=""
    )
    for place in to_publish:
        recipients = [host.person.email for host in place.hosts.all()]
        link = settings.SITE_URL + place.get_absolute_url()
        body = render_to_string("places/email/published.txt", {"place": place, "link": link})
        subject = _("« %(place)s » est publié sur Terreau") % {"place": place.name}
        transaction.on_commit(
            lambda subject=subject, body=body, recipients=recipients: send_mail(
                subject, body, None, recipients
            )
        )
    return count


def reject_places(places, *, reason: str) -> int:
    return Place.objects.filter(pk__in=[p.pk for p in places], status=Place.Status.PROPOSED).update(
        status=Place.Status.REJECTED, rejection_reason=reason
    )


@transaction.atomic
def invite_cohost(*, place: Place, invited_by, email: str) -> HostInvitation:
    """Send `email` a single-use link to become a co-host of `place`."""
    email = email.lower()
    if place.hosts.filter(person__email__iexact=email).exists():
        raise PlaceRefused(_("Cette personne est déjà hôte de ce lieu."), code="already-host")
    invitation = HostInvitation.objects.create(
        place=place, email=email, invited_by=invited_by, token=secrets.token_urlsafe(32)
    )
    link = settings.SITE_URL + reverse(
        "places:accept_invitation", kwargs={"token": invitation.token}
    )
    context = {"place": place, "invited_by": invited_by, "link": link}
    transaction.on_commit(
        lambda: send_mail(
            _("Invitation à co-animer « %(place)s » sur Terreau") % {"place": place.name},
            render_to_string("places/email/invitation.txt", context),
            None,
            [email],
        )
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
