"""The rules that make a défi claimed plausible, in plain words.

A presence code proves that a person stood at a place; it does not prove
how they came or what they did there. These rules keep one person from
inflating the collective gauges in thirty seconds, and they are published
on every défi's page and on the presence page before the person chooses:

1. A défi counts at most once a day for a person, whatever the place
   (database constraint `one_completion_per_challenge_day`), and once per
   place and stage (`one_completion_per_challenge_place_stage`).
2. Défis of one exclusive group exclude each other for a day: one trip is
   made by bicycle or by bus, not both (`one_exclusive_completion_per_day`).
3. A défi counts at most `max_per_stage` times a stage for a person, all
   places together (counted under a lock on the person's row).
4. A défi that needs a kind of place (a ressourcerie, a shared garden…)
   is validated only at such a place.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from terreau.places.models import Place

RULE = (
    "Un défi compte au plus une fois par jour pour une personne, et une fois par lieu et par "
    "étape. Les défis d'un même groupe s'excluent dans la journée (un trajet se fait à vélo ou "
    "en bus, pas les deux). Un défi compte au plus le nombre de fois par étape qu'il indique. "
    "Un défi qui demande un type de lieu ne se relève que dans un lieu de ce type. Une présence "
    "n'est enregistrée que dans la fenêtre de validité du code et, pour un lieu, pendant ses "
    "heures d'ouverture."
)

# The exclusive groups: slug → what the défis of the group share.
GROUPS = {
    "trajet": _("le trajet du jour"),
}


def describe(challenge, group_titles: list[str], place_kind_labels: list[str]) -> list[str]:
    """The rules of `challenge` as sentences; `group_titles` are the titles
    of the other défis of its exclusive group, `place_kind_labels` the names
    of the kinds of place where it is validated (empty: any)."""
    rules = [
        _("Une fois par jour au plus, quel que soit le lieu."),
        ngettext(
            "Une fois par étape au plus, tous lieux confondus.",
            "%(n)d fois par étape au plus, tous lieux confondus, et une fois par lieu.",
            challenge.max_per_stage,
        )
        % {"n": challenge.max_per_stage},
    ]
    if challenge.exclusive_group and group_titles:
        rules.append(
            _("Un seul défi par jour pour %(group)s : il exclut %(others)s le même jour.")
            % {
                "group": GROUPS.get(challenge.exclusive_group, challenge.exclusive_group),
                "others": ", ".join("« %s »" % title for title in group_titles),
            }
        )
    if place_kind_labels:
        rules.append(
            _("Se valide seulement dans un lieu de ce type : %(kinds)s.")
            % {"kinds": ", ".join(place_kind_labels)}
        )
    return rules


def rules_of(challenges) -> dict[int, list[str]]:
    """The rules of each défi of `challenges` (by id), in one query for the
    défis of their exclusive groups."""
    from .models import Challenge  # models.py imports this module

    challenges = list(challenges)
    groups = {c.exclusive_group for c in challenges if c.exclusive_group}
    members: dict[str, list] = {}
    for other in Challenge.objects.filter(exclusive_group__in=groups, is_published=True).only(
        "pk", "title", "exclusive_group"
    ):
        members.setdefault(other.exclusive_group, []).append(other)
    kinds = dict(Place.Kind.choices)
    return {
        c.pk: describe(
            c,
            [o.title for o in members.get(c.exclusive_group, []) if o.pk != c.pk],
            [str(kinds.get(kind, kind)) for kind in c.place_kind_list],
        )
        for c in challenges
    }
