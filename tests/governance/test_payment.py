"""A membership that can be paid: staff say how, the applicant sees the exact
amount, a reference of their own and the instructions, and receives them by
e-mail; staff find the application from the reference a payment carries."""

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from terreau.governance.models import Cooperative, MembershipApplication
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.governance.factories import cooperative
from tests.governance.test_members import settings_post
from tests.html import squeeze
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

# A valid French IBAN (the example of the Banque de France's documentation).
IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture
def colleges(territories):
    return cooperative()


def configure_payment(client, staff, colleges, **overrides):
    sign_in_with_second_factor(client, staff)
    payment = {
        "payee": "SCIC Terreau",
        "iban": IBAN.lower(),
        "bic": "agrifrpp",
        "cheque_address": "SCIC Terreau\n2 place de la Mairie\n34120 Pézenas",
        "payment_url": "paiement.example.org/terreau",
        "contact_email": "adhesion@terreau.example.org",
    }
    data = settings_post([(c.name, c.weight) for c in colleges], **{**payment, **overrides})
    data.update(
        {
            "c-INITIAL_FORMS": str(len(colleges)),
            **{"c-%d-id" % i: str(c.pk) for i, c in enumerate(colleges)},
        }
    )
    return client.post(reverse("governance:settings"), data)


def apply(client, person, colleges, shares="2"):
    client.force_login(person)
    return client.post(
        reverse("governance:apply"),
        {
            "college": colleges[2].pk,
            "shares": shares,
            "legal_name": "Camille Durand",
            "postal_address": "2 rue du Château, 34120 Pézenas",
            "accepts_statutes": "on",
        },
    )


def test_staff_say_how_to_pay_and_a_wrong_iban_is_refused(client, staff, colleges):
    refused = configure_payment(client, staff, colleges, iban="FR76 3000 6000 0112 3456 7890 188")
    assert refused.status_code == 200
    assert "Cet IBAN n'est pas valide" in unescape(refused.content.decode())
    assert Cooperative.load().iban == ""
    assert configure_payment(client, staff, colleges).status_code == 302
    saved = Cooperative.load()
    assert (saved.iban, saved.bic) == ("FR7630006000011234567890189", "AGRIFRPP")
    assert saved.payment_url == "https://paiement.example.org/terreau"


def test_the_applicant_sees_and_receives_the_amount_reference_and_instructions(
    client, staff, colleges, django_capture_on_commit_callbacks
):
    configure_payment(client, staff, colleges)
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, person, colleges)
    run_worker()
    application = MembershipApplication.objects.get(person=person)
    assert application.amount == 40  # two shares of 20 €
    assert application.payment_reference.startswith("ADH-")
    raw = unescape(client.get(reverse("governance:apply")).content.decode())
    assert "40,00\u00a0€" in raw
    page = squeeze(raw)
    assert application.payment_reference in page
    assert "FR76 3000 6000 0112 3456 7890 189" in page
    assert "AGRIFRPP" in page
    assert "l'ordre de SCIC Terreau" in page
    assert 'href="https://paiement.example.org/terreau"' in page
    sent = mail.outbox[-1]
    assert sent.to == [person.email]
    assert application.payment_reference in sent.subject
    for expected in (
        "Montant à régler : 40,00\u00a0€ (2 parts)",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
        "BIC AGRIFRPP",
        "2 place de la Mairie",
        "https://paiement.example.org/terreau",
        "dans le collège « Citoyens »",
    ):
        assert expected in sent.body, expected


def test_without_instructions_the_applicant_is_told_whom_to_write_to(client, colleges):
    Cooperative.objects.update_or_create(pk=1, defaults={"contact_email": "adhesion@example.org"})
    apply(client, UserFactory(), colleges)
    page = unescape(client.get(reverse("governance:apply")).content.decode())
    assert "n'a pas encore indiqué comment la payer" in page
    assert "Écrivez-lui à adhesion@example.org" in page


def test_staff_find_an_application_by_the_reference_of_a_payment(client, staff, colleges):
    first, second = UserFactory(), UserFactory()
    apply(client, first, colleges)
    apply(client, second, colleges, shares="5")
    wanted = MembershipApplication.objects.get(person=second)
    other = MembershipApplication.objects.get(person=first)
    assert wanted.payment_reference != other.payment_reference
    sign_in_with_second_factor(client, staff)
    # As read on a bank statement: lower case, a space in the middle.
    reference = wanted.payment_reference.lower()
    typed = reference[:7] + " " + reference[7:]
    page = client.get(reverse("governance:register"), {"reference": typed}).content.decode()
    assert "100,00\u00a0€" in page
    assert 'value="%s"' % wanted.payment_reference in page  # the payment form, prefilled
    assert other.payment_reference not in page
    missing = unescape(
        client.get(reverse("governance:register"), {"reference": "ADH-ZZZZZZ"}).content.decode()
    )
    assert "Aucune demande en attente ne porte la référence ADH-ZZZZZZ" in missing
