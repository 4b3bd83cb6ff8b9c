"""The figures of the public campaign page, each read from the register."""

from collections import Counter

from django.db.models import Sum

from .models import (
    College,
    Cooperative,
    Member,
    ShareMovement,
)


def campaign_figures() -> dict:
    """The figures of the public campaign page, each from the register."""
    cooperative = Cooperative.load()
    active = Member.objects.active()
    shares = ShareMovement.objects.filter(member__left_on__isnull=True).aggregate(n=Sum("shares"))
    per_college = {
        college.pk: {"college": college, "members": 0, "shares": 0}
        for college in College.objects.all()
    }
    for row in active.values("college").annotate(n=Sum("movements__shares")):
        per_college[row["college"]]["shares"] = row["n"] or 0
    for college_id, n in Counter(active.values_list("college", flat=True)).items():
        per_college[college_id]["members"] = n
    per_territory = Counter(
        active.values_list("person__home_commune__departement__name", flat=True)
    )
    unknown = per_territory.pop(None, 0)
    return {
        "cooperative": cooperative,
        "members": active.count(),
        "shares": shares["n"] or 0,
        "capital": (shares["n"] or 0) * cooperative.share_price,
        "goal": cooperative.member_goal,
        "per_college": list(per_college.values()),
        "per_territory": sorted(per_territory.items(), key=lambda item: (-item[1], item[0])),
        "territory_unknown": unknown,
        "listed": list(
            active.filter(show_name=True)
            .select_related("person")
            .order_by("person__display_name")
            .values_list("person__display_name", flat=True)
        ),
    }
