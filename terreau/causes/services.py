"""Every write about causes; each raises CauseRefused with a French message."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from terreau.core.refusals import Refused

from . import selection
from .models import Cause, CauseSupport, Round


class CauseRefused(Refused):
    pass


def _require_open(round_: Round, at: datetime.datetime) -> None:
    if round_.is_closed(at):
        raise CauseRefused(
            _("La sélection est close : les soutiens ne peuvent plus changer."), code="closed"
        )


def propose_cause(
    *,
    round_: Round,
    person,
    at: datetime.datetime,
    title: str,
    stake: str,
    territory,
    association: str,
    rna: str = "",
) -> Cause:
    """A proposal waits for moderation before anyone sees it."""
    _require_open(round_, at)
    return Cause.objects.create(
        round=round_,
        proposed_by=person,
        created_at=at,
        title=title,
        stake=stake,
        territory=territory,
        association=association,
        rna=rna,
    )


def publish_cause(*, cause: Cause, at: datetime.datetime) -> None:
    Cause.objects.filter(pk=cause.pk).update(
        status=Cause.Status.PUBLISHED, published_at=at, rejection_reason=""
    )


def reject_cause(*, cause: Cause, reason: str) -> None:
    """Its author reads the reason on the cause's page."""
    if not reason.strip():
        raise CauseRefused(
            _("Dites pourquoi la cause est refusée : son auteur le lira."), code="no-reason"
        )
    Cause.objects.filter(pk=cause.pk, status=Cause.Status.PROPOSED).update(
        status=Cause.Status.REJECTED, rejection_reason=reason.strip()
    )


def support_cause(*, cause: Cause, person, at: datetime.datetime) -> CauseSupport:
    """One support per person and cause: `one_support_per_cause` is the guarantee."""
    if not cause.is_published:
        raise CauseRefused(_("Cette cause n'est pas publiée."), code="unpublished")
    _require_open(cause.round, at)
    try:
        with transaction.atomic():
            return CauseSupport.objects.create(cause=cause, person=person, created_at=at)
    except IntegrityError:
        raise CauseRefused(_("Vous soutenez déjà cette cause."), code="duplicate") from None


def withdraw_support(*, cause: Cause, person, at: datetime.datetime) -> None:
    _require_open(cause.round, at)
    if not CauseSupport.objects.filter(cause=cause, person=person).delete()[0]:
        raise CauseRefused(_("Vous ne souteniez pas cette cause."), code="not-supported")


@transaction.atomic
def select_causes(*, round_: Round, at: datetime.datetime) -> list[Cause]:
    """Stop the selection once the round is closed: each published cause keeps
    its count and rank, the first `selection_size` are selected. Done once."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_closed(at):
        raise CauseRefused(
            _("La sélection ne s'arrête qu'après la clôture des soutiens."), code="open"
        )
    causes = round_.causes.filter(status=Cause.Status.PUBLISHED)
    if round_.selected_at is None:
        entries = [
            selection.Entry(pk=c.pk, supports=c.n, published_at=c.published_at)
            for c in causes.annotate(n=Count("supports"))
        ]
        chosen = {e.pk for e in selection.selected(entries, round_.selection_size)}
        for rank, entry in enumerate(selection.ranked(entries), start=1):
            Cause.objects.filter(pk=entry.pk).update(
                supports_at_closing=entry.supports, rank=rank, is_selected=entry.pk in chosen
            )
        Round.objects.filter(pk=round_.pk).update(selected_at=at)
    return list(causes.filter(is_selected=True).order_by("rank"))
