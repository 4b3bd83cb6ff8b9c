"""The open datasets: what Terreau publishes for reuse, each with a Table
Schema (frictionless), in CSV and JSON, under the Licence Ouverte 2.0.

Nothing personal is in any of them: no person, no display name, no e-mail,
only what is already public on the pages (places, events, défis, factors)
and collective counts (`tests/opendata/` checks both, and validates every
file with frictionless against its schema).
"""

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from terreau.boussole.models import Assessment
from terreau.calls import eligibility
from terreau.calls.models import Application
from terreau.causes.models import Cause
from terreau.challenges import factors
from terreau.challenges.models import Challenge, Completion, Marathon
from terreau.checkins.models import CheckIn
from terreau.events.models import Event
from terreau.governance.models import Resolution
from terreau.places import mednum
from terreau.places.models import Place

LICENCE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence version 2.0",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema: string, integer, number, boolean, date, datetime
    description: str
    required: bool = False


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: list[Column]
    rows: Callable[[], Iterable[dict]]
    primary_key: list[str] = field(default_factory=list)

    def schema(self) -> dict:
        schema = {
            "fields": [
                {
                    "name": c.name,
                    "type": c.type,
                    "description": c.description,
                    **({"constraints": {"required": True}} if c.required else {}),
                }
                for c in self.columns
            ],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        return schema


@dataclass(frozen=True)
class StandardDataset(Dataset):
    """A dataset published in a national standard: its Table Schema is the
    standard's own, fields and constraints as published."""

    standard: dict = field(default_factory=dict)

    def schema(self) -> dict:
        return {
            "fields": self.standard["fields"],
            "missingValues": [""],
            "primaryKey": self.primary_key,
        }


def cell(value):
    """A value as the CSV and the JSON write it (Table Schema's lexical forms)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def url(path: str) -> str:
    return settings.SITE_URL + path


def _places():
    for place in (
        Place.objects.published()
        .select_related("commune__departement")
        .prefetch_related("themes")
        .order_by("pk")
    ):
        yield {
            "id": place.pk,
            "nom": place.name,
            "type": place.get_kind_display(),
            "adresse": place.address,
            "code_postal": place.postcode,
            "commune": place.commune.name,
            "code_insee": place.commune.code,
            "departement": place.commune.departement.code if place.commune.departement else "",
            "latitude": place.latitude,
            "longitude": place.longitude,
            "site_web": place.website,
            "themes": " ; ".join(t.name for t in place.themes.all()),
            "url": url(place.get_absolute_url()),
        }


def _events():
    for event in (
        Event.objects.visible()
        .upcoming(timezone.now())
        .select_related("place__commune")
        .order_by("starts_at", "pk")
    ):
        yield {
            "id": event.pk,
            "titre": event.title,
            "debut": event.starts_at,
            "fin": event.ends_at,
            "fuseau_horaire": event.time_zone.key,
            "lieu_id": event.place_id,
            "lieu": event.place.name,
            "commune": event.place.commune.name,
            "code_insee": event.place.commune.code,
            "inscription": event.registration_required,
            "places": event.capacity,
            "places_prises": event.seats_taken if event.registration_required else None,
            "gratuit": event.is_free,
            "annule": event.is_cancelled,
            "url": url(event.get_absolute_url()),
        }


def _challenges():
    for challenge in (
        Challenge.objects.filter(is_published=True).select_related("theme").order_by("slug")
    ):
        factor = factors.table().get((challenge.factor_key, challenge.factor_version))
        yield {
            "identifiant": challenge.slug,
            "titre": challenge.title,
            "theme": challenge.theme.name if challenge.theme else "",
            "validation": challenge.get_validation_display(),
            "quantite": challenge.quantity,
            "facteur": challenge.factor_key,
            "version_du_facteur": challenge.factor_version,
            "impact_par_defi": factor.value * challenge.quantity if factor else None,
            "unite": factor.unit.split(" par ", 1)[0] if factor else "",
            "url": url(challenge.get_absolute_url()),
        }


def _factors():
    for (key, version), factor in sorted(factors.table().items()):
        yield {
            "cle": key,
            "version": version,
            "valeur": factor.value,
            "unite": factor.unit,
            "perimetre": factor.scope,
            "source": factor.source,
            "reference": factor.reference,
            "annee": factor.year,
        }


def _marathons():
    marathons = Marathon.objects.select_related("territory").annotate(
        participant_count=Count("participants", distinct=True),
        team_count=Count("teams", distinct=True),
    )
    done = dict(
        Completion.objects.values_list("stage__marathon").annotate(n=Count("pk")).order_by()
    )
    for marathon in marathons.order_by("pk"):
        yield {
            "id": marathon.pk,
            "titre": marathon.title,
            "territoire": marathon.territory.name,
            "type_de_territoire": marathon.territory.get_kind_display(),
            "code_du_territoire": marathon.territory.code,
            "debut": marathon.starts_on,
            "fin": marathon.ends_on,
            "participants": marathon.participant_count,
            "equipes": marathon.team_count,
            "defis_releves": done.get(marathon.pk, 0),
            "url": url(marathon.get_absolute_url()),
        }


def _territories():
    """Communes with a published place: their places, presences and défis."""
    places = dict(
        Place.objects.published().values_list("commune").annotate(n=Count("pk")).order_by()
    )
    presences = dict(
        CheckIn.objects.values_list("place__commune").annotate(n=Count("pk")).order_by()
    )
    done = dict(Completion.objects.values_list("place__commune").annotate(n=Count("pk")).order_by())
    from terreau.territories.models import Territory

    for commune in Territory.objects.filter(pk__in=places).order_by("code"):
        yield {
            "code_insee": commune.code,
            "commune": commune.name,
            "lieux_publies": places.get(commune.pk, 0),
            "presences": presences.get(commune.pk, 0),
            "defis_releves": done.get(commune.pk, 0),
            "url": url(commune.get_absolute_url()),
        }


def _assembly_results():
    resolutions = (
        Resolution.objects.exclude(result=None)
        .select_related("assembly")
        .order_by("assembly__voting_opens_at", "number")
    )
    for resolution in resolutions:
        result = resolution.result
        yield {
            "assemblee": str(resolution.assembly),
            "date": resolution.assembly.voting_opens_at,
            "numero": resolution.number,
            "titre": resolution.title,
            "scrutin": "secret" if resolution.is_secret else "public",
            "votes": result.get("votes"),
            "resultat_pondere": result.get("result") or "",
            "adoptee": bool(result.get("adopted")),
            "quorum_atteint": bool(result.get("quorum", {}).get("reached", True)),
            "url": url(resolution.assembly.get_absolute_url()),
        }


def _supports():
    applications = (
        Application.objects.exclude(status=Application.Status.DRAFT)
        .select_related("call", "territory")
        .with_support_counts()
        .order_by("call__opens_at", "pk")
    )
    for application in applications:
        counts = eligibility.Counts(
            citizens=application.citizen_count,
            places=application.place_count,
            authority=application.authority_count > 0,
        )
        routes = eligibility.routes(
            counts,
            citizen_threshold=application.call.citizen_threshold,
            place_threshold=application.call.place_threshold,
        )
        yield {
            "appel": str(application.call),
            "candidature_id": application.pk,
            "territoire": application.territory.name,
            "code_du_territoire": application.territory.code,
            "soutiens_habitants": application.citizen_count,
            "soutiens_lieux": application.place_count,
            "soutien_collectivite": application.authority_count > 0,
            "eligible": bool(routes),
            "url": url(application.get_absolute_url()),
        }


def _causes():
    causes = (
        Cause.objects.filter(rank__isnull=False)
        .select_related("round", "territory")
        .order_by("round__closes_at", "rank")
    )
    for cause in causes:
        yield {
            "session": str(cause.round),
            "rang": cause.rank,
            "cause": cause.title,
            "commune": cause.territory.name,
            "code_insee": cause.territory.code,
            "association": cause.association,
            "soutiens_a_la_cloture": cause.supports_at_closing,
            "retenue": cause.is_selected,
            "url": url(cause.get_absolute_url()),
        }


# The national standard « Lieux de médiation numérique », schema v1.0.2, as
# published (github.com/LaMednum/standard-mediation-num, commit 13b05e2,
# sha256 c268f27e…), Licence Ouverte.
MEDNUM_STANDARD = json.loads(
    (Path(__file__).parent / "standards" / "lieux-mediation-numerique-1.0.2.json").read_text()
)


def _mednum_places():
    """Published places that offer digital mediation and can be identified
    in the registers (the standard requires SIRET or RNA, and a postcode)."""
    places = (
        Place.objects.published()
        .exclude(digital_services="")
        .exclude(siret="", rna="")
        .exclude(postcode="")
        .select_related("commune")
        .prefetch_related("opening_hours")
        .order_by("pk")
    )
    for place in places:
        summary = (
            place.description
            if len(place.description) <= 280
            else (place.description[:279].rsplit(" ", 1)[0] + "…")
        )
        yield {
            "id": "terreau-lieu-%d" % place.pk,
            "pivot": place.siret or place.rna,
            "nom": place.name,
            "commune": place.commune.name,
            "code_postal": place.postcode,
            "code_insee": place.commune.code,
            "adresse": place.address,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "typologie": mednum.TYPOLOGY.get(place.kind, ""),
            "site_web": place.website,
            "horaires": mednum.osm_opening_hours(place.opening_hours.all()),
            "presentation_resume": summary,
            "presentation_detail": place.description,
            "source": "Terreau",
            "itinerance": "Fixe",
            "date_maj": timezone.localdate(
                max(filter(None, (place.updated_at, place.published_at)))
            ),
            "services": place.digital_services,
        }


def _boussole():
    assessments = (
        Assessment.objects.filter(status=Assessment.Status.PUBLISHED)
        .select_related("territory")
        .prefetch_related("answers__decree__law", "answers__decree_version")
        .order_by("published_at", "pk")
    )
    for assessment in assessments:
        versions = ", ".join(
            "%d.%d v%d" % (a.decree.law.number, a.decree.number, a.decree_version.version)
            for a in assessment.answers.all()
        )
        yield {
            "id": assessment.pk,
            "projet": assessment.name,
            "porteur": assessment.organisation,
            "nature": assessment.get_kind_display(),
            "territoire_type": assessment.territory.kind,
            "territoire_code": assessment.territory.code,
            "publiee_le": assessment.published_at.date().isoformat(),
            "premiere_loi_non_respectee": assessment.verdict_law,
            "verdict": assessment.verdict_status,
            "decrets": versions,
            "url": url(assessment.get_absolute_url()),
        }


# Table Schema field types.
STRING, INTEGER, NUMBER = "string", "integer", "number"
BOOLEAN, DATE, DATETIME = "boolean", "date", "datetime"

DATASETS = [
    Dataset(
        "lieux",
        "Lieux publiés",
        "Les lieux (tiers-lieux, associations, médiathèques…) relus et publiés par la coopérative.",
        [
            Column("id", INTEGER, "Identifiant du lieu sur Terreau", True),
            Column("nom", STRING, "Nom du lieu", True),
            Column("type", STRING, "Type de lieu"),
            Column("adresse", STRING, "Adresse (numéro et voie)"),
            Column("code_postal", STRING, "Code postal (La Poste)"),
            Column("commune", STRING, "Commune"),
            Column("code_insee", STRING, "Code officiel géographique de la commune", True),
            Column("departement", STRING, "Code du département"),
            Column("latitude", NUMBER, "Latitude (WGS 84, degrés décimaux)"),
            Column("longitude", NUMBER, "Longitude (WGS 84, degrés décimaux)"),
            Column("site_web", STRING, "Site web du lieu"),
            Column("themes", STRING, "Thèmes, séparés par « ; »"),
            Column("url", STRING, "Page du lieu sur Terreau", True),
        ],
        _places,
        ["id"],
    ),
    Dataset(
        "evenements",
        "Événements à venir",
        "Les événements publiés dans les lieux, à venir ou en cours. Heures en UTC.",
        [
            Column("id", INTEGER, "Identifiant de l'événement", True),
            Column("titre", STRING, "Titre", True),
            Column("debut", DATETIME, "Début (UTC)", True),
            Column("fin", DATETIME, "Fin (UTC)", True),
            Column("fuseau_horaire", STRING, "Fuseau horaire du lieu (IANA)"),
            Column("lieu_id", INTEGER, "Identifiant du lieu (jeu « lieux »)", True),
            Column("lieu", STRING, "Nom du lieu"),
            Column("commune", STRING, "Commune"),
            Column("code_insee", STRING, "Code officiel géographique de la commune"),
            Column("inscription", BOOLEAN, "Inscription nécessaire"),
            Column("places", INTEGER, "Nombre de places, vide si illimité"),
            Column("places_prises", INTEGER, "Places prises, vide sans inscription"),
            Column("gratuit", BOOLEAN, "Gratuit"),
            Column("annule", BOOLEAN, "Annulé"),
            Column("url", STRING, "Page de l'événement", True),
        ],
        _events,
        ["id"],
    ),
    Dataset(
        "defis",
        "Catalogue des défis",
        "Les défis publiés, leur quantité et l'impact estimé d'un défi relevé.",
        [
            Column("identifiant", STRING, "Identifiant du défi", True),
            Column("titre", STRING, "Titre", True),
            Column("theme", STRING, "Thème"),
            Column("validation", STRING, "Comment il est validé"),
            Column("quantite", NUMBER, "Quantité comptée pour un défi relevé"),
            Column("facteur", STRING, "Clé du facteur d'impact (jeu « facteurs »)"),
            Column("version_du_facteur", INTEGER, "Version du facteur"),
            Column("impact_par_defi", NUMBER, "Quantité × facteur"),
            Column("unite", STRING, "Unité de l'impact"),
            Column("url", STRING, "Page du défi", True),
        ],
        _challenges,
        ["identifiant"],
    ),
    Dataset(
        "facteurs",
        "Table des facteurs d'impact",
        "Chaque facteur avec sa source exacte ; une correction est une nouvelle version.",
        [
            Column("cle", STRING, "Clé du facteur", True),
            Column("version", INTEGER, "Version", True),
            Column("valeur", NUMBER, "Valeur", True),
            Column("unite", STRING, "Unité", True),
            Column("perimetre", STRING, "Ce que le facteur couvre"),
            Column("source", STRING, "Source"),
            Column("reference", STRING, "Où le trouver exactement"),
            Column("annee", INTEGER, "Année de la source"),
        ],
        _factors,
        ["cle", "version"],
    ),
    Dataset(
        "resultats-marathons",
        "Résultats collectifs des marathons",
        "Par marathon : participants, équipes et défis relevés. Aucun chiffre individuel.",
        [
            Column("id", INTEGER, "Identifiant du marathon", True),
            Column("titre", STRING, "Titre", True),
            Column("territoire", STRING, "Territoire"),
            Column("type_de_territoire", STRING, "Commune, intercommunalité ou département"),
            Column("code_du_territoire", STRING, "Code officiel du territoire"),
            Column("debut", DATE, "Début"),
            Column("fin", DATE, "Fin"),
            Column("participants", INTEGER, "Personnes inscrites au marathon"),
            Column("equipes", INTEGER, "Équipes"),
            Column("defis_releves", INTEGER, "Défis relevés"),
            Column("url", STRING, "Page du marathon", True),
        ],
        _marathons,
        ["id"],
    ),
    Dataset(
        "resultats-territoires",
        "Résultats collectifs par commune",
        "Pour chaque commune qui a un lieu publié : lieux, présences et défis relevés.",
        [
            Column("code_insee", STRING, "Code officiel géographique", True),
            Column("commune", STRING, "Commune", True),
            Column("lieux_publies", INTEGER, "Lieux publiés"),
            Column("presences", INTEGER, "Présences enregistrées dans ses lieux"),
            Column("defis_releves", INTEGER, "Défis relevés dans ses lieux"),
            Column("url", STRING, "Page de la commune", True),
        ],
        _territories,
        ["code_insee"],
    ),
    Dataset(
        "resultats-assemblees",
        "Résultats publiés des assemblées générales",
        "Chaque résolution dont le résultat est publié ; pour un scrutin secret, seulement ce "
        "que la règle de publication permet.",
        [
            Column("assemblee", STRING, "Assemblée", True),
            Column("date", DATETIME, "Ouverture du vote (UTC)"),
            Column("numero", INTEGER, "Numéro de la résolution", True),
            Column("titre", STRING, "Titre"),
            Column("scrutin", STRING, "public ou secret"),
            Column("votes", INTEGER, "Votes enregistrés"),
            Column(
                "resultat_pondere", STRING, "Résultat pondéré (fraction exacte), vide si non publié"
            ),
            Column("adoptee", BOOLEAN, "Adoptée"),
            Column("quorum_atteint", BOOLEAN, "Quorum atteint"),
            Column("url", STRING, "Page de l'assemblée", True),
        ],
        _assembly_results,
    ),
    Dataset(
        "soutiens-candidatures",
        "Soutiens aux candidatures",
        "Pour chaque candidature déposée : ses soutiens comptés par voie et son éligibilité.",
        [
            Column("appel", STRING, "Appel à manifestation d'intérêt", True),
            Column("candidature_id", INTEGER, "Identifiant de la candidature", True),
            Column("territoire", STRING, "Territoire candidat"),
            Column("code_du_territoire", STRING, "Code officiel du territoire"),
            Column("soutiens_habitants", INTEGER, "Soutiens d'habitantes et d'habitants"),
            Column("soutiens_lieux", INTEGER, "Soutiens de lieux"),
            Column("soutien_collectivite", BOOLEAN, "La collectivité soutient"),
            Column("eligible", BOOLEAN, "Éligible par au moins une voie"),
            Column("url", STRING, "Page de la candidature", True),
        ],
        _supports,
        ["candidature_id"],
    ),
    Dataset(
        "selection-causes",
        "Sélection des causes #çanetientplus",
        "Les causes classées à la clôture de leur session, avec leur rang et leurs soutiens.",
        [
            Column("session", STRING, "Session de sélection", True),
            Column("rang", INTEGER, "Rang à la clôture", True),
            Column("cause", STRING, "La cause", True),
            Column("commune", STRING, "Commune"),
            Column("code_insee", STRING, "Code officiel géographique"),
            Column("association", STRING, "Association qui la porte"),
            Column("soutiens_a_la_cloture", INTEGER, "Soutiens à la clôture"),
            Column("retenue", BOOLEAN, "Retenue par la sélection"),
            Column("url", STRING, "Page de la cause", True),
        ],
        _causes,
    ),
    Dataset(
        "evaluations-boussole",
        "Évaluations publiées de la Boussole des cinq lois",
        "Les projets numériques questionnés loi par loi, avec leur verdict et les versions des "
        "décrets auxquelles ils ont répondu ; le détail de chaque évaluation est à son adresse.",
        [
            Column("id", INTEGER, "Identifiant de l'évaluation", True),
            Column("projet", STRING, "Nom du projet", True),
            Column("porteur", STRING, "Qui le porte"),
            Column("nature", STRING, "Site, application, plateforme…"),
            Column("territoire_type", STRING, "Commune, EPCI, département ou région", True),
            Column("territoire_code", STRING, "Code officiel (INSEE, ou SIREN d'un EPCI)", True),
            Column("publiee_le", DATE, "Date de publication", True),
            Column("premiere_loi_non_respectee", INTEGER, "Vide si les cinq sont respectées"),
            Column("verdict", STRING, "Statut de cette loi (ou « respectée »)", True),
            Column("decrets", STRING, "Décrets et versions auxquels l'évaluation répond", True),
            Column("url", STRING, "Page de l'évaluation", True),
        ],
        _boussole,
        ["id"],
    ),
]

DATASETS.insert(
    1,
    StandardDataset(
        "lieux-mediation-numerique",
        "Lieux de médiation numérique",
        "Les lieux publiés qui proposent un accompagnement au numérique, au format du standard "
        "national des lieux de médiation numérique (v1.0.2), que la cartographie nationale "
        "moissonne : ceux qui ont un SIRET ou un numéro RNA et un code postal.",
        [
            Column(
                f["name"],
                f["type"],
                f.get("title", ""),
                f.get("constraints", {}).get("required", False),
            )
            for f in MEDNUM_STANDARD["fields"]
        ],
        _mednum_places,
        ["id"],
        standard=MEDNUM_STANDARD,
    ),
)

BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
