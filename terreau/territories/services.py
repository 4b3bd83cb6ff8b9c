"""Importing the official divisions into the Territory table."""

from collections import defaultdict

from django.db import transaction

from terreau.core import versions

from . import freshness
from .models import PostalCode, Territory, TerritoryImport
from .sources import SOURCE_NAME, Divisions
from .text import search_key
from .timezones import time_zone_for

Kind = Territory.Kind
# Fields the import owns; anything else on a territory is left alone.
IMPORTED_FIELDS = [
    "name",
    "search_name",
    "search_text",
    "population",
    "time_zone",
    "epci_type",
    "region_id",
    "departement_id",
    "epci_id",
    "is_current",
    "vintage",
]


@transaction.atomic
def import_divisions(divisions: Divisions, *, vintage: int) -> TerritoryImport:
    """Create or update every région, département, EPCI and current commune.

    Idempotent: a second run with the same data changes no row. A division
    absent from the data is retired (`is_current=False`), never deleted, so
    places and events that point at it survive a new vintage.

    Traps of the data handled here: a *commune déléguée* or *associée* can
    share its INSEE code with its parent commune, so only `commune-actuelle`
    rows become communes and the others only lend their names to the parent's
    search text; overseas communes get their own time zone.
    """
    existing = {(t.kind, t.code): t for t in Territory.objects.all()}
    report = TerritoryImport(
        vintage=vintage, source=SOURCE_NAME, source_version=divisions.source_version
    )
    seen: set[tuple[str, str]] = set()

    def upsert(kind: str, code: str, **values) -> Territory:
        values.update(is_current=True, vintage=vintage)
        name = values["name"]
        values.setdefault("search_name", search_key(name))
        values.setdefault("search_text", values["search_name"])
        seen.add((kind, code))
        territory = existing.get((kind, code))
        if territory is None:
            territory = Territory(kind=kind, code=code, **values)
            territory._terreau_state = "new"
            existing[(kind, code)] = territory
        elif any(getattr(territory, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(territory, field, value)
            territory._terreau_state = "changed"
        return territory

    def save_level(territories: list[Territory]) -> None:
        new = [t for t in territories if getattr(t, "_terreau_state", None) == "new"]
        changed = [t for t in territories if getattr(t, "_terreau_state", None) == "changed"]
        Territory.objects.bulk_create(new, batch_size=2000)
        Territory.objects.bulk_update(changed, IMPORTED_FIELDS, batch_size=500)
        report.created += len(new)
        report.updated += len(changed)
        for t in territories:
            t._terreau_state = None

    regions = [
        upsert(
            Kind.REGION,
            r["code"],
            name=r["nom"],
            time_zone=time_zone_for(departement_code=_overseas_departement(r)),
        )
        for r in divisions.regions
    ]
    save_level(regions)

    departements = [
        upsert(
            Kind.DEPARTEMENT,
            d["code"],
            name=d["nom"],
            region_id=existing[(Kind.REGION, d["region"])].pk,
            time_zone=time_zone_for(departement_code=d["code"]),
        )
        for d in divisions.departements
    ]
    save_level(departements)

    epci_of_commune = {}
    epcis = []
    for e in divisions.epci:
        epcis.append(
            upsert(
                Kind.EPCI,
                e["code"],
                name=e["nom"],
                population=e.get("populationTotale"),
                epci_type=e.get("type", ""),
            )
        )
        for member in e["membres"]:
            epci_of_commune[member["code"]] = e["code"]
    save_level(epcis)

    former_names = defaultdict(list)
    for c in divisions.communes:
        if c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu"):
            former_names[c["chefLieu"]].append(c["nom"])

    communes = []
    postcodes = []
    for c in divisions.communes:
        if c["type"] != "commune-actuelle":
            continue
        code = c["code"]
        key = search_key(c["nom"])
        aliases = [search_key(n) for n in former_names.get(code, []) if search_key(n) != key]
        epci_code = epci_of_commune.get(code)
        communes.append(
            upsert(
                Kind.COMMUNE,
                code,
                name=c["nom"],
                search_name=key,
                search_text=" | ".join([key, *aliases]),
                population=c.get("population"),
                region_id=existing[(Kind.REGION, c["region"])].pk,
                departement_id=existing[(Kind.DEPARTEMENT, c["departement"])].pk,
                epci_id=existing[(Kind.EPCI, epci_code)].pk if epci_code else None,
                time_zone=time_zone_for(departement_code=c["departement"], commune_code=code),
            )
        )
        postcodes.extend((pc, code) for pc in c.get("codesPostaux", []))
    save_level(communes)

    retired = [t.pk for key, t in existing.items() if key not in seen and t.is_current]
    report.retired = Territory.objects.filter(pk__in=retired).update(is_current=False)

    _replace_postcodes(postcodes, existing)
    report.save()
    # Divisions, their names and who belongs to which: every territory page.
    versions.bump(freshness.TERRITORIES)
    return report


def _overseas_departement(region: dict) -> str:
    # Overseas régions are single-département: 01 Guadeloupe → 971, etc. The
    # collectivities (975…989) use the same code for both levels.
    return {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}.get(
        region["code"], region["code"]
    )


def _replace_postcodes(postcodes: list[tuple[str, str]], territories: dict) -> None:
    wanted = {(pc, territories[(Kind.COMMUNE, code)].pk) for pc, code in postcodes}
    current = set(PostalCode.objects.values_list("code", "commune_id"))
    if wanted == current:
        return
    stale = current - wanted
    if stale:
        PostalCode.objects.filter(
            pk__in=[
                pk
                for pk, code, commune_id in PostalCode.objects.values_list(
                    "pk", "code", "commune_id"
                )
                if (code, commune_id) in stale
            ]
        ).delete()
    PostalCode.objects.bulk_create(
        [PostalCode(code=pc, commune_id=pk) for pc, pk in sorted(wanted - current)], batch_size=5000
    )
