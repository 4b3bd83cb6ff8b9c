import csv
import html
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from terreau.boussole.models import Assessment, Remark
from terreau.governance.models import Member
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.boussole.factories import adopt_founding_set, answer_all, published, start
from tests.html import squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def decrees(territories):
    return adopt_founding_set()


def signed_in(person=None):
    client = Client()
    client.force_login(person or UserFactory())
    return client


def law_post(assessment, law, value="oui", **extra):
    data = dict(extra)
    for answer in assessment.answers.filter(decree__law__number=law):
        data["value_%d" % answer.pk] = value
        data["evidence_%d" % answer.pk] = "Compte rendu du conseil"
        data["link_%d" % answer.pk] = "exemple.org/preuve"
        data["measurement_%d" % answer.pk] = ""
    return data


def test_a_draft_is_its_authors_alone(decrees, person, staff):
    draft = start(person)
    urls = [
        draft.get_absolute_url(),
        reverse("boussole:law", args=[draft.pk, 1]),
        reverse("boussole:describe", args=[draft.pk]),
        reverse("boussole:json", args=[draft.pk]),
        reverse("boussole:csv", args=[draft.pk]),
    ]
    admin = Client()
    sign_in_with_second_factor(admin, staff)
    for client in (Client(), signed_in(), admin):
        for url in urls:
            assert client.get(url).status_code in (302, 404), url
        assert client.post(reverse("boussole:publish", args=[draft.pk])).status_code in (302, 404)
    assert Client().get(urls[0]).status_code == 404
    author = signed_in(person)
    for url in urls:
        assert author.get(url).status_code == 200, url
    assert not Assessment.objects.get(pk=draft.pk).is_published


def test_answering_a_law_goes_on_to_the_next_and_bad_input_changes_nothing(decrees, person):
    draft = start(person)
    client = signed_in(person)
    url = reverse("boussole:law", args=[draft.pk, 2])
    bad = law_post(draft, 2, value="peut-être")
    page = client.post(url, bad)
    assert page.status_code == 200
    assert "Sélectionnez un choix valide" in page.content.decode()
    assert not draft.answers.exclude(value="").exists()

    response = client.post(url, law_post(draft, 2))
    assert response.url == reverse("boussole:law", args=[draft.pk, 3])
    answer = draft.answers.filter(decree__law__number=2).first()
    assert (answer.value, answer.link) == ("oui", "https://exemple.org/preuve")
    assert client.get(reverse("boussole:law", args=[draft.pk, 9])).status_code == 404


def test_law_one_asks_why_first(decrees, person):
    draft = start(person)
    client = signed_in(person)
    url = reverse("boussole:law", args=[draft.pk, 1])
    page = client.get(url).content.decode()
    assert page.index("Pourquoi ce projet existe") < page.index("Décret 1.1")
    client.post(
        url,
        law_post(
            draft,
            1,
            need="Dit par le conseil de quartier",
            action="Réparer",
            replaces="Rien",
            without_it="Moins de réparations",
        ),
    )
    draft.refresh_from_db()
    assert draft.need == "Dit par le conseil de quartier"


def test_starting_an_assessment_from_the_form(decrees, person):
    client = signed_in(person)
    assert client.get(reverse("boussole:start")).status_code == 200
    response = client.post(
        reverse("boussole:start"),
        {
            "name": "Carte des composteurs",
            "organisation": "Zéro Déchet",
            "kind": "site",
            "commune": "Pézenas",
            "reach": "departement",
            "users": "Les habitants",
            "url": "",
        },
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse("boussole:law", args=[assessment.pk, 1])
    assert (assessment.territory.kind, assessment.territory.code) == ("departement", "34")
    assert assessment.author == person
    nothing = client.post(reverse("boussole:start"), {"name": "", "commune": "Nulle-Part"})
    assert "Aucune commune ne correspond" in nothing.content.decode()
    assert Assessment.objects.count() == 1


def test_the_report_says_which_law_decides(decrees, person):
    assessment = published(person, {1: "non"})
    page = squeeze(Client().get(assessment.get_absolute_url()).content.decode())
    assert "Loi 1 non respectée" in page
    assert "La visée régénérative : non respectée" in page
    assert "ne la compense pas" in page
    assert page.count("décide du verdict</span>") == 1
    assert "Recommandation :" in page
    assert "badge" not in page.split("<main")[1].split("La règle")[0]


def test_publishing_from_the_report(decrees, person):
    draft = start(person)
    client = signed_in(person)
    refused = client.post(reverse("boussole:publish", args=[draft.pk]), follow=True)
    assert "17 critère(s) sans réponse" in refused.content.decode()
    answer_all(draft, person, {})
    client.post(reverse("boussole:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.is_published
    listing = Client().get(reverse("boussole:index")).content.decode()
    assert draft.name in listing
    assert "les cinq lois sont respectées" in listing


def test_the_list_filters_and_survives_bad_filters(decrees, person):
    published(person, {1: "non"}, name="Appli futile")
    published(person, {3: "en partie"}, name="Carte utile", kind="application")
    index = reverse("boussole:index")
    assert "Carte utile" not in Client().get(index, {"verdict": "1"}).content.decode()
    page = Client().get(index, {"verdict": "3", "kind": "application"}).content.decode()
    assert "Carte utile" in page
    assert "Appli futile" not in page
    page = Client().get(index, {"departement": "34"}).content.decode()
    assert "Carte utile" in page
    # A département without a published assessment is not offered.
    assert (
        "Sélectionnez un choix valide"
        in Client().get(index, {"departement": "81"}).content.decode()
    )
    for bad in ({"verdict": "x", "page": "zz"}, {"departement": "<script>"}, {"kind": "\x00"}):
        assert Client().get(index, bad).status_code in (200, 400)


def test_exports_hold_the_decree_versions_and_the_verdict(decrees, person):
    assessment = published(person, {2: "je ne sais pas"})
    data = json.loads(Client().get(reverse("boussole:json", args=[assessment.pk])).content)
    assert data["verdict"] == "à améliorer"
    assert data["premiere_loi_non_respectee"] == 2
    assert len(data["criteres"]) == 17
    assert data["criteres"][0]["version"] == 1
    assert "email" not in json.dumps(data)
    assert person.email not in json.dumps(data)
    rows = list(
        csv.DictReader(
            io.StringIO(
                Client().get(reverse("boussole:csv", args=[assessment.pk])).content.decode()
            )
        )
    )
    assert [r["reponse"] for r in rows if r["loi"] == "2"] == ["je ne sais pas"] * 3


def test_a_member_reviews_and_the_author_answers(decrees, person):
    assessment = published(person)
    criterion = assessment.answers.first()
    url = reverse("boussole:remark", args=[assessment.pk])
    outsider = signed_in()
    assert (
        "relisent les évaluations" in outsider.get(assessment.get_absolute_url()).content.decode()
    )
    assert outsider.post(url, {"text": "Bof"}).status_code == 404
    reviewer = signed_in(Member.objects.active().first().person)
    reviewer.post(url, {"answer": criterion.pk, "text": "Quelle source ?", "unsupported": "on"})
    author = signed_in(person)
    form = author.get(assessment.get_absolute_url()).content.decode()
    assert "non étayée" in form
    assert 'name="unsupported"' not in form
    author.post(url, {"answer": criterion.pk, "text": "Le compte rendu du 3 mars."})
    empty = reviewer.post(url, {"text": ""}, follow=True)
    assert "Ce champ est obligatoire" in empty.content.decode()
    assert list(Remark.objects.values_list("by_authors", "unsupported")) == [
        (False, True),
        (True, False),
    ]
    page = Client().get(assessment.get_absolute_url()).content.decode()
    assert page.index("Quelle source ?") < page.index("Le compte rendu du 3 mars.")


def test_the_author_reruns_and_the_old_report_points_to_the_new(decrees, person):
    old = published(person)
    client = signed_in(person)
    assert signed_in().post(reverse("boussole:rerun", args=[old.pk])).status_code == 404
    response = client.post(reverse("boussole:rerun", args=[old.pk]))
    new = Assessment.objects.get(previous=old)
    assert response.url == new.get_absolute_url()
    client.post(reverse("boussole:publish", args=[new.pk]))
    page = Client().get(old.get_absolute_url()).content.decode()
    assert "Une version plus récente" in page


def test_deleting_a_draft(decrees, person):
    draft = start(person)
    url = reverse("boussole:delete", args=[draft.pk])
    assert signed_in().post(url, {"confirm": "on"}).status_code == 404
    author = signed_in(person)
    unticked = author.post(url, follow=True)
    assert "Cochez la case" in unticked.content.decode()
    assert Assessment.objects.exists()
    author.post(url, {"confirm": "on"})
    assert not Assessment.objects.exists()


def test_with_no_decree_the_page_says_so(territories, person):
    page = Client().get(reverse("boussole:index")).content.decode()
    assert "0 décrets en vigueur" in squeeze(page) or "0 décret en vigueur" in squeeze(page)
    refused = signed_in(person).post(
        reverse("boussole:start"),
        {
            "name": "X",
            "organisation": "Y",
            "kind": "site",
            "commune": "Pézenas",
            "reach": "commune",
            "users": "Z",
        },
        follow=True,
    )
    assert "Aucun décret n'est encore adopté" in html.unescape(refused.content.decode())
