"""The scopes that cached territory reads depend on (see `core.versions`).

A place, an event or a completion belongs to a commune, and shows on the
pages of the commune and of every division containing it: a write bumps the
scope of each of them. Scope names are built here only, so that the reads
(the territory page, the agenda feeds) and the writes agree.
"""

from terreau.core import versions

# Territories and their import: bumped by `import_territories`.
TERRITORIES = "territories"
# The list of marathons, of any territory.
MARATHONS = "marathons"
# The events of every territory (the national agenda), as `agenda()` below.
AGENDA_EVERYWHERE = "agenda:everywhere"


def listing(territory_id: int) -> str:
    """The places and the next events in a territory (seats left included)."""
    return "listing:%d" % territory_id


def agenda(territory_id: int) -> str:
    """The events in a territory as its agenda feeds show them: what a seat
    taken or freed changes is not in a feed, so it does not bump this."""
    return "agenda:%d" % territory_id


def done(territory_id: int) -> str:
    """The défis done in a territory: its figures and weekly chart."""
    return "done:%d" % territory_id


def place(place_id: int) -> str:
    """What a place's page shows from the apps above it (its diagnostic)."""
    return "place:%d" % place_id


def enclosing_ids(commune) -> list[int]:
    """The commune and the divisions it lies in."""
    ids = [commune.pk, commune.epci_id, commune.departement_id, commune.region_id]
    return [pk for pk in ids if pk is not None]


def listing_changed(*communes) -> None:
    """A place or an event changed: the lists and the agenda feeds."""
    ids = {pk for commune in communes for pk in enclosing_ids(commune)}
    versions.bump(*{listing(pk) for pk in ids}, *{agenda(pk) for pk in ids}, AGENDA_EVERYWHERE)


def seats_changed(commune) -> None:
    """A seat taken or freed: the lists that show seats left, not the feeds.
    Registrations come by the hundred where a département's feed is read
    by every calendar subscribed to it."""
    versions.bump(*(listing(pk) for pk in enclosing_ids(commune)))


def done_changed(commune) -> None:
    versions.bump(*(done(pk) for pk in enclosing_ids(commune)))
