"""Tasks of the durable queue for the Boussole (django-tasks)."""

from django_tasks import task

from . import pdf


@task()
def build_report_pdf(assessment_id: int) -> None:
    pdf.build(assessment_id)
