"""Which causes the gala supports. Pure module.

In plain words: when the round closes, the published causes are ordered by
their number of supports, most first. Between causes with as many supports,
the one published later comes first (it gathered as much in less time); if
they were published at the same instant, the one proposed first (the smaller
number). The first `size` causes are selected.
"""

import datetime
from dataclasses import dataclass

RULE = (
    "À la clôture, les causes publiées sont classées par nombre de soutiens, la plus soutenue "
    "d'abord. À égalité, la cause publiée le plus tard passe devant (elle a rassemblé autant en "
    "moins de temps), puis celle proposée la première. Les premières, autant que la session en "
    "retient, sont sélectionnées. Avant la clôture, les causes sont montrées dans un ordre tiré au "
    "hasard à chaque visite, sans leur nombre de soutiens, pour qu'aucune ne profite de sa "
    "place dans la liste."
)


@dataclass(frozen=True)
class Entry:
    pk: int
    supports: int
    published_at: datetime.datetime


def ranked(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e.supports, -e.published_at.timestamp(), e.pk))


def selected(entries: list[Entry], size: int) -> list[Entry]:
    return ranked(entries)[:size]
