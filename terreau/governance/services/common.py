"""What the governance services share: their refusal, the cooperative's lock,
mail sent on commit.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from terreau.core.refusals import Refused

from ..models import (
    Cooperative,
)


class GovernanceRefused(Refused):
    """A refusal whose message is shown to the person, in French."""


def lock_cooperative() -> Cooperative:
    Cooperative.load()
    return Cooperative.objects.select_for_update().get(pk=1)

    """The cooperative's row, locked until commit: every writer of the
    register, the assemblies and the audit trail takes it first, so that all
    keep one lock order (docs/architecture.md)."""


def mail_on_commit(recipients, subject, template, context) -> None:
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    transaction.on_commit(lambda: EmailMessage(subject, body, None, recipients).send())
