"""Real territories for tests: a slice of the bundled official data.

Importing the whole of France takes seconds; most tests need a few
départements. `import_slice` runs the real import on a subset of the real
data, so tests see true names, codes, postcodes and EPCI.
"""

import copy
import functools

from terreau.territories import sources
from terreau.territories.models import Territory
from terreau.territories.services import import_divisions

# Hérault (Pézenas, Montpellier, Lodève), Tarn (Mazamet, Aussillon, Castres),
# Guadeloupe (another time zone), Ain (communes déléguées).
TEST_DEPARTEMENTS = ("34", "81", "971", "01")


@functools.cache
def bundled() -> sources.Divisions:
    return sources.load(sources.BUNDLED)


def divisions_slice(departements=TEST_DEPARTEMENTS) -> sources.Divisions:
    full = bundled()
    communes = [c for c in full.communes if c.get("departement") in departements]
    codes = {c["code"] for c in communes}
    deps = [d for d in full.departements if d["code"] in departements]
    regions = {d["region"] for d in deps}
    epci = [e for e in full.epci if any(m["code"] in codes for m in e["membres"])]
    return sources.Divisions(
        regions=[r for r in full.regions if r["code"] in regions],
        departements=deps,
        epci=copy.deepcopy(epci),
        communes=copy.deepcopy(communes),
        source_version=full.source_version,
        vintage=full.vintage,
    )


def import_slice(departements=TEST_DEPARTEMENTS):
    return import_divisions(divisions_slice(departements), vintage=2026)


def commune(code: str) -> Territory:
    return Territory.objects.get(kind=Territory.Kind.COMMUNE, code=code)
