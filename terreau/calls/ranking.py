"""The jury's ranking of the eligible applications. Pure module.

In plain words: each juror gives each criterion of the grid a mark from 0 to
5. An application's score is the weighted average of every mark it received:
a mark counts as many times as its criterion's weight. Applications are
ranked by score, highest first. Between applications with exactly the same
score, the one that received more supports in all (residents, places and its
local authority together) comes first; then the one submitted earlier; then
the one with the smaller number. An application no juror has scored is not
ranked. The first `laureate_count` applications of the ranking are proposed
to staff as laureates.

Scores are exact fractions, so that two equal scores are never told apart by
a rounding error.
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

RULE = (
    "Chaque juré note chaque critère de la grille de 0 à 5. La note d'une candidature est la "
    "moyenne de toutes ses notes, chacune comptée autant de fois que le poids de son critère. "
    "Les candidatures sont classées par note, la plus haute d'abord ; à égalité exacte, celle "
    "qui a reçu le plus de soutiens en tout passe devant, puis celle déposée la première, puis "
    "celle de plus petit numéro. Une candidature que personne n'a notée n'est pas classée. Les "
    "premières du classement, autant que l'appel prévoit de lauréats, sont proposées à l'équipe."
)


@dataclass(frozen=True)
class Mark:
    value: int
    weight: int


@dataclass(frozen=True)
class Entry:
    pk: int
    marks: tuple[Mark, ...]
    supports: int
    submitted_at: datetime.datetime


@dataclass(frozen=True)
class Ranked:
    rank: int
    pk: int
    score: Fraction
    supports: int


def weighted_average(marks: tuple[Mark, ...] | list[Mark]) -> Fraction:
    total_weight = sum(m.weight for m in marks)
    return Fraction(sum(m.value * m.weight for m in marks), total_weight)


def ranked(entries: list[Entry]) -> list[Ranked]:
    scored = [(weighted_average(e.marks), e) for e in entries if e.marks]
    scored.sort(key=lambda se: (-se[0], -se[1].supports, se[1].submitted_at, se[1].pk))
    return [
        Ranked(rank=n, pk=entry.pk, score=score, supports=entry.supports)
        for n, (score, entry) in enumerate(scored, start=1)
    ]
