import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from terreau.boussole import services
from terreau.boussole.models import Answer, Assessment, Remark
from terreau.governance.models import DecreeVersion, Member
from terreau.territories.models import AuthorityRepresentative, Territory
from tests.accounts.factories import UserFactory
from tests.boussole.factories import WHY, adopt_founding_set, answer_all, published, revise, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def decrees(territories):
    return adopt_founding_set()


def test_without_an_adopted_decree_there_is_nothing_to_ask(territories, person):
    with pytest.raises(services.BoussoleRefused, match="Aucun décret"):
        start(person)
    assert not Assessment.objects.exists()


def test_an_assessment_asks_every_decree_in_force_in_its_version(decrees, person):
    assessment = start(person)
    assert assessment.answers.count() == len(decrees) == 17
    assert set(assessment.answers.values_list("decree_version", flat=True)) == set(
        DecreeVersion.objects.values_list("pk", flat=True)
    )
    assert assessment.status == Assessment.Status.DRAFT


def test_a_failed_first_law_is_not_bought_back_by_good_sobriety(decrees, person):
    futile = published(person, {1: "non"})
    assert (futile.verdict_law, futile.verdict_status) == (1, "non respectée")
    assert futile.verdict_text == "loi 1 non respectée"
    heavy_and_futile = published(person, {1: "non", 4: "non"})
    assert heavy_and_futile.verdict_text == futile.verdict_text
    # The lower laws are still assessed, as recommendations.
    assert heavy_and_futile.verdict().recommendations == [4]


def test_publishing_needs_every_answer_and_the_why(decrees, person):
    assessment = start(person)
    with pytest.raises(services.BoussoleRefused, match="17 critère"):
        services.publish_assessment(assessment=assessment, person=person, at=timezone.now())
    answer_all(assessment, person, {})
    Assessment.objects.filter(pk=assessment.pk).update(without_it="")
    assessment.refresh_from_db()
    with pytest.raises(services.BoussoleRefused, match="pourquoi"):
        services.publish_assessment(assessment=assessment, person=person, at=timezone.now())
    assert not Assessment.objects.get(pk=assessment.pk).is_published


def test_a_published_assessment_no_longer_changes(decrees, person):
    assessment = published(person)
    first = assessment.answers.first()
    with pytest.raises(services.BoussoleRefused, match="reprenez-la"):
        services.answer_law(
            assessment=assessment, person=person, law=1, answers={first.pk: {"value": "non"}}
        )
    with pytest.raises(services.BoussoleRefused, match="reprenez-la"):
        services.publish_assessment(assessment=assessment, person=person, at=timezone.now())
    with pytest.raises(services.BoussoleRefused):
        services.delete_draft(assessment=assessment, person=person)
    assert Answer.objects.get(pk=first.pk).value == "oui"


def test_only_the_author_answers(decrees, person):
    assessment = start(person)
    other = UserFactory()
    first = assessment.answers.filter(decree__law__number=1).first()
    with pytest.raises(services.BoussoleRefused, match="Seules"):
        services.answer_law(
            assessment=assessment, person=other, law=1, answers={first.pk: {"value": "non"}}
        )
    with pytest.raises(services.BoussoleRefused, match="Seules"):
        services.delete_draft(assessment=assessment, person=other)
    assert Answer.objects.get(pk=first.pk).value == ""


def test_an_answer_of_another_law_or_an_unknown_value_is_refused(decrees, person):
    assessment = start(person)
    law_five = assessment.answers.filter(decree__law__number=5).first()
    law_one = assessment.answers.filter(decree__law__number=1).first()
    with pytest.raises(services.BoussoleRefused):
        services.answer_law(
            assessment=assessment, person=person, law=1, answers={law_five.pk: {"value": "oui"}}
        )
    with pytest.raises(services.BoussoleRefused):
        services.answer_law(
            assessment=assessment,
            person=person,
            law=1,
            answers={law_one.pk: {"value": "peut-être"}},
        )
    with pytest.raises(services.BoussoleRefused):
        services.answer_law(assessment=assessment, person=person, law=2, answers={}, why=WHY)
    assert not assessment.answers.exclude(value="").exists()


def test_only_a_verified_representative_speaks_for_an_authority(decrees, person):
    pezenas = Territory.objects.communes().get(code="34199")
    with pytest.raises(services.BoussoleRefused, match="représentant"):
        start(person, authority=pezenas)
    AuthorityRepresentative.objects.create(person=person, territory=pezenas, role="Maire")
    assert start(person, authority=pezenas).authority == pezenas


def test_a_revised_decree_is_flagged_and_a_rerun_asks_it_afresh(decrees, person):
    old = published(person, {4: "en partie"})
    hosting = decrees[11]  # 4.2, « Un hébergement connu et sobre »
    assert hosting.title == "Un hébergement connu et sobre"
    assert services.changed_decrees(old) == []
    revise(hosting, "L'hébergement est nommé et alimenté par une énergie renouvelable.")
    [changed] = services.changed_decrees(old)
    assert (changed.decree, changed.version) == (hosting, 2)
    # The published assessment keeps the version it answered.
    assert old.answers.get(decree=hosting).decree_version.version == 1
    assert old.verdict_text == "loi 4 à améliorer"

    rerun = services.rerun_assessment(assessment=old, person=person, at=timezone.now())
    assert rerun.previous == old
    assert not rerun.is_published
    assert rerun.answers.get(decree=hosting).value == ""
    assert rerun.answers.get(decree=hosting).decree_version.version == 2
    assert rerun.answers.exclude(decree=hosting).filter(value="").count() == 0
    assert services.changed_decrees(rerun) == []
    assert rerun.need == WHY["need"]


def test_an_assessment_started_before_a_revision_cannot_be_published_as_is(decrees, person):
    draft = start(person)
    answer_all(draft, person, {})
    revise(decrees[0], "Le besoin est écrit avec celles et ceux qui l'expriment.")
    with pytest.raises(services.BoussoleRefused, match="ont changé"):
        services.publish_assessment(assessment=draft, person=person, at=timezone.now())


def test_members_review_and_the_authors_answer(decrees, person):
    assessment = published(person)
    criterion = assessment.answers.first()
    outsider = UserFactory()
    with pytest.raises(services.BoussoleRefused, match="membres"):
        services.remark(assessment=assessment, person=outsider, at=timezone.now(), text="Bof.")
    reviewer = Member.objects.active().first().person
    flag = services.remark(
        assessment=assessment,
        person=reviewer,
        at=timezone.now(),
        text="Où est-ce écrit ?",
        answer=criterion,
        unsupported=True,
    )
    assert flag.unsupported
    assert not flag.by_authors
    with pytest.raises(services.BoussoleRefused, match="propre réponse"):
        services.remark(
            assessment=assessment,
            person=person,
            at=timezone.now(),
            text="C'est étayé.",
            answer=criterion,
            unsupported=True,
        )
    reply = services.remark(
        assessment=assessment, person=person, at=timezone.now(), text="Voici le compte rendu."
    )
    assert reply.by_authors
    assert list(assessment.remarks.values_list("text", flat=True)) == [
        "Où est-ce écrit ?",
        "Voici le compte rendu.",
    ]


def test_a_draft_is_not_reviewed_and_a_criterion_must_be_its_own(decrees, person):
    draft = start(person)
    reviewer = Member.objects.active().first().person
    with pytest.raises(services.BoussoleRefused, match="une fois publiée"):
        services.remark(assessment=draft, person=reviewer, at=timezone.now(), text="Déjà ?")
    other = published(person)
    with pytest.raises(services.BoussoleRefused, match="pas celui"):
        services.remark(
            assessment=other,
            person=reviewer,
            at=timezone.now(),
            text="Hors sujet.",
            answer=draft.answers.first(),
        )
    assert not Remark.objects.exists()


def test_the_database_holds_one_answer_per_decree_and_a_date_for_what_is_published(decrees, person):
    assessment = start(person)
    first = assessment.answers.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            assessment=assessment, decree=first.decree, decree_version=first.decree_version
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(status="publiee")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=first.pk).update(value="peut-être")
    with pytest.raises(IntegrityError), transaction.atomic():
        Remark.objects.create(
            assessment=assessment,
            person=person,
            by_authors=True,
            unsupported=True,
            text="…",
            created_at=timezone.now(),
        )


def test_deleting_a_draft_removes_its_answers(decrees, person):
    draft = start(person)
    services.delete_draft(assessment=draft, person=person)
    assert not Answer.objects.exists()
