import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from terreau.demo.pdf import one_page_pdf
from terreau.governance import services
from terreau.governance.models import Assembly, College, Cooperative, Resolution, Statutes
from tests.accounts.factories import UserFactory

FIVE_COLLEGES = [
    ("Fondateurs", 20),
    ("Salariés", 15),
    ("Citoyens", 30),
    ("Lieux", 20),
    ("Collectivités", 15),
]


def cooperative(colleges=FIVE_COLLEGES) -> list[College]:
    """Colleges and statutes, as staff set them up."""
    statutes = Statutes(adopted_on=datetime.date(2026, 1, 13))
    statutes.file.save("statuts.pdf", ContentFile(one_page_pdf(["Statuts"])), save=False)
    statutes.save()
    return [
        College.objects.create(name=name, weight=Decimal(weight), position=i)
        for i, (name, weight) in enumerate(colleges)
    ]


def member(college, *, person=None, shares=1, staff=None, paid_on=None):
    """A person admitted the regular way: application, then payment."""
    person = person or UserFactory()
    application = services.apply_for_membership(
        person=person,
        college=college,
        shares=shares,
        legal_name="Nom Légal %s" % person.pk,
        postal_address="1 rue de la République\n34120 Pézenas",
        show_name=False,
        accepts_statutes=True,
    )
    return services.record_payment(
        application=application,
        recorded_by=staff or UserFactory(is_staff=True),
        paid_on=paid_on or timezone.localdate() - datetime.timedelta(days=30),
        reference="VIR-%s" % person.pk,
    )


def assembly(
    *, kind=Assembly.Kind.ORDINARY, secret=(False,), opens=None, closes=None, convene=True
):
    """An assembly with one resolution per item of `secret`, voting open now
    by default, convened."""
    now = timezone.now()
    result = Assembly.objects.create(
        kind=kind,
        title="Assemblée générale de test",
        starts_at=closes or now + datetime.timedelta(days=2),
        online="Visioconférence",
        voting_opens_at=opens or now - datetime.timedelta(hours=1),
        voting_closes_at=closes or now + datetime.timedelta(days=2),
    )
    for number, is_secret in enumerate(secret, start=1):
        Resolution.objects.create(
            assembly=result,
            number=number,
            title="Résolution %d" % number,
            text="L'assemblée approuve.",
            is_secret=is_secret,
        )
    if convene:
        convene_with_notice(result)
    return result


def convene_with_notice(assembly: Assembly) -> int:
    """Convene `assembly` as the statutes require: the default notice (15
    days) and a day more before its session or its vote, whichever is first."""
    notice = Cooperative.load().notice(assembly.convocation)
    first = min(assembly.starts_at, assembly.voting_opens_at)
    return services.convene(assembly=assembly, now=first - notice - datetime.timedelta(days=1))
