"""E-mail through the durable queue.

`queue_email` writes the message (`OutgoingEmail`) and its task (django-tasks'
database backend) in the caller's transaction: if the change is rolled back,
nothing is sent; once it commits, the message waits in the database until
the worker (`manage.py db_worker`) delivers it, whatever happens to the web
process or the SMTP server. A failed delivery is retried with a growing
delay (1, 2, 4… minutes, at most 6 hours between tries) and given up after
MAX_ATTEMPTS, which is logged as an error.

One cause, one e-mail: `cause` is unique, and the worker marks a message
sent right after the SMTP server accepted it. A crash between the two would
send it again: delivery is at least once, never « maybe never ».

Why django-tasks: it is Django's own tasks API (in Django 6.0, and as a
backport before), its database backend needs nothing but the database we
have (SQLite or PostgreSQL, `SELECT … SKIP LOCKED` on the latter), and the
same queue will carry the other slow side effects (digests, exports).
"""

import datetime
import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
LONGEST_WAIT = datetime.timedelta(hours=6)


# Ids of e-mails delivered by one task: one SMTP connection for them all.
BATCH = 100


def queue_email(*, cause: str, to: str, subject: str, body: str, attachments=()) -> int:
    """Queue one e-mail for `to`; 0 when this cause was already queued."""
    return queue_many(
        [{"cause": cause, "to": to, "subject": subject, "body": body, "attachments": attachments}]
    )


def queue_rendered(*, cause: str, recipients, subject: str, template: str, context: dict) -> int:
    """The same template to each recipient, one e-mail each (nobody sees the
    others' addresses); each e-mail's cause is `cause` and the address."""
    from django.conf import settings

    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    return queue_many(
        [
            {"cause": "%s:%s" % (cause, address), "to": address, "subject": subject, "body": body}
            for address in dict.fromkeys(recipients)
        ]
    )


def queue_many(emails: list[dict]) -> int:
    """Queue e-mails (dicts of `queue_email`'s arguments) in the caller's
    transaction, a few statements whatever their number; those whose cause
    was already queued are left out. Returns how many were queued."""
    from .tasks import deliver_emails

    by_cause = {email["cause"][:150]: email for email in emails}
    # Inside the caller's transaction (a registration, a check-in) no
    # savepoint of its own: any error here undoes the caller's write too.
    with transaction.atomic(savepoint=False):
        known = set(
            OutgoingEmail.objects.filter(cause__in=list(by_cause)).values_list("cause", flat=True)
        )
        new = [cause for cause in by_cause if cause not in known]
        created = OutgoingEmail.objects.bulk_create(
            OutgoingEmail(
                cause=cause,
                to=by_cause[cause]["to"],
                subject=by_cause[cause]["subject"][:250],
                body=by_cause[cause]["body"],
                attachments=[dict(a) for a in by_cause[cause].get("attachments", ())],
            )
            for cause in new
        )
        ids = [email.pk for email in created]
        if None in ids:  # a database that does not return the new rows' keys
            ids = list(
                OutgoingEmail.objects.filter(cause__in=new)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        for start in range(0, len(ids), BATCH):
            deliver_emails.enqueue(ids[start : start + BATCH])
    return len(ids)


def wait_before(attempt: int) -> datetime.timedelta:
    """How long to wait after the `attempt`-th failed try."""
    return min(datetime.timedelta(minutes=2 ** (attempt - 1)), LONGEST_WAIT)


def deliver(email_ids: list[int]) -> dict[str, int]:
    """Send queued e-mails over one SMTP connection; each failure queues its
    own next try. Returns how many were sent, retried, given up."""
    from .tasks import deliver_emails

    outcome = {"sent": 0, "retry": 0, "given up": 0}
    pending = OutgoingEmail.objects.filter(
        pk__in=email_ids, status=OutgoingEmail.Status.PENDING
    ).order_by("pk")
    connection = get_connection()
    emails = list(pending)
    try:
        for index, email in enumerate(emails):
            message = EmailMessage(
                email.subject, email.body, None, [email.to], connection=connection
            )
            for attachment in email.attachments:
                message.attach(
                    attachment["name"], attachment["content"], attachment.get("mimetype")
                )
            try:
                message.send()
            except Exception as error:  # SMTP, network, DNS: any failure is retried
                attempts = email.attempts + 1
                failed = attempts >= MAX_ATTEMPTS
                OutgoingEmail.objects.filter(pk=email.pk).update(
                    attempts=attempts,
                    last_error=("%s: %s" % (type(error).__name__, error))[:300],
                    status=OutgoingEmail.Status.FAILED if failed else OutgoingEmail.Status.PENDING,
                )
                if failed:
                    logger.error(
                        "e-mail %s given up after %d attempts: %s", email.pk, attempts, error
                    )
                    outcome["given up"] += 1
                else:
                    outcome["retry"] += 1
                    logger.warning("e-mail %s not sent (attempt %d): %s", email.pk, attempts, error)
                # The server is likely down for the others too: they wait
                # with this one rather than each waiting for a timeout now.
                waiting = [e.pk for e in emails[index + 1 :]]
                if not failed:
                    waiting.insert(0, email.pk)
                if waiting:
                    later = timezone.now() + wait_before(attempts)
                    deliver_emails.using(run_after=later).enqueue(waiting)
                outcome["retry"] += len(emails) - index - 1
                break
            # Once delivered, the text is no longer ours to keep: the row keeps
            # its cause (sent once) and its date, not what it said.
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=OutgoingEmail.Status.SENT,
                sent_at=timezone.now(),
                attempts=email.attempts + 1,
                subject="",
                body="",
                attachments=[],
            )
            outcome["sent"] += 1
    finally:
        try:
            connection.close()
        except Exception:  # a connection that never opened has nothing to close
            logger.debug("SMTP connection not closed cleanly", exc_info=True)
    return outcome
