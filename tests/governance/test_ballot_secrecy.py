"""Nothing stored links a secret ballot's choice to its voter (issue 21, 3;
docs/secret-ballot.md). The red team matched 44 ballots of 44 three ways:
the insertion order (SQLite's rowid, PostgreSQL's physical order), the
transaction id (PostgreSQL's xmin) and the order of `pg_dump`'s output. Here
twenty members vote one after the other, each in a transaction of their
own as on the site, the first ten "pour" and the last ten "contre"; after the
count each method must see something other than that order. (A shuffle
gives back that very order once in 184,756 draws.)"""

import re
import subprocess

import pytest
import time_machine
from django.db import connection

from terreau.core import backups
from terreau.governance import audit, services
from terreau.governance.models import Ballot, CountedBallot, Signature
from tests.governance.factories import assembly, cooperative, member

pytestmark = pytest.mark.django_db(transaction=True)

VOTING_ORDER = ["pour"] * 10 + ["contre"] * 10


@pytest.fixture
def counted(territories, append_only_tables_flushable):
    colleges = cooperative()
    voters = [member(colleges[2]) for _ in VOTING_ORDER]
    meeting = assembly(secret=(True,))
    resolution = meeting.resolutions.get()
    for voter, choice in zip(voters, VOTING_ORDER, strict=True):
        services.cast_votes(
            assembly=meeting,
            person=voter.person,
            on_behalf_of=voter.number,
            choices={resolution.pk: choice},
        )
    with time_machine.travel(meeting.voting_closes_at):
        services.publish_results(assembly=meeting)
    resolution.refresh_from_db()
    return meeting, resolution


def choices_in(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def test_the_tally_is_the_one_voted_and_the_box_is_emptied(counted):
    meeting, resolution = counted
    citizens = next(c for c in resolution.result["colleges"] if c["name"] == "Citoyens")
    assert (citizens["pour"], citizens["contre"]) == (10, 10)
    assert Signature.objects.filter(resolution=resolution).count() == 20
    assert CountedBallot.objects.filter(resolution=resolution).count() == 20
    # The sealed ballots keep their trackers only; the key is gone.
    assert {bytes(sealed) for sealed in Ballot.objects.values_list("sealed", flat=True)} == {b""}
    meeting.refresh_from_db()
    assert meeting.ballot_private_key is None
    assert audit.verify().intact


def test_the_order_of_insertion_says_nothing(counted):
    seen = choices_in(
        "SELECT choice FROM governance_countedballot ORDER BY rowid"
        if connection.vendor == "sqlite"
        else "SELECT choice FROM governance_countedballot ORDER BY ctid"
    )
    assert sorted(seen) == sorted(VOTING_ORDER)
    assert seen != VOTING_ORDER
    # The sealed box, in the same order as the roll, holds no choice at all.
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "governance_ballot"
        )
    ]
    assert "choice" not in columns


def test_a_dump_of_the_database_says_nothing(counted):
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        seen = re.findall(
            r"INSERT INTO \"governance_countedballot\" VALUES\([^)]*'(pour|contre)'", dump
        )
    else:
        database = backups.Database.from_settings()
        dump = subprocess.run(
            [
                backups.pg_tool("pg_dump"),
                "--data-only",
                "--table=governance_countedballot",
                *database.pg_args(),
                database.name,
            ],
            env=database.pg_env(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = dump.split(" FROM stdin;\n", 1)[1].split("\n\\.", 1)[0].splitlines()
        seen = [field for row in rows for field in row.split("\t") if field in VOTING_ORDER]
    assert sorted(seen) == sorted(VOTING_ORDER)
    assert seen != VOTING_ORDER


@pytest.mark.postgresql
def test_the_transaction_ids_say_nothing(counted):
    ballot_xids = set(choices_in("SELECT xmin::text FROM governance_countedballot"))
    roll_xids = set(choices_in("SELECT xmin::text FROM governance_signature"))
    assert len(ballot_xids) == 1  # every choice written by the count, at once
    assert not ballot_xids & roll_xids
