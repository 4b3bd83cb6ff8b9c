"""Consultations on the decrees: amendments, comments, supports, answers."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Amendment,
    AmendmentSupport,
    Comment,
    Consultation,
)
from .common import GovernanceRefused, queue_mail


def _require_open(consultation: Consultation) -> None:
    if not consultation.is_open():
        raise GovernanceRefused(
            _("Cette consultation est close depuis le %(day)s.")
            % {"day": consultation.closes_on.strftime("%d/%m/%Y")},
            code="closed",
        )


def propose_amendment(
    *, consultation: Consultation, person, proposal: str, reason: str
) -> Amendment:
    _require_open(consultation)
    return Amendment.objects.create(
        consultation=consultation, author=person, proposal=proposal.strip(), reason=reason.strip()
    )


def comment(*, consultation: Consultation, person, text: str, amendment=None) -> Comment:
    _require_open(consultation)
    if amendment is not None and amendment.consultation_id != consultation.pk:
        raise GovernanceRefused(
            _("Cet amendement ne relève pas de cette consultation."), code="other-consultation"
        )
    return Comment.objects.create(
        consultation=consultation, amendment=amendment, author=person, text=text.strip()
    )


def toggle_support(*, amendment: Amendment, person) -> bool:
    """Support, or withdraw one's support. Returns whether it now supports."""
    _require_open(amendment.consultation)
    with transaction.atomic():
        deleted, _rows = AmendmentSupport.objects.filter(
            amendment=amendment, person=person
        ).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                AmendmentSupport.objects.create(amendment=amendment, person=person)
        except IntegrityError:
            pass  # a simultaneous click already recorded it: one support, as wanted
        return True


@transaction.atomic
def answer_amendment(*, amendment: Amendment, person, status: str, answer: str) -> Amendment:
    if status not in (
        Amendment.Status.ACCEPTED,
        Amendment.Status.MERGED,
        Amendment.Status.REJECTED,
    ):
        raise GovernanceRefused(_("Réponse inconnue."), code="status")
    if status == Amendment.Status.REJECTED and not answer.strip():
        raise GovernanceRefused(
            _("Un rejet se motive : écrivez la raison."), code="reason-required"
        )
    amendment.status = status
    amendment.answer = answer.strip()
    amendment.answered_by = person
    amendment.answered_at = timezone.now()
    amendment.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    if amendment.author.notify_governance:
        queue_mail(
            "amendment-answer:%d:%s" % (amendment.pk, status),
            [amendment.author.email],
            _("Votre amendement : %(status)s") % {"status": amendment.get_status_display()},
            "governance/email/amendment_answer.txt",
            {"amendment": amendment},
        )
    return amendment
