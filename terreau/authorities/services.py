"""The life of a request to represent a local authority: asked (with a code
sent to the professional address, or a document), the address confirmed,
decided by staff or a verified colleague, or withdrawn. Every e-mail goes
through the durable queue, in the caller's transaction."""

import datetime
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from terreau.core.mail import queue_email, queue_rendered
from terreau.core.refusals import Refused
from terreau.territories.models import AuthorityRepresentative
from terreau.territories.roles import animates, appoint, represents

from .models import CODE_ATTEMPTS, CODE_VALIDITY, AnimationRequest, RepresentationRequest

NEW_CODE_AFTER = datetime.timedelta(minutes=5)


class RepresentationRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


def _code_hash(request: RepresentationRequest, code: str) -> str:
    return salted_hmac("representation-code:%d" % request.pk, code).hexdigest()


def _send_code(request: RepresentationRequest, now) -> None:
    """Six digits, valid a day, only their keyed hash is stored."""
    code = "%06d" % secrets.randbelow(1_000_000)
    request.email_code_hash = _code_hash(request, code)
    request.email_code_sent_at = now
    request.email_code_attempts = 0
    request.save(update_fields=["email_code_hash", "email_code_sent_at", "email_code_attempts"])
    queue_email(
        cause="representation-code:%d:%s" % (request.pk, now.isoformat()),
        to=request.email,
        subject=_("Votre code de vérification Terreau"),
        body=_(
            "Bonjour,\n\nQuelqu'un (vous, sans doute) demande sur Terreau à représenter "
            "« %(territory)s » et a donné cette adresse.\n\nSon code de vérification : %(code)s\n"
            "Il est valable 24 heures, à saisir sur la page de la demande.\n\n"
            "Si ce n'est pas vous, ignorez ce message : rien ne se passe sans ce code."
        )
        % {"territory": request.territory.name, "code": code},
    )


@transaction.atomic
def ask_to_represent(
    *,
    person,
    territory,
    role: str,
    email: str = "",
    document=None,
    note: str = "",
    show_publicly: bool = False,
) -> RepresentationRequest:
    if AuthorityRepresentative.objects.filter(person=person, territory=territory).exists():
        raise RepresentationRefused(_("Vous représentez déjà cette collectivité."), code="already")
    if RepresentationRequest.objects.filter(
        person=person, territory=territory, status=RepresentationRequest.Status.PENDING
    ).exists():
        raise RepresentationRefused(
            _("Votre demande pour cette collectivité est déjà en attente."), code="duplicate"
        )
    if not email and not document:
        raise RepresentationRefused(
            _("Donnez une adresse e-mail professionnelle ou joignez un document."),
            code="no-proof",
        )
    request = RepresentationRequest.objects.create(
        person=person,
        territory=territory,
        role=role,
        email=email,
        document=document or "",
        note=note,
        show_publicly=show_publicly,
    )
    now = timezone.now()
    if email:
        _send_code(request, now)
    colleagues = AuthorityRepresentative.objects.filter(territory=territory).values_list(
        "person__email", flat=True
    )
    queue_rendered(
        cause="representation-asked:%d" % request.pk,
        recipients=[address for address in colleagues if address],
        subject=_("Une demande pour représenter %(territory)s") % {"territory": territory.name},
        template="authorities/email/asked.txt",
        context={"request": request},
    )
    return request


def confirm_email(*, request: RepresentationRequest, code: str) -> None:
    with transaction.atomic():
        request = RepresentationRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_pending or not request.email or request.email_confirmed_at:
            raise RepresentationRefused(_("Il n'y a pas de code à saisir."), code="no-code")
        now = timezone.now()
        if (
            request.email_code_attempts >= CODE_ATTEMPTS
            or now > request.email_code_sent_at + CODE_VALIDITY
        ):
            raise RepresentationRefused(
                _("Ce code n'est plus valable : demandez-en un nouveau."), code="expired"
            )
        if constant_time_compare(_code_hash(request, code.strip()), request.email_code_hash):
            request.email_confirmed_at = now
            request.email_code_hash = ""
            request.save(update_fields=["email_confirmed_at", "email_code_hash"])
            return
        # A wrong code counts, committed before the refusal: five tries a code.
        RepresentationRequest.objects.filter(pk=request.pk).update(
            email_code_attempts=F("email_code_attempts") + 1
        )
    raise RepresentationRefused(_("Ce code n'est pas le bon."), code="wrong-code")


@transaction.atomic
def send_new_code(*, request: RepresentationRequest) -> None:
    request = RepresentationRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_pending or not request.email or request.email_confirmed_at:
        raise RepresentationRefused(_("Il n'y a pas de code à envoyer."), code="no-code")
    now = timezone.now()
    if request.email_code_sent_at and now < request.email_code_sent_at + NEW_CODE_AFTER:
        raise RepresentationRefused(
            _("Un code vient d'être envoyé : attendez cinq minutes avant d'en demander un autre."),
            code="too-soon",
        )
    _send_code(request, now)


def _close(request: RepresentationRequest, *, status: str, by, reason: str = "") -> None:
    document = request.document
    request.status = status
    request.decided_at = timezone.now()
    request.decided_by = by
    request.refusal_reason = reason
    request.document = ""
    request.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason", "document"])
    if document:
        # The proof is kept only as long as someone has to look at it.
        name, storage = document.name, document.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def decide(*, request: RepresentationRequest, by, accept: bool, reason: str = "") -> None:
    """`by` is staff with their powers or a verified representative of the
    same authority (the view checks it with `permissions.can_decide`)."""
    request = (
        RepresentationRequest.objects.select_for_update()
        .select_related("territory", "person")
        .get(pk=request.pk)
    )
    if not request.is_pending:
        raise RepresentationRefused(_("Cette demande a déjà été traitée."), code="decided")
    if request.person_id == by.pk:
        raise RepresentationRefused(_("On ne décide pas de sa propre demande."), code="own-request")
    if accept:
        if request.email and not request.email_confirmed_at and not request.document:
            raise RepresentationRefused(
                _("L'adresse professionnelle n'est pas encore confirmée par son code."),
                code="unconfirmed",
            )
        AuthorityRepresentative.objects.get_or_create(
            person=request.person,
            territory=request.territory,
            defaults={
                "role": request.role,
                "verified_by": by,
                "show_publicly": request.show_publicly,
                "shown_since": timezone.now() if request.show_publicly else None,
            },
        )
        _close(request, status=RepresentationRequest.Status.ACCEPTED, by=by)
    else:
        if not reason.strip():
            raise RepresentationRefused(
                _("Dites pourquoi la demande est refusée : la personne le lira."), code="no-reason"
            )
        _close(request, status=RepresentationRequest.Status.REFUSED, by=by, reason=reason.strip())
    queue_rendered(
        cause="representation-decided:%d" % request.pk,
        recipients=[request.person.email],
        subject=_("Votre demande pour représenter %(territory)s")
        % {"territory": request.territory.name},
        template="authorities/email/decided.txt",
        context={"request": request},
    )


@transaction.atomic
def withdraw(*, request: RepresentationRequest, person) -> None:
    request = RepresentationRequest.objects.select_for_update().get(pk=request.pk)
    if request.person_id != person.pk or not request.is_pending:
        raise RepresentationRefused(_("Cette demande ne peut plus être retirée."), code="closed")
    _close(request, status=RepresentationRequest.Status.WITHDRAWN, by=person)


def set_visibility(*, role: AuthorityRepresentative, show: bool) -> None:
    """Consent to appear on the authority's page, or its withdrawal, dated."""
    role.show_publicly = show
    role.shown_since = timezone.now() if show else None
    role.save(update_fields=["show_publicly", "shown_since"])


@transaction.atomic
def ask_to_animate(*, person, territory, motivation: str) -> AnimationRequest:
    """Only a verified representative of the territory's authority asks."""
    if not represents(person, territory):
        raise RepresentationRefused(
            _("Seul·e un·e représentant·e vérifié·e de la collectivité demande ce rôle."),
            code="not-representative",
        )
    if animates(person, territory):
        raise RepresentationRefused(_("Vous animez déjà ce territoire."), code="already")
    if AnimationRequest.objects.filter(
        person=person, territory=territory, status=AnimationRequest.Status.PENDING
    ).exists():
        raise RepresentationRefused(
            _("Votre demande pour ce territoire est déjà en attente."), code="duplicate"
        )
    return AnimationRequest.objects.create(
        person=person, territory=territory, motivation=motivation.strip()
    )


@transaction.atomic
def decide_animation(*, request: AnimationRequest, by, accept: bool, reason: str = "") -> None:
    """Staff only (the view checks their powers)."""
    request = (
        AnimationRequest.objects.select_for_update()
        .select_related("territory", "person")
        .get(pk=request.pk)
    )
    if request.status != AnimationRequest.Status.PENDING:
        raise RepresentationRefused(_("Cette demande a déjà été traitée."), code="decided")
    if accept:
        appoint(request.person, request.territory)
        request.status = AnimationRequest.Status.ACCEPTED
    else:
        if not reason.strip():
            raise RepresentationRefused(
                _("Dites pourquoi la demande est refusée : la personne le lira."), code="no-reason"
            )
        request.status = AnimationRequest.Status.REFUSED
        request.refusal_reason = reason.strip()
    request.decided_at, request.decided_by = timezone.now(), by
    request.save(update_fields=["status", "refusal_reason", "decided_at", "decided_by"])
    queue_rendered(
        cause="animation-decided:%d" % request.pk,
        recipients=[request.person.email],
        subject=_("Votre demande pour animer %(territory)s")
        % {"territory": request.territory.name},
        template="authorities/email/animation_decided.txt",
        context={"request": request},
    )
