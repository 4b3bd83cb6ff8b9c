"""The back-office (Django's admin) reads in French: no « MFA », no two
sections with the same name, « Ajouter : assemblée générale » rather than
« Ajout de assemblée générale », and places chosen by search rather than by
a numeric id."""

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.accounts.factories import sign_in_with_second_factor

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "terreau" / "locale" / "fr" / "LC_MESSAGES"


def test_the_back_office_speaks_french(client, staff):
    sign_in_with_second_factor(client, staff)
    page = client.get(reverse("admin:index")).content.decode()
    sections = re.findall(r'<caption>\s*<a[^>]*class="section"[^>]*>([^<]+)</a>', page)
    assert sections, "the index lists its sections"
    assert len(sections) == len(set(sections)), sections
    for english in ("MFA", "Authenticators", "Tasks Database Backend", "Task Results"):
        assert english not in page
    assert "Double authentification" not in sections  # authenticators live with the accounts
    assert "Moyens de double authentification" in page


def test_an_assemblys_place_is_searched_not_typed_as_a_number(client, staff):
    sign_in_with_second_factor(client, staff)
    page = client.get(reverse("admin:governance_assembly_add")).content.decode()
    assert "Ajouter : assemblée générale" in page
    assert "Ajout de assemblée" not in page
    place = re.search(r'<select[^>]*name="place"[^>]*>', page)[0]
    assert "admin-autocomplete" in place


def test_the_compiled_catalogue_matches_its_source():
    """django.mo is committed (no gettext tools needed to install): it must
    say what django.po says (`make messages` recompiles it)."""
    source = (LOCALE / "django.po").read_text()
    pairs = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, re.MULTILINE))
    assert pairs
    with open(LOCALE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for msgid, msgstr in pairs.items():
        assert catalogue.gettext(msgid) == msgstr, msgid
