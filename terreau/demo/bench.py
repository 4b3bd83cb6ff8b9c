"""The France-scale data set of `make bench`, and what the load needs.

Synthetic people, places, events, marathons, check-ins and members on the real
territories, written by PostgreSQL's COPY (a million rows in seconds; one
`save()` per row would take an hour). Everything it creates is recognisable:
people's e-mails end with BENCH_DOMAIN, so the data set is found again and
reused by the next run, and `reset` removes what a load wrote.

Random choices use a fixed seed: two machines generate the same data set.
Communes are drawn in proportion to their population, so Paris has many
places and a village few, as in life.
"""

import datetime
import random
import secrets
import time

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

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
from terreau.checkins import tokens
from terreau.checkins.models import CheckIn
from terreau.core.models import OutgoingEmail, Theme
from terreau.events.models import Event, Registration
from terreau.governance.models import College, Cooperative, Member, ShareMovement
from terreau.places.models import OpeningHours, Place, PlaceHost
from terreau.territories import roles
from terreau.territories.models import Territory

BENCH_DOMAIN = "bench.terreau.invalid"

FRANCE = {
    "people": 200_000,
    "places": 30_000,
    "events": 100_000,
    "marathons": 18,
    "checkins": 1_000_000,
    "members": 5_000,
}

SEED = 2026
TEAMS_PER_MARATHON = 20
PARTICIPANTS_PER_MARATHON = 600
COMPLETIONS_PER_MARATHON = 2_000


def existing_people() -> int:
    return User.objects.filter(email__endswith="@" + BENCH_DOMAIN).count()


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY `rows` (tuples in the order of `columns`, field names) into the
    model's table. Columns left out take their field's default, computed once
    for the whole table; primary keys are given by the caller."""
    fields = [model._meta.get_field(name) for name in columns]
    now = timezone.now()
    constants = []
    for field in model._meta.concrete_fields:
        if field in fields or (field.primary_key and field.name not in columns):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        if value is None and not field.null:
            raise ValueError("%s.%s needs a value" % (model.__name__, field.name))
        constants.append((field, value))
    names = ", ".join(
        connection.ops.quote_name(f.column) for f in fields + [f for f, _ in constants]
    )
    extra = tuple(value for _field, value in constants)
    count = 0
    with connection.cursor() as cursor:
        copy_sql = "COPY %s (%s) FROM STDIN" % (
            connection.ops.quote_name(model._meta.db_table),
            names,
        )
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row + extra)
                count += 1
    return count


def next_ids(model, count: int) -> range:
    """Reserve `count` primary keys, so that rows written by COPY can be
    referred to without reading them back."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        # The table's name comes from the model, never from a request.
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM %s" % connection.ops.quote_name(table))  # noqa: S608
        start = max(cursor.fetchone()[0], 0) + 1
        cursor.execute("SELECT setval(%s, %s)", [sequence, start + count])
    return range(start, start + count)


def _weighted(rng, items, weights, count):
    return rng.choices(items, weights=weights, k=count)


@transaction.atomic
def generate(sizes: dict | None = None, log=print) -> bool:
    """Write the data set unless it is already there. Returns True if written.

    One transaction: an interrupted run leaves nothing, and the next starts
    again from the beginning."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The bench data set is written by PostgreSQL's COPY.")
    sizes = {**FRANCE, **(sizes or {})}
    if existing_people() >= sizes["people"]:
        log("Data set already there: %d bench people; reused." % existing_people())
        return False
    if existing_people():
        raise RuntimeError("A partial bench data set is there: drop the database first.")
    rng = random.Random(SEED)  # noqa: S311 - reproducible data, not a secret
    now = timezone.now()
    today = timezone.localdate()

    communes = list(
        Territory.objects.communes().values_list("id", "population", "epci_id", "time_zone")
    )
    if not communes:
        raise RuntimeError("Import the territories first: manage.py import_territories")
    commune_ids = [c[0] for c in communes]
    commune_weights = [max(c[1] or 0, 1) for c in communes]
    epci_of = {c[0]: c[2] for c in communes}
    log("%d communes" % len(communes))

    # People: an unusable password ("!"), a home commune.
    people = next_ids(User, sizes["people"])
    homes = _weighted(rng, commune_ids, commune_weights, len(people))
    copy_rows(
        User,
        ["id", "email", "display_name", "home_commune", "password", "date_joined"],
        (
            (pk, "p%d@%s" % (pk, BENCH_DOMAIN), "Personne %d" % pk, home, "!", now)
            for pk, home in zip(people, homes, strict=True)
        ),
    )
    log("%d people" % len(people))

    # Places, each with one host, opening hours on weekdays, two themes.
    places = next_ids(Place, sizes["places"])
    place_communes = _weighted(rng, commune_ids, commune_weights, len(places))
    place_hosts = [rng.choice(people) for _ in places]
    kinds = [k for k, _label in Place.Kind.choices]
    copy_rows(
        Place,
        [
            "id",
            "name",
            "kind",
            "description",
            "address",
            "commune",
            "status",
            "proposed_by",
            "created_at",
            "published_at",
        ],
        (
            (
                pk,
                "Lieu %d" % pk,
                kinds[pk % len(kinds)],
                "Un lieu du jeu de données de mesure, ouvert à toutes et tous.",
                "%d rue de la Mesure" % (pk % 200 + 1),
                commune,
                Place.Status.PUBLISHED,
                host,
                now,
                now,
            )
            for pk, commune, host in zip(places, place_communes, place_hosts, strict=True)
        ),
    )
    copy_rows(
        PlaceHost,
        ["place", "person"],
        zip(places, place_hosts, strict=True),
    )
    copy_rows(
        OpeningHours,
        ["place", "weekday", "opens", "closes"],
        (
            (pk, day, datetime.time(9), datetime.time(18))
            for pk in places
            for day in range(5)  # Monday to Friday
        ),
    )
    theme_ids = list(Theme.objects.values_list("id", flat=True))
    copy_rows(
        Place.themes.through,
        ["place", "theme"],
        ((pk, t) for pk in places for t in rng.sample(theme_ids, min(2, len(theme_ids)))),
    )
    log("%d places" % len(places))

    # Events: a year past, six months ahead; most need a registration.
    events = next_ids(Event, sizes["events"])
    event_places = [rng.choice(places) for _ in events]
    host_of = dict(zip(places, place_hosts, strict=True))

    def event_row(pk, place):
        starts = now + datetime.timedelta(minutes=rng.randint(-365 * 24 * 60, 180 * 24 * 60))
        starts = starts.replace(second=0, microsecond=0)
        capacity = None if rng.random() < 0.4 else rng.randint(10, 200)
        return (
            pk,
            place,
            "Atelier %d" % pk,
            "Un événement du jeu de données de mesure.",
            starts,
            starts + datetime.timedelta(hours=2),
            capacity,
            rng.random() < 0.8,
            Event.Status.SCHEDULED,
            host_of[place],
            now,
        )

    copy_rows(
        Event,
        [
            "id",
            "place",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_required",
            "status",
            "created_by",
            "created_at",
        ],
        (event_row(pk, place) for pk, place in zip(events, event_places, strict=True)),
    )
    copy_rows(
        Event.themes.through,
        ["event", "theme"],
        ((pk, rng.choice(theme_ids)) for pk in events),
    )
    log("%d events" % len(events))

    # Marathons on the intercommunalities with the most places.
    places_by_epci = {}
    for pk, commune in zip(places, place_communes, strict=True):
        if epci_of[commune]:
            places_by_epci.setdefault(epci_of[commune], []).append(pk)
    epcis = sorted(places_by_epci, key=lambda e: -len(places_by_epci[e]))[: sizes["marathons"]]
    challenges = list(Challenge.objects.filter(is_published=True))
    people_by_epci = {}
    for pk, home in zip(people, homes, strict=True):
        if epci_of[home] in epcis:
            people_by_epci.setdefault(epci_of[home], []).append(pk)
    territories = Territory.objects.in_bulk(epcis)
    # Défis relevés rest on check-ins, which count in sizes["checkins"].
    per_marathon = min(
        COMPLETIONS_PER_MARATHON, sizes["checkins"] // (20 * max(sizes["marathons"], 1))
    )
    completion_checkins = []  # (person, place, day) the completions refer to
    completions = []
    team_kinds = [k for k, _label in Team.Kind.choices]
    for epci in epcis:
        marathon = Marathon.objects.create(
            territory=territories[epci],
            title="Marathon de %s" % territories[epci].name,
            description="Un marathon du jeu de données de mesure.",
            starts_on=today - datetime.timedelta(days=90),
            ends_on=today + datetime.timedelta(days=450),
        )
        residents = people_by_epci.get(epci) or list(people[:1000])
        cast = rng.sample(residents, min(PARTICIPANTS_PER_MARATHON, len(residents)))
        roles.appoint(cast[0], marathon.territory)
        stage = Stage.objects.create(
            marathon=marathon,
            title="Première étape",
            starts_on=marathon.starts_on,
            ends_on=today + datetime.timedelta(days=90),
            goal=COMPLETIONS_PER_MARATHON * 2,
        )
        stage.challenges.set(challenges)
        teams = Team.objects.bulk_create(
            Team(
                marathon=marathon,
                name="Équipe %d" % (n + 1),
                kind=team_kinds[n % len(team_kinds)],
                created_by_id=cast[n],
            )
            for n in range(min(TEAMS_PER_MARATHON, len(cast)))
        )
        Participant.objects.bulk_create(Participant(marathon=marathon, person_id=p) for p in cast)
        team_of = {p: teams[n % len(teams)] for n, p in enumerate(cast[: len(cast) * 2 // 3])}
        TeamMember.objects.bulk_create(
            TeamMember(team=team, marathon=marathon, person_id=p) for p, team in team_of.items()
        )
        local_places = places_by_epci[epci]
        seen = set()
        for _ in range(per_marathon):
            person, place = rng.choice(cast), rng.choice(local_places)
            challenge = rng.choice(challenges)
            # Yesterday at the latest: a row at noon today would lie in the
            # future of a morning run, and `reset` would take it for the load's.
            day = today - datetime.timedelta(days=rng.randint(1, 90))
            # The plausibility rules: once per place and stage, once a day,
            # one défi of an exclusive group a day.
            rules = [(person, challenge.pk, place), (person, challenge.pk, day)]
            if challenge.exclusive_group:
                rules.append((person, challenge.exclusive_group, day))
            if seen.intersection(rules):
                continue
            seen.update(rules)
            completion_checkins.append((person, place, day))
            completions.append((person, challenge, stage, place, team_of.get(person)))
    log("%d marathons, %d défis relevés" % (len(epcis), len(completions)))

    # Check-ins: the completions' own, then people at places on past days.
    keys = set()
    rows = []
    for person, place, day in completion_checkins:
        if (person, place, day) not in keys:
            keys.add((person, place, day))
            rows.append((person, place, day))
    while len(rows) < sizes["checkins"]:
        key = (
            rng.choice(people),
            rng.choice(places),
            today - datetime.timedelta(rng.randint(1, 365)),
        )
        if key not in keys:
            keys.add(key)
            rows.append(key)
    checkin_ids = next_ids(CheckIn, len(rows))
    checkin_of = {}
    noon = datetime.time(12)
    zone = timezone.get_current_timezone()
    copy_rows(
        CheckIn,
        ["id", "person", "place", "source", "day", "created_at"],
        (
            (
                pk,
                person,
                place,
                CheckIn.Source.POSTER if pk % 3 else CheckIn.Source.SCREEN,
                day,
                datetime.datetime.combine(day, noon, tzinfo=zone),
            )
            for pk, (person, place, day) in zip(checkin_ids, rows, strict=True)
        ),
    )
    for pk, key in zip(checkin_ids, rows, strict=True):
        if len(checkin_of) == len(completion_checkins):
            break
        checkin_of[key] = pk
    log("%d check-ins" % len(rows))
    copy_rows(
        Completion,
        [
            "person",
            "challenge",
            "stage",
            "place",
            "checkin",
            "team",
            "quantity",
            "factor_key",
            "factor_version",
            "day",
            "exclusive_group",
            "created_at",
        ],
        (
            (
                person,
                challenge.pk,
                stage.pk,
                place,
                checkin_of[key],
                team.pk if team else None,
                challenge.quantity,
                challenge.factor_key,
                challenge.factor_version,
                key[2],
                challenge.exclusive_group,
                datetime.datetime.combine(key[2], noon, tzinfo=zone),
            )
            for key, (person, challenge, stage, place, team) in zip(
                completion_checkins, completions, strict=True
            )
        ),
    )

    # Members of the cooperative, each with one share in the register.
    cooperative = Cooperative.load()
    colleges = list(College.objects.values_list("id", flat=True))
    recorder = User.objects.filter(is_staff=True).order_by("pk").first() or User.objects.get(
        pk=people[0]
    )
    first_number = (
        Member.objects.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    members = next_ids(Member, sizes["members"])
    copy_rows(
        Member,
        ["id", "person", "number", "college", "legal_name", "postal_address", "admitted_on"],
        (
            (
                pk,
                person,
                first_number + n,
                colleges[n % len(colleges)],
                "Personne %d" % person,
                "%d rue de la Mesure" % (n + 1),
                today - datetime.timedelta(days=n % 300),
            )
            for n, (pk, person) in enumerate(zip(members, people, strict=False))
        ),
    )
    copy_rows(
        ShareMovement,
        ["member", "kind", "shares", "unit_price", "occurred_on", "recorded_by", "recorded_at"],
        (
            (
                pk,
                ShareMovement.Kind.SUBSCRIPTION,
                cooperative.minimum_shares,
                cooperative.share_price,
                today - datetime.timedelta(days=n % 300),
                recorder.pk,
                now,
            )
            for n, pk in enumerate(members)
        ),
    )
    log("%d members" % len(members))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def plan(*, origin: str, pool: int = 2_000, samples: int = 200, log=print) -> dict:
    """What the load generator requests: URLs of each page kind drawn from the
    data set, signed-in sessions of bench people (the POSTs), presence codes
    valid for the next five minutes at least. The POSTs never repeat a
    (person, place) or (person, event) pair, so each one writes."""
    now = timezone.now()
    places = list(
        Place.objects.filter(
            status=Place.Status.PUBLISHED, proposed_by__email__endswith=BENCH_DOMAIN
        )
        .order_by("?")
        .values_list("pk", flat=True)[:samples]
    )
    territories = list(
        Territory.objects.filter(
            pk__in=Place.objects.filter(pk__in=places).values("commune")
        ).values_list("kind", "code")
    )
    territories += list(
        Territory.objects.filter(marathons__isnull=False).distinct().values_list("kind", "code")
    )
    upcoming = Event.objects.filter(
        starts_at__gt=now, status=Event.Status.SCHEDULED, place__in=Place.objects.all()
    )
    events = list(upcoming.order_by("?").values_list("pk", flat=True)[:samples])
    gets = {
        "home": ["/"],
        "territory": ["/territoires/%s/%s/" % t for t in territories],
        "agenda": ["/agenda/"] + ["/territoires/%s/%s/agenda/" % t for t in territories],
        "place": ["/lieux/%d/" % pk for pk in places],
        "event": ["/agenda/%d/" % pk for pk in events],
        "marathon": ["/marathons/%d/" % pk for pk in Marathon.objects.values_list("pk", flat=True)],
        "defi": [
            "/defis/%s/" % s
            for s in Challenge.objects.filter(is_published=True).values_list("slug", flat=True)
        ],
        "ical": ["/territoires/%s/%s/agenda.ics" % t for t in territories]
        + ["/lieux/%d/agenda.ics" % pk for pk in places],
    }
    people = list(
        User.objects.filter(email__endswith="@" + BENCH_DOMAIN)
        .exclude(member__isnull=False)
        .order_by("?")
        .values_list("pk", "password")[:pool]
    )
    sessions = [_session(pk, password) for pk, password in people]
    log("%d sessions" % len(sessions))
    # Ten distinct places per person: under the check-in rate limit of an hour.
    presence_places = list(
        Place.objects.filter(status=Place.Status.PUBLISHED)
        .order_by("?")
        .values_list("pk", flat=True)[: pool * 10]
    )
    csrf = secrets.token_hex(16)  # 32 characters, the form Django keeps in its cookie
    checkin_requests = []
    for n, place in enumerate(presence_places):
        token = tokens.sign(tokens.screen_claim(place_id=place, at=now))
        checkin_requests.append(("/presence/%s/" % token, sessions[n % len(sessions)]))
    register_events = list(
        upcoming.filter(registration_required=True)
        .order_by("?")
        .values_list("pk", flat=True)[: pool * 10]
    )
    register_requests = [
        ("/agenda/%d/inscription/" % pk, sessions[n % len(sessions)])
        for n, pk in enumerate(register_events)
    ]
    return {
        "origin": origin,
        "csrf": csrf,
        "started_at": now.isoformat(),
        "people": [pk for pk, _ in people],
        "sessions": sessions,
        "gets": gets,
        "posts": {"checkin": checkin_requests, "register": register_requests},
        "valid_until": (now + datetime.timedelta(minutes=5)).isoformat(),
    }


def _session(person_pk: int, password: str) -> str:
    """A signed-in session, as django.contrib.auth.login would write it."""
    user = User(pk=person_pk, password=password)
    session = SessionStore()
    session[SESSION_KEY] = str(person_pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@transaction.atomic
def reset(*, people: list[int], sessions: list[str], since: datetime.datetime) -> dict:
    """Remove what a load wrote (check-ins, registrations, sessions), so the
    data set stays the one generated and the next run measures the same."""
    written = CheckIn.objects.filter(person__in=people, created_at__gte=since)
    Completion.objects.filter(checkin__in=written).delete()  # the défis those check-ins validated
    checkins = written.delete()[0]
    registrations = Registration.objects.filter(person__in=people, created_at__gte=since)
    touched = list(registrations.values_list("event", flat=True).distinct())
    removed = registrations.delete()[0]
    # Seat counters come back to the confirmed registrations that remain.
    for event in Event.objects.filter(pk__in=touched).annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        )
    ):
        Event.objects.filter(pk=event.pk).update(seats_taken=event.confirmed)
    SessionStore.get_model_class().objects.filter(session_key__in=sessions).delete()
    return {"checkins": checkins, "registrations": removed}


def time_cancellation(*, registrants: int) -> dict:
    """A host cancels an event with `registrants` people registered, through
    the whole middleware stack (Django's test client, in this process): how
    long the request takes, and how many e-mails it queued (none is sent
    from the request). Everything it wrote is removed afterwards."""
    place = Place.objects.published().filter(hosts__isnull=False).order_by("pk").first()
    host = place.hosts.order_by("pk").first().person
    people = list(User.objects.exclude(pk=host.pk).order_by("pk")[:registrants])
    started_at = timezone.now()
    event = Event.objects.create(
        place=place,
        title="Banc d'essai : annulation",
        description="Mesure de make bench, retirée aussitôt.",
        starts_at=started_at + datetime.timedelta(days=30),
        ends_at=started_at + datetime.timedelta(days=30, hours=2),
        capacity=registrants,
        seats_taken=len(people),
        created_by=host,
    )
    Registration.objects.bulk_create(
        Registration(event=event, person=person, status=Registration.Status.CONFIRMED)
        for person in people
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(host)
    try:
        began = time.monotonic()
        response = client.post(
            reverse("events:cancel", args=[event.pk]),
            {"reason": "Mesure du banc d'essai."},
            secure=True,
        )
        seconds = time.monotonic() - began
        queued = OutgoingEmail.objects.filter(cause__startswith="event-cancelled:%d:" % event.pk)
        figures = {
            "registrants": len(people),
            "status": response.status_code,
            "seconds": round(seconds, 3),
            "queued": queued.count(),
            "sent": queued.filter(status=OutgoingEmail.Status.SENT).count(),
        }
    finally:
        OutgoingEmail.objects.filter(cause__startswith="event-cancelled:%d:" % event.pk).delete()
        DBTaskResult.objects.filter(enqueued_at__gte=started_at).delete()
        event.delete()
        client.logout()
    return figures
