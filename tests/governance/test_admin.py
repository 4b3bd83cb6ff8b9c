import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from terreau.governance.models import Amendment, AuditEntry, Consultation, Law, ShareMovement
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.governance.factories import assembly, cooperative, member
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def test_staff_convene_then_publish_from_the_back_office(
    client, staff, territories, django_capture_on_commit_callbacks
):
    colleges = cooperative()
    voters = [member(c) for c in colleges[:2]]
    now = timezone.now()
    draft = assembly(
        convene=False,
        opens=now + datetime.timedelta(days=16),
        closes=now + datetime.timedelta(days=18),
    )
    sign_in_with_second_factor(client, staff)
    changelist = reverse("admin:governance_assembly_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "convene", "_selected_action": [draft.pk]})
    run_worker()
    draft.refresh_from_db()
    assert draft.convened_at is not None
    convocations = [m for m in mail.outbox if m.subject.startswith("Convocation")]
    assert sorted(m.to[0] for m in convocations) == sorted(v.person.email for v in voters)
    # Resolutions of a convened assembly can no longer be edited.
    change_page = client.get(reverse("admin:governance_assembly_change", args=[draft.pk]))
    assert 'name="resolutions-0-title"' not in change_page.content.decode()

    response = client.post(
        changelist, {"action": "publish_results", "_selected_action": [draft.pk]}, follow=True
    )
    assert "aucun résultat avant la clôture" in response.content.decode()
    with time_machine.travel(draft.voting_closes_at):
        sign_in_with_second_factor(client, staff)  # eighteen days later
        client.post(changelist, {"action": "publish_results", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.results_published_at is not None


def test_the_register_and_the_trail_are_read_only_in_the_back_office(client, staff, territories):
    alice = member(cooperative()[0])
    sign_in_with_second_factor(client, staff)
    movement = ShareMovement.objects.get(member=alice)
    entry = AuditEntry.objects.get()
    for url in (
        reverse("admin:governance_sharemovement_add"),
        reverse("admin:governance_auditentry_add"),
        reverse("admin:governance_sharemovement_delete", args=[movement.pk]),
        reverse("admin:governance_auditentry_delete", args=[entry.pk]),
    ):
        assert client.get(url).status_code == 403, url
    # viewing is allowed, changing is not
    response = client.post(
        reverse("admin:governance_sharemovement_change", args=[movement.pk]), {"shares": "99"}
    )
    assert response.status_code == 403
    assert ShareMovement.objects.get(pk=movement.pk).shares == 1


def test_staff_without_two_factor_are_sent_to_set_it_up_before_the_register(client, territories):
    client.force_login(UserFactory(is_staff=True))
    for name in ("register", "settings"):
        response = client.get(reverse("governance:" + name))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_consultations_and_amendments_are_not_changed_behind_the_trail(client, staff, five_laws):
    """Published and answered on the site, whose services write the audit
    trail: the back-office only reads them."""
    consultation = Consultation.objects.create(
        title="Consultation",
        text="Texte.",
        law=Law.objects.get(number=1),
        author=staff,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    amendment = Amendment.objects.create(
        consultation=consultation, author=staff, proposal="Ajouter un article."
    )
    sign_in_with_second_factor(client, staff)
    for model, row in (("consultation", consultation), ("amendment", amendment)):
        assert client.get(reverse("admin:governance_%s_add" % model)).status_code == 403
        change = reverse("admin:governance_%s_change" % model, args=[row.pk])
        assert client.get(change).status_code == 200  # read
        assert client.post(change, {"status": "accepted", "title": "Pris"}).status_code == 403
    amendment.refresh_from_db()
    consultation.refresh_from_db()
    assert (amendment.status, consultation.title) == ("pending", "Consultation")
