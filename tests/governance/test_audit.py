import datetime
import os
import pathlib
import subprocess
import sys

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from terreau.governance import audit, services
from terreau.governance.append_only import backward_sql, forward_sql
from terreau.governance.models import AuditEntry, Law
from tests.accounts.factories import sign_in_with_second_factor
from tests.governance.factories import assembly, cooperative, member
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    return [
        audit.record("member_admitted", "Sociétaire n° %d admis" % n, member=n) for n in (1, 2, 3)
    ]


def tamper(sql, *params):
    """What someone with direct database access could do: lift the triggers,
    rewrite, put them back (all inside the test's transaction)."""
    with connection.cursor() as cursor:
        for statement in backward_sql(connection.vendor):
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in forward_sql(connection.vendor):
            cursor.execute(statement)


def test_each_entry_chains_the_previous_one(trail):
    assert trail[0].previous_hash == AuditEntry.GENESIS
    assert trail[1].previous_hash == trail[0].hash
    assert trail[2].previous_hash == trail[1].hash
    assert audit.verify() == audit.Verification(entries=3, broken_at=None)


def test_the_database_refuses_to_rewrite_the_trail(trail):
    """Checks the triggers migration 0002 installed, never reinstalled here."""
    refused = "append-only table governance_auditentry"
    with pytest.raises(DatabaseError, match=refused), transaction.atomic():
        AuditEntry.objects.filter(number=2).update(summary="rien")
    with pytest.raises(DatabaseError, match=refused), transaction.atomic():
        AuditEntry.objects.filter(number=3).delete()
    assert AuditEntry.objects.count() == 3


@pytest.mark.parametrize(
    ("sql", "broken_at", "reason"),
    [
        (
            "UPDATE governance_auditentry SET summary = 'Sociétaire n° 9 admis' WHERE number = 2",
            2,
            "son contenu a été modifié",
        ),
        ("DELETE FROM governance_auditentry WHERE number = 2", 3, "l'entrée n° 2 manque"),
        (
            "UPDATE governance_auditentry SET data = '{\"member\": 7}' WHERE number = 1",
            1,
            "son contenu a été modifié",
        ),
    ],
)
def test_tampering_is_found_and_located(client, trail, sql, broken_at, reason):
    tamper(sql)
    result = audit.verify()
    assert (result.broken_at, result.reason) == (broken_at, reason)
    with pytest.raises(CommandError, match="Chaîne rompue à l'entrée n° %d" % broken_at):
        call_command("verify_audit_chain")
    page = client.get(reverse("governance:audit")).content.decode()
    assert "La chaîne est rompue à l'entrée n° %d" % broken_at in page


def test_a_rehashed_entry_still_breaks_the_next_link(trail):
    # Rewriting an entry *and* its hash leaves the next entry pointing at the old hash.
    entry = trail[1]
    new_hash = audit.entry_hash(
        number=2,
        at=entry.at,
        action=entry.action,
        summary="Sociétaire n° 9 admis",
        data=entry.data,
        previous_hash=entry.previous_hash,
    )
    tamper(
        "UPDATE governance_auditentry SET summary = %s, hash = %s WHERE number = 2",
        "Sociétaire n° 9 admis",
        new_hash,
    )
    assert audit.verify().broken_at == 3


def test_the_command_and_page_confirm_an_intact_chain(client, trail, capsys):
    call_command("verify_audit_chain")
    assert "Chaîne intacte : 3 entrée(s)" in capsys.readouterr().out
    page = client.get(reverse("governance:audit")).content.decode()
    assert "3 entrées, intactes" in page
    assert trail[2].hash in page


def test_the_journal_page_verifies_once_per_new_entry(client, trail, time_machine):
    """Issue 21, 18: each anonymous visit walked the whole chain. The page
    now verifies once per state of the chain's head (and at least hourly);
    the command always walks it all."""
    url = reverse("governance:audit")
    assert "3 entrées, intactes" in client.get(url).content.decode()
    tamper("UPDATE governance_auditentry SET summary = 'réécrit' WHERE number = 2")
    # Same head: the page shows the verification it made, with its date…
    assert "3 entrées, intactes" in client.get(url).content.decode()
    with pytest.raises(CommandError, match="Chaîne rompue à l'entrée n° 2"):
        call_command("verify_audit_chain")
    # …a new entry is verified at once, with everything before it…
    audit.record("member_admitted", "Sociétaire n° 4 admis", member=4)
    assert "La chaîne est rompue à l'entrée n° 2" in client.get(url).content.decode()


def test_the_journal_page_verifies_again_within_the_hour(client, trail, time_machine):
    url = reverse("governance:audit")
    client.get(url)
    tamper("UPDATE governance_auditentry SET summary = 'réécrit' WHERE number = 2")
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=audit.VERIFICATION_TTL + 1))
    assert "La chaîne est rompue à l'entrée n° 2" in client.get(url).content.decode()


def test_a_chain_cut_short_contradicts_the_convocation(
    client, territories, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 21, 10: removing the latest entries, or all of them, leaves a
    chain whose hashes still check out. The convocation printed its head;
    the chain no longer reaches it."""
    colleges = cooperative()
    member(colleges[0])
    with django_capture_on_commit_callbacks(execute=True):
        meeting = assembly()
    run_worker()
    meeting.refresh_from_db()
    head = AuditEntry.objects.order_by("-number").first()
    assert (meeting.convocation_head_number, meeting.convocation_head_hash) == (
        head.number,
        head.hash,
    )
    assert head.hash in mailoutbox[-1].body
    assert "entrée n° %d" % head.number in mailoutbox[-1].body
    page = client.get(reverse("governance:audit")).content.decode()
    assert "Tête de la chaîne : entrée n° %d" % head.number in page

    tamper("DELETE FROM governance_auditentry WHERE number = %s", head.number)
    result = audit.verify()
    assert result.broken_at == head.number
    assert "la convocation de « %s » la cite" % meeting.title in result.reason


def test_an_emptied_chain_is_not_intact_while_the_register_has_members(territories):
    colleges = cooperative()
    member(colleges[0])
    assert audit.verify().intact
    tamper("DELETE FROM governance_auditentry")
    result = audit.verify()
    assert not result.intact
    assert "le registre compte 1 sociétaire(s), le journal 0" in result.reason


def test_the_minutes_print_the_head_of_the_chain(client, territories):
    colleges = cooperative()
    member(colleges[0])
    meeting = assembly()
    with time_machine.travel(meeting.voting_closes_at + datetime.timedelta(minutes=1)):
        services.publish_results(assembly=meeting)
    meeting.refresh_from_db()
    head = AuditEntry.objects.order_by("-number").first()
    assert meeting.minutes_head_number == head.number
    page = client.get(reverse("governance:minutes", args=[meeting.pk])).content.decode()
    assert head.hash in page
    tamper(
        "UPDATE governance_assembly SET minutes_head_hash = %s WHERE id = %s",
        "f" * 64,
        meeting.pk,
    )
    assert "procès-verbal" in audit.verify().reason


def test_a_transactional_test_leaves_the_triggers_as_migrated(tmp_path):
    """SQLite's flush at the end of a transactional test (browser, backup
    drill, ballot secrecy) needs the triggers lifted; the next test must
    find them again, whatever order the files run in. Run on SQLite in a
    pytest of its own, since the order of tests is what is checked."""
    cases = pathlib.Path(__file__).with_name("triggers_after_a_flush.py")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", str(cases)],
        env={**os.environ, "DATABASE_URL": "sqlite:///%s" % (tmp_path / "unused.sqlite3")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "2 passed" in result.stdout, result.stdout + result.stderr


def test_changing_the_rules_of_voting_is_in_the_trail(client, staff):
    """The weights decide votes: staff saving the settings write the rules
    now in force to the trail; a refused form writes nothing."""
    from tests.governance.test_members import settings_post

    sign_in_with_second_factor(client, staff)
    refused = client.post(reverse("governance:settings"), settings_post([("A", 50), ("B", 50)]))
    assert refused.status_code == 200
    assert not AuditEntry.objects.exists()
    client.post(
        reverse("governance:settings"),
        settings_post([("Fondateurs", 40), ("Citoyens", 40), ("Lieux", 20)]),
    )
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.RULES_CHANGED
    assert entry.data["colleges"] == {"Fondateurs": "40.00", "Citoyens": "40.00", "Lieux": "20.00"}
    assert entry.data["ordinary_majority"] == "1/2"
    assert "Fondateurs 40.00 %" in entry.summary
    assert audit.verify().intact


def test_publishing_a_consultation_is_in_the_trail(client, staff, territories, five_laws):
    sign_in_with_second_factor(client, staff)
    closes = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("governance:consultation_create"),
        {
            "title": "Sobriété des écrans",
            "text": "Texte.",
            "law": Law.objects.get(number=4).pk,
            "closes_on": closes,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.CONSULTATION_OPENED
    assert (
        entry.summary
        == "Consultation « Sobriété des écrans » publiée sur la loi n° 4, jusqu'au %s"
        % (closes.strftime("%d/%m/%Y"))
    )
    assert audit.verify().intact
