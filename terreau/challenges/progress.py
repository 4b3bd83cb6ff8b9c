"""Collective progress of a marathon: counts, estimated impact with its
calculation, stage goal, collective badges. Never an individual ranking."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from . import factors
from .models import Completion, Marathon, Participant, Stage, Team

RULE = (
    "Un marathon ne montre que des chiffres collectifs : combien de personnes participent, "
    "combien de défis ont été relevés (au total, par équipe et dans l'étape en cours) et leur "
    "impact estimé. La jauge d'une étape est la part de son objectif collectif atteinte, "
    "plafonnée à 100 %. Les badges sont collectifs et se gagnent ensemble, jamais par une "
    "personne : aucun classement individuel n'existe."
)

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
    completions = Completion.objects.filter(stage__marathon=marathon)
    done = completions.count()
    stage = marathon.stages.filter(starts_on__lte=day, ends_on__gte=day).first()
    stage_done = completions.filter(stage=stage).count() if stage else 0
    teams = list(marathon.teams.annotate(done=Count("completions")).order_by("name"))
    lines = impact_of(completions)
    progress = Progress(
        participants=Participant.objects.filter(marathon=marathon).count(),
        done=done,
        impact=lines,
        totals=totals_by_unit(lines),
        stage=stage,
        stage_done=stage_done,
        teams=[(team, team.done) for team in teams],
    )
    progress.badges = [
        Badge(name, meaning, reached(done, teams, stage, stage_done))
        for name, meaning, reached in BADGES
    ]
    return progress
