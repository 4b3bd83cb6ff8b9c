"""Tasks of the durable queue for personal data (django-tasks)."""

from django_tasks import task

from . import export


@task()
def build_export(export_id: int) -> None:
    export.build(export_id)
