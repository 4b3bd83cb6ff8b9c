import datetime

from django.utils import timezone

from terreau.causes.models import Cause, Round
from terreau.territories.models import Territory


def open_round(**fields) -> Round:
    values = {
        "title": "Gala — causes #çanetientplus",
        "text": "Proposez, soutenez.",
        "closes_at": timezone.now() + datetime.timedelta(days=20),
        **fields,
    }
    return Round.objects.create(**values)


def published_cause(round_, title="Sauver l'épicerie", published_at=None) -> Cause:
    return Cause.objects.create(
        round=round_,
        title=title,
        stake="Le village perd son dernier commerce.",
        territory=Territory.objects.get(kind="commune", code="34199"),
        association="Épicerie solidaire",
        status=Cause.Status.PUBLISHED,
        published_at=published_at or timezone.now(),
    )
