"""Run by `test_audit.test_a_transactional_test_leaves_the_triggers_as_migrated`
in a pytest of its own (the name keeps the suite from collecting it): a
transactional test that must flush an audit entry, then one that checks the
database still refuses to rewrite the trail."""

import pytest
from django.db import DatabaseError, transaction

from terreau.governance import audit
from terreau.governance.models import AuditEntry


@pytest.mark.django_db(transaction=True)
def test_first_writes_what_its_flush_must_delete(append_only_tables_flushable):
    audit.record("member_admitted", "Sociétaire n° 1 admis", member=1)


@pytest.mark.django_db(transaction=True)
def test_then_the_trail_is_still_append_only(append_only_tables_flushable):
    audit.record("member_admitted", "Sociétaire n° 2 admis", member=2)
    with pytest.raises(DatabaseError, match="append-only table"), transaction.atomic():
        AuditEntry.objects.update(summary="rien")
