"""Live figures in a story: a marathon's or a territory's current results,
read from the data each time the page is shown, with the time they were
read. Never typed by hand."""

from dataclasses import dataclass

from django.utils import timezone

from terreau.challenges import progress
from terreau.challenges.models import Completion


@dataclass
class LiveFigures:
    title: str
    url: str
    read_at: object
    done: int
    totals: dict
    impact: list
    participants: int | None = None


def of_marathon(marathon, now) -> LiveFigures:
    result = progress.marathon_progress(marathon, timezone.localdate(now))
    return LiveFigures(
        title=marathon.title,
        url=marathon.get_absolute_url(),
        read_at=now,
        done=result.done,
        totals=result.totals,
        impact=result.impact,
        participants=result.participants,
    )


def of_territory(territory, now) -> LiveFigures:
    """The défis done at the places of the territory, as its page counts them."""
    completions = Completion.objects.filter(place__in=territory.communes().values("places"))
    lines = progress.impact_of(completions)
    return LiveFigures(
        title=str(territory),
        url=territory.get_absolute_url(),
        read_at=now,
        done=sum(line.count for line in lines),
        totals=progress.totals_by_unit(lines),
        impact=lines,
    )


def of_story(story, now) -> list[LiveFigures]:
    found = []
    if story.figures_of_marathon_id:
        found.append(of_marathon(story.figures_of_marathon, now))
    if story.figures_of_territory:
        found.append(of_territory(story.territory, now))
    return found
