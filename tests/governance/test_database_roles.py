"""The PostgreSQL set-up of docs/database-roles.md (issue 21, 10): the
application's role, as `grant_app_role` leaves it, cannot rewrite the audit
trail or the member register by any of the red team's routes (disable the
trigger, TRUNCATE, UPDATE), and still does its ordinary work."""

import secrets

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from terreau.governance import audit
from terreau.governance.models import AuditEntry

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def app_role(five_laws):
    role = "terreau_app_test_%s" % secrets.token_hex(4)
    with connection.cursor() as cursor:
        cursor.execute('CREATE ROLE "%s" NOLOGIN' % role)
    call_command("grant_app_role", role)
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute('DROP OWNED BY "%s"' % role)
        cursor.execute('DROP ROLE "%s"' % role)


def as_role(role, statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute('SET LOCAL ROLE "%s"' % role)
        cursor.execute(statement, params)


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE governance_auditentry DISABLE TRIGGER governance_auditentry_append_only",
        "TRUNCATE governance_auditentry",
        "TRUNCATE governance_sharemovement",
        "UPDATE governance_auditentry SET summary = 'réécrit'",
        "DELETE FROM governance_sharemovement",
        "DROP TABLE governance_auditentry",
    ],
)
def test_the_application_role_cannot_rewrite_the_trail(app_role, statement):
    audit.record("member_admitted", "Sociétaire n° 1 admis", member=1)
    with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
        as_role(app_role, statement)
    assert AuditEntry.objects.count() == 1
    assert audit.verify().intact


def test_the_application_role_does_its_ordinary_work(app_role):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute('SET LOCAL ROLE "%s"' % app_role)
        audit.record("member_admitted", "Sociétaire n° 1 admis", member=1)
        cursor.execute("UPDATE governance_cooperative SET name = name")
    assert audit.verify().entries == 1


def test_the_command_refuses_a_role_that_owns_tables(five_laws):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    with pytest.raises(CommandError, match="possède des tables"):
        call_command("grant_app_role", owner)
