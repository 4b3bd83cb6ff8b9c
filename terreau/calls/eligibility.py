"""Whether an application is eligible, and by which route. Pure module.

In plain words: an application is eligible as soon as one of three routes is
reached — its local authority supports it, or at least `citizen_threshold`
people living in the territory do (350 by default), or at least
`place_threshold` published places of the territory do (150 by default).
Several routes can be reached at once; each is shown.
"""

from dataclasses import dataclass

RULE = (
    "Une candidature est éligible dès qu'une de trois voies est atteinte : sa collectivité la "
    "soutient, ou assez d'habitantes et d'habitants du territoire la soutiennent, ou assez de "
    "lieux publiés du territoire la soutiennent. Plusieurs voies peuvent être atteintes à la "
    "fois ; chacune est affichée. Les seuils sont ceux de l'appel."
)

AUTHORITY = "authority"
CITIZENS = "citizens"
PLACES = "places"


@dataclass(frozen=True)
class Counts:
    citizens: int
    places: int
    authority: bool


def routes(counts: Counts, *, citizen_threshold: int, place_threshold: int) -> list[str]:
    """The routes reached, in the order the call states them."""
    reached = []
    if counts.authority:
        reached.append(AUTHORITY)
    if counts.citizens >= citizen_threshold:
        reached.append(CITIZENS)
    if counts.places >= place_threshold:
        reached.append(PLACES)
    return reached
