"""A place's digital mediation (médiation numérique), in the words of the
national standard « Lieux de médiation numérique » (La MedNum, ANCT,
Datactivist; schema v1.0.2, github.com/LaMednum/standard-mediation-num):
the services it offers, and the typology of data.inclusion its kind maps to.
The open data publishes places that offer one in that standard's format
(terreau/opendata/datasets.py, tests/opendata/test_mednum.py)."""

from django.utils.translation import gettext_lazy as _

# The standard's `services` vocabulary, in its order and spelling.
SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
]
SERVICE_CHOICES = [(s, _(s)) for s in SERVICES]
SEPARATOR = "|"  # the standard's separator of several values

# data.inclusion's typologies of structures, for the kinds that have one.
TYPOLOGY = {
    "tiers-lieu": "TIERS_LIEUX",
    "association": "ASSO",
    "cafe-associatif": "ASSO",
    "mediatheque": "BIB",
    "ressourcerie": "RESSOURCERIE",
    "mairie": "MUNI",
}
WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def services_of(value: str) -> list[str]:
    return [s for s in value.split(SEPARATOR) if s]


def osm_opening_hours(hours) -> str:
    """OpenStreetMap's `opening_hours` from a place's weekly slots:
    « Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00 ». Consecutive days
    with the same slots are grouped."""
    by_day = {day: [] for day in range(7)}
    for slot in sorted(hours, key=lambda h: (h.weekday, h.opens)):
        by_day[slot.weekday].append(
            "%s-%s" % (slot.opens.strftime("%H:%M"), slot.closes.strftime("%H:%M"))
        )
    rules, day = [], 0
    while day < 7:
        slots = by_day[day]
        last = day
        while last + 1 < 7 and by_day[last + 1] == slots:
            last += 1
        if slots:
            days = WEEKDAYS[day] if last == day else "%s-%s" % (WEEKDAYS[day], WEEKDAYS[last])
            rules.append("%s %s" % (days, ",".join(slots)))
        day = last + 1
    return "; ".join(rules)
