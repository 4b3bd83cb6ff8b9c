import datetime

from django.utils import timezone

from terreau.calls.models import (
    Application,
    AuthorInvitation,
    Call,
    Criterion,
    Juror,
    Support,
)
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory

PEZENAS = "34199"
HERAULT_MEDITERRANEE = "243400819"  # Pézenas's EPCI
MAZAMET = "81163"  # in the Tarn, far from it


def commune(code):
    return Territory.objects.get(kind="commune", code=code)


def open_call(**fields) -> Call:
    """A call open since ten days, closing in thirty, announced in sixty."""
    now = timezone.now()
    values = {
        "title": "AMI marathon coopératif",
        "text": "Portez la candidature de votre territoire.",
        "opens_at": now - datetime.timedelta(days=10),
        "closes_at": now + datetime.timedelta(days=30),
        "announced_at": now + datetime.timedelta(days=60),
        **fields,
    }
    call = Call.objects.create(**values)
    Criterion.objects.create(call=call, title="Ancrage", description="Qui agit déjà.", weight=2)
    return call


def submitted_application(call, territory=None, author=None) -> Application:
    territory = territory or Territory.objects.get(kind="epci", code=HERAULT_MEDITERRANEE)
    application = Application.objects.create(
        call=call,
        territory=territory,
        why="Parce que.",
        who="Des voisins.",
        plan="Dix-huit mois de défis.",
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    application.authors.add(author or UserFactory())
    return application


def resident(code=PEZENAS):
    return UserFactory(home_commune=commune(code))


def closed_call(**fields) -> Call:
    """A call closed yesterday, its laureates announced in ten days; the grid
    weighs « Ancrage » 2 and « Action » 1."""
    now = timezone.now()
    call = open_call(
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=1),
        announced_at=now + datetime.timedelta(days=10),
        **fields,
    )
    Criterion.objects.create(
        call=call, title="Action", description="Des gestes réels.", weight=1, position=1
    )
    return call


def eligible_application(call, territory=None, author=None) -> Application:
    """A submitted application its local authority supports."""
    application = submitted_application(call, territory=territory, author=author)
    Support.objects.create(
        application=application, call=call, kind="authority", person=UserFactory()
    )
    return application


def appoint(call, person=None) -> Juror:
    return Juror.objects.create(
        call=call, person=person or UserFactory(), appointed_by=UserFactory(is_staff=True)
    )


def marks(call, value=3, comment="Solide.") -> dict:
    return {c.pk: (value, comment) for c in call.criteria.all()}


def pending_invitation(call, email: str) -> str:
    """A pending invitation to the call's draft (the demo has one), for
    `email`; returns its token. Its page is measured like the others."""
    draft = call.applications.get(status="draft")
    invitation, _created = AuthorInvitation.objects.get_or_create(
        token="invitation-de-demonstration",
        defaults={"application": draft, "email": email, "invited_by": draft.authors.first()},
    )
    return invitation.token
