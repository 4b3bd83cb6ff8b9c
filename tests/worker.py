"""Running the durable queue's worker in tests, as `manage.py db_worker`
does in production: every task due now, then it stops."""

from unittest import mock

from django.core import mail
from django.core.management import call_command


def run_worker() -> list:
    """Deliver what is queued and due; returns Django's test outbox.

    The worker checks its database connection between tasks, as a request
    would (`close_old_connections`); inside a test that connection holds the
    test's own transaction, which the check would drop on PostgreSQL. Only
    that check is left out here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    return mail.outbox
