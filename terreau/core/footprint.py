"""The footprint of a page, computed by a published formula.

Pure computation, no database. The page /contrepartie/ shows these constants
and their sources; change one only with its source.

    energy (kWh)   = bytes transferred / 10⁹ × ENERGY_PER_GB
    carbon (g CO2e) = energy × CARBON_INTENSITY

It is an order of magnitude, deliberately prudent: the energy factor averages
data centres, networks and the visitor's device over the whole web, and the
carbon intensity is the world average, far above France's electricity mix.
"""

from dataclasses import dataclass
from decimal import Decimal

RULE = (
    "L'empreinte d'une page est un ordre de grandeur : énergie (kWh) = octets transférés / 10⁹ × "
    "l'énergie par gigaoctet ; carbone (g CO2e) = énergie × l'intensité carbone. Les deux "
    "constantes et leurs sources sont sur la page « contrepartie »."
)


@dataclass(frozen=True)
class Factor:
    value: Decimal
    unit: str
    source: str
    year: int


ENERGY_PER_GB = Factor(
    value=Decimal("0.81"),
    unit="kWh/Go",
    source=(
        "Sustainable Web Design, modèle v3 : énergie par gigaoctet transféré, "
        "centres de données, réseaux et terminaux compris"
    ),
    year=2022,
)
CARBON_INTENSITY = Factor(
    value=Decimal("442"),
    unit="g CO2e/kWh",
    source=(
        "Sustainable Web Design, modèle v3 : intensité carbone mondiale moyenne de "
        "l'électricité (Ember, 2021)"
    ),
    year=2022,
)
BYTES_PER_GB = Decimal(10) ** 9


def energy_kwh(transferred_bytes: int) -> Decimal:
    """Energy attributed to transferring `transferred_bytes`, in kWh."""
    return Decimal(transferred_bytes) / BYTES_PER_GB * ENERGY_PER_GB.value


def carbon_grams(transferred_bytes: int) -> Decimal:
    """Estimated emissions of transferring `transferred_bytes`, in g CO2e."""
    return energy_kwh(transferred_bytes) * CARBON_INTENSITY.value
