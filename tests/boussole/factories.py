"""Decrees adopted the real way (an assembly votes them) and assessments
started through the services."""

import time_machine
from django.utils import timezone

from terreau.boussole import founding, services
from terreau.boussole.models import Assessment
from terreau.governance import services as governance
from terreau.governance.models import Decree, Law, Member, Resolution
from terreau.territories.models import Territory
from tests.governance.factories import assembly, convene_with_notice, cooperative, member


def _adopt(meeting) -> None:
    convene_with_notice(meeting)
    voter = Member.objects.active().first()
    governance.cast_votes(
        assembly=meeting,
        person=voter.person,
        on_behalf_of=voter.number,
        choices={r.pk: "pour" for r in meeting.resolutions.all()},
    )
    with time_machine.travel(meeting.voting_closes_at):
        governance.publish_results(assembly=meeting)


def adopt_founding_set() -> list[Decree]:
    """The members adopt the founding set at an assembly; returns its decrees."""
    if not Member.objects.exists():
        member(cooperative()[0])
    meeting = assembly(secret=(), convene=False)
    founding.resolutions_for(meeting, 1, Resolution, Law)
    _adopt(meeting)
    return list(Decree.objects.order_by("law__number", "number"))


def revise(decree: Decree, text: str) -> None:
    """A later assembly adopts a new version of `decree`."""
    meeting = assembly(secret=(False,), convene=False)
    Resolution.objects.filter(assembly=meeting).update(decree=decree, decree_text=text)
    _adopt(meeting)


def start(person, **changes) -> Assessment:
    project = {
        "name": "Portail citoyen",
        "organisation": "Une association",
        "kind": Assessment.Kind.WEBSITE,
        "territory": Territory.objects.communes().get(code="34199"),
        "users": "Les habitants",
    }
    project.update(changes)
    return services.start_assessment(person=person, at=timezone.now(), **project)


WHY = {
    "need": "Un besoin dit par les habitants.",
    "action": "Se retrouver au jardin.",
    "replaces": "Un panneau d'affichage.",
    "without_it": "Moins de rencontres.",
}


def answer_all(assessment: Assessment, person, values: dict[int, str], default="oui") -> None:
    """Answer every criterion: `values` maps a law to the answer given to all
    its criteria, `default` for the other laws."""
    for law in range(1, 6):
        services.answer_law(
            assessment=assessment,
            person=person,
            law=law,
            answers={
                a.pk: {"value": values.get(law, default), "evidence": "Vu sur place."}
                for a in assessment.answers.filter(decree__law__number=law)
            },
            why=WHY if law == 1 else None,
        )


def published(person, values=None, **changes) -> Assessment:
    assessment = start(person, **changes)
    answer_all(assessment, person, values or {})
    services.publish_assessment(assessment=assessment, person=person, at=timezone.now())
    return assessment
