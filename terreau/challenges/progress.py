"""Collective progress of a marathon: counts, estimated impact with its
calculation, stage goal, collective badges. Never an individual ranking."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, Q, Sum

from terreau.core import versions

from . import factors
from .models import Completion, Marathon, Participant, Stage, Team

RULE = (
    "Un marathon ne montre que des chiffres collectifs : combien de personnes participent, "
    "combien de défis ont été relevés (au total, par équipe et dans l'étape en cours) et leur "
    "impact estimé. La jauge d'une étape est la part de son objectif collectif atteinte, "
    "plafonnée à 100 %. Les badges sont collectifs et se gagnent ensemble, jamais par une "
    "personne : aucun classement individuel n'existe. Un badge gagné depuis lundi est fêté "
    "sur la page du marathon pendant la semaine."
)


def scope(marathon_id: int) -> str:
    """The version scope of a marathon's figures (see `core.versions`)."""
    return "marathon:%d" % marathon_id


def marathon_changed(marathon_id: int) -> None:
    """A défi done, a participant, a team, a published stage: its figures change."""
    versions.bump(scope(marathon_id))


# The collective badges: name, what earns it, and the test (done, teams,
# current stage, défis done in that stage).
BADGES = [
    ("Premiers pas", "10 défis relevés ensemble", lambda done, teams, stage, in_stage: done >= 10),
    ("Centaine", "100 défis relevés ensemble", lambda done, teams, stage, in_stage: done >= 100),
    ("Millier", "1 000 défis relevés ensemble", lambda done, teams, stage, in_stage: done >= 1000),
    (
        "Toutes les équipes en action",
        "chaque équipe a relevé au moins un défi",
        lambda done, teams, stage, in_stage: bool(teams) and all(t.done for t in teams),
    ),
    (
        "Objectif d'étape",
        "l'objectif collectif de l'étape en cours est atteint",
        lambda done, teams, stage, in_stage: bool(stage) and in_stage >= stage.goal,
    ),
]


@dataclass
class ImpactLine:
    factor: factors.Factor
    quantity: Decimal
    count: int

    @property
    def total(self) -> Decimal:
        return self.quantity * self.factor.value


@dataclass
class Badge:
    title: str
    rule: str
    earned: bool
    this_week: bool = False  # earned since Monday: the page celebrates it


@dataclass
class Progress:
    participants: int
    done: int
    impact: list[ImpactLine]
    totals: dict[str, Decimal]
    stage: Stage | None
    stage_done: int
    teams: list[tuple[Team, int]]
    badges: list[Badge] = field(default_factory=list)

    @property
    def celebrated(self) -> list[Badge]:
        return [badge for badge in self.badges if badge.this_week]

    @property
    def stage_percent(self) -> int:
        if not self.stage or not self.stage.goal:
            return 0
        return min(100, self.stage_done * 100 // self.stage.goal)


def impact_of(completions) -> list[ImpactLine]:
    """quantity × factor, summed per factor version (as each défi was counted)."""
    rows = completions.values("factor_key", "factor_version").annotate(
        quantity=Sum("quantity"), count=Count("pk")
    )
    lines = [
        ImpactLine(
            factors.get(row["factor_key"], row["factor_version"]), row["quantity"], row["count"]
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (line.factor.result_unit, line.factor.key))


def totals_by_unit(lines: list[ImpactLine]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.factor.result_unit] = (
            totals.get(line.factor.result_unit, Decimal(0)) + line.total
        )
    return totals


def marathon_progress(marathon: Marathon, day: datetime.date) -> Progress:
    """One aggregate for the counts, now and at the start of the week (so
    that a badge won this week is celebrated), one for the teams."""
    completions = Completion.objects.filter(stage__marathon=marathon)
    stage = marathon.stages.filter(starts_on__lte=day, ends_on__gte=day, is_published=True).first()
    monday = day - datetime.timedelta(days=day.weekday())
    earlier = Q(day__lt=monday)
    in_stage = Q(stage=stage) if stage else Q(pk__in=[])
    counts = completions.aggregate(
        done=Count("pk"),
        done_before=Count("pk", filter=earlier),
        stage_done=Count("pk", filter=in_stage),
        stage_before=Count("pk", filter=in_stage & earlier),
    )
    teams = list(
        marathon.teams.annotate(
            done=Count("completions"),
            done_before=Count("completions", filter=Q(completions__day__lt=monday)),
        ).order_by("name")
    )
    teams_before = [SimpleNamespace(done=team.done_before) for team in teams]
    lines = impact_of(completions)
    progress = Progress(
        participants=Participant.objects.filter(marathon=marathon).count(),
        done=counts["done"],
        impact=lines,
        totals=totals_by_unit(lines),
        stage=stage,
        stage_done=counts["stage_done"],
        teams=[(team, team.done) for team in teams],
    )
    for name, meaning, reached in BADGES:
        earned = reached(counts["done"], teams, stage, counts["stage_done"])
        before = reached(counts["done_before"], teams_before, stage, counts["stage_before"])
        progress.badges.append(Badge(name, meaning, earned, earned and not before))
    return progress
