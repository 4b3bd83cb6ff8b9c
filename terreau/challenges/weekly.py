"""Défis done week by week: the collective rhythm that a marathon or a team
page draws as a small chart (server-rendered SVG) with its table of figures.

In plain words (`RULE`): each bar is a week, Monday to Sunday, counted on the
local day each défi was done; the last bar is the current week, so far; a
week without a défi shows zero. Everyone counts together: there is no
personal curve."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncWeek

WEEKS = 12
# The chart's drawing box, in SVG units (it scales to the page's width).
WIDTH, HEIGHT, GAP = 240, 80, 4

RULE = (
    "Le graphique des semaines compte les défis relevés chaque semaine, du lundi au dimanche, "
    "selon le jour local où chacun a été relevé, sur les douze dernières semaines ; la "
    "dernière barre est la semaine en cours. Une semaine sans défi compte zéro. Tout le monde "
    "compte ensemble : il n'y a pas de courbe personnelle."
)


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    done: int


@dataclass(frozen=True)
class Bar:
    week: Week
    x: float
    y: float
    width: float
    height: float


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weeks_until(today: datetime.date, counts: dict[datetime.date, int]) -> list[Week]:
    """The last `WEEKS` weeks up to today's, oldest first, zeros included."""
    last = monday_of(today)
    mondays = [last - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS))]
    return [Week(monday, counts.get(monday, 0)) for monday in mondays]


def weekly_done(completions, today: datetime.date) -> list[Week]:
    """One query: the completions of the last weeks, counted per week."""
    start = monday_of(today) - datetime.timedelta(weeks=WEEKS - 1)
    rows = (
        completions.filter(day__gte=start, day__lte=today)
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(done=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        week = row["week"]
        counts[week.date() if isinstance(week, datetime.datetime) else week] = row["done"]
    return weeks_until(today, counts)


def bars(weeks: list[Week]) -> list[Bar]:
    """Bar geometry: heights in proportion to the busiest week (a week of
    zero keeps a hairline, so that it reads as zero rather than missing)."""
    top = max((w.done for w in weeks), default=0) or 1
    width = (WIDTH - GAP * (len(weeks) - 1)) / len(weeks)
    result = []
    for i, week in enumerate(weeks):
        height = max(1.0, HEIGHT * week.done / top)
        result.append(
            Bar(
                week,
                round(i * (width + GAP), 2),
                round(HEIGHT - height, 2),
                round(width, 2),
                round(height, 2),
            )
        )
    return result


def chart(completions, today: datetime.date) -> dict:
    """The context of challenges/_weekly_chart.html."""
    weeks = weekly_done(completions, today)
    return {"weekly_bars": bars(weeks), "weekly_total": sum(w.done for w in weeks)}
