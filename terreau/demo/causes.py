"""The demo's causes #çanetientplus: the twenty causes of the first gala
(13 January 2026), their supports and the published selection of ten, with a
tie that shows the rule; and an open round that visitors can try."""

import datetime
from zoneinfo import ZoneInfo

from terreau.accounts.models import User
from terreau.causes import services
from terreau.causes.models import Cause, CauseSupport, Round
from terreau.territories.models import Territory

PARIS = ZoneInfo("Europe/Paris")
TEXT = (
    "Des causes locales, proposées et soutenues par les habitant·es. Le soir du gala, "
    "la coopérative soutient les dix causes les plus soutenues, en toute transparence."
)
FIRST_GALA = [
    # title, association, RNA, supports
    (
        "Sauver la dernière épicerie du village",
        "Épicerie solidaire du Haut-Languedoc",
        "W811004321",
        61,
    ),
    ("Des toilettes publiques accessibles au marché", "Collectif Marché pour tous", "", 54),
    ("Rouvrir la ligne de bus du dimanche", "Usagers des transports du Tarn", "W812003456", 48),
    ("Un jardin partagé au pied des HLM", "Les Semeurs du quartier", "W343009876", 48),
    ("Réparer plutôt que jeter : un atelier vélo", "Roue Libre", "W343012345", 41),
    ("Protéger la ripisylve de la Peyne", "Amis de la Peyne", "W343011122", 37),
    ("Un accueil de jour pour les sans-abri", "Toit d'abord", "", 33),
    ("Des cours de français pour les nouveaux arrivants", "Parlons ensemble", "W813007788", 30),
    ("La cantine bio et locale à l'école", "Parents d'élèves de Pézenas", "", 28),
    ("Un café des aidants", "Aidants 81", "W811005566", 25),
    ("Sauvegarder le lavoir communal", "Patrimoine vivant", "", 25),
    ("Une ressourcerie dans l'ancienne gare", "Seconde Vie", "W343013344", 22),
    ("Des bancs à l'ombre sur le chemin de l'école", "Collectif Mobilité douce", "", 19),
    ("Un fablab au collège", "Les Bidouilleurs", "W812009900", 16),
    ("La fête de quartier, chaque été", "Comité des fêtes du Faubourg", "", 14),
    ("Des composteurs dans chaque rue", "Zéro Déchet Hérault", "W343014455", 12),
    ("Un local pour les jeunes", "Jeunesse en mouvement", "", 9),
    ("Nettoyer les berges de l'Agout", "Agout propre", "W811006677", 7),
    ("Une boîte à livres par quartier", "Lire partout", "", 4),
    ("Apprendre à nager aux enfants", "Nageurs solidaires", "", 2),
]
OPEN_ROUND = [
    ("Un repair café mensuel à la médiathèque", "Les Réparateurs", "W811007788"),
    ("Des paniers de légumes suspendus", "Solidarité Paysanne", ""),
    ("Éclairer le passage sous la voie ferrée", "Quartier Gare", ""),
]


def _stake(title):
    return (
        "%s : ici, des habitant·es s'en occupent déjà, avec peu de moyens. Un soutien du "
        "gala leur permettrait de tenir un an de plus et d'embarquer le voisinage." % title
    )


def load(people: dict, now) -> None:
    if Round.objects.exists():
        return
    communes = list(
        Territory.objects.current()
        .communes()
        .filter(departement__code__in=["34", "81"])
        .order_by("-population")[:12]
    )
    supporters = list(User.objects.filter(email__startswith="soutien-").order_by("pk")[:80])
    staff = people["equipe@demo.terreau.localhost"]
    gala = Round.objects.create(
        title="Gala G.I.V.E. 2026 — causes #çanetientplus",
        text=TEXT,
        closes_at=datetime.datetime(2026, 1, 6, 23, tzinfo=PARIS),
    )
    published = datetime.datetime(2025, 11, 3, 10, tzinfo=PARIS)
    for n, (title, association, rna, count) in enumerate(FIRST_GALA):
        cause = Cause.objects.create(
            round=gala,
            title=title,
            stake=_stake(title),
            territory=communes[n % len(communes)],
            association=association,
            rna=rna,
            status=Cause.Status.PUBLISHED,
            proposed_by=staff,
            created_at=published,
            # Two causes tie at 48 and two at 25: the later publication goes first.
            published_at=published + datetime.timedelta(days=n),
        )
        CauseSupport.objects.bulk_create(
            CauseSupport(cause=cause, person=p, created_at=published) for p in supporters[:count]
        )
    services.select_causes(round_=gala, at=now)

    following = Round.objects.create(
        title="Gala 2027 — causes #çanetientplus",
        text=TEXT,
        closes_at=now + datetime.timedelta(days=40),
    )
    for n, (title, association, rna) in enumerate(OPEN_ROUND):
        Cause.objects.create(
            round=following,
            title=title,
            stake=_stake(title),
            territory=communes[n],
            association=association,
            rna=rna,
            status=Cause.Status.PUBLISHED,
            proposed_by=staff,
            created_at=now - datetime.timedelta(days=3),
            published_at=now - datetime.timedelta(days=2),
        )
    Cause.objects.create(
        round=following,
        title="Un abri pour les chats errants",
        stake=_stake("Un abri pour les chats errants"),
        territory=communes[0],
        association="Félins du quartier",
        proposed_by=people["habitante@demo.terreau.localhost"],
    )  # waiting for moderation
