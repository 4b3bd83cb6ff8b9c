"""The demo's calls for applications: the first edition with its real dates
(opened 16 October 2025, laureates announced 13 January 2026; the closing
date, which the founding documents do not give, is set at 15 December 2025),
and an open second edition that visitors can try.

Applications on real territories, in every state: a draft, eligible by the
local authority, by 350 citizens, by 150 places, and not (yet) eligible. The
first edition's jury (the team's account and four fictional jurors, one of
whom lives in a territory that applied, another who declares a conflict)
scored every eligible application through the same services as the site,
and the team confirmed the 18 laureates; they are public since the
announcement date. Turning them into marathons is left to the team's
button on the ranking page, so that visitors can try it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from terreau.accounts.models import User
from terreau.calls import jury
from terreau.calls.models import (
    Application,
    Call,
    Criterion,
    Juror,
    Support,
)
from terreau.places.models import Place, PlaceHost
from terreau.territories.models import AuthorityRepresentative, Territory

PARIS = ZoneInfo("Europe/Paris")
NO_LOGIN = make_password(None)  # fictional supporters never log in
GRID = [
    ("Ancrage", "Qui agit déjà sur le territoire : lieux, associations, élu·es, habitant·es.", 3),
    ("Action physique", "Des défis qui mènent à des gestes réels, dans des lieux réels.", 3),
    ("Coopération", "Comment les acteurs se relaient pendant 18 mois.", 2),
    ("Sobriété numérique", "Le numérique questionné au regard des cinq lois.", 2),
]
TEXT = (
    "Le marathon coopératif met un territoire en action pendant 18 mois : des défis "
    "concrets, validés par la présence physique, dans les lieux qui font vivre le "
    "territoire.\n\nUne candidature est portée par une collectivité et/ou 350 "
    "habitant·es et/ou 150 lieux du territoire. 18 territoires seront retenus."
)


def _moment(year, month, day, hour=0):
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


def _call(title, opens, closes, announced):
    call = Call.objects.create(
        title=title, text=TEXT, opens_at=opens, closes_at=closes, announced_at=announced
    )
    Criterion.objects.bulk_create(
        Criterion(call=call, title=t, description=d, weight=w, position=i)
        for i, (t, d, w) in enumerate(GRID)
    )
    return call


def _carrier(territory):
    """The fictional collective that carries a territory's application."""
    return User.objects.create(
        email="porteur-%s-%s@demo.terreau.localhost" % (territory.kind, territory.code),
        display_name="Collectif de %s" % territory,
        password=NO_LOGIN,
    )


def _application(call, territory, author, at, *, submitted=True):
    application = Application.objects.create(
        call=call,
        territory=territory,
        why="%s veut relier ses lieux et ses habitant·es autour de gestes concrets." % territory,
        who="Un tiers-lieu, deux associations, la médiathèque et des habitant·es volontaires.",
        plan="Six étapes de trois mois : réparer, se déplacer, manger local, apprendre, "
        "accueillir, transmettre.",
        status=Application.Status.SUBMITTED if submitted else Application.Status.DRAFT,
        submitted_at=at if submitted else None,
    )
    application.authors.add(author)
    return application


def _citizens(application, count, at):
    """`count` fictional residents of the territory who support it."""
    commune = application.territory.communes().order_by("-population").first()
    code = application.territory.code
    people = User.objects.bulk_create(
        User(
            email="soutien-%d-%s-%d@demo.terreau.localhost" % (application.call_id, code, n),
            display_name="Soutien %d" % n,
            home_commune=commune,
            password=NO_LOGIN,
        )
        for n in range(count)
    )
    Support.objects.bulk_create(
        Support(
            application=application, call=application.call, kind="citizen", person=p, created_at=at
        )
        for p in people
    )


# The network of places behind the application carried by its places: names
# a territory's places could have, of every kind (kind, how the name begins).
PLACE_KINDS = [
    ("association", "Association"),
    ("tiers-lieu", "Tiers-lieu"),
    ("cafe-associatif", "Café associatif"),
    ("ressourcerie", "Ressourcerie"),
    ("jardin-partage", "Jardin partagé"),
    ("mediatheque", "Médiathèque"),
    ("ecole", "École"),
]
PLACE_NAMES = [
    "La Trame", "Le Comptoir", "Les Tilleuls", "La Fabrique", "L'Escale", "Le Grenier",
    "La Ruche", "Le Préau", "Les Glycines", "La Boussole", "Le Relais", "Les Semailles",
    "La Canopée", "Le Moulin", "L'Atelier du coin", "La Passerelle", "Les Lavandes",
    "Le Lavoir", "La Bobine", "Les Platanes", "Le Kiosque", "La Clairière",
]  # fmt: skip
STREETS = [
    "rue de la République", "avenue Jean-Jaurès", "place du Marché", "rue Victor-Hugo",
    "rue des Écoles", "boulevard Pasteur", "rue de la Gare", "place de l'Église",
    "chemin des Vignes", "rue du Moulin", "allée des Tilleuls",
]  # fmt: skip


def _places(application, count, at):
    """`count` published places of the territory, one network hosting them,
    all supporting: varied kinds and names, none twice."""
    commune = application.territory.communes().order_by("-population").first()
    host = User.objects.create(
        email="reseau-%s@demo.terreau.localhost" % application.territory.code,
        display_name="Réseau des lieux de %s" % application.territory,
        password=NO_LOGIN,
    )
    # Kinds in turn, names shifted by kind: no two places share a name.
    names = []
    for i in range(len(PLACE_KINDS) * len(PLACE_NAMES)):
        kind, prefix = PLACE_KINDS[i % len(PLACE_KINDS)]
        name = PLACE_NAMES[(i // len(PLACE_KINDS) + 3 * (i % len(PLACE_KINDS))) % len(PLACE_NAMES)]
        names.append((kind, "%s %s" % (prefix, name)))
    places = Place.objects.bulk_create(
        Place(
            name=name,
            kind=kind,
            description="Un lieu du réseau qui soutient la candidature de son territoire.",
            address="%d %s" % (n % 40 + 1, STREETS[n % len(STREETS)]),
            commune=commune,
            status=Place.Status.PUBLISHED,
            published_at=at,
            proposed_by=host,
        )
        for n, (kind, name) in enumerate(names[:count])
    )
    PlaceHost.objects.bulk_create(PlaceHost(place=p, person=host) for p in places)
    Support.objects.bulk_create(
        Support(
            application=application,
            call=application.call,
            kind="place",
            person=host,
            place=p,
            created_at=at,
        )
        for p in places
    )


def _authority(application, staff, at):
    code = application.territory.code
    representative = User.objects.create(
        email="collectivite-%s@demo.terreau.localhost" % code,
        display_name="Élu·e de %s" % application.territory,
        password=NO_LOGIN,
    )
    AuthorityRepresentative.objects.create(
        person=representative,
        territory=application.territory,
        role="Président·e",
        verified_by=staff,
        # Agreed to appear on the authority's page (/collectivites/…).
        show_publicly=True,
        shown_since=at,
    )
    Support.objects.create(
        application=application,
        call=application.call,
        kind="authority",
        person=representative,
        created_at=at,
    )


COMMENTS = {
    "Ancrage": [
        "Peu d'acteurs nommés.",
        "Des lieux partants, encore peu d'élu·es.",
        "Un réseau dense et déjà actif.",
    ],
    "Action physique": [
        "Des intentions plus que des gestes.",
        "Des défis concrets, à préciser.",
        "Des gestes réels dans des lieux réels.",
    ],
    "Coopération": [
        "Qui relaie qui reste flou.",
        "Un relais prévu entre deux associations.",
        "Une gouvernance partagée, déjà éprouvée.",
    ],
    "Sobriété numérique": [
        "Le numérique n'est pas questionné.",
        "Les cinq lois sont citées.",
        "Chaque outil passe par la Boussole.",
    ],
}


def _mark(a: int, j: int, c: int) -> int:
    """Application `a`'s mark from juror `j` on criterion `c`: a level proper
    to each application, give or take one; the same on every load."""
    level = 1 + (a * 7 + 3) % 5 if a % 6 else 2 + a % 4
    return max(0, min(5, level + (j * 2 + c + a) % 3 - 1))


def _jury(call, staff, lives_in):
    """Five jurors score every eligible application they may, then the team
    confirms the laureates, as on the site."""
    jurors = [Juror.objects.create(call=call, person=staff, appointed_by=staff)]
    for n, name in enumerate(["Inès Lefort", "Bastien Morel", "Nadia Cherif", "Paul Grosjean"]):
        person = User.objects.create(
            email="jury-%d@demo.terreau.localhost" % (n + 1),
            display_name=name,
            home_commune=lives_in if n == 0 else None,
            password=NO_LOGIN,
        )
        jurors.append(Juror.objects.create(call=call, person=person, appointed_by=staff))
    eligible = jury.eligible_applications(call)
    jury.declare_conflict(
        juror=jurors[2],
        application=eligible[1],
        reason="J'ai accompagné ce territoire comme consultante l'an dernier.",
        at=_moment(2025, 12, 16, 10),
    )
    criteria = list(call.criteria.all())
    for j, juror in enumerate(jurors):
        conflicts = jury.Conflicts(juror)
        for a, application in enumerate(eligible):
            if conflicts.of(application):
                continue
            marks = {}
            for c, criterion in enumerate(criteria):
                value = _mark(a, j, c)
                marks[criterion.pk] = (value, COMMENTS[criterion.title][min(2, value // 2)])
            jury.submit_review(
                juror=juror, application=application, marks=marks, at=_moment(2026, 1, 5, 18)
            )
    jury.confirm_laureates(call=call, by=staff, at=_moment(2026, 1, 9, 11))


def load(people: dict, now) -> None:
    if Call.objects.exists():
        return
    staff = people["equipe@demo.terreau.localhost"]
    awa = people["habitante@demo.terreau.localhost"]
    camille = people["hote@demo.terreau.localhost"]
    first = _call(
        "AMI marathon coopératif — première édition",
        _moment(2025, 10, 16, 9),
        _moment(2025, 12, 15, 23),
        _moment(2026, 1, 13, 20),
    )
    submitted_at = _moment(2025, 11, 20, 12)
    # The most populous intercommunalities, then three communes of the Tarn.
    epcis = list(Territory.objects.current().filter(kind="epci").order_by("-population")[:27])
    communes = list(
        Territory.objects.current()
        .communes()
        .filter(departement__code="81")
        .order_by("-population")[:3]
    )
    territories = epcis + communes
    draft, by_citizens, by_places, *rest = territories
    _application(first, draft, camille, submitted_at, submitted=False)
    _citizens(
        _application(first, by_citizens, _carrier(by_citizens), submitted_at), 350, submitted_at
    )
    _places(_application(first, by_places, _carrier(by_places), submitted_at), 150, submitted_at)
    for n, territory in enumerate(rest):
        application = _application(first, territory, _carrier(territory), submitted_at)
        if n % 4 != 3:  # three in four are carried by their local authority
            _authority(application, staff, submitted_at)
        else:
            _citizens(application, 40 + n, submitted_at)
    _jury(first, staff, lives_in=by_citizens.communes().order_by("-population").first())

    # The second edition is open: Awa's and Camille's territory applies.
    second = _call(
        "AMI marathon coopératif — deuxième édition",
        now - datetime.timedelta(days=20),
        now + datetime.timedelta(days=70),
        now + datetime.timedelta(days=110),
    )
    home_epci = awa.home_commune.epci if awa.home_commune else None
    if home_epci is not None:
        application = _application(second, home_epci, camille, now - datetime.timedelta(days=5))
        _citizens(application, 12, now - datetime.timedelta(days=2))
