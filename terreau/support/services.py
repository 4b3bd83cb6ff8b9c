"""Writes of the accompaniment: expert profiles, their consent and their
moderation; requests for help, their routing and their life."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.core import mail, versions
from terreau.core.refusals import Refused
from terreau.places.models import PlaceHost
from terreau.territories import freshness
from terreau.territories.models import AuthorityRepresentative
from terreau.territories.roles import represents

from . import diagnostics, routing, tasks
from .consent import CONSENT_VERSION, REQUIRED_FIELDS
from .domains import BY_KEY
from .models import (
    Diagnostic,
    ExpertArea,
    ExpertConflict,
    ExpertConsent,
    ExpertProfile,
    HelpRequest,
    Offer,
    RequestEvent,
)

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


# --- Requests for help -----------------------------------------------------

OPEN_REQUESTS_PER_PERSON = 5


def territories_above(territory) -> tuple[int, ...]:
    """The territory's id, then those of the divisions containing it,
    closest first (a commune: its EPCI, département, région)."""
    chain = [territory.pk]
    if territory.kind == "commune":
        chain += [territory.epci_id, territory.departement_id, territory.region_id]
    elif territory.kind in ("epci", "departement"):
        chain += [territory.departement_id if territory.kind == "epci" else None]
        chain += [territory.region_id]
    return tuple(dict.fromkeys(pk for pk in chain if pk))


def month_start(at):
    local = timezone.localtime(at)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def need_of(help_request: HelpRequest) -> routing.Need:
    parties = set()
    if help_request.place_id:
        parties.add(("place", help_request.place_id))
    if help_request.authority_id:
        parties.add(("authority", help_request.authority_id))
    return routing.Need(
        domain=help_request.domain,
        requester_id=help_request.requester_id,
        territories=territories_above(help_request.territory),
        parties=frozenset(parties),
        preferred_id=help_request.preferred_id,
    )


def candidates_for(help_request: HelpRequest, at) -> list[routing.Candidate]:
    """The experts covering the request's territory, as the rule sees them:
    a handful of queries whatever their number."""
    need = need_of(help_request)
    profiles = (
        ExpertProfile.objects.filter(areas__territory__in=need.territories)
        .distinct()
        .annotate(
            accepted_this_month=Count(
                "accepted_requests",
                filter=Q(accepted_requests__accepted_at__gte=month_start(at)),
                distinct=True,
            )
        )
        .prefetch_related("areas", "consents", "conflicts")
    )
    # A host of the asking place, a representative of the asking authority:
    # a conflict without having to declare it.
    hosts = set()
    if help_request.place_id:
        hosts = set(
            PlaceHost.objects.filter(place_id=help_request.place_id).values_list(
                "person_id", flat=True
            )
        )
    representatives = set()
    if help_request.authority_id:
        representatives = set(
            AuthorityRepresentative.objects.filter(
                territory_id=help_request.authority_id
            ).values_list("person_id", flat=True)
        )
    candidates = []
    for profile in profiles:
        conflicts = {
            ("place", c.place_id) if c.place_id else ("authority", c.authority_id)
            for c in profile.conflicts.all()
        }
        if profile.person_id in hosts:
            conflicts.add(("place", help_request.place_id))
        if profile.person_id in representatives:
            conflicts.add(("authority", help_request.authority_id))
        candidates.append(
            routing.Candidate(
                id=profile.pk,
                person_id=profile.person_id,
                published=profile.status == ExpertProfile.Status.PUBLISHED,
                consenting=profile.consent_in_force is not None,
                paused=profile.paused,
                domains=frozenset(profile.domains),
                areas=frozenset(area.territory_id for area in profile.areas.all()),
                capacity=profile.monthly_capacity,
                accepted_this_month=profile.accepted_this_month,
                conflicts=frozenset(conflicts),
            )
        )
    return candidates


@transaction.atomic
def ask_for_help(
    *,
    person,
    domain: str,
    description: str,
    modes: list[str],
    on_behalf: str = HelpRequest.OnBehalf.PERSON,
    commune=None,
    place=None,
    authority=None,
    share_name: bool = True,
    share_email: bool = True,
    share_phone: str = "",
    preferred: ExpertProfile | None = None,
    at=None,
) -> HelpRequest:
    """Record a request and offer it to the first experts of the rule.

    On behalf of a place, `person` must host it; of an authority, represent
    it: the request's territory is then the place's commune or the
    authority itself."""
    at = at or timezone.now()
    if domain not in BY_KEY:
        raise SupportRefused(_("Choisissez un domaine de la liste."), code="domain")
    if on_behalf == HelpRequest.OnBehalf.PLACE:
        if place is None or not PlaceHost.objects.filter(place=place, person=person).exists():
            raise SupportRefused(
                _("Vous ne pouvez demander qu'au nom d'un lieu dont vous êtes hôte."),
                code="not-host",
            )
        territory, authority = place.commune, None
    elif on_behalf == HelpRequest.OnBehalf.AUTHORITY:
        if authority is None or not represents(person, authority):
            raise SupportRefused(
                _("Vous ne pouvez demander qu'au nom d'une collectivité que vous représentez."),
                code="not-representative",
            )
        territory, place = authority, None
    else:
        if commune is None:
            raise SupportRefused(_("Indiquez votre commune."), code="commune")
        territory, place, authority = commune, None, None
    # The person's row locked: two requests sent at once count against one limit.
    get_user_model().objects.select_for_update().filter(pk=person.pk).exists()
    open_statuses = [HelpRequest.Status.OPEN, HelpRequest.Status.UNMATCHED]
    if (
        HelpRequest.objects.filter(requester=person, status__in=open_statuses).count()
        >= OPEN_REQUESTS_PER_PERSON
    ):
        raise SupportRefused(
            _("Vous avez déjà %(n)s demandes en attente d'un expert : attendez une réponse.")
            % {"n": OPEN_REQUESTS_PER_PERSON},
            code="too-many",
        )
    help_request = HelpRequest.objects.create(
        requester=person,
        on_behalf=on_behalf,
        place=place,
        authority=authority,
        territory=territory,
        domain=domain,
        description=description,
        modes=list(modes),
        share_name=share_name,
        share_email=share_email,
        share_phone=share_phone,
        seed=secrets.randbits(62),
        preferred=preferred,
        created_at=at,
    )
    RequestEvent.objects.create(request=help_request, kind=RequestEvent.Kind.ASKED, at=at)
    route(help_request=help_request, at=at)
    help_request.refresh_from_db()
    return help_request


@transaction.atomic
def route(*, help_request: HelpRequest, at=None) -> list[Offer]:
    """Offer the request to the next experts of the rule, so that up to
    `OFFERED_AT_ONCE` offers are pending; none left and none pending: the
    request waits, unmatched, and its requester is told."""
    at = at or timezone.now()
    # The request's row locked: an expiry and a refusal routing at once
    # would otherwise offer it twice as many times.
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if help_request.status not in (HelpRequest.Status.OPEN, HelpRequest.Status.UNMATCHED):
        return []
    offers = help_request.offers.all()
    pending = sum(1 for offer in offers if offer.state == Offer.State.PENDING)
    already = {offer.expert_id for offer in offers}
    order = [
        candidate
        for candidate in routing.ranked(
            candidates_for(help_request, at), need_of(help_request), help_request.seed
        )
        if candidate.id not in already
    ]
    chosen = order[: max(0, routing.OFFERED_AT_ONCE - pending)]
    expires = at + datetime.timedelta(days=routing.OFFER_DAYS)
    created = Offer.objects.bulk_create(
        Offer(
            request=help_request,
            expert_id=candidate.id,
            rank=len(already) + index + 1,
            offered_at=at,
            expires_at=expires,
        )
        for index, candidate in enumerate(chosen)
    )
    if created:
        if help_request.status != HelpRequest.Status.OPEN:
            HelpRequest.objects.filter(pk=help_request.pk).update(status=HelpRequest.Status.OPEN)
        RequestEvent.objects.create(
            request=help_request,
            kind=RequestEvent.Kind.OFFERED,
            at=at,
            note=ngettext("à %(n)d expert", "à %(n)d experts", len(created)) % {"n": len(created)},
        )
        experts = ExpertProfile.objects.filter(pk__in=[c.id for c in chosen]).select_related(
            "person"
        )
        link = settings.SITE_URL + help_request.get_absolute_url()
        body = render_to_string(
            "support/email/offer.txt",
            {"help_request": help_request, "link": link, "days": routing.OFFER_DAYS},
        )
        mail.queue_many(
            [
                {
                    "cause": "help-offer:%d:%d" % (help_request.pk, expert.pk),
                    "to": expert.person.email,
                    "subject": _("Une demande d'aide vous est proposée"),
                    "body": body,
                }
                for expert in experts
            ]
        )
        # Written in this transaction, like the e-mails: the expiry exists
        # exactly when the offers do.
        tasks.expire_offers.using(run_after=expires).enqueue(help_request.pk)
    elif pending == 0 and help_request.status == HelpRequest.Status.OPEN:
        HelpRequest.objects.filter(pk=help_request.pk).update(status=HelpRequest.Status.UNMATCHED)
        RequestEvent.objects.create(request=help_request, kind=RequestEvent.Kind.UNMATCHED, at=at)
        mail.queue_email(
            cause="help-unmatched:%d" % help_request.pk,
            to=help_request.requester.email,
            subject=_("Votre demande d'aide attend un expert"),
            body=render_to_string(
                "support/email/unmatched.txt",
                {"link": settings.SITE_URL + help_request.get_absolute_url()},
            ),
        )
    return created


def accepted_this_month(profile: ExpertProfile, at) -> int:
    return HelpRequest.objects.filter(expert=profile, accepted_at__gte=month_start(at)).count()


@transaction.atomic
def accept_offer(*, offer: Offer, person, at=None) -> HelpRequest:
    """The expert takes the request. Two experts accepting at once: the
    conditional UPDATE on the request lets exactly one through; one expert
    accepting two requests at once: their row is locked while their
    month's count is read."""
    at = at or timezone.now()
    profile = ExpertProfile.objects.select_for_update().get(pk=offer.expert_id)
    if profile.person_id != person.pk:
        raise SupportRefused(_("Cette proposition ne vous est pas adressée."), code="not-yours")
    offer = Offer.objects.get(pk=offer.pk)
    if offer.state != Offer.State.PENDING:
        message = {
            Offer.State.TAKEN: _("Un autre expert a déjà accepté cette demande."),
            Offer.State.EXPIRED: _(
                "Cette proposition a expiré : la demande est passée à d'autres."
            ),
        }.get(offer.state, _("Cette proposition n'est plus ouverte."))
        raise SupportRefused(message, code="not-pending")
    if offer.expires_at <= at:
        raise SupportRefused(
            _("Cette proposition a expiré : la demande est passée à d'autres."), code="expired"
        )
    if profile.status != ExpertProfile.Status.PUBLISHED or profile.paused:
        raise SupportRefused(
            _("Votre profil doit être publié et hors pause pour accepter une demande."),
            code="not-available",
        )
    if accepted_this_month(profile, at) >= profile.monthly_capacity:
        raise SupportRefused(
            _("Vous avez déjà accepté %(n)s demandes ce mois-ci, la limite que vous avez fixée.")
            % {"n": profile.monthly_capacity},
            code="capacity",
        )
    taken = HelpRequest.objects.filter(
        pk=offer.request_id, status=HelpRequest.Status.OPEN, expert__isnull=True
    ).update(status=HelpRequest.Status.ACCEPTED, expert=profile, accepted_at=at)
    if not taken:
        raise SupportRefused(_("Un autre expert a déjà accepté cette demande."), code="taken")
    Offer.objects.filter(pk=offer.pk).update(state=Offer.State.ACCEPTED, answered_at=at)
    Offer.objects.filter(request_id=offer.request_id, state=Offer.State.PENDING).update(
        state=Offer.State.TAKEN
    )
    help_request = HelpRequest.objects.select_related("requester").get(pk=offer.request_id)
    RequestEvent.objects.create(request=help_request, kind=RequestEvent.Kind.ACCEPTED, at=at)
    mail.queue_email(
        cause="help-accepted:%d" % help_request.pk,
        to=help_request.requester.email,
        subject=_("Un expert a accepté votre demande d'aide"),
        body=render_to_string(
            "support/email/accepted.txt",
            {
                "profile": profile,
                "link": settings.SITE_URL + help_request.get_absolute_url(),
            },
        ),
    )
    return help_request


@transaction.atomic
def decline_offer(*, offer: Offer, person, at=None) -> None:
    at = at or timezone.now()
    if offer.expert.person_id != person.pk:
        raise SupportRefused(_("Cette proposition ne vous est pas adressée."), code="not-yours")
    declined = Offer.objects.filter(pk=offer.pk, state=Offer.State.PENDING).update(
        state=Offer.State.DECLINED, answered_at=at
    )
    if not declined:
        raise SupportRefused(_("Cette proposition n'est plus ouverte."), code="not-pending")
    RequestEvent.objects.create(request_id=offer.request_id, kind=RequestEvent.Kind.DECLINED, at=at)
    route(help_request=offer.request, at=at)


@transaction.atomic
def expire_offers(*, request_id: int | None = None, at=None) -> int:
    """Offers past their delay expire and their requests move on; returns
    how many expired. Run by the queue when an offer's delay ends, and
    nightly for all (`manage.py route_help_requests`)."""
    at = at or timezone.now()
    overdue = Offer.objects.filter(state=Offer.State.PENDING, expires_at__lte=at)
    if request_id is not None:
        overdue = overdue.filter(request_id=request_id)
    request_ids = sorted(set(overdue.values_list("request_id", flat=True)))
    count = overdue.update(state=Offer.State.EXPIRED, answered_at=at)
    for help_request in HelpRequest.objects.filter(pk__in=request_ids):
        RequestEvent.objects.create(request=help_request, kind=RequestEvent.Kind.EXPIRED, at=at)
        route(help_request=help_request, at=at)
    return count


def _own_request(help_request, person) -> None:
    if help_request.requester_id != person.pk:
        raise SupportRefused(_("Seule la personne qui a demandé peut le faire."), code="not-yours")


def _accepted_expert(help_request, person) -> None:
    if help_request.expert_id is None or help_request.expert.person_id != person.pk:
        raise SupportRefused(
            _("Seul l'expert qui a accepté la demande peut le faire."), code="not-expert"
        )


@transaction.atomic
def withdraw_request(*, help_request: HelpRequest, person, at=None) -> None:
    at = at or timezone.now()
    _own_request(help_request, person)
    withdrawn = HelpRequest.objects.filter(
        pk=help_request.pk,
        status__in=[
            HelpRequest.Status.OPEN,
            HelpRequest.Status.UNMATCHED,
            HelpRequest.Status.ACCEPTED,
        ],
    ).update(status=HelpRequest.Status.WITHDRAWN, closed_at=at)
    if not withdrawn:
        raise SupportRefused(_("Cette demande est déjà close."), code="closed")
    help_request.offers.filter(state=Offer.State.PENDING).update(
        state=Offer.State.CLOSED, answered_at=at
    )
    RequestEvent.objects.create(request=help_request, kind=RequestEvent.Kind.WITHDRAWN, at=at)


@transaction.atomic
def plan_meeting(*, help_request: HelpRequest, person, meeting: str, at=None) -> None:
    at = at or timezone.now()
    _accepted_expert(help_request, person)
    if help_request.status != HelpRequest.Status.ACCEPTED:
        raise SupportRefused(_("Cette demande est close."), code="closed")
    HelpRequest.objects.filter(pk=help_request.pk).update(meeting=meeting)
    RequestEvent.objects.create(
        request=help_request, kind=RequestEvent.Kind.MEETING, at=at, note=meeting[:300]
    )
    mail.queue_email(
        cause="help-meeting:%d:%s" % (help_request.pk, at.isoformat()),
        to=help_request.requester.email,
        subject=_("Un rendez-vous est proposé pour votre demande d'aide"),
        body=render_to_string(
            "support/email/meeting.txt",
            {
                "meeting": meeting,
                "profile": help_request.expert,
                "link": settings.SITE_URL + help_request.get_absolute_url(),
            },
        ),
    )


@transaction.atomic
def close_request(*, help_request: HelpRequest, person, outcome: str, at=None) -> None:
    at = at or timezone.now()
    _accepted_expert(help_request, person)
    closed = HelpRequest.objects.filter(
        pk=help_request.pk, status=HelpRequest.Status.ACCEPTED
    ).update(status=HelpRequest.Status.CLOSED, closed_at=at, outcome=outcome)
    if not closed:
        raise SupportRefused(_("Cette demande est déjà close."), code="closed")
    RequestEvent.objects.create(request=help_request, kind=RequestEvent.Kind.CLOSED, at=at)


@transaction.atomic
def give_feedback(*, help_request: HelpRequest, person, helped: str, comment: str, at=None):
    """The requester says whether it helped: read by the expert and staff
    only, never shown as a public mark."""
    at = at or timezone.now()
    _own_request(help_request, person)
    if help_request.expert_id is None:
        raise SupportRefused(
            _("Vous pourrez donner votre avis quand un expert aura accepté."), code="no-expert"
        )
    if helped not in HelpRequest.Helped.values:
        raise SupportRefused(_("Choisissez oui, en partie ou non."), code="helped")
    HelpRequest.objects.filter(pk=help_request.pk).update(helped=helped, feedback=comment)
    RequestEvent.objects.create(request=help_request, kind=RequestEvent.Kind.FEEDBACK, at=at)


# --- Diagnostics -----------------------------------------------------------


@transaction.atomic
def take_diagnostic(
    *,
    person,
    questionnaire: str,
    answers: dict,
    commune=None,
    place=None,
    authority=None,
    at=None,
) -> Diagnostic:
    """Record one take of a questionnaire with the totals it gives now; an
    earlier take is kept, for the history."""
    at = at or timezone.now()
    form = diagnostics.load(questionnaire)
    if form.audience == Diagnostic.Subject.PLACE:
        if place is None or not PlaceHost.objects.filter(place=place, person=person).exists():
            raise SupportRefused(
                _("Seuls les hôtes d'un lieu font son diagnostic."), code="not-host"
            )
        territory = place.commune
    elif form.audience == Diagnostic.Subject.AUTHORITY:
        if authority is None or not represents(person, authority):
            raise SupportRefused(
                _("Seuls les représentants vérifiés d'une collectivité font son diagnostic."),
                code="not-representative",
            )
        if not authority.population:
            raise SupportRefused(
                _(
                    "Ce diagnostic compte par habitant : il est fait pour les communes et les "
                    "intercommunalités, dont la population est connue."
                ),
                code="no-population",
            )
        # The context the questionnaire reads, not asked: the INSEE population.
        answers = {**answers, "population": str(authority.population)}
        territory = authority
    else:
        if commune is None:
            raise SupportRefused(_("Indiquez votre commune."), code="commune")
        territory, place, authority = commune, None, None
    result = diagnostics.evaluate(form, answers)
    return Diagnostic.objects.create(
        author=person,
        questionnaire=form.key,
        version=form.version,
        subject=form.audience,
        place=place,
        authority=authority,
        territory=territory,
        answers=answers,
        totals={
            d.domain: {"value": str(d.value), "low": str(d.low), "high": str(d.high)}
            for d in result.domains
        },
        created_at=at,
    )


def set_diagnostic_public(*, diagnostic: Diagnostic, person, public: bool) -> None:
    """Publish a place's or an authority's diagnostic on its page, or take
    it back; a person's stays private (the database refuses it too)."""
    from .permissions import can_publish_diagnostic

    if not can_publish_diagnostic(person, diagnostic):
        raise SupportRefused(
            _(
                "Seuls les hôtes du lieu ou les représentants de la collectivité publient son diagnostic."
            ),
            code="not-allowed",
        )
    Diagnostic.objects.filter(pk=diagnostic.pk).update(is_public=public)
    diagnostic.is_public = public
    if diagnostic.place_id:
        versions.bump(freshness.place(diagnostic.place_id))
