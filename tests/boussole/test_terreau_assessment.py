"""Terreau assesses itself (the demo publishes it: terreau/demo/boussole.py),
and this test keeps that assessment true: each answer a test can check is
checked against the code as it is. A « oui » whose check fails, or a « en
partie » whose check would allow « oui » where the check is the whole
criterion, fails here; so does a decree of the founding set left unanswered."""

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from terreau.accounts.permissions import has_staff_powers
from terreau.boussole import founding
from terreau.boussole import verdict as rule
from terreau.challenges.models import Completion
from terreau.demo.boussole import TERREAU_ANSWERS
from terreau.events.models import Event
from terreau.places.models import Place
from tests.accounts.factories import UserFactory
from tests.boussole.factories import adopt_founding_set, published
from tests.test_budgets import problems_of

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
AI_PACKAGES = ("openai", "anthropic", "transformers", "torch", "tensorflow", "langchain",
               "mistralai", "huggingface", "llama", "onnxruntime", "sentence-transformers")  # fmt: skip


@pytest.fixture
def pages(territories, person):
    """Pages a visitor meets, the Boussole's own report among them."""
    adopt_founding_set()
    report = published(person, {1: "non"})
    return ["/", "/boussole/", report.get_absolute_url(), "/algorithmes/", "/defis/", "/lieux/"]


def no_script_and_no_other_origin(pages) -> bool:
    client = Client()
    return all(problems_of(client, url) == [] for url in pages)


def no_cookie_for_a_visitor(pages) -> bool:
    client = Client()
    return all(not client.get(url).cookies for url in pages)


def no_ai_dependency() -> bool:
    locked = (ROOT / "requirements.lock").read_text().lower()
    names = set(re.findall(r"^([a-z0-9_.-]+)==", locked, re.MULTILINE))
    return not any(name.startswith(AI_PACKAGES) for name in names)


def every_factor_has_a_source() -> bool:
    path = ROOT / "terreau" / "challenges" / "data" / "factors.csv"
    with path.open(newline="") as f:
        return all(row["source"].strip() and row["year"].strip() for row in csv.DictReader(f))


def the_rules_are_published(pages) -> bool:
    return rule.RULE in Client().get("/algorithmes/").content.decode().replace("&#x27;", "'")


def personal_data_can_be_seen_exported_deleted() -> bool:
    return all(
        reverse(name) for name in ("privacy:trace", "privacy:request_export", "privacy:delete")
    )


def staff_powers_need_a_second_factor() -> bool:
    """A staff account signed in with its password alone has no staff power."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    return not has_staff_powers(staff)


def is_anchored() -> bool:
    return not any(
        model._meta.get_field(field).null
        for model, field in ((Place, "commune"), (Event, "place"), (Completion, "checkin"))
    )


def no_attention_trap() -> bool:
    templates = ROOT / "terreau"
    text = " ".join(p.read_text() for p in templates.rglob("templates/**/*.html"))
    return not re.search(
        r"autoplay|infinite|setInterval|<script(?! type=\"application/ld\+json\")", text
    )


def code_licence_chosen() -> bool:
    return any((ROOT / name).exists() for name in ("LICENSE", "LICENCE", "COPYING"))


def fully_accessible() -> bool:
    return settings.TERREAU_ACCESSIBILITY_STATUS == "totalement conforme"


def data_purged_on_a_schedule() -> bool:
    call_command("purge_expired", verbosity=0)
    return "purge_expired" in (ROOT / "deploy" / "systemd" / "terreau-jobs.service").read_text()


# decree title → (check, whether the check is the whole criterion)
CHECKS = {
    "Une action dans le monde physique": (lambda pages: is_anchored(), False),
    "Ni captation ni surconsommation": (lambda pages: no_attention_trap(), False),
    "Un territoire nommé": (lambda pages: is_anchored(), False),
    "Chaque chiffre expliqué": (lambda pages: every_factor_has_a_source(), False),
    "Un commun réutilisable": (lambda pages: code_licence_chosen(), True),
    "Des appareils qui durent": (no_script_and_no_other_origin, False),
    "Un hébergement connu et sobre": (lambda pages: data_purged_on_a_schedule(), False),
    "L'intelligence artificielle en dernier recours": (lambda pages: no_ai_dependency(), True),
    "Sobriété des pages": (no_script_and_no_other_origin, True),
    "Des algorithmes décrits": (the_rules_are_published, False),
    "Des données minimales et à soi": (
        lambda pages: (
            no_cookie_for_a_visitor(pages)
            and no_script_and_no_other_origin(pages)
            and personal_data_can_be_seen_exported_deleted()
        ),
        False,
    ),
    "Sûr et accessible à toutes et tous": (
        lambda pages: fully_accessible() and staff_powers_need_a_second_factor(),
        True,
    ),
}


def test_terreau_answers_every_decree_of_the_founding_set():
    titles = {title for _law, title, _text in founding.FOUNDING_DECREES}
    assert titles <= set(TERREAU_ANSWERS)
    assert {value for value, _e, _m in TERREAU_ANSWERS.values()} <= set(rule.ANSWERS)
    assert set(CHECKS) <= set(TERREAU_ANSWERS)


def test_what_terreau_says_of_itself_holds(pages):
    wrong = []
    for title, (check, is_whole_criterion) in CHECKS.items():
        value = TERREAU_ANSWERS[title][0]
        holds = check(pages)
        if value == rule.YES and not holds:
            wrong.append("%s : « oui » mais la vérification échoue" % title)
        if is_whole_criterion and holds and value != rule.YES:
            wrong.append("%s : la vérification passe, la réponse peut être « oui »" % title)
    assert wrong == []
