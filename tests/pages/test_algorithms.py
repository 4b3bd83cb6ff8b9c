"""`/algorithmes/`: every rule of the code on one public page, its statement
read from its own module (issue 17, 3)."""

import importlib
import pkgutil

import pytest
from django.urls import reverse

import terreau
from terreau.governance import tally
from terreau.pages import algorithms
from tests.calls.factories import open_call
from tests.governance.factories import cooperative


def modules_with_a_rule() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(terreau.__path__, "terreau."):
        if ".migrations" in info.name or info.name.endswith(("settings", "wsgi")):
            continue
        module = importlib.import_module(info.name)
        if isinstance(getattr(module, "RULE", None), str):
            found.add(info.name)
    return found


def test_every_module_that_states_a_rule_is_on_the_page():
    listed = {module.__name__ for _title, module, _parameters in algorithms.ENTRIES}
    assert sorted(modules_with_a_rule() - listed) == []
    # The rules the issue names are among them.
    assert {
        "terreau.governance.tally",
        "terreau.calls.eligibility",
        "terreau.calls.ranking",
        "terreau.causes.selection",
        "terreau.challenges.factors",
        "terreau.challenges.progress",
        "terreau.events.querysets",
        "terreau.places.querysets",
    } <= listed


@pytest.mark.django_db
def test_the_page_says_each_rule_with_its_parameters_in_force(client, territories):
    cooperative()
    call = open_call()
    page = client.get(reverse("pages:algorithms")).content.decode()
    assert tally.RULE.replace("'", "&#x27;") in page
    assert (
        "Soutiens d&#x27;habitantes et d&#x27;habitants</dt><dd>%d</dd>" % (call.citizen_threshold)
        in page
    )
    assert "au moins 3 de ses sociétaires ont voté" in page
    assert "<code>terreau/calls/ranking.py</code>" in page
    assert "Premiers pas</dt><dd>10 défis relevés ensemble</dd>" in page


@pytest.mark.django_db
def test_the_page_works_before_any_call_or_round_exists(client):
    page = client.get(reverse("pages:algorithms"))
    assert page.status_code == 200
    assert "aucun appel n&#x27;est encore ouvert" in page.content.decode()
