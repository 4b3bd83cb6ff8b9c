"""The PDF of a published report, for a DSI to circulate: rendered once by
the worker after publication (`tasks.build_report_pdf`), from the HTML of
`boussole/report_pdf.html`, with WeasyPrint. The PDF holds the report as
published (answers, verdict, decree versions), not the review that follows,
and names the organisation that carries the project, never a person: it
stays true after its author deletes their account.

WeasyPrint fetches nothing while rendering: the page has its style inline,
and any other URL (an answer's link is text, never fetched) is refused."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from . import verdict as rule
from .models import Assessment
from .report import report_rows

log = logging.getLogger(__name__)


def _refuse_every_url(url, *args, **kwargs):
    raise ValueError("a Boussole report fetches nothing: %s" % url[:80])


def report_bytes(assessment: Assessment) -> bytes:
    # Imported here: it loads Debian's Pango, which a web worker that never
    # renders a PDF does not need (scripts/install-system-libs.sh).
    from weasyprint import HTML

    result, rows = report_rows(assessment)
    html = render_to_string(
        "boussole/report_pdf.html",
        {
            "assessment": assessment,
            "result": result,
            "rows": rows,
            "rule": rule.RULE,
            "site_url": settings.SITE_URL,
        },
    )
    return HTML(string=html, url_fetcher=_refuse_every_url).write_pdf()


def build(assessment_id: int) -> None:
    """Run by the worker: write the published report's PDF once."""
    assessment = (
        Assessment.objects.select_related("territory", "authority")
        .filter(pk=assessment_id, status=Assessment.Status.PUBLISHED)
        .first()
    )
    if assessment is None or assessment.report_pdf:
        return
    content = report_bytes(assessment)
    assessment.report_pdf.save("boussole-%d.pdf" % assessment.pk, ContentFile(content), save=False)
    assessment.report_pdf_at = timezone.now()
    assessment.save(update_fields=["report_pdf", "report_pdf_at"])
    log.info("boussole report pdf assessment=%d bytes=%d", assessment.pk, len(content))
