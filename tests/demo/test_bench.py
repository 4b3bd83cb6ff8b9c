"""make bench's data set, at a small size: written once by COPY, consistent,
reused, and the load's plan works (its sessions sign in, its presence codes
record a check-in) and is undone by `reset`."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client

from terreau.accounts.models import User
from terreau.challenges.models import Completion, Marathon, TeamMember
from terreau.checkins.models import CheckIn
from terreau.core.models import OutgoingEmail
from terreau.demo import bench
from terreau.events.models import Event
from terreau.governance.models import Member, ShareMovement
from terreau.places.models import Place, PlaceHost
from tests.governance.factories import cooperative

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

SMALL = {
    "people": 400,
    "places": 60,
    "events": 120,
    "marathons": 2,
    "checkins": 3000,
    "members": 12,
}


def quiet(_message):
    pass


@pytest.fixture
def data_set(territories):
    call_command("load_challenges", verbosity=0)
    cooperative()
    assert bench.generate(SMALL, log=quiet)


def test_the_data_set_has_the_sizes_asked_and_holds_together(data_set):
    people = User.objects.filter(email__endswith="@" + bench.BENCH_DOMAIN)
    assert people.count() == 400
    assert Place.objects.filter(status=Place.Status.PUBLISHED).count() == 60
    assert PlaceHost.objects.count() == 60
    assert Event.objects.count() == 120
    assert Event.objects.filter(starts_at__gt=datetime.datetime.now(datetime.UTC)).exists()
    assert Marathon.objects.count() == 2
    assert TeamMember.objects.exists()
    assert CheckIn.objects.count() == 3000
    assert Member.objects.count() == ShareMovement.objects.count() == 12
    # Every défi relevé rests on a check-in of the same person at the same place.
    completions = Completion.objects.select_related("checkin")
    assert completions.exists()
    assert all(
        c.checkin.person_id == c.person_id and c.checkin.place_id == c.place_id for c in completions
    )
    # The sequences follow the rows written with explicit keys.
    assert User.objects.create_user("apres@example.org", "x").pk > people.order_by("-pk")[0].pk


def test_a_second_run_reuses_the_data_set(data_set):
    assert not bench.generate(SMALL, log=quiet)
    assert CheckIn.objects.count() == 3000


def test_the_plan_signs_people_in_and_reset_removes_what_the_load_wrote(data_set):
    plan = bench.plan(origin="https://testserver", pool=20, samples=10, log=quiet)
    assert set(plan["gets"]) == {
        "home",
        "territory",
        "agenda",
        "place",
        "event",
        "marathon",
        "defi",
        "ical",
    }
    url, session = plan["posts"]["checkin"][0]
    client = Client()
    client.cookies["sessionid"] = session
    before = CheckIn.objects.count()
    response = client.post(url)
    assert response.status_code == 200
    assert CheckIn.objects.count() == before + 1

    url, session = plan["posts"]["register"][0]
    client.cookies["sessionid"] = session
    event = Event.objects.get(pk=int(url.split("/")[2]))
    assert client.post(url).status_code == 302
    assert event.registrations.count() == 1

    bench.reset(
        people=plan["people"],
        sessions=plan["sessions"],
        since=datetime.datetime.fromisoformat(plan["started_at"]),
    )
    assert CheckIn.objects.count() == before
    event.refresh_from_db()
    assert event.registrations.count() == 0
    assert event.seats_taken == 0


def test_the_cancellation_bench_queues_every_email_sends_none_and_leaves_nothing(data_set):
    """make bench times this with 500 registrants; here 300, the figures are
    not asserted (a timed test is a flaky test), only what the bench reports."""
    events, emails = Event.objects.count(), OutgoingEmail.objects.count()
    figures = bench.time_cancellation(registrants=300)
    assert figures["status"] == 302
    assert figures["registrants"] == 300
    assert figures["queued"] == 300
    assert figures["sent"] == 0
    assert figures["seconds"] > 0
    assert Event.objects.count() == events
    assert OutgoingEmail.objects.count() == emails


def test_the_plan_profiles_every_kind_and_reset_removes_its_writes(data_set, tmp_path):
    """`make bench` prints where each kind's time goes: the pages, and the
    writes, whose profiled requests write too and are undone by `reset`."""
    before = CheckIn.objects.count()
    plan_file = tmp_path / "plan.json"
    call_command("bench", "plan", str(plan_file), "--origin", "https://testserver")
    pages = json.loads(plan_file.read_text())["pages"]
    assert set(pages) == {
        "home", "territory", "agenda", "place", "event", "marathon", "defi", "ical",
        "checkin", "register",
    }  # fmt: skip
    for kind, page in pages.items():
        profile = page["profile"]
        assert set(profile) == {
            "orm", "sql", "templates", "middleware", "urls", "translation", "utils",
            "cache", "terreau", "rest",
        }, kind  # fmt: skip
        assert page["request_ms"] > 0, kind
        assert min(profile["middleware"], profile["orm"], profile["sql"]) > 0, kind
    assert CheckIn.objects.count() > before + 20  # the profiled check-ins wrote
    call_command("bench", "reset", str(plan_file))
    assert CheckIn.objects.count() == before
