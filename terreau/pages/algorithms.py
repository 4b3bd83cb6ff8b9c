"""Every rule that orders, selects, counts, matches or decides, on one public
page (`/algorithmes/`). Each entry reads its statement from the rule's own
module (`RULE`, plain French, next to the code it describes) and its
parameters in force from the database or the module's constants, so that
the page cannot drift from what the code does. `tests/pages/test_algorithms.py`
fails when a module defines a `RULE` that is not listed here.
"""

from dataclasses import dataclass
from fractions import Fraction
from types import ModuleType

from django.utils.translation import gettext as _

from terreau.boussole import verdict as boussole
from terreau.calls import eligibility, ranking
from terreau.calls.models import Call
from terreau.causes import selection
from terreau.causes.models import Round
from terreau.challenges import factors, plausibility, progress, weekly
from terreau.checkins import tokens
from terreau.core import footprint
from terreau.events import querysets as agenda
from terreau.governance import disclosure, tally
from terreau.governance.models import College, Cooperative
from terreau.places import querysets as places
from terreau.privacy import retention
from terreau.support import diagnostics, routing

from . import hosting, search


@dataclass(frozen=True)
class Algorithm:
    title: str
    module: ModuleType
    statement: str
    parameters: list[tuple[str, str]]

    @property
    def path(self) -> str:
        return self.module.__name__.replace(".", "/") + ".py"


def fraction(value) -> str:
    share = Fraction(value)
    return "%d/%d" % (share.numerator, share.denominator)


def minutes(delta) -> str:
    return _("%d minutes") % (delta.total_seconds() // 60)


def days(delta) -> str:
    return _("%d jours") % delta.days


def _governance():
    cooperative = Cooperative.load()
    colleges = [(c.name, "%s %%" % c.weight) for c in College.objects.order_by("position")]
    return [
        (_("Majorité, assemblée ordinaire"), cooperative.majority("ordinary").describe()),
        (_("Majorité, assemblée extraordinaire"), cooperative.majority("extraordinary").describe()),
        (
            _("Quorum, assemblée ordinaire (1re puis 2e convocation)"),
            "%s, %s"
            % (
                fraction(cooperative.ordinary_quorum_first),
                fraction(cooperative.ordinary_quorum_second),
            ),
        ),
        (
            _("Quorum, assemblée extraordinaire (1re puis 2e convocation)"),
            "%s, %s"
            % (
                fraction(cooperative.extraordinary_quorum_first),
                fraction(cooperative.extraordinary_quorum_second),
            ),
        ),
        (_("Procurations par sociétaire, au plus"), str(cooperative.proxy_cap)),
        *[(_("Poids du collège « %s »") % name, weight) for name, weight in colleges],
    ]


def _latest_call():
    return Call.objects.order_by("-opens_at").first()


def _eligibility():
    call = _latest_call()
    if call is None:
        return [(_("Seuils"), _("aucun appel n'est encore ouvert"))]
    return [
        (_("Appel"), str(call)),
        (_("Soutiens d'habitantes et d'habitants"), str(call.citizen_threshold)),
        (_("Soutiens de lieux publiés"), str(call.place_threshold)),
    ]


def _ranking():
    call = _latest_call()
    if call is None:
        return []
    criteria = [(c.title, _("poids %d") % c.weight) for c in call.criteria.order_by("position")]
    return [(_("Lauréats proposés"), str(call.laureate_count)), *criteria]


def _selection():
    current = Round.objects.order_by("-closes_at").first()
    return [(_("Causes retenues par session"), str(current.selection_size))] if current else []


def _factors():
    table = factors.table()
    keys = {key for key, _version in table}
    return [
        (_("Facteurs dans la table"), str(len(keys))),
        (_("Versions en tout (corrections comprises)"), str(len(table))),
    ]


def _plausibility():
    return [(_("Groupe exclusif"), str(label)) for label in plausibility.GROUPS.values()]


def _progress():
    return [(name, meaning) for name, meaning, _test in progress.BADGES]


def _tokens():
    return [
        (_("Marge autour d'un événement"), minutes(tokens.EVENT_MARGIN)),
        (_("Un code d'écran change toutes les"), minutes(tokens.SCREEN_STEP)),
        (_("Un code d'écran vaut"), minutes(tokens.SCREEN_VALIDITY)),
    ]


def _footprint():
    return [
        (
            _("Énergie par gigaoctet"),
            "%s %s" % (footprint.ENERGY_PER_GB.value, footprint.ENERGY_PER_GB.unit),
        ),
        (
            _("Intensité carbone"),
            "%s %s" % (footprint.CARBON_INTENSITY.value, footprint.CARBON_INTENSITY.unit),
        ),
    ]


def _hosting():
    return [(_("Personnes proposées au plus"), str(hosting.SEARCH_RESULTS))]


def _search():
    return [
        (_("Mots pris en compte, au plus"), str(search.MAX_WORDS)),
        (_("Résultats par type, au plus"), str(search.RESULTS)),
    ]


def _retention():
    return [
        (_("Compte jamais confirmé"), days(retention.UNCONFIRMED_ACCOUNTS)),
        (_("Trace d'un e-mail envoyé"), days(retention.EMAIL_TRACES)),
        (_("Invitation jamais acceptée"), days(retention.INVITATIONS)),
    ]


def _routing():
    return [
        (_("Experts à qui une demande est proposée à la fois"), str(routing.OFFERED_AT_ONCE)),
        (_("Délai de réponse d'un expert"), _("%(n)d jours") % {"n": routing.OFFER_DAYS}),
    ]


def _diagnostics():
    return [
        (
            _("Questionnaires en vigueur"),
            ", ".join("%s (version %d)" % (q.title, q.version) for q in diagnostics.available()),
        ),
        (_("Leviers montrés, au plus"), str(diagnostics.LEVERS_SHOWN)),
    ]


def _none():
    return []


ENTRIES = [
    (_("Décompte des votes en assemblée"), tally, _governance),
    (_("Ce que publie un scrutin secret"), disclosure, lambda: []),
    (_("Éligibilité des candidatures à un appel"), eligibility, _eligibility),
    (_("Classement des candidatures par le jury"), ranking, _ranking),
    (_("Sélection des causes #çanetientplus"), selection, _selection),
    (_("Calcul de l'impact des défis"), factors, _factors),
    (_("Règles qui rendent un défi plausible"), plausibility, _plausibility),
    (_("Jauges, objectifs d'étape et badges"), progress, _progress),
    (
        _("Défis relevés semaine après semaine"),
        weekly,
        lambda: [(_("Semaines montrées"), str(weekly.WEEKS))],
    ),
    (_("Validité des codes de présence"), tokens, _tokens),
    (_("Empreinte d'une page"), footprint, _footprint),
    (_("Personnes proposées à un hôte"), hosting, _hosting),
    (_("Recherche de lieux et d'événements"), search, _search),
    (_("Ordre de l'agenda"), agenda, _none),
    (_("Ordre des lieux"), places, _none),
    (_("Effacement de ce qui a fini de servir"), retention, _retention),
    (_("Verdict de la Boussole des cinq lois"), boussole, _none),
    (_("Qui reçoit une demande d'aide"), routing, _routing),
    (_("Estimations et leviers des diagnostics"), diagnostics, _diagnostics),
]


def algorithms() -> list[Algorithm]:
    minimum = Cooperative.load().secrecy_minimum
    listed = []
    for title, module, parameters in ENTRIES:
        statement = module.RULE
        if module is disclosure:
            statement = statement % {"minimum": minimum}
            parameters_in_force = [(_("Votants au moins par collège publié"), str(minimum))]
        else:
            parameters_in_force = parameters()
        listed.append(Algorithm(title, module, statement, parameters_in_force))
    return listed
