from decimal import Decimal

from terreau.core import footprint
from terreau.core.formatting import format_bytes, format_grams


def test_a_gigabyte_costs_the_published_factors():
    assert footprint.energy_kwh(10**9) == Decimal("0.81")
    assert footprint.carbon_grams(10**9) == Decimal("0.81") * Decimal("442")


def test_ten_kilobytes_is_a_few_milligrams():
    # 10 000 bytes × 0.81 kWh/GB × 442 g/kWh = 3.5802 mg
    assert footprint.carbon_grams(10_000) == Decimal("0.0035802")
    assert format_grams(footprint.carbon_grams(10_000)) == "3,6 mg CO2e"


def test_weights_are_written_the_french_way():
    assert format_bytes(812) == "812 octets"
    assert format_bytes(4_321) == "4,3 Ko"
    assert format_bytes(2_500_000) == "2,5 Mo"
    assert format_grams(Decimal("0.0004")) == "400 µg CO2e"
    assert format_grams(Decimal("12.34")) == "12,3 g CO2e"
