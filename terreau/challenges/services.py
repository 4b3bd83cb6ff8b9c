"""Writes of the marathon: joining, teams, défis done."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from terreau.checkins import services as checkins
from terreau.checkins.models import CheckIn
from terreau.core import mail
from terreau.core.refusals import Refused
from terreau.places.models import Place
from terreau.territories import freshness

from . import plausibility, programme, progress
from .models import (
    Challenge,
    Completion,
    Marathon,
    Participant,
    Stage,
    Team,
    TeamMember,
    TeamRequest,
)

# Which way of proving presence validates which kind of défi.
SOURCES_FOR = {
    Challenge.Validation.PLACE: {"poster", "screen"},
    Challenge.Validation.EVENT: {"event"},
    Challenge.Validation.HOST: {"host"},
}


class MarathonRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


def lives_or_acts_in(person, marathon: Marathon) -> bool:
    """Home commune in the territory, or host of a published place there."""
    communes = marathon.territory.communes()
    if person.home_commune_id and communes.filter(pk=person.home_commune_id).exists():
        return True
    return Place.objects.published().in_territory(marathon.territory).hosted_by(person).exists()


def join_marathon(*, person, marathon: Marathon, show_name: bool = False) -> Participant:
    if not lives_or_acts_in(person, marathon):
        raise MarathonRefused(
            _(
                "Ce marathon est réservé aux personnes qui vivent ou agissent sur ce territoire : "
                "indiquez votre commune dans votre profil, ou animez un lieu du territoire."
            ),
            code="outside",
        )
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                marathon=marathon, person=person, show_name=show_name
            )
    except IntegrityError:
        raise MarathonRefused(_("Vous participez déjà à ce marathon."), code="duplicate") from None
    progress.marathon_changed(marathon.pk)  # its count of participants
    return participant


def _require_participant(person, marathon: Marathon) -> None:
    if not Participant.objects.filter(marathon=marathon, person=person).exists():
        raise MarathonRefused(_("Rejoignez d'abord le marathon."), code="not-participant")


def _add_member(*, team: Team, person) -> TeamMember:
    """At most one team per person per marathon: `one_team_per_marathon` is
    the guarantee."""
    try:
        with transaction.atomic():
            return TeamMember.objects.create(team=team, marathon_id=team.marathon_id, person=person)
    except IntegrityError:
        raise MarathonRefused(
            _("Vous faites déjà partie d'une équipe de ce marathon : quittez-la d'abord."),
            code="other-team",
        ) from None


@transaction.atomic
def create_team(*, person, marathon: Marathon, name: str, kind: str) -> Team:
    _require_participant(person, marathon)
    if TeamMember.objects.filter(marathon=marathon, person=person).exists():
        raise MarathonRefused(
            _("Vous faites déjà partie d'une équipe de ce marathon : quittez-la d'abord."),
            code="other-team",
        )
    try:
        with transaction.atomic():
            team = Team.objects.create(marathon=marathon, name=name, kind=kind, created_by=person)
    except IntegrityError:
        raise MarathonRefused(
            _("Une équipe porte déjà ce nom dans ce marathon."), code="name-taken"
        ) from None
    _add_member(team=team, person=person)
    progress.marathon_changed(marathon.pk)  # the new team, at 0
    return team


@transaction.atomic
def join_team_by_link(*, person, token: str) -> Team:
    team = Team.objects.select_related("marathon__territory").filter(invite_token=token).first()
    if team is None:
        raise MarathonRefused(_("Ce lien d'invitation n'est plus valable."), code="invalid")
    if not Participant.objects.filter(marathon=team.marathon, person=person).exists():
        join_marathon(person=person, marathon=team.marathon)
    _add_member(team=team, person=person)
    TeamRequest.objects.filter(team=team, person=person).delete()
    return team


def request_to_join(*, person, team: Team) -> TeamRequest:
    _require_participant(person, team.marathon)
    if TeamMember.objects.filter(marathon=team.marathon_id, person=person).exists():
        raise MarathonRefused(
            _("Vous faites déjà partie d'une équipe de ce marathon."), code="other-team"
        )
    try:
        with transaction.atomic():
            join_request = TeamRequest.objects.create(team=team, person=person)
    except IntegrityError:
        raise MarathonRefused(_("Votre demande est déjà envoyée."), code="duplicate") from None
    captain = team.created_by
    if captain is not None and captain.notify_teams:
        _tell(
            "team-request:%d" % join_request.pk,
            captain,
            _("%(name)s demande à rejoindre « %(team)s »") % {"name": person, "team": team.name},
            "challenges/email/team_request.txt",
            {"team": team, "person": person},
        )
    return join_request


@transaction.atomic
def accept_request(*, request: TeamRequest) -> TeamMember:
    member = _add_member(team=request.team, person=request.person)
    request_pk = request.pk
    request.delete()
    _tell_answer(request, request_pk, accepted=True)
    return member


@transaction.atomic
def refuse_request(*, request: TeamRequest) -> None:
    """The captain says no: the request goes, the person is told (and may
    join another team, or ask again)."""
    request_pk = request.pk
    request.delete()
    _tell_answer(request, request_pk, accepted=False)


def _tell_answer(request: TeamRequest, request_pk: int, *, accepted: bool) -> None:
    if not request.person.notify_teams:
        return
    subject = _("Vous faites partie de « %(team)s »") if accepted else _("Réponse de « %(team)s »")
    _tell(
        "team-answer:%d:%s" % (request_pk, "yes" if accepted else "no"),
        request.person,
        subject % {"team": request.team.name},
        "challenges/email/team_answer.txt",
        {"team": request.team, "accepted": accepted},
    )


def _tell(cause: str, person, subject: str, template: str, context: dict) -> None:
    mail.queue_rendered(
        cause=cause, recipients=[person.email], subject=subject, template=template, context=context
    )


@transaction.atomic
def leave_team(*, person, team: Team) -> None:
    TeamMember.objects.filter(team=team, person=person).delete()


def poster_challenges(*, place: Place, day: datetime.date) -> list[tuple[Stage, Challenge]]:
    """The défis a poster (or screen) code of `place` validates today, for
    anyone taking part in a marathon of its territory."""
    return _matching(
        Stage.objects.filter(starts_on__lte=day, ends_on__gte=day, is_published=True),
        place=place,
        source="poster",
    )


def open_challenges(
    *, person, place: Place, source: str, day: datetime.date
) -> list[tuple[Stage, Challenge]]:
    """The défis that `person` can complete here and now: of a current stage
    of a marathon they take part in, whose territory holds the place, that a
    code of this `source` validates and this kind of place offers."""
    stages = Stage.objects.filter(
        starts_on__lte=day,
        ends_on__gte=day,
        is_published=True,
        marathon__participants__person=person,
    )
    return _matching(stages, place=place, source=source)


def _matching(stages, *, place: Place, source: str) -> list[tuple[Stage, Challenge]]:
    stages = stages.select_related("marathon__territory").prefetch_related("challenges")
    found = []
    for stage in stages:
        if not stage.marathon.territory.communes().filter(pk=place.commune_id).exists():
            continue
        for challenge in stage.challenges.all():
            if not challenge.is_published or source not in SOURCES_FOR[challenge.validation]:
                continue
            if challenge.place_kind_list and place.kind not in challenge.place_kind_list:
                continue
            found.append((stage, challenge))
    return found


def _checkin_for(*, person, presence: checkins.Presence) -> CheckIn:
    """Check in, or reuse today's check-in here: two défis done at the same
    place on the same day rest on one presence."""
    try:
        return checkins.check_in(person=person, presence=presence)
    except checkins.CheckInRefused as refusal:
        if refusal.code != "duplicate":
            raise
        existing = CheckIn.objects.filter(person=person, place=presence.place, event=presence.event)
        if presence.event is None:
            existing = existing.filter(day=presence.day)
        return existing.get()


@transaction.atomic
def complete_challenge(
    *, person, presence: checkins.Presence, stage: Stage, challenge: Challenge
) -> Completion:
    """Record a défi done where the code of `presence` was shown, within the
    plausibility rules (`plausibility.py`): once per place and stage, once a
    day, one défi of an exclusive group a day (three database constraints),
    at most `max_per_stage` times a stage (counted under a lock on the
    person's row, which every completion of theirs takes first)."""
    at = presence.at
    allowed = open_challenges(
        person=person, place=presence.place, source=presence.source, day=presence.day
    )
    if (stage, challenge) not in allowed:
        raise MarathonRefused(
            _("Ce défi ne se valide pas ici, ou pas à cette étape."), code="not-here"
        )
    get_user_model().objects.select_for_update().filter(pk=person.pk).exists()
    _check_plausible(person=person, stage=stage, challenge=challenge, presence=presence)
    checkin = _checkin_for(person=person, presence=presence)
    member = TeamMember.objects.filter(marathon=stage.marathon_id, person=person).first()
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                person=person,
                challenge=challenge,
                stage=stage,
                place=presence.place,
                checkin=checkin,
                team_id=member.team_id if member else None,
                quantity=challenge.quantity,
                factor_key=challenge.factor_key,
                factor_version=challenge.factor_version,
                day=presence.day,
                exclusive_group=challenge.exclusive_group,
                created_at=at,
            )
    except IntegrityError:
        # Another request of the same person won the race between the checks
        # above and this insert: the constraints hold, the message is general.
        raise MarathonRefused(
            _("Ce défi (ou un défi qui l'exclut) est déjà relevé : rien n'a été enregistré."),
            code="duplicate",
        ) from None
    freshness.done_changed(presence.place.commune)
    progress.marathon_changed(stage.marathon_id)
    return completion


def _check_plausible(*, person, stage: Stage, challenge: Challenge, presence) -> None:
    mine = Completion.objects.filter(person=person)
    if mine.filter(challenge=challenge, place=presence.place, stage=stage).exists():
        raise MarathonRefused(
            _("Vous avez déjà relevé ce défi dans ce lieu pendant cette étape."), code="duplicate"
        )
    if mine.filter(challenge=challenge, day=presence.day).exists():
        raise MarathonRefused(
            _("Vous avez déjà relevé ce défi aujourd'hui : il compte une fois par jour au plus."),
            code="daily",
        )
    if challenge.exclusive_group:
        done = (
            mine.filter(exclusive_group=challenge.exclusive_group, day=presence.day)
            .select_related("challenge")
            .first()
        )
        if done is not None:
            raise MarathonRefused(
                _(
                    "Vous avez déjà relevé « %(done)s » aujourd'hui : un seul défi pour "
                    "%(group)s, par jour. Rien n'a été enregistré."
                )
                % {
                    "done": done.challenge.title,
                    "group": plausibility.GROUPS.get(
                        challenge.exclusive_group, challenge.exclusive_group
                    ),
                },
                code="exclusive",
            )
    if mine.filter(challenge=challenge, stage=stage).count() >= challenge.max_per_stage:
        raise MarathonRefused(
            _(
                "Vous avez relevé ce défi %(n)d fois pendant cette étape, le maximum : "
                "il comptera de nouveau à l'étape suivante."
            )
            % {"n": challenge.max_per_stage},
            code="stage-cap",
        )


# A marathon's programme --------------------------------------------------


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


@transaction.atomic
def draft_programme(*, marathon: Marathon, source: Marathon | None = None) -> list[Stage]:
    """Give an empty marathon its stages, as drafts: those of `source` (a
    previous marathon), at the same distance from the start, or the default
    18-month programme (`programme.py`)."""
    marathon = Marathon.objects.select_for_update().get(pk=marathon.pk)
    if marathon.stages.exists():
        raise MarathonRefused(
            _("Ce marathon a déjà des étapes : modifiez-les une à une."), code="has-stages"
        )
    if source is not None and source.pk == marathon.pk:
        raise MarathonRefused(_("Choisissez un autre marathon comme modèle."), code="same")
    plan = []  # (title, starts_on, ends_on, goal, challenges)
    if source is not None:
        for stage in source.stages.prefetch_related("challenges"):
            starts_on = marathon.starts_on + (stage.starts_on - source.starts_on)
            ends_on = marathon.starts_on + (stage.ends_on - source.starts_on)
            published = [c for c in stage.challenges.all() if c.is_published]
            plan.append((stage.title, starts_on, ends_on, stage.goal, published))
    else:
        known = Challenge.objects.filter(is_published=True).in_bulk(field_name="slug")
        for index, (title, slugs) in enumerate(programme.DEFAULT_PROGRAMME):
            starts_on = _months_after(marathon.starts_on, index * programme.STAGE_MONTHS)
            ends_on = _months_after(
                marathon.starts_on, (index + 1) * programme.STAGE_MONTHS
            ) - datetime.timedelta(days=1)
            chosen = [known[slug] for slug in slugs if slug in known]
            plan.append((title, starts_on, ends_on, programme.DEFAULT_GOAL, chosen))
    stages = []
    for title, starts_on, ends_on, goal, chosen in plan:
        if starts_on > marathon.ends_on:
            break
        stage = Stage.objects.create(
            marathon=marathon,
            title=title,
            starts_on=starts_on,
            ends_on=min(ends_on, marathon.ends_on),
            goal=goal,
            is_published=False,
        )
        stage.challenges.set(chosen)
        stages.append(stage)
    if not stages:
        raise MarathonRefused(_("Ce modèle n'a aucune étape à reprendre."), code="empty")
    return stages


@transaction.atomic
def publish_programme(*, marathon: Marathon) -> int:
    """Publish the draft stages, each with at least one défi."""
    drafts = list(
        Stage.objects.select_for_update()
        .filter(marathon=marathon, is_published=False)
        .prefetch_related("challenges")
    )
    if not drafts:
        raise MarathonRefused(_("Aucune étape en brouillon à publier."), code="nothing")
    empty = [stage.title for stage in drafts if not stage.challenges.all()]
    if empty:
        raise MarathonRefused(
            _("Ajoutez au moins un défi à l'étape « %(title)s » avant de publier.")
            % {"title": empty[0]},
            code="empty-stage",
        )
    progress.marathon_changed(marathon.pk)
    return Stage.objects.filter(pk__in=[stage.pk for stage in drafts]).update(is_published=True)
