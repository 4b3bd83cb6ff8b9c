"""A person asks to represent a local authority; staff with their second
factor, or a colleague already verified for it, decide (terreau/authorities)."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from terreau.authorities import services
from terreau.authorities.models import RepresentationRequest
from terreau.territories.models import AuthorityRepresentative
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.territories.factories import commune
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def code_sent_to(address: str) -> str:
    body = [m for m in run_worker() if m.to == [address]][-1].body
    return re.search(r"code de vérification : (\d{6})", body)[1]


def ask(person, territory, **values):
    values.setdefault("role", "Adjointe à la transition")
    values.setdefault("email", "a.martin@ville-pezenas.fr")
    return services.ask_to_represent(person=person, territory=territory, **values)


def test_a_code_on_the_professional_address_then_staff_accept(territories, staff):
    person = UserFactory()
    pezenas = commune("34199")
    asked = ask(person, pezenas, show_publicly=True)
    with pytest.raises(services.RepresentationRefused, match="pas encore confirmée"):
        services.decide(request=asked, by=staff, accept=True)
    services.confirm_email(request=asked, code=code_sent_to("a.martin@ville-pezenas.fr"))
    services.decide(request=asked, by=staff, accept=True)
    role = AuthorityRepresentative.objects.get(person=person, territory=pezenas)
    assert role.verified_by == staff
    assert role.show_publicly
    assert role.shown_since is not None
    assert (
        "Votre demande est acceptée" in [m for m in run_worker() if m.to == [person.email]][-1].body
    )


def test_a_wrong_code_counts_and_five_end_the_code(territories):
    asked = ask(UserFactory(), commune("34199"))
    right = code_sent_to("a.martin@ville-pezenas.fr")
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(5):
        with pytest.raises(services.RepresentationRefused, match="pas le bon"):
            services.confirm_email(request=asked, code=wrong)
    with pytest.raises(services.RepresentationRefused, match="plus valable"):
        services.confirm_email(request=asked, code=right)
    asked.refresh_from_db()
    assert asked.email_confirmed_at is None


def test_a_code_lasts_a_day(territories):
    asked = ask(UserFactory(), commune("34199"))
    code = code_sent_to("a.martin@ville-pezenas.fr")
    later = timezone.now() + datetime.timedelta(hours=25)
    with (
        time_machine.travel(later),
        pytest.raises(services.RepresentationRefused, match="plus valable"),
    ):
        services.confirm_email(request=asked, code=code)


def test_a_verified_colleague_accepts_and_nobody_decides_their_own(
    territories, django_capture_on_commit_callbacks
):
    pezenas = commune("34199")
    colleague = UserFactory()
    AuthorityRepresentative.objects.create(person=colleague, territory=pezenas, role="Maire")
    person = UserFactory()
    asked = ask(person, pezenas, email="", document=SimpleUploadedFile("a.pdf", PDF))
    assert (
        "Une personne demande à représenter Pézenas"
        in [m for m in run_worker() if m.to == [colleague.email]][-1].body
    )
    with pytest.raises(services.RepresentationRefused, match="propre demande"):
        services.decide(request=asked, by=person, accept=True)
    stored = asked.document.name
    assert asked.document.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(request=asked, by=colleague, accept=True)
    asked.refresh_from_db()
    assert asked.status == "accepted"
    assert not asked.document
    assert not asked.document.storage.exists(stored)  # the proof goes with the decision
    with pytest.raises(services.RepresentationRefused, match="déjà été traitée"):
        services.decide(request=asked, by=colleague, accept=False, reason="non")


def test_a_refusal_says_why(territories, staff):
    person = UserFactory()
    asked = ask(person, commune("34199"))
    with pytest.raises(services.RepresentationRefused, match="Dites pourquoi"):
        services.decide(request=asked, by=staff, accept=False, reason="  ")
    services.decide(request=asked, by=staff, accept=False, reason="Domaine inconnu de la mairie.")
    assert not AuthorityRepresentative.objects.exists()
    assert (
        "Motif : Domaine inconnu de la mairie."
        in [m for m in run_worker() if m.to == [person.email]][-1].body
    )


def test_one_pending_request_per_person_and_authority(territories):
    person = UserFactory()
    pezenas = commune("34199")
    asked = ask(person, pezenas)
    with pytest.raises(services.RepresentationRefused, match="déjà en attente"):
        ask(person, pezenas)
    with pytest.raises(IntegrityError), transaction.atomic():
        RepresentationRequest.objects.create(
            person=person, territory=pezenas, role="x", email="x@ville-pezenas.fr"
        )
    services.withdraw(request=asked, person=person)
    ask(person, pezenas)  # once withdrawn, asked again


def test_a_request_needs_a_proof(territories):
    with pytest.raises(services.RepresentationRefused, match="adresse e-mail professionnelle"):
        ask(UserFactory(), commune("34199"), email="")
    with pytest.raises(IntegrityError), transaction.atomic():
        RepresentationRequest.objects.create(
            person=UserFactory(), territory=commune("34199"), role="x"
        )


# The pages --------------------------------------------------------------


def test_the_form_then_the_code_then_staff_decide_in_the_pages(client, territories, staff):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("authorities:ask"),
        {
            "commune": "Pézenas",
            "level": "epci",
            "role": "Chargée de mission transition",
            "email": "c.roux@agglo-herault-mediterranee.net",
            "note": "",
        },
    )
    asked = RepresentationRequest.objects.get()
    assert response.url == asked.get_absolute_url()
    assert asked.territory.code == "243400819"
    code = code_sent_to("c.roux@agglo-herault-mediterranee.net")
    page = client.post(
        reverse("authorities:confirm_code", args=[asked.pk]), {"code": "12"}, follow=True
    )
    assert "Le code a six chiffres." in page.content.decode()
    client.post(reverse("authorities:confirm_code", args=[asked.pk]), {"code": code})
    asked.refresh_from_db()
    assert asked.email_confirmed_at is not None

    # Staff without their second factor neither see nor decide it.
    client.force_login(staff)
    assert client.get(asked.get_absolute_url()).status_code == 404
    client.post(reverse("authorities:decide", args=[asked.pk]), {"decision": "accept"})
    assert not AuthorityRepresentative.objects.exists()
    sign_in_with_second_factor(client, staff)
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "…@agglo-herault-mediterranee.net" in page
    assert "c.roux@" not in page
    client.post(reverse("authorities:decide", args=[asked.pk]), {"decision": "accept"})
    assert AuthorityRepresentative.objects.get().person == person


def test_another_resident_sees_nothing_of_a_request(client, territories):
    asked = ask(
        UserFactory(), commune("34199"), email="", document=SimpleUploadedFile("a.pdf", PDF)
    )
    client.force_login(UserFactory())
    for name in ["request", "document"]:
        assert client.get(reverse("authorities:%s" % name, args=[asked.pk])).status_code == 404
    client.post(reverse("authorities:decide", args=[asked.pk]), {"decision": "accept"})
    client.post(reverse("authorities:withdraw", args=[asked.pk]))
    asked.refresh_from_db()
    assert asked.status == "pending"


def test_a_representative_of_another_authority_cannot_decide(client, territories):
    asked = ask(UserFactory(), commune("34199"))
    other = UserFactory()
    AuthorityRepresentative.objects.create(person=other, territory=commune("34172"), role="Maire")
    client.force_login(other)
    assert client.get(asked.get_absolute_url()).status_code == 404
    assert (
        asked.get_absolute_url() not in client.get(reverse("authorities:requests")).content.decode()
    )


def test_a_document_that_is_not_a_pdf_is_refused(client, territories):
    client.force_login(UserFactory())
    response = client.post(
        reverse("authorities:ask"),
        {
            "commune": "Pézenas",
            "level": "commune",
            "role": "Maire",
            "document": SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert response.status_code == 200
    assert "Le document doit être un PDF." in response.content.decode()
    assert not RepresentationRequest.objects.exists()


def test_the_authority_page_shows_only_those_who_agreed(client, territories):
    pezenas = commune("34199")
    shown = UserFactory(display_name="Alice Martin")
    hidden = UserFactory(display_name="Bruno Secret")
    AuthorityRepresentative.objects.create(
        person=shown,
        territory=pezenas,
        role="Maire",
        show_publicly=True,
        shown_since=timezone.now(),
    )
    AuthorityRepresentative.objects.create(person=hidden, territory=pezenas, role="DGS")
    page = client.get(reverse("pages:authority", args=["commune", "34199"])).content.decode()
    assert "Alice Martin, Maire" in page
    assert "Bruno Secret" not in page
    # Consent withdrawn: gone at once.
    client.force_login(shown)
    role = AuthorityRepresentative.objects.get(person=shown)
    client.post(reverse("authorities:visibility", args=[role.pk]), {"show": "0"})
    page = client.get(reverse("pages:authority", args=["commune", "34199"])).content.decode()
    assert "Alice Martin" not in page
