"""Writes of the accompaniment: expert profiles, their consent and their
moderation."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.core import mail
from terreau.core.refusals import Refused

from .consent import CONSENT_VERSION, REQUIRED_FIELDS
from .models import ExpertArea, ExpertConflict, ExpertConsent, ExpertProfile

# What, once changed, must be read again by a moderator before it is shown.
PUBLIC_CONTENT = (
    "display_name",
    "presentation",
    "domains",
    "modes",
    "is_paid",
    "price_note",
    "affiliations",
)


class SupportRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


@transaction.atomic
def save_profile(
    *,
    person,
    display_name: str,
    presentation: str,
    domains: list[str],
    modes: list[str],
    monthly_capacity: int,
    is_paid: bool,
    price_note: str,
    affiliations: str,
    contact: str,
    areas: list,
    public_fields: list[str],
    photo=None,
    remove_photo: bool = False,
    at=None,
) -> ExpertProfile:
    """Create or update `person`'s expert profile with the consent they just
    gave. A change to what is shown sends the profile back to moderation;
    the capacity and the contact, never shown, do not. `photo` is an
    already cleaned file (`photos.clean_photo`)."""
    at = at or timezone.now()
    missing = [key for key in REQUIRED_FIELDS if key not in public_fields]
    if missing:
        raise SupportRefused(
            _(
                "Sans votre accord pour montrer votre nom, votre présentation, vos domaines, vos "
                "territoires et vos liens d'intérêts, le profil ne peut pas être publié."
            ),
            code="consent-missing",
        )
    if not areas:
        raise SupportRefused(_("Indiquez au moins un territoire."), code="no-area")
    values = {
        "display_name": display_name,
        "presentation": presentation,
        "domains": list(domains),
        "modes": list(modes),
        "is_paid": is_paid,
        "price_note": price_note if is_paid else "",
        "affiliations": affiliations,
    }
    profile = ExpertProfile.objects.select_for_update().filter(person=person).first()
    if profile is None:
        profile = ExpertProfile(person=person, created_at=at)
        changed = True
    else:
        old_areas = set(profile.areas.values_list("territory_id", flat=True))
        changed = (
            any(getattr(profile, key) != value for key, value in values.items())
            or old_areas != {area.pk for area in areas}
            or photo is not None
            or (remove_photo and bool(profile.photo))
        )
    consent = profile.consents.first() if profile.pk else None
    consent_changed = (
        consent is None
        or consent.withdrawn_at is not None
        or consent.text_version != CONSENT_VERSION
        or sorted(consent.public_fields) != sorted(public_fields)
    )
    for key, value in values.items():
        setattr(profile, key, value)
    profile.monthly_capacity = monthly_capacity
    profile.contact = contact
    profile.updated_at = at
    if changed or consent_changed or profile.status == ExpertProfile.Status.WITHDRAWN:
        profile.status = ExpertProfile.Status.PROPOSED
    if (remove_photo or photo is not None) and profile.photo:
        profile.photo.delete(save=False)
    if photo is not None:
        profile.photo.save("photo.jpg", photo, save=False)
    profile.save()
    profile.areas.exclude(territory__in=areas).delete()
    known = set(profile.areas.values_list("territory_id", flat=True))
    ExpertArea.objects.bulk_create(
        ExpertArea(profile=profile, territory=area) for area in areas if area.pk not in known
    )
    if consent_changed:
        ExpertConsent.objects.create(
            profile=profile,
            public_fields=sorted(public_fields),
            text_version=CONSENT_VERSION,
            given_at=at,
        )
    return profile


@transaction.atomic
def withdraw_consent(*, profile: ExpertProfile, at=None) -> None:
    """Hide the profile at once and delete its photo. Requests already
    accepted stay with their requesters."""
    at = at or timezone.now()
    profile.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=at)
    if profile.photo:
        profile.photo.delete(save=False)
    ExpertProfile.objects.filter(pk=profile.pk).update(
        status=ExpertProfile.Status.WITHDRAWN, photo="", updated_at=at
    )
    profile.refresh_from_db()


def set_paused(*, profile: ExpertProfile, paused: bool) -> None:
    ExpertProfile.objects.filter(pk=profile.pk).update(paused=paused)
    profile.paused = paused


def declare_conflict(*, profile: ExpertProfile, note: str, place=None, authority=None):
    if (place is None) == (authority is None):
        raise SupportRefused(_("Choisissez un lieu ou une collectivité."), code="conflict-target")
    conflict, created = ExpertConflict.objects.get_or_create(
        profile=profile, place=place, authority=authority, defaults={"note": note}
    )
    if not created:
        raise SupportRefused(_("Ce lien est déjà déclaré."), code="conflict-duplicate")
    return conflict


def remove_conflict(*, profile: ExpertProfile, pk: int) -> None:
    ExpertConflict.objects.filter(profile=profile, pk=pk).delete()


@transaction.atomic
def publish_profile(*, profile: ExpertProfile, by, at=None) -> bool:
    """Publish a profile waiting for moderation and tell the expert; False
    when it was no longer waiting (another moderator, a withdrawal)."""
    at = at or timezone.now()
    updated = ExpertProfile.objects.filter(
        pk=profile.pk, status=ExpertProfile.Status.PROPOSED
    ).update(
        status=ExpertProfile.Status.PUBLISHED,
        published_at=at,
        moderated_by=by,
        rejection_reason="",
    )
    if updated:
        _tell(profile, "expert-published", _("Votre profil d'expert est publié sur Terreau"))
    return bool(updated)


@transaction.atomic
def reject_profile(*, profile: ExpertProfile, by, reason: str) -> bool:
    updated = ExpertProfile.objects.filter(
        pk=profile.pk, status=ExpertProfile.Status.PROPOSED
    ).update(status=ExpertProfile.Status.REJECTED, moderated_by=by, rejection_reason=reason)
    if updated:
        profile.rejection_reason = reason
        _tell(profile, "expert-rejected", _("Votre profil d'expert n'est pas publié"))
    return bool(updated)


def _tell(profile, cause, subject):
    profile.refresh_from_db()
    body = render_to_string(
        "support/email/moderated.txt",
        {"profile": profile, "link": settings.SITE_URL + "/experts/mon-profil/"},
    )
    mail.queue_email(
        cause="%s:%d:%s" % (cause, profile.pk, profile.updated_at.isoformat()),
        to=profile.person.email,
        subject=subject,
        body=body,
    )
