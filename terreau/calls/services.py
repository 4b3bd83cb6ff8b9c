"""Every write of the call for applications. Each raises CallRefused with a
French message; the database constraints are the guarantee against double
supports, double clicks included."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from terreau.core import mail
from terreau.core.refusals import Refused
from terreau.places.models import Place
from terreau.places.permissions import is_host
from terreau.territories.models import AuthorityRepresentative

from . import eligibility
from .models import (
    Application,
    AuthorInvitation,
    Call,
    JoinRequest,
    Support,
)
from .permissions import is_author

APPLICANT_KINDS = ("commune", "epci", "departement")


class CallRefused(Refused):
    pass


def _require_open(call: Call, at: datetime.datetime) -> None:
    if at < call.opens_at:
        raise CallRefused(_("L'appel n'est pas encore ouvert."), code="not-open")
    if call.is_closed(at):
        raise CallRefused(
            _("L'appel est clos : candidatures et soutiens ne peuvent plus changer."),
            code="closed",
        )


# Drafts one person may co-write in a call: a team prepares one or two
# territories; 24 drafts in two seconds (the red team) reserve a region.
MAX_DRAFTS_PER_PERSON = 2
JOIN_REQUESTS_PER_PERSON_PER_DAY = 5


@transaction.atomic
def start_application(*, call: Call, territory, person, at: datetime.datetime) -> Application:
    """A draft for `territory`, `person` its first co-author. One application
    per territory and call: `one_application_per_territory_per_call`. A
    draft without activity for `Application.DRAFT_LAPSE` no longer holds its
    territory: it is deleted when another team starts one. The draft cap is
    counted under a lock on the person's row."""
    _require_open(call, at)
    if territory.kind not in APPLICANT_KINDS or not territory.is_current:
        raise CallRefused(
            _("Une candidature porte sur une commune, une intercommunalité ou un département."),
            code="kind",
        )
    get_user_model().objects.select_for_update().filter(pk=person.pk).exists()
    drafts = Application.objects.filter(
        call=call,
        authors=person,
        status=Application.Status.DRAFT,
        last_activity_at__gte=at - Application.DRAFT_LAPSE,
    )
    if drafts.count() >= MAX_DRAFTS_PER_PERSON:
        raise CallRefused(
            _(
                "Vous co-écrivez déjà %(n)s brouillons pour cet appel : déposez-en un ou "
                "abandonnez-en un avant d'en commencer un autre."
            )
            % {"n": MAX_DRAFTS_PER_PERSON},
            code="too-many-drafts",
        )
    Application.objects.filter(
        call=call,
        territory=territory,
        status=Application.Status.DRAFT,
        last_activity_at__lt=at - Application.DRAFT_LAPSE,
    ).delete()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, territory=territory, last_activity_at=at
            )
            application.authors.add(person)
    except IntegrityError:
        raise CallRefused(
            _(
                "%(territory)s a déjà une candidature à cet appel : vous pouvez demander à "
                "son équipe de la rejoindre."
            )
            % {"territory": territory},
            code="duplicate",
        ) from None
    return application


@transaction.atomic
def request_to_join(*, application: Application, person, at: datetime.datetime) -> JoinRequest:
    """Ask an application's co-authors to join their team: they are told by
    e-mail, in fixed words (nothing the requester typed), and see the request
    on the application's page, from which they may invite the person."""
    _require_open(application.call, at)
    if is_author(person, application):
        raise CallRefused(_("Vous êtes déjà co-auteur·e de cette candidature."), code="author")
    get_user_model().objects.select_for_update().filter(pk=person.pk).exists()
    today = JoinRequest.objects.filter(person=person, created_at__gt=at - datetime.timedelta(1))
    if today.count() >= JOIN_REQUESTS_PER_PERSON_PER_DAY:
        raise CallRefused(
            _("Vous avez fait %(n)s demandes en 24 heures : réessayez demain.")
            % {"n": JOIN_REQUESTS_PER_PERSON_PER_DAY},
            code="rate",
        )
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                application=application, person=person, created_at=at
            )
    except IntegrityError:
        raise CallRefused(
            _("Votre demande est déjà transmise à l'équipe de cette candidature."),
            code="duplicate",
        ) from None
    recipients = list(application.authors.values_list("email", flat=True))
    body = render_to_string(
        "calls/email/join_request.txt",
        {
            "territory": application.territory.name,
            "call": application.call.title,
            "link": settings.SITE_URL + application.get_absolute_url(),
        },
    )
    mail.queue_many(
        [
            {
                "cause": "join-request:%d:%s" % (join_request.pk, address),
                "to": address,
                "subject": _("Une personne demande à rejoindre votre candidature"),
                "body": body,
            }
            for address in recipients
        ]
    )
    return join_request


# Invitations a co-author may send in a day, and an address may receive:
# enough for a team, too few to probe which addresses have an account.
AUTHOR_INVITATIONS_PER_PERSON_PER_DAY = 10
AUTHOR_INVITATIONS_PER_ADDRESS_PER_DAY = 3


@transaction.atomic
def invite_author(
    *, application: Application, invited_by, email: str, at: datetime.datetime
) -> AuthorInvitation:
    """Send `email` a single-use link to join the application's team.

    The same invitation is written whether an account has this address or
    not (no e-mail → name oracle); the person becomes a co-author only by
    accepting it, signed in. Limits are counted in the database under a lock
    on the inviting person's row."""
    _require_open(application.call, at)
    email = email.strip().lower()
    get_user_model().objects.select_for_update().filter(pk=invited_by.pk).exists()
    day = AuthorInvitation.objects.filter(created_at__gt=at - datetime.timedelta(days=1))
    if day.filter(invited_by=invited_by).count() >= AUTHOR_INVITATIONS_PER_PERSON_PER_DAY:
        raise CallRefused(
            _("Vous avez envoyé %(n)s invitations en 24 heures : réessayez demain.")
            % {"n": AUTHOR_INVITATIONS_PER_PERSON_PER_DAY},
            code="rate",
        )
    if day.filter(email=email).count() >= AUTHOR_INVITATIONS_PER_ADDRESS_PER_DAY:
        raise CallRefused(
            _("Cette adresse a déjà reçu plusieurs invitations aujourd'hui : réessayez demain."),
            code="rate",
        )
    Application.objects.filter(pk=application.pk).update(last_activity_at=at)
    invitation = AuthorInvitation.objects.create(
        application=application,
        email=email,
        invited_by=invited_by,
        token=secrets.token_urlsafe(32),
        created_at=at,
    )
    context = {
        "call": application.call.title,
        "territory": application.territory.name,
        "link": settings.SITE_URL
        + reverse("calls:accept_invitation", kwargs={"token": invitation.token}),
        "days": AuthorInvitation.VALIDITY.days,
    }
    mail.queue_email(
        cause="author-invitation:%d" % invitation.pk,
        to=email,
        subject=_("Invitation à co-écrire une candidature sur Terreau"),
        body=render_to_string("calls/email/author_invitation.txt", context),
    )
    return invitation


@transaction.atomic
def accept_author_invitation(*, token: str, person, at: datetime.datetime) -> Application:
    """Make `person` a co-author. The invitation is used once: the
    conditional UPDATE is the guarantee."""
    invitation = (
        AuthorInvitation.objects.select_related("application__call").filter(token=token).first()
    )
    if invitation is None or not invitation.is_usable(at):
        raise CallRefused(
            _("Cette invitation n'est plus valable : demandez-en une nouvelle."), code="invalid"
        )
    _require_open(invitation.application.call, at)
    used = AuthorInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=at
    )
    if not used:
        raise CallRefused(_("Cette invitation a déjà été utilisée."), code="used")
    invitation.application.authors.add(person)
    Application.objects.filter(pk=invitation.application_id).update(last_activity_at=at)
    return invitation.application


def update_application(
    *,
    application: Application,
    at: datetime.datetime,
    why: str,
    who: str,
    plan: str,
) -> None:
    _require_open(application.call, at)
    application.why, application.who, application.plan = why, who, plan
    application.last_activity_at = at
    application.save(update_fields=["why", "who", "plan", "last_activity_at"])


@transaction.atomic
def submit_application(*, application: Application, at: datetime.datetime) -> None:
    """A submitted application is public and can be supported."""
    _require_open(application.call, at)
    if application.is_submitted:
        return
    missing = [
        str(Application._meta.get_field(name).verbose_name)
        for name in ("why", "who", "plan")
        if not getattr(application, name).strip()
    ]
    if missing:
        raise CallRefused(
            _("Avant de déposer la candidature, complétez : %(fields)s.")
            % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.SUBMITTED, submitted_at=at
    )
    application.status, application.submitted_at = Application.Status.SUBMITTED, at


def abandon_draft(*, application: Application) -> None:
    """Co-authors may give up a draft at any time: it is deleted with its
    texts, and while the call is open its territory can receive another
    application. A submitted application is public and supported: it stays."""
    deleted, _counts = Application.objects.filter(
        pk=application.pk, status=Application.Status.DRAFT
    ).delete()
    if not deleted:
        raise CallRefused(
            _(
                "Cette candidature est déposée : elle est publique et soutenue, elle ne se supprime pas. Écrivez à l'équipe s'il faut la retirer."
            ),
            code="submitted",
        )


@transaction.atomic
def leave_application(*, application: Application, person) -> None:
    """A co-author leaves the team, at any time, unless they are its last:
    an application is never left without anyone answerable for it."""
    # The row lock makes two last co-authors leaving at once leave one.
    Application.objects.select_for_update().get(pk=application.pk)
    authors = set(application.authors.values_list("pk", flat=True))
    if person.pk not in authors:
        raise CallRefused(_("Vous n'êtes pas co-auteur·e de cette candidature."), code="not-author")
    if len(authors) == 1:
        raise CallRefused(
            _(
                "Vous êtes seul·e à porter cette candidature : supprimez le brouillon, ou, si elle est déposée, écrivez à l'équipe."
            ),
            code="last-author",
        )
    application.authors.remove(person)


def _require_supportable(application: Application, at: datetime.datetime) -> None:
    if not application.is_submitted:
        raise CallRefused(_("Cette candidature n'est pas encore déposée."), code="draft")
    _require_open(application.call, at)


def _record(application: Application, *, at, duplicate_message: str, **fields) -> Support:
    try:
        with transaction.atomic():
            return Support.objects.create(
                application=application, call_id=application.call_id, created_at=at, **fields
            )
    except IntegrityError:
        raise CallRefused(duplicate_message, code="duplicate") from None


def support_as_citizen(*, application: Application, person, at: datetime.datetime) -> Support:
    """Only someone whose home commune lies in the territory; once per call."""
    _require_supportable(application, at)
    if person.home_commune_id is None:
        raise CallRefused(
            _(
                "Indiquez d'abord votre commune dans votre profil : seul·es ses habitant·es soutiennent un territoire."
            ),
            code="no-home",
        )
    if not application.territory.communes().filter(pk=person.home_commune_id).exists():
        raise CallRefused(
            _(
                "Vous n'habitez pas %(territory)s : seul·es ses habitant·es soutiennent sa candidature."
            )
            % {"territory": application.territory},
            code="not-resident",
        )
    return _record(
        application,
        at=at,
        kind=Support.Kind.CITIZEN,
        person=person,
        duplicate_message=_(
            "Vous avez déjà soutenu une candidature à cet appel : un soutien par personne."
        ),
    )


def support_as_place(
    *, application: Application, person, place: Place, at: datetime.datetime
) -> Support:
    """Through one of its hosts; a published place of the territory; once per call."""
    _require_supportable(application, at)
    if not is_host(person, place):
        raise CallRefused(
            _("Seul·es les hôtes d'un lieu le font soutenir une candidature."), code="not-host"
        )
    if not place.is_published:
        raise CallRefused(
            _("Ce lieu n'est pas encore publié : il pourra soutenir une fois publié."),
            code="unpublished",
        )
    if not application.territory.communes().filter(pk=place.commune_id).exists():
        raise CallRefused(
            _("%(place)s n'est pas sur le territoire de %(territory)s.")
            % {"place": place, "territory": application.territory},
            code="not-in-territory",
        )
    return _record(
        application,
        at=at,
        kind=Support.Kind.PLACE,
        person=person,
        place=place,
        duplicate_message=_(
            "%(place)s a déjà soutenu une candidature à cet appel : un soutien par lieu."
        )
        % {"place": place},
    )


def support_as_authority(*, application: Application, person, at: datetime.datetime) -> Support:
    """Through an account staff have verified for this very authority."""
    _require_supportable(application, at)
    if not AuthorityRepresentative.objects.filter(
        person=person, territory=application.territory
    ).exists():
        raise CallRefused(
            _(
                "Seul un compte vérifié par la coopérative comme représentant %(territory)s engage la collectivité."
            )
            % {"territory": application.territory},
            code="not-representative",
        )
    return _record(
        application,
        at=at,
        kind=Support.Kind.AUTHORITY,
        person=person,
        duplicate_message=_("La collectivité soutient déjà cette candidature."),
    )


def withdraw_support(*, support: Support, person, at: datetime.datetime) -> None:
    """Until the closing date, whoever gave a support may take it back."""
    if support.person_id != person.pk:
        raise CallRefused(_("Ce soutien n'est pas le vôtre."), code="not-yours")
    _require_open(support.application.call, at)
    Support.objects.filter(pk=support.pk).delete()


def routes_of(application: Application, counts: eligibility.Counts | None = None) -> list[str]:
    call = application.call
    return eligibility.routes(
        counts or application.supports.counts(),
        citizen_threshold=call.citizen_threshold,
        place_threshold=call.place_threshold,
    )
