"""The fixed list of the domains in which experts help and diagnostics find
levers, and the ways an expert helps. Pure module.

Each domain is tied to the founding themes it serves (the six themes of
`core.models.FOUNDING_THEMES`), so that a lever leads to the défis of those
themes. A key never changes once used: profiles and requests store it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Domain:
    key: str
    label: str
    covers: str
    themes: tuple[str, ...]


DOMAINS = (
    Domain(
        "energy-housing",
        _("Énergie et logement"),
        _("Chauffage, isolation, électricité, eau chaude ; rénovation et aides."),
        ("transition-ecologique-sociale", "developpement-durable"),
    ),
    Domain(
        "mobility",
        _("Mobilité"),
        _("Trajets du quotidien, vélo, covoiturage, transports en commun, voyages."),
        ("transition-ecologique-sociale", "cohesion-des-territoires"),
    ),
    Domain(
        "food",
        _("Alimentation"),
        _("Ce que l'on mange, d'où cela vient, le gaspillage, les circuits courts."),
        ("developpement-durable", "faire-societe"),
    ),
    Domain(
        "consumption-reuse",
        _("Consommation et réemploi"),
        _("Achats, réparation, seconde main, déchets et tri."),
        ("developpement-durable", "transition-ecologique-sociale"),
    ),
    Domain(
        "digital",
        _("Sobriété et inclusion numériques"),
        _("Équipements, usages, logiciels libres, accompagnement de chacun au numérique."),
        ("souverainete-inclusion-numerique",),
    ),
    Domain(
        "biodiversity",
        _("Biodiversité"),
        _("Jardins, haies, sols, eau, espaces publics vivants."),
        ("developpement-durable", "transition-ecologique-sociale"),
    ),
    Domain(
        "cooperation",
        _("Coopération et gouvernance"),
        _("Décider ensemble, animer un collectif, impliquer les habitants."),
        ("implication-citoyenne", "faire-societe", "cohesion-des-territoires"),
    ),
)
BY_KEY = {domain.key: domain for domain in DOMAINS}
DOMAIN_CHOICES = [(domain.key, domain.label) for domain in DOMAINS]

HELP_MODES = (
    ("on-site", _("sur place, dans un lieu")),
    ("phone", _("par téléphone")),
    ("video", _("en visioconférence")),
    ("event", _("lors d'un événement")),
)
HELP_MODE_LABELS = dict(HELP_MODES)


def labels(keys) -> list[str]:
    """The French labels of domain keys, in the list's order; unknown keys
    (a domain retired from the list) are left out."""
    return [BY_KEY[key].label for key in keys if key in BY_KEY]
