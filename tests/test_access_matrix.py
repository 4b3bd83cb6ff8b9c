"""Every URL that names an object and needs a right, across the apps, walked
by each kind of person who lacks that right: a signed-out visitor, a signed-in
stranger, the animator of another territory's marathon, the member of another
team, and staff whose session did not pass the second factor (TOTP active but
signed in with the password only, or TOTP never activated). Each is refused
(403 or 404; a signed-out visitor is sent to the log-in page, staff to the
second factor) and nothing in the database changes. The rightful person, walked last,
is let through: a mistyped URL cannot pass for a refusal.

The per-app tests say what each role may do; this one makes sure no URL was
forgotten."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from terreau.calls.models import Application
from terreau.causes.models import Cause
from terreau.challenges.models import Team, TeamMember, TeamRequest
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory, sign_in
from tests.calls.factories import (
    appoint,
    closed_call,
    eligible_application,
    open_call,
    submitted_application,
)
from tests.causes.factories import open_round
from tests.challenges.factories import HERAULT_MEDITERRANEE, marathon_with_stage
from tests.events.factories import EventFactory
from tests.governance.factories import assembly, cooperative, member
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

INTRUDERS = [
    "anonymous",
    "stranger",
    "other_territory_animator",
    "other_team_member",
    "staff_password_only",
    "staff_without_totp",
]
WATCHED_APPS = ["places", "events", "checkins", "challenges", "governance", "calls", "causes"]


@pytest.fixture
def world(territories, staff):
    host = UserFactory()
    place = PlaceFactory(host=host)
    event = EventFactory(place=place)
    marathon, stage = marathon_with_stage("repair-cafe")
    animator = UserFactory()
    marathon.animators.add(animator)
    other_epci = Territory.objects.filter(kind="epci").exclude(code=HERAULT_MEDITERRANEE).first()
    other_marathon, _ = marathon_with_stage("repair-cafe", epci=other_epci.code)
    other_animator = UserFactory()
    other_marathon.animators.add(other_animator)
    captain, other_captain, newcomer = UserFactory(), UserFactory(), UserFactory()
    team = Team.objects.create(marathon=marathon, name="Les Rapiéceurs", created_by=captain)
    other_team = Team.objects.create(
        marathon=marathon, name="Les Voisins", created_by=other_captain
    )
    TeamMember.objects.create(team=team, marathon=marathon, person=captain)
    TeamMember.objects.create(team=other_team, marathon=marathon, person=other_captain)
    join_request = TeamRequest.objects.create(team=team, person=newcomer)
    colleges = cooperative()
    alice = member(colleges[0])
    applicant = UserFactory()
    call = open_call()
    draft = Application.objects.create(call=call, territory=place.commune)
    draft.authors.add(applicant)
    submitted = submitted_application(call, author=applicant)
    judged_call = closed_call(title="Appel clos")
    scored = eligible_application(judged_call)
    juror = appoint(judged_call).person
    proposer = UserFactory()
    pending_cause = Cause.objects.create(
        round=open_round(),
        title="En attente",
        stake="…",
        territory=place.commune,
        association="…",
        proposed_by=proposer,
    )
    return {
        "objects": {
            "place": place,
            "event": event,
            "marathon": marathon,
            "stage": stage,
            "team": team,
            "join_request": join_request,
            "member": alice,
            "draft_assembly": assembly(convene=False),
            "draft_application": draft,
            "submitted_application": submitted,
            "pending_cause": pending_cause,
            "judged_call": judged_call,
            "scored_application": scored,
        },
        "people": {
            "anonymous": None,
            "stranger": UserFactory(),
            "other_territory_animator": other_animator,
            "other_team_member": other_captain,
            "host": host,
            "animator": animator,
            "captain": captain,
            "member": alice.person,
            "applicant": applicant,
            "proposer": proposer,
            "juror": juror,
            "staff": staff,
            "staff_password_only": staff,
            "staff_without_totp": UserFactory(is_staff=True, is_superuser=True),
        },
    }


def _place(o):
    return [o["place"].pk]


def _event(o):
    return [o["event"].pk]


# (URL name, arguments, method, form data, who has the right)
URLS = [
    ("places:edit", _place, "get", None, "host"),
    ("places:edit", _place, "post", {"name": "Pris"}, "host"),
    ("places:hosts", _place, "get", None, "host"),
    ("places:hosts", _place, "post", {"email": "intrus@example.org"}, "host"),
    ("checkins:poster", _place, "get", None, "host"),
    ("checkins:screen", _place, "get", None, "host"),
    ("checkins:place_presence", _place, "get", None, "host"),
    ("checkins:validate_at_place", _place, "post", {"person": "1"}, "host"),
    ("events:create", _place, "get", None, "host"),
    ("events:create", _place, "post", {"title": "Pris"}, "host"),
    ("events:edit", _event, "get", None, "host"),
    ("events:edit", _event, "post", {"title": "Pris"}, "host"),
    ("events:cancel", _event, "post", {"reason": "Pris"}, "host"),
    ("events:registrations", _event, "get", None, "host"),
    ("checkins:event_presence", _event, "get", None, "host"),
    ("checkins:validate_at_event", _event, "post", {"person": "1"}, "host"),
    ("challenges:stage_create", lambda o: [o["marathon"].pk], "get", None, "animator"),
    (
        "challenges:stage_create",
        lambda o: [o["marathon"].pk],
        "post",
        {"title": "Pris"},
        "animator",
    ),
    ("challenges:stage_edit", lambda o: [o["marathon"].pk, o["stage"].pk], "get", None, "animator"),
    (
        "challenges:stage_edit",
        lambda o: [o["marathon"].pk, o["stage"].pk],
        "post",
        {"title": "Pris"},
        "animator",
    ),
    (
        "challenges:team_accept",
        lambda o: [o["team"].pk, o["join_request"].pk],
        "post",
        {},
        "captain",
    ),
    ("challenges:team_remove", lambda o: [o["team"].pk], "post", {}, "animator"),
    ("calls:application", lambda o: [o["draft_application"].pk], "get", None, "applicant"),
    ("calls:edit", lambda o: [o["draft_application"].pk], "get", None, "applicant"),
    ("calls:edit", lambda o: [o["submitted_application"].pk], "post", {"why": "Pris"}, "applicant"),
    (
        "calls:invite_author",
        lambda o: [o["draft_application"].pk],
        "post",
        {"email": "x@example.org"},
        "applicant",
    ),
    ("calls:submit", lambda o: [o["draft_application"].pk], "post", {}, "applicant"),
    (
        "calls:support",
        lambda o: [o["draft_application"].pk],
        "post",
        {"kind": "citizen"},
        "applicant",
    ),
    ("calls:leave", lambda o: [o["draft_application"].pk], "post", {}, "applicant"),
    # Last of the draft's rows: the rightful request deletes it.
    (
        "calls:abandon",
        lambda o: [o["draft_application"].pk],
        "post",
        {"confirm": "on"},
        "applicant",
    ),
    ("calls:jury", lambda o: [o["judged_call"].pk], "get", None, "juror"),
    ("calls:review", lambda o: [o["scored_application"].pk], "get", None, "juror"),
    ("calls:review", lambda o: [o["scored_application"].pk], "post", {"value_1": "4"}, "juror"),
    ("calls:conflict", lambda o: [o["scored_application"].pk], "post", {"reason": "Pris"}, "juror"),
    ("calls:ranking", lambda o: [o["judged_call"].pk], "get", None, "staff"),
    ("calls:confirm", lambda o: [o["judged_call"].pk], "post", {}, "staff"),
    ("calls:marathons", lambda o: [o["judged_call"].pk], "post", {}, "staff"),
    ("causes:detail", lambda o: [o["pending_cause"].pk], "get", None, "proposer"),
    ("causes:support", lambda o: [o["pending_cause"].pk], "post", {}, "proposer"),
    ("governance:certificate", lambda o: [o["member"].number], "get", None, "member"),
    ("governance:assembly", lambda o: [o["draft_assembly"].pk], "get", None, "staff"),
    ("governance:register", lambda o: [], "get", None, "staff"),
    ("governance:record_movement", lambda o: [], "post", {"member": "1"}, "staff"),
]


def snapshot():
    """Every row of every model of the apps that hold what these URLs act on."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for name in WATCHED_APPS
        for model in apps.get_app_config(name).get_models()
    }


def request(world, role, name, args, method, data):
    client = Client()
    person = world["people"][role]
    if role == "staff_password_only":
        client.force_login(person)  # the password, no TOTP code in this session
    elif person is not None:
        sign_in(client, person)
    url = reverse(name, args=args(world["objects"]))
    return getattr(client, method)(url, data or {})


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def is_second_factor_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(
        (reverse("mfa_reauthenticate"), reverse("mfa_activate_totp"))
    )


def test_no_right_no_access_and_nothing_changes(world):
    """One world, every URL: the intruders first (nothing may change), then
    the rightful people, whose requests do change things."""
    before = snapshot()
    for name, args, method, data, _owner in URLS:
        for role in INTRUDERS:
            response = request(world, role, name, args, method, data)
            where = (method.upper(), name, role, response.status_code)
            if role == "anonymous":
                assert is_login_redirect(response) or response.status_code in (403, 404), where
            elif role.startswith("staff"):
                assert is_second_factor_redirect(response) or response.status_code in (
                    403,
                    404,
                ), where
            else:
                assert response.status_code in (403, 404), where
    assert snapshot() == before

    for name, args, method, data, owner in URLS:
        response = request(world, owner, name, args, method, data)
        where = (method.upper(), name, owner, response.status_code)
        assert response.status_code not in (403, 404, 405), where
        assert not is_login_redirect(response), where
