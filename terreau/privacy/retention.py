"""What is erased once its purpose has ended, on the schedule stated in the
personal-data notice. Run every night by `manage.py purge_expired` (the
nightly jobs unit); each rule is a query, idempotent.

- Accounts never confirmed, 7 days after sign-up: nobody can use them.
- Exports, 7 days after they were prepared: the file, then the row.
- Sent or abandoned e-mails, 90 days after they were created: their text is
  already erased at sending; the row only kept one cause from sending twice.
- Invitations (co-host of a place, co-author of an application) never
  accepted, 30 days after they were sent: they hold someone's address.
- Presence short codes, a day after their code expired.
- Expired sessions (Django's `clearsessions`).
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.db import transaction

from terreau.accounts.models import User
from terreau.calls.models import AuthorInvitation
from terreau.checkins.models import ShortCode
from terreau.core.models import OutgoingEmail
from terreau.places.models import HostInvitation

from .models import EXPORT_VALIDITY, DataExport

RULE = (
    "Chaque nuit sont effacés : un compte jamais confirmé 7 jours après l'inscription, une copie "
    "de données 7 jours après sa préparation, la trace d'un e-mail envoyé 90 jours après, une "
    "invitation jamais acceptée 30 jours après son envoi, les codes courts expirés depuis un jour "
    "et les sessions expirées. Le texte d'un e-mail est effacé dès son envoi."
)

UNCONFIRMED_ACCOUNTS = datetime.timedelta(days=7)
EMAIL_TRACES = datetime.timedelta(days=90)
INVITATIONS = datetime.timedelta(days=30)
SHORT_CODES = datetime.timedelta(days=1)


@transaction.atomic
def purge(*, at: datetime.datetime) -> dict[str, int]:
    removed = {}
    confirmed = EmailAddress.objects.filter(verified=True).values("user")
    unconfirmed = User.objects.filter(
        date_joined__lt=at - UNCONFIRMED_ACCOUNTS, is_staff=False, last_login__isnull=True
    ).exclude(pk__in=confirmed)
    removed["comptes non confirmés"] = unconfirmed.delete()[1].get("accounts.User", 0)
    expired = DataExport.objects.filter(ready_at__lt=at - EXPORT_VALIDITY)
    for export in expired:
        export.remove_file()
    removed["exports"] = expired.delete()[0]
    removed["traces d'e-mails"] = (
        OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.PENDING)
        .filter(created_at__lt=at - EMAIL_TRACES)
        .delete()[0]
    )
    stale = at - INVITATIONS
    removed["invitations"] = (
        HostInvitation.objects.filter(accepted_at__isnull=True, created_at__lt=stale).delete()[0]
        + AuthorInvitation.objects.filter(accepted_at__isnull=True, created_at__lt=stale).delete()[
            0
        ]
    )
    removed["codes courts"] = ShortCode.objects.filter(
        not_after__lt=int((at - SHORT_CODES).timestamp())
    ).delete()[0]
    removed["sessions"] = Session.objects.filter(expire_date__lt=at).delete()[0]
    return removed
