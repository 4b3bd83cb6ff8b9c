"""Members and the register: applications, payments, share movements. Each
write is atomic, checks its rule, raises `GovernanceRefused` with a French
message, and writes its audit entry in the same transaction.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.core.formatting import day_fr, euros

from .. import audit
from ..models import (
    AuditEntry,
    College,
    Cooperative,
    Member,
    MembershipApplication,
    ShareMovement,
    Statutes,
)
from .common import GovernanceRefused, lock_cooperative, queue_mail

Action = AuditEntry.Action


@transaction.atomic
def apply_for_membership(
    *,
    person,
    college: College,
    shares: int,
    legal_name: str,
    postal_address: str,
    show_name: bool,
    accepts_statutes: bool,
) -> MembershipApplication:
    cooperative = Cooperative.load()
    statutes = Statutes.objects.in_force()
    if statutes is None:
        raise GovernanceRefused(
            _("Les statuts ne sont pas encore publiés : l'adhésion ouvrira avec eux."),
            code="no-statutes",
        )
    if not accepts_statutes:
        raise GovernanceRefused(
            _("Pour adhérer, lisez et acceptez les statuts."), code="statutes-not-accepted"
        )
    if Member.objects.active().filter(person=person).exists():
        raise GovernanceRefused(_("Vous êtes déjà sociétaire."), code="already-member")
    if shares < cooperative.minimum_shares:
        raise GovernanceRefused(
            _("Il faut souscrire au moins %(n)d part(s).") % {"n": cooperative.minimum_shares},
            code="too-few-shares",
        )
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                person=person,
                college=college,
                shares=shares,
                amount=shares * cooperative.share_price,
                legal_name=legal_name.strip(),
                postal_address=postal_address.strip(),
                show_name=show_name,
                statutes=statutes,
            )
    except IntegrityError:
        raise GovernanceRefused(
            _("Votre demande d'adhésion attend déjà son paiement."), code="already-pending"
        ) from None
    # The receipt of the application, with what to pay and how.
    queue_mail(
        "membership-application:%d" % application.pk,
        [person.email],
        _("Votre demande d'adhésion : %(amount)s à régler, référence %(ref)s")
        % {"amount": euros(application.amount), "ref": application.payment_reference},
        "governance/email/application.txt",
        {
            "application": application,
            "cooperative": cooperative,
            "name": application.legal_name,
            "college": college.name,
            "day": day_fr(timezone.localdate(application.created_at)),
            "amount": euros(application.amount),
            "shares": shares,
        },
    )
    return application


@transaction.atomic
def cancel_application(*, application: MembershipApplication) -> None:
    updated = MembershipApplication.objects.filter(
        pk=application.pk, status=MembershipApplication.Status.PENDING
    ).update(status=MembershipApplication.Status.CANCELLED, decided_at=timezone.now())
    if not updated:
        raise GovernanceRefused(_("Cette demande n'est plus en attente."), code="not-pending")


def _next_member_number() -> int:
    # The caller holds the cooperative's row lock (audit.record takes it too).
    return (Member.objects.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def record_payment(
    *,
    application: MembershipApplication,
    recorded_by,
    paid_on: datetime.date,
    reference: str,
    now=None,
) -> Member:
    """The payment is in: the applicant becomes a member, with a number and
    the shares they subscribed in the register."""
    cooperative = lock_cooperative()
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.Status.PENDING:
        raise GovernanceRefused(_("Cette demande n'est plus en attente."), code="not-pending")
    if Member.objects.filter(person=application.person).exists():
        raise GovernanceRefused(
            _("Cette personne figure déjà au registre des sociétaires."), code="already-member"
        )
    member = Member.objects.create(
        person=application.person,
        number=_next_member_number(),
        college=application.college,
        legal_name=application.legal_name,
        postal_address=application.postal_address,
        show_name=application.show_name,
        admitted_on=paid_on,
    )
    ShareMovement.objects.create(
        member=member,
        kind=ShareMovement.Kind.SUBSCRIPTION,
        shares=application.shares,
        unit_price=cooperative.share_price,
        occurred_on=paid_on,
        reference=reference.strip(),
        recorded_by=recorded_by,
    )
    application.status = MembershipApplication.Status.ADMITTED
    application.decided_at = now or timezone.now()
    application.save(update_fields=["status", "decided_at"])
    audit.record(
        Action.MEMBER_ADMITTED,
        "Sociétaire n° %d admis dans le collège « %s » avec %d part(s)"
        % (member.number, member.college.name, application.shares),
        at=now,
        member=member.number,
        college=member.college.name,
        shares=application.shares,
        on=paid_on.isoformat(),
    )
    queue_mail(
        "member-admitted:%d" % member.pk,
        [application.person.email],
        _("Bienvenue dans la coopérative, sociétaire n° %(n)d") % {"n": member.number},
        "governance/email/admitted.txt",
        {"member": member, "shares": application.shares},
    )
    return member


def _check_remaining(remaining: int, minimum: int) -> None:
    if 0 < remaining < minimum:
        raise GovernanceRefused(
            _(
                "Il resterait %(left)d part(s), moins que le minimum statutaire de %(min)d : "
                "cédez ou retirez tout, ou moins."
            )
            % {"left": remaining, "min": minimum},
            code="below-minimum",
        )


@transaction.atomic
def record_movement(
    *,
    member: Member,
    kind: str,
    shares: int,
    occurred_on: datetime.date,
    reference: str,
    recorded_by,
    counterpart: Member | None = None,
    now=None,
) -> list[ShareMovement]:
    """Record a further subscription, a transfer to another member or a
    withdrawal. A member left with no share leaves the cooperative."""
    cooperative = lock_cooperative()
    member = Member.objects.select_for_update().select_related("college").get(pk=member.pk)
    if shares <= 0:
        raise GovernanceRefused(_("Indiquez un nombre de parts positif."), code="shares")
    if not member.is_active:
        raise GovernanceRefused(
            _("Le sociétaire n° %(n)d a quitté la coopérative.") % {"n": member.number},
            code="inactive",
        )
    held = member.shares
    common = {
        "unit_price": cooperative.share_price,
        "occurred_on": occurred_on,
        "reference": reference.strip(),
        "recorded_by": recorded_by,
    }
    movements = []
    if kind == ShareMovement.Kind.SUBSCRIPTION:
        movements.append(
            ShareMovement.objects.create(member=member, kind=kind, shares=shares, **common)
        )
        summary = "Sociétaire n° %d : souscription de %d part(s)" % (member.number, shares)
    elif kind in (ShareMovement.Kind.WITHDRAWAL, ShareMovement.Kind.TRANSFER_OUT):
        if held < shares:
            raise GovernanceRefused(
                _("Le sociétaire n° %(n)d ne détient que %(have)d part(s).")
                % {"n": member.number, "have": held},
                code="not-enough-shares",
            )
        _check_remaining(held - shares, cooperative.minimum_shares)
        if kind == ShareMovement.Kind.TRANSFER_OUT:
            if counterpart is None or counterpart.pk == member.pk:
                raise GovernanceRefused(
                    _("Une cession se fait au profit d'un autre sociétaire."), code="counterpart"
                )
            counterpart = Member.objects.select_for_update().get(pk=counterpart.pk)
            if not counterpart.is_active:
                raise GovernanceRefused(
                    _("Le sociétaire n° %(n)d a quitté la coopérative.")
                    % {"n": counterpart.number},
                    code="inactive",
                )
            movements.append(
                ShareMovement.objects.create(
                    member=member, kind=kind, shares=-shares, counterpart=counterpart, **common
                )
            )
            movements.append(
                ShareMovement.objects.create(
                    member=counterpart,
                    kind=ShareMovement.Kind.TRANSFER_IN,
                    shares=shares,
                    counterpart=member,
                    **common,
                )
            )
            summary = "Sociétaire n° %d : cession de %d part(s) au sociétaire n° %d" % (
                member.number,
                shares,
                counterpart.number,
            )
        else:
            movements.append(
                ShareMovement.objects.create(member=member, kind=kind, shares=-shares, **common)
            )
            summary = "Sociétaire n° %d : retrait de %d part(s)" % (member.number, shares)
        if held - shares == 0:
            member.left_on = occurred_on
            member.save(update_fields=["left_on"])
            summary += " ; il quitte la coopérative"
    else:
        raise GovernanceRefused(_("Mouvement inconnu."), code="kind")
    audit.record(
        Action.SHARES_MOVED,
        summary,
        at=now,
        member=member.number,
        kind=kind,
        shares=shares,
        counterpart=counterpart.number if counterpart else None,
        on=occurred_on.isoformat(),
    )
    return movements
