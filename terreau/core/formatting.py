"""French formatting of weights and footprints, shared by the footer and the
footprint page. Pure functions."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


def _decimal_fr(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return str(value.quantize(quantum, rounding=ROUND_HALF_UP)).replace(".", ",")


def format_bytes(size: int) -> str:
    """1234 → « 1,2 Ko » (1 Ko = 1 000 octets, as the footprint factors count)."""
    if size < 1000:
        return _("%(n)s octets") % {"n": size}
    if size < 1_000_000:
        return _("%(n)s Ko") % {"n": _decimal_fr(Decimal(size) / 1000, 1)}
    return _("%(n)s Mo") % {"n": _decimal_fr(Decimal(size) / 1_000_000, 1)}


def format_grams(grams: Decimal) -> str:
    """Grams of CO2e with a unit that keeps two significant digits readable."""
    if grams < Decimal("0.001"):
        return _("%(n)s µg CO2e") % {"n": _decimal_fr(grams * 1_000_000, 0)}
    if grams < 1:
        return _("%(n)s mg CO2e") % {"n": _decimal_fr(grams * 1000, 1)}
    return _("%(n)s g CO2e") % {"n": _decimal_fr(grams, 1)}
