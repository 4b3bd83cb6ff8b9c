"""The demo cooperative: five colleges, 60 members, a past general assembly
with published results (one secret ballot), an assembly open for voting, and
an open consultation on a decree of the fourth law.

Everything goes through the services, with past dates where history needs
them, so the register and the audit trail are those a real year would leave.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from terreau.accounts.models import User
from terreau.boussole import founding
from terreau.governance import laws, services
from terreau.governance.models import (
    Amendment,
    Assembly,
    AssemblyDocument,
    College,
    Comment,
    Consultation,
    Cooperative,
    Decree,
    Law,
    Resolution,
    Statutes,
)
from terreau.places.models import Place
from terreau.territories.models import Territory

from .pdf import one_page_pdf

COLLEGES = [
    # name, who, weight (%), members in the demo
    ("Fondateurs", "Les personnes et structures qui ont créé la SCIC.", 20, 6),
    ("Salariés", "Les salariés de la coopérative.", 10, 4),
    ("Citoyens", "Les habitantes et habitants des territoires.", 35, 35),
    ("Lieux", "Les tiers-lieux, ressourceries, jardins et autres lieux.", 20, 10),
    ("Collectivités", "Les communes, intercommunalités et départements.", 15, 5),
]
FIRST_NAMES = [
    "Louise",
    "Gabriel",
    "Jade",
    "Raphaël",
    "Emma",
    "Léo",
    "Alice",
    "Louis",
    "Chloé",
    "Arthur",
    "Lina",
    "Jules",
    "Rose",
    "Adam",
    "Léa",
    "Hugo",
    "Anna",
    "Nathan",
    "Inès",
    "Paul",
    "Mila",
    "Sacha",
    "Julia",
    "Tom",
    "Zoé",
    "Noé",
    "Lou",
    "Malo",
    "Nina",
    "Yanis",
]


def seeded(seed: int) -> random.Random:
    # The same demo every time: a seeded generator, not a secret.
    return random.Random(seed)  # noqa: S311


DECREE_TEXT = (
    "Toute page d'un service numérique de la coopérative tient, avec sa feuille de style, "
    "en 14 Ko compressés ; elle fonctionne sans JavaScript et ne demande rien à une autre origine."
)


def load(people: dict, now) -> None:
    if College.objects.exists():
        return
    laws.seed(Law)
    # How to pay for shares: demonstration details (the IBAN is the example of
    # the Banque de France's documentation, not an account).
    Cooperative.objects.update_or_create(
        pk=1,
        defaults={
            "payee": "SCIC Terreau (démonstration)",
            "iban": "FR7630006000011234567890189",
            "bic": "AGRIFRPP",
            "cheque_address": "SCIC Terreau — démonstration\n2 place de la Mairie\n34120 Pézenas",
            "contact_email": "adhesion@demo.terreau.localhost",
        },
    )
    today = timezone.localdate(now)
    staff = people["equipe@demo.terreau.localhost"]
    colleges = [
        College.objects.create(name=name, description=who, weight=Decimal(weight), position=i)
        for i, (name, who, weight, _n) in enumerate(COLLEGES)
    ]
    statutes = Statutes(title="Statuts de la SCIC Terreau", adopted_on=datetime.date(2026, 1, 13))
    statutes.file.save(
        "statuts-demo.pdf",
        ContentFile(
            one_page_pdf(
                [
                    "Statuts de la SCIC Terreau (demonstration)",
                    "Article 1 - Objet : un numerique au service du vivant et des territoires.",
                    "Article 9 - Colleges : fondateurs, salaries, citoyens, lieux, collectivites.",
                    "Article 12 - Une personne, une voix, dans son college.",
                ]
            )
        ),
        save=True,
    )
    members = _admit_members(people, colleges, staff, today, now)
    _founding_assembly(members, now)
    past = _past_assembly(members, now)
    _open_assembly(members, now)
    _consultation(staff, members, past, today)


def _admit_members(people, colleges, staff, today, now):
    rng = seeded(2026)
    communes = list(
        Territory.objects.communes()
        .filter(departement__code__in=["81", "34"])
        .order_by("code")[:40]
    )
    persons = [
        people["habitante@demo.terreau.localhost"],
        people["habitant@demo.terreau.localhost"],
    ]
    for n in range(58):
        email = "societaire-%02d@demo.terreau.localhost" % (n + 1)
        person = User.objects.filter(email=email).first() or User.objects.create_user(
            email,
            None,
            display_name="%s %s." % (FIRST_NAMES[n % len(FIRST_NAMES)], chr(65 + n % 26)),
            home_commune=rng.choice(communes) if communes and n % 7 else None,
        )
        persons.append(person)
    slots = [
        college for college, row in zip(colleges, COLLEGES, strict=True) for _ in range(row[3])
    ]
    members = []
    for i, (person, college) in enumerate(zip(persons, slots, strict=True)):
        application = services.apply_for_membership(
            person=person,
            college=college,
            shares=rng.choice([1, 1, 1, 2, 5, 10]),
            legal_name=person.display_name,
            postal_address="Adresse de démonstration",
            show_name=i % 3 == 0,
            accepts_statutes=True,
        )
        paid_on = today - datetime.timedelta(days=200 - i)
        members.append(
            services.record_payment(
                application=application,
                recorded_by=staff,
                paid_on=paid_on,
                reference="VIR-DEMO-%03d" % (i + 1),
                now=now - datetime.timedelta(days=200 - i),
            )
        )
    services.record_movement(
        member=members[10],
        kind="transfer_out",
        shares=1,
        counterpart=members[11],
        occurred_on=today - datetime.timedelta(days=100),
        reference="Acte de cession DEMO-1",
        recorded_by=staff,
        now=now - datetime.timedelta(days=100),
    )
    return members


def _founding_assembly(members, now):
    """Ninety days ago, the members adopted the Boussole's founding set of
    decrees (terreau/boussole/founding.py), one resolution per decree."""
    rng = seeded(17)
    closes = _local(timezone.localdate(now) - datetime.timedelta(days=90), 18)
    assembly = Assembly.objects.create(
        kind=Assembly.Kind.ORDINARY,
        title="Assemblée générale : le socle de la Boussole des cinq lois",
        starts_at=closes + datetime.timedelta(minutes=30),
        place=Place.objects.filter(name="La Filature partagée").first(),
        online="Vote en ligne sur Terreau ; séance dans les lieux du réseau.",
        voting_opens_at=closes - datetime.timedelta(days=10),
        voting_closes_at=closes,
    )
    resolutions = founding.resolutions_for(assembly, 1, Resolution, Law)
    services.convene(assembly=assembly, now=closes - datetime.timedelta(days=25))
    for i, member in enumerate(members):
        if rng.random() < 0.3:
            continue
        services.cast_votes(
            assembly=assembly,
            person=member.person,
            on_behalf_of=member.number,
            choices={
                r.pk: "pour" if rng.random() < 0.9 else rng.choice(["contre", "abstention"])
                for r in resolutions
            },
            now=closes - datetime.timedelta(days=4, minutes=i),
        )
    services.publish_results(assembly=assembly, now=closes + datetime.timedelta(hours=1))


def _past_assembly(members, now):
    rng = seeded(13)
    # The vote closes at 18:00, forty days ago; the session follows at 18:30.
    closes = _local(timezone.localdate(now) - datetime.timedelta(days=40), 18)
    assembly = Assembly.objects.create(
        kind=Assembly.Kind.ORDINARY,
        title="Assemblée générale ordinaire 2026",
        starts_at=closes + datetime.timedelta(minutes=30),
        place=Place.objects.filter(name="La Filature partagée").first(),
        online="Retransmission dans les lieux du réseau ; vote en ligne sur Terreau.",
        voting_opens_at=closes - datetime.timedelta(days=10),
        voting_closes_at=closes,
    )
    AssemblyDocument.objects.create(
        assembly=assembly,
        title="Rapport d'activité 2025",
        file=ContentFile(
            one_page_pdf(["Rapport d'activite 2025 (demonstration)"]), name="rapport-2025.pdf"
        ),
    )
    resolutions = [
        Resolution.objects.create(
            assembly=assembly,
            number=1,
            title="Approbation des comptes de l'exercice 2025",
            text="L'assemblée approuve les comptes de l'exercice clos le 31 décembre 2025.",
        ),
        Resolution.objects.create(
            assembly=assembly,
            number=2,
            title="Adoption du décret « Sobriété des pages » (loi 4)",
            text="L'assemblée adopte le décret suivant, issu de la consultation ouverte en 2026.",
            is_secret=True,
            decree_law=Law.objects.get(number=4),
            decree_title="Sobriété des pages",
            decree_text=DECREE_TEXT,
        ),
        Resolution.objects.create(
            assembly=assembly,
            number=3,
            title="Porter la valeur de la part sociale à 50 €",
            text="L'assemblée porte la valeur nominale de la part de 20 € à 50 €.",
        ),
    ]
    services.convene(assembly=assembly, now=closes - datetime.timedelta(days=25))
    services.give_proxy(
        assembly=assembly,
        person=members[20].person,
        holder_number=members[21].number,
        now=closes - datetime.timedelta(days=9),
    )
    leanings = [("pour", 0.85), ("pour", 0.8), ("pour", 0.3)]
    for i, member in enumerate(members):
        if i == 20 or rng.random() < 0.25:  # gave a proxy, or did not vote
            continue
        for voice in [member] + ([members[20]] if i == 21 else []):
            choices = {}
            for resolution, (_pour, p) in zip(resolutions, leanings, strict=True):
                draw = rng.random()
                choices[resolution.pk] = (
                    "pour"
                    if draw < p
                    else "contre"
                    if draw < 0.93
                    else rng.choice(["abstention", "blanc"])
                )
            services.cast_votes(
                assembly=assembly,
                person=member.person,
                on_behalf_of=voice.number,
                choices=choices,
                now=closes - datetime.timedelta(days=5, minutes=i),
            )
    services.publish_results(assembly=assembly, now=closes + datetime.timedelta(hours=1))
    return assembly


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A time of day in the cooperative's time zone."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), timezone.get_current_timezone()
    )


def _open_assembly(members, now):
    # The vote opened yesterday at 9:00 and closes in ten days at 18:00; the
    # session is that evening at 18:30; it was convened 19 days before the vote.
    today = timezone.localdate(now)
    opens = _local(today - datetime.timedelta(days=1), 9)
    closes = _local(today + datetime.timedelta(days=10), 18)
    assembly = Assembly.objects.create(
        kind=Assembly.Kind.EXTRAORDINARY,
        title="Assemblée générale extraordinaire : ouvrir un collège aux associations",
        starts_at=closes + datetime.timedelta(minutes=30),
        place=Place.objects.filter(name="La Filature partagée").first(),
        online="Vote en ligne sur Terreau jusqu'à la séance.",
        voting_opens_at=opens,
        voting_closes_at=closes,
    )
    Resolution.objects.create(
        assembly=assembly,
        number=1,
        title="Modification de l'article 9 des statuts",
        text=(
            "L'assemblée crée un sixième collège, « Associations », et répartit les poids ainsi : "
            "fondateurs 15 %, salariés 10 %, citoyens 30 %, lieux 20 %, collectivités 15 %, "
            "associations 10 %."
        ),
        is_secret=True,
    )
    services.convene(assembly=assembly, now=opens - datetime.timedelta(days=19))
    rng = seeded(7)
    for i, member in enumerate(members[2:30]):
        if rng.random() < 0.5:
            services.cast_votes(
                assembly=assembly,
                person=member.person,
                on_behalf_of=member.number,
                choices={assembly.resolutions.get().pk: rng.choice(["pour", "pour", "contre"])},
                # Yesterday, between 9:00 and 20:40.
                now=opens + datetime.timedelta(minutes=25 * i),
            )


def _consultation(staff, members, past, today):
    decree = Decree.objects.filter(law__number=4).first()
    consultation = Consultation.objects.create(
        title="Révision du décret « Sobriété des pages » : compter aussi les images",
        text=(
            DECREE_TEXT + " Les images d'une page comptent dans ce poids ; une image n'est chargée "
            "que si la personne la demande."
        ),
        law=decree.law if decree else Law.objects.get(number=4),
        decree=decree,
        author=staff,
        closes_on=today + datetime.timedelta(days=20),
    )
    first = Amendment.objects.create(
        consultation=consultation,
        author=members[5].person,
        proposal="Préciser : « une image de moins de 2 Ko peut être chargée d'emblée ».",
        reason="Les pictogrammes utiles à la compréhension ne doivent pas demander un clic.",
    )
    second = Amendment.objects.create(
        consultation=consultation,
        author=members[12].person,
        proposal="Supprimer la limite de 14 Ko pour les pages de médias.",
        reason="Les vidéos des territoires pèsent plus lourd.",
    )
    Amendment.objects.create(
        consultation=consultation,
        author=members[30].person,
        proposal="Ajouter : « la page indique le poids de chaque image avant son chargement ».",
    )
    services.answer_amendment(
        amendment=first,
        person=staff,
        status=Amendment.Status.MERGED,
        answer="Intégré au texte révisé.",
    )
    services.answer_amendment(
        amendment=second,
        person=staff,
        status=Amendment.Status.REJECTED,
        answer="Les vidéos se chargent au clic et ne comptent pas dans la page ; la limite reste.",
    )
    for member in members[:9]:
        services.toggle_support(amendment=first, person=member.person)
    for member in members[40:43]:
        services.toggle_support(amendment=second, person=member.person)
    Comment.objects.create(
        consultation=consultation,
        author=members[7].person,
        text="Merci : cela rendra le site utilisable avec un forfait limité.",
    )
    Comment.objects.create(
        consultation=consultation,
        amendment=second,
        author=members[13].person,
        text="Je préfère garder la limite, quitte à proposer un lien vers la vidéo.",
    )
