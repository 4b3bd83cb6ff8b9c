"""Which experts a request for help is offered to, and in what order. Pure
module: the database is read by `services.candidates_for`, which hands the
facts over as `Candidate`s; nothing here reads a clock or a table.

The order is replayable: the random draw that breaks the last ties is a hash
of the seed stored with the request and of the expert's id, so the same
request and the same experts always give the same order, whatever order the
experts were read in.
"""

import hashlib
from dataclasses import dataclass

OFFERED_AT_ONCE = 3
OFFER_DAYS = 3

RULE = (
    "Une demande d'aide est proposée aux experts qui ont un profil publié avec leur accord, ne "
    "sont pas en pause, interviennent sur le territoire de la demande (sa commune, son "
    "intercommunalité, son département ou sa région), ont le domaine demandé, n'ont pas atteint "
    "le nombre de demandes par mois qu'ils se sont fixé, et n'ont déclaré aucun lien d'intérêts "
    "avec le lieu ou la collectivité qui demande (ni n'en sont hôtes ou représentants). Passent "
    "d'abord ceux qui ont accepté le moins de demandes ce mois-ci, puis ceux dont le territoire "
    "est le plus proche (la commune, puis l'intercommunalité, le département, la région), puis un "
    "tirage au sort dont la graine est gardée avec la demande, pour que l'ordre puisse être rejoué "
    "et vérifié. Une demande faite depuis la page d'un expert lui est proposée en premier s'il "
    "remplit ces conditions. Les %(n)d premiers reçoivent la demande ; le premier qui accepte la "
    "prend. Une proposition sans réponse au bout de %(days)d jours expire, et la demande passe aux "
    "suivants. Personne ne voit de classement des experts."
) % {"n": OFFERED_AT_ONCE, "days": OFFER_DAYS}


@dataclass(frozen=True)
class Candidate:
    """What the rule needs to know of one expert, for one request."""

    id: int
    person_id: int
    published: bool
    consenting: bool
    paused: bool
    domains: frozenset[str]
    areas: frozenset[int]  # the territories they cover
    capacity: int  # requests a month
    accepted_this_month: int
    # ("place", id) or ("authority", id): declared, or implied by a role.
    conflicts: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True)
class Need:
    """What the rule needs to know of the request."""

    domain: str
    requester_id: int
    # The request's territory first, then each division containing it, closest first.
    territories: tuple[int, ...]
    parties: frozenset[tuple[str, int]] = frozenset()  # the place or authority asking
    preferred_id: int | None = None  # asked from this expert's page


def distance(candidate: Candidate, need: Need) -> int | None:
    """0 when the expert covers the request's own territory, 1 its next
    division up, and so on; None when they cover none of them."""
    for level, territory in enumerate(need.territories):
        if territory in candidate.areas:
            return level
    return None


def is_eligible(candidate: Candidate, need: Need) -> bool:
    return (
        candidate.published
        and candidate.consenting
        and not candidate.paused
        and need.domain in candidate.domains
        and candidate.accepted_this_month < candidate.capacity
        and candidate.person_id != need.requester_id
        and not (candidate.conflicts & need.parties)
        and distance(candidate, need) is not None
    )


def draw(seed: int, candidate_id: int) -> str:
    return hashlib.sha256(b"%d:%d" % (seed, candidate_id)).hexdigest()


def ranked(candidates, need: Need, seed: int) -> list[Candidate]:
    """The eligible experts in the order they are offered the request."""
    eligible = [c for c in candidates if is_eligible(c, need)]
    return sorted(
        eligible,
        key=lambda c: (
            c.id != need.preferred_id,
            c.accepted_this_month,
            distance(c, need),
            draw(seed, c.id),
        ),
    )
