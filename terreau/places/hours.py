"""Is a place open at a given moment? Pure function over its opening slots."""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo


def is_open_at(
    slots: Iterable,
    at: datetime.datetime,
    zone: ZoneInfo,
    margin: datetime.timedelta = datetime.timedelta(),
) -> bool:
    """True when `at` (aware) falls in one of `slots` (objects with `weekday`,
    `opens`, `closes` in local time), widened by `margin` on both sides."""
    local = at.astimezone(zone)
    for slot in slots:
        for day_offset in (0, -1, 1):  # a margin can cross midnight
            day = local.date() + datetime.timedelta(days=day_offset)
            if day.weekday() != slot.weekday:
                continue
            opens = datetime.datetime.combine(day, slot.opens, zone) - margin
            closes = datetime.datetime.combine(day, slot.closes, zone) + margin
            if opens <= local <= closes:
                return True
    return False
