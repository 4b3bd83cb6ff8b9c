"""Every write of the Boussole; each refusal is a BoussoleRefused with its
French message. The criteria are the decrees in force: the latest adopted
version of every decree, frozen into an assessment when it starts."""

import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from terreau.core.refusals import Refused
from terreau.governance.models import DecreeVersion
from terreau.territories.models import AuthorityRepresentative

from . import permissions
from . import verdict as rule
from .models import Answer, Assessment, Remark


class BoussoleRefused(Refused):
    pass


def decrees_in_force():
    """The latest version of every adopted decree, in the order of the laws."""
    latest = DecreeVersion.objects.filter(decree=OuterRef("decree")).order_by("-version")
    return (
        DecreeVersion.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("decree__law")
        .order_by("decree__law__number", "decree__number")
    )


def changed_decrees(assessment: Assessment) -> list[DecreeVersion]:
    """The decree versions in force that this assessment did not answer: a
    decree revised or adopted since it started."""
    answered = set(assessment.answers.values_list("decree_version", flat=True))
    return [version for version in decrees_in_force() if version.pk not in answered]


def _require_author(assessment: Assessment, person) -> None:
    if not person.is_authenticated or assessment.author_id != person.pk:
        raise BoussoleRefused(
            _("Seules les personnes qui ont commencé cette évaluation peuvent la modifier."),
            code="not_author",
        )


def _require_draft(assessment: Assessment) -> None:
    if assessment.is_published:
        raise BoussoleRefused(
            _(
                "Une évaluation publiée ne change plus : reprenez-la pour en faire une nouvelle "
                "version."
            ),
            code="published",
        )


def _check_authority(person, authority) -> None:
    if authority is None:
        return
    if not AuthorityRepresentative.objects.filter(person=person, territory=authority).exists():
        raise BoussoleRefused(
            _("Vous n'êtes pas représentant·e vérifié·e de cette collectivité."),
            code="not_representative",
        )


@transaction.atomic
def start_assessment(
    *,
    person,
    at: datetime.datetime,
    name: str,
    organisation: str,
    kind: str,
    territory,
    users: str,
    url: str = "",
    authority=None,
) -> Assessment:
    """A new draft, private to its author, with one question per decree in force."""
    versions = list(decrees_in_force())
    if not versions:
        raise BoussoleRefused(
            _(
                "Aucun décret n'est encore adopté par les membres : la Boussole n'a pas encore "
                "de critère."
            ),
            code="no_decree",
        )
    _check_authority(person, authority)
    assessment = Assessment.objects.create(
        author=person,
        created_at=at,
        name=name,
        organisation=organisation,
        kind=kind,
        territory=territory,
        users=users,
        url=url,
        authority=authority,
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, decree_id=v.decree_id, decree_version=v) for v in versions
    )
    return assessment


DESCRIPTION = ("name", "organisation", "kind", "territory", "users", "url", "authority")
WHY = ("need", "action", "replaces", "without_it")


@transaction.atomic
def describe_project(
    *,
    assessment: Assessment,
    person,
    name: str,
    organisation: str,
    kind: str,
    territory,
    users: str,
    url: str = "",
    authority=None,
) -> None:
    _require_author(assessment, person)
    _require_draft(assessment)
    _check_authority(person, authority)
    values = {
        "name": name,
        "organisation": organisation,
        "kind": kind,
        "territory": territory,
        "users": users,
        "url": url,
        "authority": authority,
    }
    for field, value in values.items():
        setattr(assessment, field, value)
    assessment.save(update_fields=list(values))


@transaction.atomic
def answer_law(
    *,
    assessment: Assessment,
    person,
    law: int,
    answers: dict[int, dict],
    why: dict[str, str] | None = None,
) -> None:
    """Record the answers to one law's criteria. `answers`: an answer's id →
    its `value`, `evidence`, `link` and `measurement`; `why`: for law 1,
    the four questions of the project's purpose."""
    _require_author(assessment, person)
    _require_draft(assessment)
    rows = {a.pk: a for a in assessment.answers.select_for_update().filter(decree__law__number=law)}
    unknown = set(answers) - set(rows)
    if unknown:
        raise BoussoleRefused(
            _("Cette réponse n'appartient pas à cette loi de l'évaluation."), code="wrong_answer"
        )
    for pk, fields in answers.items():
        if fields.get("value", "") not in ("", *rule.ANSWERS):
            raise BoussoleRefused(_("Réponse inconnue."), code="wrong_value")
        answer = rows[pk]
        answer.value = fields.get("value", "")
        answer.evidence = fields.get("evidence", "")
        answer.link = fields.get("link", "")
        answer.measurement = fields.get("measurement", "")
        answer.save(update_fields=["value", "evidence", "link", "measurement"])
    if why:
        if law != 1 or set(why) - set(WHY):
            raise BoussoleRefused(_("Ces questions sont celles de la loi 1."), code="wrong_why")
        for field, value in why.items():
            setattr(assessment, field, value)
        assessment.save(update_fields=list(why))


@transaction.atomic
def publish_assessment(*, assessment: Assessment, person, at: datetime.datetime) -> None:
    """Publish once every criterion and the four questions of law 1 are
    answered; the verdict is frozen with the answers."""
    given = assessment
    # Locked, so that two clicks on « Publier » publish once.
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_author(assessment, person)
    _require_draft(assessment)
    missing = assessment.answers.filter(value="").count()
    if missing:
        raise BoussoleRefused(
            _(
                "%(n)d critère(s) sans réponse : répondez à chacun (« je ne sais pas » est une "
                "réponse) avant de publier."
            )
            % {"n": missing},
            code="unanswered",
        )
    if not all(getattr(assessment, field).strip() for field in WHY):
        raise BoussoleRefused(
            _("Répondez d'abord aux quatre questions du pourquoi (loi 1)."), code="no_why"
        )
    if changed_decrees(assessment):
        raise BoussoleRefused(
            _(
                "Des décrets ont changé depuis le début de cette évaluation : reprenez-la pour "
                "répondre aux versions en vigueur."
            ),
            code="outdated",
        )
    result = assessment.verdict()
    assessment.status = Assessment.Status.PUBLISHED
    assessment.published_at = at
    assessment.verdict_law = result.law
    assessment.verdict_status = result.status
    assessment.save(update_fields=["status", "published_at", "verdict_law", "verdict_status"])
    # The PDF is rendered by the worker, in this transaction's queue.
    from .tasks import build_report_pdf

    build_report_pdf.enqueue(assessment.pk)
    given.refresh_from_db()


@transaction.atomic
def rerun_assessment(*, assessment: Assessment, person, at: datetime.datetime) -> Assessment:
    """A new draft from an assessment, against the decrees in force: answers
    to an unchanged decree version are carried over; a revised or new decree
    is asked afresh. The earlier assessment stays as it was."""
    _require_author(assessment, person)
    fields = {f: getattr(assessment, f) for f in DESCRIPTION + WHY}
    rerun = Assessment.objects.create(author=person, created_at=at, previous=assessment, **fields)
    kept = {a.decree_version_id: a for a in assessment.answers.all()}
    answers = []
    for version in decrees_in_force():
        old = kept.get(version.pk)
        answers.append(
            Answer(
                assessment=rerun,
                decree_id=version.decree_id,
                decree_version=version,
                value=old.value if old else "",
                evidence=old.evidence if old else "",
                link=old.link if old else "",
                measurement=old.measurement if old else "",
            )
        )
    Answer.objects.bulk_create(answers)
    return rerun


@transaction.atomic
def remark(
    *,
    assessment: Assessment,
    person,
    at: datetime.datetime,
    text: str,
    answer: Answer | None = None,
    unsupported: bool = False,
) -> Remark:
    if not assessment.is_published:
        raise BoussoleRefused(_("Une évaluation se relit une fois publiée."), code="not_published")
    if not permissions.can_review(person, assessment):
        raise BoussoleRefused(
            _("Les membres de la coopérative relisent les évaluations publiées."),
            code="not_member",
        )
    if answer is not None and answer.assessment_id != assessment.pk:
        raise BoussoleRefused(_("Ce critère n'est pas celui de cette évaluation."), code="wrong")
    by_authors = assessment.author_id == person.pk
    if by_authors and unsupported:
        raise BoussoleRefused(
            _("On ne signale pas sa propre réponse : complétez-la par une remarque."),
            code="own_answer",
        )
    if unsupported and answer is None:
        raise BoussoleRefused(
            _("Choisissez le critère dont la réponse n'est pas étayée."), code="no_criterion"
        )
    return Remark.objects.create(
        assessment=assessment,
        answer=answer,
        person=person,
        by_authors=by_authors,
        unsupported=unsupported,
        text=text,
        created_at=at,
    )


@transaction.atomic
def delete_draft(*, assessment: Assessment, person) -> None:
    _require_author(assessment, person)
    _require_draft(assessment)
    assessment.delete()
