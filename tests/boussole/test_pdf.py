"""The published report as a PDF: rendered by the worker with WeasyPrint,
read back here with pypdf (an independent reader), naming the organisation
and never the person who wrote it."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from terreau.boussole import pdf
from tests.accounts.factories import UserFactory
from tests.boussole.factories import adopt_founding_set, published, start
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_worker_renders_the_published_report_once(territories):
    adopt_founding_set()
    author = UserFactory(display_name="Nadia Belkacem", email="nadia@exemple.org")
    assessment = published(author, {1: "non"}, name="Appli des inaugurations")
    url = reverse("boussole:pdf", args=[assessment.pk])
    assert Client().get(url).status_code == 404  # not rendered yet
    page = Client().get(assessment.get_absolute_url()).content.decode()
    assert "le PDF du rapport est en préparation" in page

    run_worker()
    assessment.refresh_from_db()
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    text = text_of(content)
    assert "Appli des inaugurations" in text
    assert "Loi 1 non respectée" in text
    assert "1.1 — Un besoin nommé (version 1" in text
    assert "Recommandation" in text
    assert "Nadia" not in text
    assert "nadia@exemple.org" not in text
    assert (
        "le rapport publié en PDF" in Client().get(assessment.get_absolute_url()).content.decode()
    )

    rendered_at = assessment.report_pdf_at
    pdf.build(assessment.pk)
    assessment.refresh_from_db()
    assert assessment.report_pdf_at == rendered_at


def test_a_draft_has_no_pdf(territories, person):
    adopt_founding_set()
    draft = start(person)
    pdf.build(draft.pk)
    draft.refresh_from_db()
    assert not draft.report_pdf
    client = Client()
    client.force_login(person)
    assert client.get(reverse("boussole:pdf", args=[draft.pk])).status_code == 404
