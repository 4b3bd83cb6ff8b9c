"""Tasks of the durable queue (django-tasks, database backend), run by
`manage.py db_worker`. Each takes plain values (row ids), never objects."""

from django_tasks import task

from . import mail


@task()
def deliver_emails(email_ids: list[int]) -> dict[str, int]:
    return mail.deliver(email_ids)
