"""The versioned table of impact factors, kept in data/factors.csv.

Pure module. A factor is never edited in place: a corrected value is a new
row with the next version, so that what was counted with version 1 can still
be explained with version 1. Each row says what it covers (scope), where it
comes from (source), exactly where to find it (reference), and a year: the
source's publication year when it states one, otherwise the year the value
was read.
"""

import csv
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

RULE = (
    "L'impact estimé d'un défi relevé est la quantité déclarée par le défi multipliée par un "
    "facteur de la table des facteurs, dans la version en vigueur le jour où il a été relevé. "
    "Chaque facteur dit ce qu'il couvre, sa source exacte et son année ; une correction est une "
    "nouvelle version, et ce qui a été compté avec l'ancienne reste expliqué par l'ancienne."
)

TABLE = Path(__file__).parent / "data" / "factors.csv"


@dataclass(frozen=True)
class Factor:
    key: str
    version: int
    value: Decimal
    unit: str
    scope: str
    source: str
    reference: str
    year: int

    @property
    def quantity_unit(self) -> str:
        """What the factor multiplies: « km » for « kg CO2e par km »."""
        return self.unit.split(" par ", 1)[1] if " par " in self.unit else self.unit

    @property
    def result_unit(self) -> str:
        """What the product is counted in: « kg CO2e » for « kg CO2e par km »."""
        return self.unit.split(" par ", 1)[0]

    @property
    def origin(self) -> tuple[str, str]:
        """The reference as a reader follows it: a label and an address.
        « owner/repo, path @commit (detail) » is a file of a public GitHub
        repository at that commit; anything else is Terreau's own table."""
        match = REPOSITORY_REFERENCE.fullmatch(self.reference)
        if match is None:
            return ("La table des facteurs de Terreau", "")
        repo, path, commit, detail = match.groups()
        detail = re.sub(r"\bslugs? ", "entrée ", detail or "")
        label = "%s, données « %s », version %s%s" % (
            REPOSITORY_NAMES.get(repo, repo),
            path.rsplit("/", 1)[-1].removesuffix(".json").removesuffix(".publicodes"),
            commit,
            " (%s)" % detail if detail else "",
        )
        return (label, "https://github.com/%s/blob/%s/%s" % (repo, commit, quote(path)))


REPOSITORY_NAMES = {
    "incubateur-ademe/impactco2": "Impact CO2 (ADEME)",
    "incubateur-ademe/nosgestesclimat": "Nos Gestes Climat (ADEME)",
    "incubateur-ademe/publicodes-commun": "Modèle commun de Nos Gestes Climat (ADEME)",
    "incubateur-ademe/publicodes-acv-numerique": "Modèle ACV numérique de Nos Gestes Climat (ADEME)",
}
# A path may hold spaces (Nos Gestes Climat's « modèle déchets »): it runs up to « @commit ».
REPOSITORY_REFERENCE = re.compile(r"([\w.-]+/[\w.-]+), (.+?) @([0-9a-f]{7,40})(?: \((.*)\))?")


@functools.cache
def table() -> dict[tuple[str, int], Factor]:
    with TABLE.open(encoding="utf-8") as f:
        rows = [
            Factor(
                key=row["key"],
                version=int(row["version"]),
                value=Decimal(row["value"]),
                unit=row["unit"],
                scope=row["scope"],
                source=row["source"],
                reference=row["reference"],
                year=int(row["year"]),
            )
            for row in csv.DictReader(f)
        ]
    return {(factor.key, factor.version): factor for factor in rows}


def get(key: str, version: int) -> Factor:
    return table()[(key, version)]


def latest(key: str) -> Factor:
    versions = [factor for (k, _v), factor in table().items() if k == key]
    if not versions:
        raise KeyError(key)
    return max(versions, key=lambda factor: factor.version)


def choices() -> list[tuple[str, str]]:
    keys = sorted({key for key, _version in table()})
    return [(key, "%s — %s" % (key, latest(key).unit)) for key in keys]
