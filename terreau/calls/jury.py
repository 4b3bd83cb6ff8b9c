"""The jury's work once a call has closed: conflicts of interest, scoring on
the grid, the ranking, the laureates staff confirm, and their marathons.

Every write raises CallRefused with a French message; the database
constraints (one review per juror and application, one laureate per rank and
per application) are the guarantee against double submissions.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.challenges.models import Marathon, eighteen_months_after
from terreau.core import versions
from terreau.places.models import Place
from terreau.territories import freshness, roles
from terreau.territories.models import AuthorityRepresentative, TerritoryAnimator

from . import eligibility, ranking, services
from .models import (
    Application,
    Call,
    Conflict,
    Juror,
    Laureate,
    Review,
    Score,
    Support,
)
from .services import CallRefused


def juror_of(person, call: Call) -> Juror | None:
    if not person.is_authenticated:
        return None
    return Juror.objects.filter(call=call, person=person).first()


def eligible_applications(call: Call) -> list[Application]:
    """Submitted applications that reached at least one route. After the
    closing date supports no longer change, so this is final."""
    applications = list(
        call.applications.filter(status=Application.Status.SUBMITTED)
        .select_related("territory")
        .with_support_counts()
        .order_by("territory__name")
    )
    eligible = []
    for application in applications:
        application.call = call
        counts = eligibility.Counts(
            citizens=application.citizen_count,
            places=application.place_count,
            authority=application.authority_count > 0,
        )
        if services.routes_of(application, counts):
            eligible.append(application)
    return eligible


class Conflicts:
    """The conflicts of interest of one juror, for as many applications as
    needed: where the juror lives and acts is read once (a few queries), then
    each application costs one query, for the communes of its territory."""

    def __init__(self, juror: Juror):
        person = juror.person
        self.declared = {c.application_id: c.reason for c in juror.conflicts.all()}
        # Communes where the juror lives or acts, each with the reason given.
        self.footprint = [
            ({person.home_commune_id} - {None}, _("Vous habitez ce territoire.")),
            (
                set(Place.objects.hosted_by(person).values_list("commune", flat=True)),
                _("Vous accueillez un lieu de ce territoire."),
            ),
            (
                self._communes_of(
                    role.territory
                    for role in AuthorityRepresentative.objects.filter(
                        person=person
                    ).select_related("territory")
                ),
                _("Vous représentez une collectivité de ce territoire."),
            ),
            (
                self._communes_of(
                    role.territory
                    for role in TerritoryAnimator.objects.filter(person=person).select_related(
                        "territory"
                    )
                ),
                _("Vous animez ce territoire."),
            ),
        ]
        self.authored = set(
            person.applications.filter(call=juror.call_id).values_list("pk", flat=True)
        )
        self.supported = set(
            Support.objects.filter(person=person, call=juror.call_id).values_list(
                "application", flat=True
            )
        )

    @staticmethod
    def _communes_of(territories) -> set[int]:
        communes = set()
        for territory in territories:
            communes.update(territory.communes().values_list("pk", flat=True))
        return communes

    def automatic(self, application: Application) -> str | None:
        """Why the juror may not score this application whatever they
        declare: they live or act in its territory (home commune, a place they
        host, an authority they represent, a marathon they animate, anywhere
        in it), or carry or support the application."""
        if any(communes for communes, _reason in self.footprint):
            territory = set(application.territory.communes().values_list("pk", flat=True))
            for communes, reason in self.footprint:
                if communes & territory:
                    return reason
        if application.pk in self.authored:
            return _("Vous êtes co-auteur·e de cette candidature.")
        if application.pk in self.supported:
            return _("Vous avez soutenu cette candidature.")
        return None

    def of(self, application: Application) -> str | None:
        """The declared conflict first, in the juror's words, else the
        automatic one."""
        if application.pk in self.declared:
            return _("Vous avez déclaré un conflit d'intérêts : %(reason)s") % {
                "reason": self.declared[application.pk]
            }
        return self.automatic(application)


def conflict_of(juror: Juror, application: Application) -> str | None:
    """One application's conflict; a list of them uses one `Conflicts`."""
    return Conflicts(juror).of(application)


def _require_scoring_open(call: Call, at: datetime.datetime) -> None:
    if not call.is_closed(at):
        raise CallRefused(
            _(
                "La notation s'ouvre à la clôture de l'appel, le %(date)s : jusque-là, les soutiens peuvent encore changer."
            )
            % {"date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y")},
            code="not-closed",
        )
    if call.laureates.exists():
        raise CallRefused(
            _("Les lauréats sont confirmés : la notation est close."), code="confirmed"
        )


def _require_eligible(application: Application) -> None:
    if not application.is_submitted or not services.routes_of(application):
        raise CallRefused(
            _("Cette candidature n'est pas éligible : le jury ne la note pas."),
            code="not-eligible",
        )


def declare_conflict(
    *, juror: Juror, application: Application, reason: str, at: datetime.datetime
) -> Conflict:
    """A juror steps aside from an application they have not scored."""
    if application.call_id != juror.call_id:
        raise CallRefused(_("Cette candidature relève d'un autre appel."), code="other-call")
    if not reason.strip():
        raise CallRefused(_("Dites en quelques mots la nature du lien."), code="no-reason")
    with transaction.atomic():
        # The lock submit_review takes: a juror's two tabs cannot both score
        # and step aside.
        Call.objects.select_for_update().get(pk=juror.call_id)
        if Review.objects.filter(juror=juror, application=application).exists():
            raise CallRefused(
                _("Vous avez déjà noté cette candidature : écrivez à l'équipe pour la retirer."),
                code="reviewed",
            )
        conflict, _created = Conflict.objects.get_or_create(
            juror=juror,
            application=application,
            defaults={"reason": reason.strip(), "declared_at": at},
        )
    return conflict


def submit_review(
    *, juror: Juror, application: Application, marks: dict, at: datetime.datetime
) -> Review:
    """`marks` maps each criterion's pk to (value, comment). The whole grid
    is scored at once, each mark with its comment, and can no longer change."""
    call = application.call
    if application.call_id != juror.call_id:
        raise CallRefused(_("Cette candidature relève d'un autre appel."), code="other-call")
    _require_scoring_open(call, at)
    _require_eligible(application)
    conflict = conflict_of(juror, application)
    if conflict:
        raise CallRefused(
            _("Vous ne pouvez pas noter cette candidature. %(why)s") % {"why": conflict},
            code="conflict",
        )
    criteria = list(call.criteria.all())
    for criterion in criteria:
        value, comment = marks.get(criterion.pk, (None, ""))
        if value is None or not 0 <= value <= Score.MAX or not comment.strip():
            raise CallRefused(
                _("Notez chaque critère de 0 à 5 avec un commentaire : il manque « %(c)s ».")
                % {"c": criterion.title},
                code="incomplete",
            )
    try:
        with transaction.atomic():
            # The lock confirm_laureates and declare_conflict take: a review
            # lands before the ranking is frozen or a conflict is declared, or
            # finds them there.
            Call.objects.select_for_update().get(pk=call.pk)
            _require_scoring_open(call, at)
            if Conflict.objects.filter(juror=juror, application=application).exists():
                raise CallRefused(
                    _("Vous avez déclaré un conflit d'intérêts sur cette candidature."),
                    code="conflict",
                )
            review = Review.objects.create(juror=juror, application=application, submitted_at=at)
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=c,
                    value=marks[c.pk][0],
                    comment=marks[c.pk][1].strip(),
                )
                for c in criteria
            )
    except IntegrityError:
        raise CallRefused(
            _("Vous avez déjà noté cette candidature : une notation par juré·e."),
            code="duplicate",
        ) from None
    return review


def visible_reviews(juror: Juror, application: Application) -> list[Review]:
    """Every submitted review of the application, once the juror has
    submitted their own; nothing before (so nobody scores in another's wake)."""
    if not Review.objects.filter(juror=juror, application=application).exists():
        return []
    return list(
        application.reviews.select_related("juror__person")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )


def applications_left_to_score(juror: Juror) -> list[Application]:
    """The eligible applications this juror has neither scored nor is kept
    from scoring by a conflict of interest."""
    reviewed = set(juror.reviews.values_list("application", flat=True))
    conflicts = Conflicts(juror)
    return [
        application
        for application in eligible_applications(juror.call)
        if application.pk not in reviewed and conflicts.of(application) is None
    ]


def scores_hidden_from(person, call: Call) -> bool:
    """The jury's rule holds for staff too: a staff member who sits on this
    call's jury sees the others' scores (the ranking, the back-office's
    reviews) only once they have scored everything they may score."""
    juror = juror_of(person, call)
    if juror is None or call.laureates.exists():
        return False  # once the ranking is frozen, nobody scores any more
    return bool(applications_left_to_score(juror))


def ranking_of(call: Call) -> tuple[list[tuple[ranking.Ranked, Application]], list[Application]]:
    """The ranked eligible applications, and those no juror has scored yet."""
    applications = {a.pk: a for a in eligible_applications(call)}
    supports = dict(
        Support.objects.filter(application__in=applications)
        .values_list("application")
        .annotate(n=Count("pk"))
    )
    marks = {pk: [] for pk in applications}
    for application_id, value, weight in Score.objects.filter(
        review__application__in=applications
    ).values_list("review__application", "value", "criterion__weight"):
        marks[application_id].append(ranking.Mark(value=value, weight=weight))
    for application in applications.values():
        application.review_count = 0
    for application_id, n in (
        Review.objects.filter(application__in=applications)
        .values_list("application")
        .annotate(n=Count("pk"))
    ):
        applications[application_id].review_count = n
    entries = [
        ranking.Entry(
            pk=pk,
            marks=tuple(marks[pk]),
            supports=supports.get(pk, 0),
            submitted_at=a.submitted_at,
        )
        for pk, a in applications.items()
    ]
    ranked = [(r, applications[r.pk]) for r in ranking.ranked(entries)]
    unscored = [a for pk, a in applications.items() if not marks[pk]]
    return ranked, unscored


def _two_decimals(fraction) -> Decimal:
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def confirm_laureates(*, call: Call, by, at: datetime.datetime) -> list[Laureate]:
    """Staff confirm the first `laureate_count` applications of the ranking,
    once every eligible application has been scored at least once."""
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)  # one confirmation at a time
        _require_scoring_open(call, at)
        ranked, unscored = ranking_of(call)
        if unscored:
            raise CallRefused(
                _("Le jury n'a pas encore noté : %(names)s.")
                % {"names": ", ".join(str(a.territory) for a in unscored)},
                code="unscored",
            )
        if not ranked:
            raise CallRefused(_("Aucune candidature éligible à retenir."), code="empty")
        laureates = Laureate.objects.bulk_create(
            Laureate(
                call=call,
                application=application,
                rank=r.rank,
                score=_two_decimals(r.score),
                confirmed_by=by,
                confirmed_at=at,
            )
            for r, application in ranked[: call.laureate_count]
        )
    return laureates


def create_marathons(*, call: Call, at: datetime.datetime) -> list[Marathon]:
    """Each laureate without one gets its marathon, starting on the day, for
    18 months, its application's co-authors as animators of its territory.
    Not before the
    announcement: a marathon is public and would reveal the laureates."""
    if not call.is_announced(at):
        raise CallRefused(
            _("Les marathons se créent à partir de l'annonce des lauréats, le %(date)s.")
            % {"date": timezone.localtime(call.announced_at).strftime("%d/%m/%Y")},
            code="not-announced",
        )
    starts_on = timezone.localdate(at)
    created = []
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)  # a second click waits, then finds none
        if not call.laureates.exists():
            raise CallRefused(_("Les lauréats ne sont pas encore confirmés."), code="no-laureates")
        for laureate in call.laureates.filter(marathon__isnull=True).select_related(
            "application__territory"
        ):
            application = laureate.application
            marathon = Marathon.objects.create(
                territory=application.territory,
                title=_("Marathon coopératif — %(territory)s")
                % {"territory": application.territory.name},
                description=application.plan,
                starts_on=starts_on,
                ends_on=eighteen_months_after(starts_on),
            )
            for author in application.authors.all():
                roles.appoint(author, application.territory)
            laureate.marathon = marathon
            laureate.save(update_fields=["marathon"])
            created.append(marathon)
        versions.bump(freshness.MARATHONS)
    return created
