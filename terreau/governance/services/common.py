"""What the governance services share: their refusal, the cooperative's lock,
mail through the durable queue.
"""

from terreau.core import mail
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


def queue_mail(cause: str, recipients, subject, template, context) -> int:
    """Queued in the caller's transaction (core.mail): sent once it commits."""
    return mail.queue_rendered(
        cause=cause, recipients=recipients, subject=subject, template=template, context=context
    )
