"""The demo data set: a few people and real-looking places on real communes.

Fictional names on real territories, so that every page of the demo shows
something a visitor can try. Loaded by `manage.py load_demo`, idempotent.
"""

import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import User
from terreau.challenges.models import (
    Challenge,
    Completion,
    Marathon,
    Participant,
    Stage,
    Team,
    TeamMember,
)
from terreau.checkins.models import CheckIn
from terreau.core.models import Theme
from terreau.events import services as event_services
from terreau.events.models import Event
from terreau.places.models import OpeningHours, Place, PlaceHost
from terreau.territories import roles
from terreau.territories.models import Territory

from . import boussole, calls, causes, editorial, governance, support

DEMO_PASSWORD = "terreau-demo-2026"  # noqa: S105 - printed on purpose, local demo only

PEOPLE = [
    # email, display name, home commune (INSEE), staff
    ("equipe@demo.terreau.localhost", "Équipe de la coopérative", "34172", True),
    ("hote@demo.terreau.localhost", "Camille (hôte)", "81163", False),
    ("habitante@demo.terreau.localhost", "Awa", "81021", False),
    ("habitant@demo.terreau.localhost", "Jo", "34199", False),
]

MORNING_AND_AFTERNOON = [((9, 0), (12, 0)), ((14, 0), (18, 0))]
AFTERNOON = [((14, 0), (19, 0))]

# Places that offer digital mediation, with their (fictitious) RNA number:
# they appear in the open data in the national standard's format.
DIGITAL_MEDIATION = {
    "La Filature partagée": (
        "W811001234",
        "Maîtrise des outils numériques du quotidien|Loisirs et créations numériques",
    ),
    "Médiathèque du Thoré": (
        "W811004455",
        "Aide aux démarches administratives|Accès internet et matériel informatique",
    ),
}

PLACES = [
    # name, kind, commune, address, themes, hours {weekday: slots}, host email, status
    (
        "La Filature partagée",
        "tiers-lieu",
        "81163",
        "12 rue des Casernes",
        ["faire-societe", "implication-citoyenne"],
        {
            1: MORNING_AND_AFTERNOON,
            2: MORNING_AND_AFTERNOON,
            3: MORNING_AND_AFTERNOON,
            5: [((10, 0), (13, 0))],
        },
        "hote@demo.terreau.localhost",
        "published",
    ),
    (
        "Ressourcerie de la Montagne Noire",
        "ressourcerie",
        "81163",
        "4 avenue Charles-Sabatié",
        ["developpement-durable", "transition-ecologique-sociale"],
        {2: AFTERNOON, 4: AFTERNOON, 5: [((9, 0), (17, 0))]},
        "hote@demo.terreau.localhost",
        "published",
    ),
    (
        "Jardin partagé des Castors",
        "jardin-partage",
        "81021",
        "Chemin de la Rive",
        ["transition-ecologique-sociale", "faire-societe"],
        {2: [((17, 0), (20, 0))], 5: [((9, 0), (12, 0))]},
        "habitante@demo.terreau.localhost",
        "published",
    ),
    (
        "Médiathèque du Thoré",
        "mediatheque",
        "81021",
        "Place de la Mairie",
        ["souverainete-inclusion-numerique", "faire-societe"],
        {1: AFTERNOON, 2: MORNING_AND_AFTERNOON, 4: AFTERNOON, 5: [((10, 0), (12, 30))]},
        "hote@demo.terreau.localhost",
        "published",
    ),
    (
        "Café associatif Le Molière",
        "cafe-associatif",
        "34199",
        "3 place Gambetta",
        ["faire-societe", "cohesion-des-territoires"],
        {d: [((8, 30), (19, 0))] for d in range(1, 6)},
        "habitant@demo.terreau.localhost",
        "published",
    ),
    (
        "Repair café de Pézenas",
        "association",
        "34199",
        "Salle Saint-Jean, rue Conti",
        ["developpement-durable", "implication-citoyenne"],
        {5: [((14, 0), (17, 30))]},
        "habitant@demo.terreau.localhost",
        "published",
    ),
    (
        "École Jules-Ferry — potager pédagogique",
        "ecole",
        "34199",
        "Avenue de Verdun",
        ["transition-ecologique-sociale"],
        {},
        "habitant@demo.terreau.localhost",
        "published",
    ),
    (
        "Mairie de Castres — point numérique",
        "mairie",
        "81065",
        "Place du 1er-Mai",
        ["souverainete-inclusion-numerique", "cohesion-des-territoires"],
        dict.fromkeys(range(0, 5), MORNING_AND_AFTERNOON),
        "hote@demo.terreau.localhost",
        "published",
    ),
    (
        "Atelier vélo solidaire",
        "association",
        "34172",
        "18 rue du Faubourg-Figuerolles",
        ["developpement-durable", "faire-societe"],
        {2: AFTERNOON, 5: [((10, 0), (16, 0))]},
        "habitant@demo.terreau.localhost",
        "published",
    ),
    (
        "Tiers-lieu du Lodévois",
        "tiers-lieu",
        "34142",
        "Ancienne manufacture, quai de la Soulondre",
        ["implication-citoyenne", "souverainete-inclusion-numerique"],
        {d: [((9, 30), (18, 0))] for d in range(1, 5)},
        "habitant@demo.terreau.localhost",
        "published",
    ),
    (
        "Grainothèque des Hauts-Cantons",
        "autre",
        "34142",
        "Médiathèque, place de l'Hôtel-de-Ville",
        ["transition-ecologique-sociale"],
        {},
        "habitante@demo.terreau.localhost",
        "proposed",
    ),
]


@transaction.atomic
def load() -> list[tuple[str, str, bool]]:
    """Create what is missing; leave what exists. Returns the demo logins."""
    communes = {t.code: t for t in Territory.objects.communes().filter(code__in=_commune_codes())}
    people = {}
    for email, name, commune_code, staff in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if staff else User.objects.create_user
            user = create(
                email, DEMO_PASSWORD, display_name=name, home_commune=communes.get(commune_code)
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people[email] = user
    themes = {t.slug: t for t in Theme.objects.all()}
    now = timezone.now()
    for name, kind, commune_code, address, theme_slugs, hours, host_email, status in PLACES:
        if commune_code not in communes or Place.objects.filter(name=name).exists():
            continue
        place = Place.objects.create(
            name=name,
            kind=kind,
            commune=communes[commune_code],
            address=address,
            description=_description(name, kind),
            status=status,
            proposed_by=people[host_email],
            published_at=now if status == "published" else None,
            rna=DIGITAL_MEDIATION.get(name, ("", ""))[0],
            digital_services=DIGITAL_MEDIATION.get(name, ("", ""))[1],
        )
        place.themes.set([themes[s] for s in theme_slugs])
        PlaceHost.objects.create(place=place, person=people[host_email])
        OpeningHours.objects.bulk_create(
            OpeningHours(
                place=place, weekday=day, opens=datetime.time(*o), closes=datetime.time(*c)
            )
            for day, slots in hours.items()
            for o, c in slots
        )
    _load_events(people, themes, now)
    _load_marathon(people, now)
    governance.load(people, now)
    calls.load(people, now)
    causes.load(people, now)
    boussole.load(people, now)
    experts = support.load(people, now, DEMO_PASSWORD)
    editorial.load(people, now)
    return [(email, name, staff) for email, name, _c, staff in PEOPLE] + experts


# title, description, capacity (None: unlimited), theme
EVENT_TEMPLATES = [
    (
        "Repair café",
        "Apportez un objet en panne : on le répare ensemble.",
        12,
        "developpement-durable",
    ),
    (
        "Atelier vélo : réparer sa chambre à air",
        "Outils et conseils fournis, venez avec votre vélo.",
        8,
        "transition-ecologique-sociale",
    ),
    (
        "Fresque du Climat",
        "Trois heures pour comprendre le dérèglement climatique, en équipe.",
        14,
        "transition-ecologique-sociale",
    ),
    (
        "Permanence numérique",
        "Aide aux démarches en ligne et prise en main d'un ordinateur.",
        6,
        "souverainete-inclusion-numerique",
    ),
    (
        "Chantier participatif au jardin",
        "Paillage, semis et goûter partagé.",
        None,
        "faire-societe",
    ),
]
# Days from today around which each place holds a session: two past, three
# to come; each place shifts them a little and picks an open slot of that day.
SESSION_DAYS = [-21, -7, 3, 10, 24]
# Days nobody holds a workshop on: the fixed French public holidays.
HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}


def _session(place, hours, around: datetime.date, index: int, length: datetime.timedelta):
    """A start and end within the place's opening hours, on the first open,
    non-holiday day from `around` (looking up to a week ahead); None when
    the place has no opening hours."""
    zone = ZoneInfo(place.commune.time_zone)
    for ahead in range(7):
        day = around + datetime.timedelta(days=ahead)
        slots = sorted(hours.get(day.weekday(), []))
        if not slots or (day.month, day.day) in HOLIDAYS:
            continue
        opens, closes = slots[index % len(slots)]
        start = datetime.datetime.combine(day, opens, zone)
        end = datetime.datetime.combine(day, closes, zone)
        # Half an hour after opening when the slot leaves room, never past closing.
        if end - start >= length + datetime.timedelta(minutes=30):
            start += datetime.timedelta(minutes=30)
        return start, min(start + length, end)
    return None


def _load_events(people, themes, now):
    """A lively agenda: past and upcoming events at every published place
    with opening hours, within those hours, on varied days, with
    registrations (nobody at two events at once), one full event with a
    waiting list, one cancelled."""
    if Event.objects.exists():
        return
    residents = [p for p in people.values() if not p.is_staff]
    busy: dict[int, list[tuple]] = {person.pk: [] for person in residents}
    places = (
        Place.objects.filter(status="published")
        .select_related("commune")
        .prefetch_related("opening_hours")
        .order_by("name")
    )
    today = timezone.localdate(now)
    for index, place in enumerate(places):
        hours: dict[int, list] = {}
        for slot in place.opening_hours.all():
            hours.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
        for number, days in enumerate(SESSION_DAYS):
            title, description, capacity, theme = EVENT_TEMPLATES[
                (index + number) % len(EVENT_TEMPLATES)
            ]
            length = datetime.timedelta(hours=3 if "Fresque" in title else 2)
            around = today + datetime.timedelta(days=days + index % 3)
            session = _session(place, hours, around, index + number, length)
            if session is None:
                continue
            starts, ends = session
            event = Event.objects.create(
                place=place,
                title=title,
                description=description,
                starts_at=starts,
                ends_at=ends,
                capacity=2 if (index, number) == (0, 2) else capacity,
                is_free=number != 4,
                price=None if number != 4 else 5,
                price_note="" if number != 4 else "Prix libre au-delà, selon vos moyens.",
                accessibility="Accès de plain-pied." if index % 2 == 0 else "",
                created_by=place.proposed_by,
            )
            event.themes.set([themes[theme]])
            full_with_waiting_list = (index, number) == (0, 2)
            registered_at = min(now, starts) - datetime.timedelta(days=1)
            wanted = 3 if starts < now or full_with_waiting_list else 2
            for person in residents:
                if wanted == 0:
                    break
                if any(s < ends and starts < e for s, e in busy[person.pk]):
                    continue  # already at another event then
                event_services.register_for_event(event=event, person=person, at=registered_at)
                busy[person.pk].append((starts, ends))
                wanted -= 1
            if (index, number) == (1, 3):
                event_services.cancel_event(
                    event=event, reason="La salle n'est plus disponible ce jour-là.", at=now
                )


def _commune_codes():
    return {p[2] for p in PLACES} | {p[2] for p in PEOPLE}


def _description(name: str, kind: str) -> str:
    return (
        f"{name} accueille les habitantes et habitants du territoire pour agir ensemble : "
        "ateliers, rencontres et coups de main. Lieu de démonstration de Terreau."
    )


MARATHON_EPCI = "248100430"  # CA de Castres Mazamet
STAGE_ONE = [
    "ressourcerie-jean",
    "ressourcerie-tshirt",
    "jardin-partage-seance",
    "journee-sans-voiture-velo",
    "venir-en-bus",
]
STAGE_TWO = [
    "repair-cafe-petit-appareil",
    "fresque-du-climat",
    "bricotheque-emprunt",
    "jardin-partage-seance",
]


def _load_marathon(people, now):
    """A marathon on a real EPCI, two stages, two teams, défis done over weeks.
    Past check-ins and défis are written as history (the services check the
    present time and rate limits, which history has no use for)."""
    epci = Territory.objects.filter(kind="epci", code=MARATHON_EPCI).first()
    challenges = {c.slug: c for c in Challenge.objects.all()}
    if (
        epci is None
        or Marathon.objects.exists()
        or not set(STAGE_ONE + STAGE_TWO) <= set(challenges)
    ):
        return
    today = timezone.localdate(now)
    marathon = Marathon.objects.create(
        territory=epci,
        title="Marathon coopératif Castres-Mazamet",
        description="Dix-huit mois pour agir ensemble sur le territoire : réemploi, mobilité, jardins, savoirs partagés.",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=60) + datetime.timedelta(days=548),
    )
    roles.appoint(people["hote@demo.terreau.localhost"], marathon.territory)
    one = Stage.objects.create(
        marathon=marathon,
        title="Étape 1 : réemploi et mobilité",
        goal=40,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=30),
    )
    one.challenges.set([challenges[s] for s in STAGE_ONE])
    two = Stage.objects.create(
        marathon=marathon,
        title="Étape 2 : réparer et apprendre",
        goal=60,
        starts_on=today + datetime.timedelta(days=31),
        ends_on=today + datetime.timedelta(days=150),
    )
    two.challenges.set([challenges[s] for s in STAGE_TWO])
    residents = [people["habitante@demo.terreau.localhost"], people["hote@demo.terreau.localhost"]]
    for person in residents:
        Participant.objects.create(marathon=marathon, person=person, show_name=True)
    teams = [
        Team.objects.create(
            marathon=marathon,
            name="Les Castors du Thoré",
            kind="neighbourhood",
            created_by=residents[0],
        ),
        Team.objects.create(
            marathon=marathon,
            name="Filature en action",
            kind="association",
            created_by=residents[1],
        ),
    ]
    for person, team in zip(residents, teams, strict=True):
        TeamMember.objects.create(team=team, marathon=marathon, person=person)
    places = {p.kind: p for p in Place.objects.filter(status="published").in_territory(epci)}
    history = [
        (residents[0], "ressourcerie-jean", "ressourcerie", 50),
        (residents[0], "jardin-partage-seance", "jardin-partage", 42),
        (residents[0], "journee-sans-voiture-velo", "tiers-lieu", 35),
        (residents[1], "ressourcerie-tshirt", "ressourcerie", 28),
        (residents[1], "venir-en-bus", "mediatheque", 21),
        (residents[1], "jardin-partage-seance", "jardin-partage", 14),
        (residents[0], "venir-en-bus", "mediatheque", 7),
    ]
    for person, slug, kind, days_ago in history:
        place = places.get(kind)
        if place is None:
            continue
        # An hour into an opening slot of that day or the next open one.
        hours: dict[int, list] = {}
        for slot in place.opening_hours.all():
            hours.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
        around = timezone.localdate(now) - datetime.timedelta(days=days_ago)
        session = _session(place, hours, around, 0, datetime.timedelta(hours=1))
        moment = session[0] if session else now - datetime.timedelta(days=days_ago)
        checkin, _created = CheckIn.objects.get_or_create(
            person=person,
            place=place,
            event=None,
            day=moment.date(),
            defaults={"source": "screen", "created_at": moment},
        )
        challenge = challenges[slug]
        team = next(t for t, p in zip(teams, residents, strict=True) if p == person)
        Completion.objects.create(
            person=person,
            challenge=challenge,
            stage=one,
            place=place,
            checkin=checkin,
            team=team,
            quantity=challenge.quantity,
            factor_key=challenge.factor_key,
            factor_version=challenge.factor_version,
            day=checkin.day,
            exclusive_group=challenge.exclusive_group,
            created_at=moment,
        )
