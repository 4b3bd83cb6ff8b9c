"""The accompaniment's figures for the cooperative's reports: requests per
département and domain, what became of them, and whether they helped. No
person in them."""

from django.db.models import Count, Q

from .domains import BY_KEY


def by_area_and_domain(requests) -> list[dict]:
    """One row per département (the request's own, or the authority itself
    above it) and domain."""
    rows = (
        requests.values(
            "territory__departement__name", "territory__name", "territory__kind", "domain"
        )
        .annotate(
            n_asked=Count("pk"),
            n_accepted=Count("pk", filter=Q(expert__isnull=False)),
            n_unmatched=Count("pk", filter=Q(status="unmatched")),
            n_closed=Count("pk", filter=Q(status="closed")),
            n_helped=Count("pk", filter=Q(helped="yes")),
            n_partly=Count("pk", filter=Q(helped="partly")),
            n_not_helped=Count("pk", filter=Q(helped="no")),
        )
        .order_by("territory__departement__name", "domain")
    )
    merged: dict[tuple[str, str], dict] = {}
    for row in rows:
        area = row["territory__departement__name"] or row["territory__name"]
        key = (area, row["domain"])
        into = merged.setdefault(
            key,
            {
                "area": area,
                "domain": BY_KEY[row["domain"]].label if row["domain"] in BY_KEY else row["domain"],
                "asked": 0,
                "accepted": 0,
                "unmatched": 0,
                "closed": 0,
                "helped": 0,
                "partly": 0,
                "not_helped": 0,
            },
        )
        for name in ("asked", "accepted", "unmatched", "closed", "helped", "partly", "not_helped"):
            into[name] += row["n_" + name]
    return sorted(merged.values(), key=lambda row: (row["area"], str(row["domain"])))
