"""What an animator needs to run a marathon, read in a few queries: its
stages with their défis and results, teams and their last activity,
participants (counts; names only of those who chose to appear), places
active, events coming, requests waiting, and what needs attention. Also the
collective figures of the CSV exports, which name no person."""

import dataclasses
import datetime

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from terreau.checkins.models import CheckIn
from terreau.events.models import Event
from terreau.places.models import Place

from .models import Completion, Marathon, Participant, Stage, Team, TeamRequest

QUIET_AFTER = datetime.timedelta(days=30)
ACTIVE_WITHIN = datetime.timedelta(days=30)


@dataclasses.dataclass(frozen=True)
class Attention:
    message: str
    url: str = ""


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def figures(marathon: Marathon, now: datetime.datetime, today: datetime.date) -> dict:
    territory = marathon.territory
    stages = list(
        Stage.objects.filter(marathon=marathon)
        .annotate(
            defis=Count("challenges", distinct=True), done=Count("completions", distinct=True)
        )
        .order_by("starts_on", "pk")
    )
    teams = list(
        Team.objects.filter(marathon=marathon)
        .annotate(
            member_count=Count("members", distinct=True),
            done=Count("completions", distinct=True),
            last_done=Max("completions__created_at"),
        )
        .order_by("name", "pk")
    )
    participants = Participant.objects.filter(marathon=marathon)
    places = Place.objects.published().in_territory(territory)
    active_places = list(
        places.filter(
            completions__stage__marathon=marathon, completions__created_at__gte=now - ACTIVE_WITHIN
        )
        .distinct()
        .order_by("name")[:20]
    )
    # Posters are valid for a quarter: a place scanned by poster last quarter
    # and not since has a poster on its wall that no longer works.
    this_quarter = quarter_start(today)
    last_quarter = quarter_start(this_quarter - datetime.timedelta(days=1))
    poster_checkins = CheckIn.objects.filter(source=CheckIn.Source.POSTER)
    expired_posters = list(
        places.filter(
            pk__in=poster_checkins.filter(day__gte=last_quarter, day__lt=this_quarter).values(
                "place"
            )
        )
        .exclude(pk__in=poster_checkins.filter(day__gte=this_quarter).values("place"))
        .order_by("name")[:20]
    )
    attention = []
    for stage in stages:
        if not stage.defis:
            attention.append(Attention(_("L'étape « %(t)s » n'a aucun défi.") % {"t": stage.title}))
    for team in teams:
        if team.last_done is None or team.last_done < now - QUIET_AFTER:
            attention.append(
                Attention(
                    _("L'équipe « %(t)s » n'a relevé aucun défi depuis un mois.")
                    % {"t": team.name},
                    team.get_absolute_url(),
                )
            )
    for place in expired_posters:
        attention.append(
            Attention(
                _("L'affiche de « %(p)s » a expiré avec le trimestre : à réimprimer.")
                % {"p": place.name},
                place.get_absolute_url(),
            )
        )
    return {
        "stages": stages,
        "drafts": [stage for stage in stages if not stage.is_published],
        "teams": teams,
        "participant_count": participants.count(),
        "named_participants": list(
            participants.filter(show_name=True).select_related("person").order_by("joined_at")[:50]
        ),
        "active_places": active_places,
        "places_count": places.count(),
        "events": list(
            Event.objects.visible()
            .in_territory(territory)
            .filter(status=Event.Status.SCHEDULED)
            .upcoming(now)
            .for_listing()[:5]
        ),
        "requests": list(
            TeamRequest.objects.filter(team__marathon=marathon)
            .select_related("team")
            .order_by("created_at")[:50]
        ),
        "attention": attention,
    }


def weekly_rows(marathon: Marathon) -> list[dict]:
    """Per week (Monday), défis done, distinct people and places: counts."""
    by_week: dict[datetime.date, dict] = {}
    rows = Completion.objects.filter(stage__marathon=marathon).values_list(
        "day", "person_id", "place_id"
    )
    for day, person_id, place_id in rows:
        monday = day - datetime.timedelta(days=day.weekday())
        week = by_week.setdefault(monday, {"defis": 0, "people": set(), "places": set()})
        week["defis"] += 1
        if person_id is not None:
            week["people"].add(person_id)
        week["places"].add(place_id)
    return [
        {
            "semaine": monday.isoformat(),
            "defis_releves": week["defis"],
            "personnes_distinctes": len(week["people"]),
            "lieux_distincts": len(week["places"]),
        }
        for monday, week in sorted(by_week.items())
    ]


def team_rows(marathon: Marathon) -> list[dict]:
    teams = (
        Team.objects.filter(marathon=marathon)
        .annotate(
            member_count=Count("members", distinct=True),
            done=Count("completions", distinct=True),
            last_day=Max("completions__day"),
        )
        .order_by("name", "pk")
    )
    return [
        {
            "equipe": team.name,
            "type": team.get_kind_display(),
            "membres": team.member_count,
            "defis_releves": team.done,
            "dernier_defi": team.last_day.isoformat() if team.last_day else "",
        }
        for team in teams
    ]
