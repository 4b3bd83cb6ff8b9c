import pytest
from django.urls import reverse

from terreau.territories.models import Territory

pytestmark = pytest.mark.django_db


def names(query):
    return [t.name for t in Territory.objects.search(query)]


def test_search_ignores_accents_and_case(territories):
    assert names("peze")[0] == "Pézenas"
    assert names("PÉZENAS")[0] == "Pézenas"


def test_postcode_finds_every_commune_it_serves(territories):
    found = names("81200")
    assert {"Mazamet", "Aussillon"} <= set(found)
    assert found[0] == "Mazamet"  # most populous first


def test_former_name_of_a_delegated_commune_finds_its_parent(territories):
    assert "Bâgé-Dommartin" in names("bage la ville")


def test_departement_number_finds_the_departement(territories):
    assert names("34") == ["Hérault"]


def test_search_page_lists_results_with_links(client, territories):
    response = client.get(reverse("territories:search"), {"q": "mazamet"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/territoires/commune/81163/"' in html


def test_search_page_explains_an_empty_result(client, territories):
    response = client.get(reverse("territories:search"), {"q": "zzzzzz"})
    assert "Aucun territoire ne correspond" in response.content.decode()


def test_a_one_letter_query_is_refused_with_a_message(client, territories):
    response = client.get(reverse("territories:search"), {"q": "p"})
    assert "Tapez au moins deux caractères." in response.content.decode()
