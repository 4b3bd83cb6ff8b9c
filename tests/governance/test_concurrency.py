from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from terreau.governance import audit, services
from terreau.governance.models import Assembly, AuditEntry, Ballot, Proxy, Signature, Vote
from tests.governance.factories import assembly, cooperative, member

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def race(n, attempt):
    barrier = Barrier(n)

    def run(i):
        try:
            barrier.wait()
            return attempt(i)
        except services.GovernanceRefused as refusal:
            return refusal.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


@pytest.mark.parametrize("secret", [False, True])
def test_twenty_simultaneous_votes_of_one_member_count_once(territories, secret):
    alice = member(cooperative()[0])
    meeting = assembly(secret=(secret,))
    resolution = meeting.resolutions.get()
    results = race(
        20,
        lambda i: services.cast_votes(
            assembly=meeting,
            person=alice.person,
            on_behalf_of=alice.number,
            choices={resolution.pk: "pour" if i % 2 else "contre"},
        ),
    )
    assert results.count("already-voted") == 19
    if secret:
        assert (Signature.objects.count(), Ballot.objects.count(), Vote.objects.count()) == (
            1,
            1,
            0,
        )
    else:
        assert (Vote.objects.count(), Signature.objects.count()) == (1, 0)
    assert AuditEntry.objects.filter(action="vote_cast").count() == 1
    assert audit.verify().intact


def test_votes_and_first_looks_at_a_freshly_opened_vote_write_one_opening(territories):
    # A voter and a visitor of the assembly's page both write "vote ouvert"
    # the first time; each takes its locks in the same order, so neither
    # waits forever for the other.
    college = cooperative()[0]
    voters = [member(college) for _ in range(5)]
    meeting = assembly()
    resolution = meeting.resolutions.get()

    def vote_or_look(i):
        fresh = Assembly.objects.get(pk=meeting.pk)  # each request loads its own
        if i % 2:
            return services.note_opening(fresh)
        return services.cast_votes(
            assembly=fresh,
            person=voters[i // 2].person,
            on_behalf_of=voters[i // 2].number,
            choices={resolution.pk: "pour"},
        )

    race(10, vote_or_look)
    assert Vote.objects.count() == 5
    assert AuditEntry.objects.filter(action="ballot_opened").count() == 1
    assert audit.verify().intact


def test_the_last_proxy_place_goes_to_one_giver_only(territories):
    colleges = cooperative()
    holder = member(colleges[0])
    givers = [member(colleges[0]) for _ in range(6)]
    meeting = assembly()
    results = race(
        6,
        lambda i: services.give_proxy(
            assembly=meeting, person=givers[i].person, holder_number=holder.number
        ),
    )
    assert results.count("cap") == 4
    assert Proxy.objects.filter(holder=holder).count() == 2  # the statutes' cap


def test_simultaneous_events_keep_one_unbroken_chain(db):
    race(20, lambda i: audit.record("shares_moved", "mouvement %d" % i, n=i))
    assert list(AuditEntry.objects.values_list("number", flat=True)) == list(range(1, 21))
    assert audit.verify() == audit.Verification(entries=20, broken_at=None)
