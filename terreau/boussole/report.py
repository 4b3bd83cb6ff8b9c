"""The report of an assessment, law by law: read by its page and its PDF."""

from terreau.governance.models import Law

from . import verdict as rule
from .models import Assessment


def report_rows(assessment: Assessment):
    """The report's rows: per law, its status and its criteria with their
    remarks, and the verdict from its answers (frozen once published)."""
    answers = list(
        assessment.answers.select_related("decree__law", "decree_version").prefetch_related(
            "remarks__person"
        )
    )
    result = assessment.verdict()
    laws = {law.number: law for law in Law.objects.all()}
    rows = []
    for number in rule.LAWS:
        rows.append(
            {
                "law": laws.get(number),
                "number": number,
                "status": result.statuses[number],
                "deciding": number == result.law,
                "answers": [a for a in answers if a.decree.law.number == number],
            }
        )
    return result, rows
