"""How the governance's exact numbers are written for people. Pure.

A published result stores exact fractions as text ("5/8"); these turn them
into French percentages and sentences, for the minutes and the audit trail.
"""

from fractions import Fraction

from . import tally


def percent(value: Fraction | str | None) -> str:
    """Exact fraction (or its text, "2/3") → "66,67 %" (two decimals,
    rounded half up); None → "—" (a college in which nobody cast a vote)."""
    if value is None or value == "":
        return "—"
    hundredths = (Fraction(value) * 10000 + Fraction(1, 2)) // 1
    return ("%d,%02d %%" % divmod(hundredths, 100)).replace(" %", "\u00a0%")


def majority(record: dict) -> str:
    """A stored majority ({"fraction": "2/3", "inclusive": true}) in words."""
    return tally.Majority(Fraction(record["fraction"]), record["inclusive"]).describe()


def exact(value: Fraction | None) -> str | None:
    """A fraction as it is stored in JSON: "5/8", "1", "0", or None."""
    return None if value is None else str(value)
