"""The rules by which the cooperative decides (college weights, majorities,
proxies, share price) and the consultations that prepare its decrees: each
change is written to the audit trail in the same transaction, since the
weights decide votes."""

import datetime

from django.db import transaction
from django.utils import timezone

from .. import audit
from ..models import AuditEntry, College, Consultation, Cooperative
from .common import lock_cooperative

Action = AuditEntry.Action


def record_rules(*, person, at: datetime.datetime | None = None) -> AuditEntry:
    """Write the rules now in force to the trail, after staff changed them
    (called in the transaction that saved them)."""
    lock_cooperative()
    cooperative = Cooperative.load()
    colleges = {c.name: str(c.weight) for c in College.objects.order_by("position", "pk")}
    return audit.record(
        Action.RULES_CHANGED,
        "Règles de vote modifiées : collèges %s ; majorités %s (ordinaire), %s (extraordinaire) ; "
        "quorums %s puis %s (ordinaire), %s puis %s (extraordinaire)"
        % (
            ", ".join("%s %s %%" % (name, weight) for name, weight in colleges.items()),
            cooperative.ordinary_majority,
            cooperative.extraordinary_majority,
            cooperative.ordinary_quorum_first,
            cooperative.ordinary_quorum_second,
            cooperative.extraordinary_quorum_first,
            cooperative.extraordinary_quorum_second,
        ),
        at=at or timezone.now(),
        by=person.pk,
        colleges=colleges,
        ordinary_majority=cooperative.ordinary_majority,
        ordinary_inclusive=cooperative.ordinary_inclusive,
        extraordinary_majority=cooperative.extraordinary_majority,
        extraordinary_inclusive=cooperative.extraordinary_inclusive,
        proxy_cap=cooperative.proxy_cap,
        share_price=str(cooperative.share_price),
        minimum_shares=cooperative.minimum_shares,
        quorums={
            "ordinary": [cooperative.ordinary_quorum_first, cooperative.ordinary_quorum_second],
            "extraordinary": [
                cooperative.extraordinary_quorum_first,
                cooperative.extraordinary_quorum_second,
            ],
        },
        notice_days=[cooperative.notice_days_first, cooperative.notice_days_second],
        secrecy_minimum=cooperative.secrecy_minimum,
    )


@transaction.atomic
def publish_consultation(
    *,
    person,
    title: str,
    text: str,
    closes_on: datetime.date,
    law=None,
    decree=None,
    territory=None,
) -> Consultation:
    """Open a consultation (on a law or one of its decrees, or on a text of
    its own), for the whole cooperative or one territory; the trail records it."""
    lock_cooperative()
    consultation = Consultation.objects.create(
        author=person,
        title=title,
        text=text,
        law=law,
        decree=decree,
        territory=territory,
        closes_on=closes_on,
    )
    audit.record(
        Action.CONSULTATION_OPENED,
        "Consultation « %s » publiée%s%s, jusqu'au %s"
        % (
            title,
            " sur la loi n° %d" % law.number if law else "",
            " (%s)" % territory.name if territory else "",
            closes_on.strftime("%d/%m/%Y"),
        ),
        consultation=consultation.pk,
        law=law.number if law else None,
        decree=decree.pk if decree else None,
        territory=territory.pk if territory else None,
        by=person.pk,
    )
    return consultation
