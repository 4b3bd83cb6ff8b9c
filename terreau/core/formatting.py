"""French formatting of weights and footprints, shared by the footer and the
footprint page. Pure functions."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
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


def day_fr(day) -> str:
    """A date the French way, the first of the month ordinal:
    « 1er décembre 2026 », « 2 décembre 2026 »."""
    first = "1er" if day.day == 1 else str(day.day)
    return "%s %s" % (first, formats.date_format(day, "F Y"))


def moment_fr(moment) -> str:
    """An aware time, already in the zone it should be read in:
    « 1er décembre 2026 à 14:30 »."""
    return _("%(day)s à %(time)s") % {
        "day": day_fr(moment),
        "time": formats.time_format(moment, "H:i"),
    }


def euros(amount) -> str:
    """An amount the French way: « 1 234,50 € » (narrow no-break spaces)."""
    text = formats.number_format(Decimal(amount), 2, use_l10n=True, force_grouping=True)
    return "%s\u00a0€" % text


def duration_fr(seconds: int) -> str:
    """« 1 h 05 min 30 s », « 12 min 04 s », « 45 s »."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return "%d h %02d min %02d s" % (hours, minutes, seconds)
    if minutes:
        return "%d min %02d s" % (minutes, seconds)
    return "%d s" % seconds
