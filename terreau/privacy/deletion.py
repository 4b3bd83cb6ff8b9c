"""Deleting an account (GDPR article 17), and what stays without the person.

Goes: the account, its e-mail addresses, second factors and calendar feed;
registrations (a seat to come is freed and offered to the waiting list);
marathon participations, team memberships and requests; supports (calls,
causes, amendments); membership applications; comments; host and animator
roles, jury roles; pending invitations sent; the e-mails sent to the person
or waiting for them; the data exports; the Boussole's drafts.

Stays, without the person (its link to the account becomes empty):
- check-ins and défis done: counted anonymously in the collective gauges;
- the member register line (number, legal name, postal address, shares) and
  the audit trail, which only names member numbers: a cooperative must keep
  its register of members, and must still be able to convene a member who
  holds shares;
- public votes, the secret ballot's roll (the member number signed) and
  proxies, attached to the member number;
- consultations and amendments put to the members: their text, unsigned;
- places proposed, events published, teams created: they belong to their
  place or territory now;
- published Boussole assessments and review remarks: shared knowledge, unsigned.

Refused: a staff account that recorded lines of the member register (the
register is append-only and names who recorded each line). Another staff
member must first take over; the refusal says so.
"""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.boussole.models import Assessment
from terreau.challenges import progress
from terreau.challenges.models import Participant
from terreau.core.models import OutgoingEmail
from terreau.core.refusals import Refused
from terreau.events import services as events
from terreau.events.models import Event, Registration
from terreau.governance.models import ShareMovement

from .models import DataExport


class DeletionRefused(Refused):
    pass


@dataclass(frozen=True)
class Deleted:
    registrations_freed: int
    emails_removed: int


def refuse_if_impossible(person) -> None:
    if ShareMovement.objects.filter(recorded_by=person).exists():
        raise DeletionRefused(
            _(
                "Ce compte d'équipe a enregistré des lignes du registre des sociétaires, qui "
                "nomme qui les a inscrites et ne peut pas être modifié : il ne peut pas être "
                "supprimé. Retirez-lui ses droits d'équipe et désactivez-le dans le back-office."
            ),
            code="register-author",
        )


@transaction.atomic
def delete_account(person, *, at=None) -> Deleted:
    at = at or timezone.now()
    refuse_if_impossible(person)
    freed = _leave_events(person, at)
    for export in DataExport.objects.filter(person=person):
        export.remove_file()
    user_type = ContentType.objects.get_for_model(get_user_model())
    LogEntry.objects.filter(content_type=user_type, object_id=str(person.pk)).delete()
    addresses = {person.email.lower()} | {
        address.lower() for address in person.emailaddress_set.values_list("email", flat=True)
    }
    emails = OutgoingEmail.objects.filter(to__in=addresses).delete()[0]
    Assessment.objects.filter(author=person, status=Assessment.Status.DRAFT).delete()
    # Their participations go with them: the marathons' counts change.
    for marathon_id in Participant.objects.filter(person=person).values_list(
        "marathon_id", flat=True
    ):
        progress.marathon_changed(marathon_id)
    # Everything else follows the foreign keys: CASCADE for what goes,
    # SET_NULL for what stays without the person (see the module's docstring).
    person.delete()
    return Deleted(registrations_freed=freed, emails_removed=emails)


def _leave_events(person, at) -> int:
    """A seat to come is freed through the agenda's own rule (the first on
    the waiting list gets it and is told); a past one is only uncounted."""
    freed = 0
    registrations = Registration.objects.filter(person=person).select_related("event")
    for registration in registrations:
        event = registration.event
        if event.ends_at > at and not event.is_cancelled:
            events.unregister_from_event(event=event, person=person)
            freed += registration.status == Registration.Status.CONFIRMED
            continue
        Registration.objects.filter(pk=registration.pk).delete()
        if registration.status == Registration.Status.CONFIRMED:
            Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
    return freed
