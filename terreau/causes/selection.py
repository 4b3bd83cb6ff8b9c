"""Which causes the gala supports. Pure module.

In plain words: when the round closes, the published causes are ordered by
their number of supports, most first. Between causes with as many supports,
the one published later comes first (it gathered as much in less time); if
they were published at the same instant, the one proposed first (the smaller
number). The first `size` causes are selected.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    pk: int
    supports: int
    published_at: datetime.datetime


def ranked(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (-e.supports, -e.published_at.timestamp(), e.pk))


def selected(entries: list[Entry], size: int) -> list[Entry]:
    return ranked(entries)[:size]
