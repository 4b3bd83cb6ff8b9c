from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from terreau.challenges import factors
from terreau.challenges.catalogue import CATALOGUE
from terreau.challenges.models import Challenge
from terreau.places.models import Place
from tests.html import squeeze

pytestmark = pytest.mark.django_db


def test_every_factor_states_its_value_unit_scope_source_reference_and_year():
    assert factors.table()
    for factor in factors.table().values():
        assert factor.value >= 0
        assert factor.unit
        assert factor.scope
        assert factor.source
        assert factor.reference
        assert 2000 <= factor.year <= 2100


def test_a_corrected_factor_is_a_new_version_and_the_old_one_stays_readable():
    assert factors.get("car-km", 1).value == Decimal("0.2176")
    assert factors.latest("car-km").version >= 1
    with pytest.raises(KeyError):
        factors.get("car-km", 999)


def test_the_default_catalogue_has_at_least_twenty_defis_on_known_factors_and_place_kinds():
    assert len(CATALOGUE) >= 20
    for row in CATALOGUE:
        slug, _title, _theme, _by, _validation, kinds, quantity, note, factor, why, how = row
        assert factors.latest(factor), slug
        assert quantity > 0, slug
        assert all((note, why, how)), slug
        assert set(filter(None, kinds.split(","))) <= set(Place.Kind.values), slug


def test_loading_the_catalogue_twice_keeps_staff_edits(founding_themes):
    call_command("load_challenges")
    assert Challenge.objects.count() == len(CATALOGUE)
    Challenge.objects.filter(slug="ressourcerie-jean").update(title="Titre revu par l'équipe")
    call_command("load_challenges")
    assert Challenge.objects.count() == len(CATALOGUE)
    assert Challenge.objects.get(slug="ressourcerie-jean").title == "Titre revu par l'équipe"


def test_impact_is_quantity_times_factor(founding_themes):
    call_command("load_challenges")
    train = Challenge.objects.get(slug="venir-en-train")
    assert train.impact == Decimal(50) * Decimal("0.18991")


def test_a_defi_on_an_unknown_factor_version_or_place_kind_is_refused(founding_themes):
    call_command("load_challenges")
    challenge = Challenge.objects.get(slug="ressourcerie-jean")
    challenge.factor_version = 42
    with pytest.raises(ValidationError, match="facteur"):
        challenge.full_clean()
    challenge.factor_version = 1
    challenge.place_kinds = "ressourcerie,chateau"
    with pytest.raises(ValidationError, match="chateau"):
        challenge.full_clean()


def test_defi_page_shows_the_calculation_and_its_source(client, founding_themes):
    call_command("load_challenges")
    page = client.get(reverse("pages:challenge", args=["venir-en-train"])).content.decode()
    # The result rounded to a tenth, as every impact shown (gauges, teams).
    assert squeeze("50 km × 0,18991 kg CO2e par km = <strong>9,5 kg CO2e</strong>") in squeeze(page)
    assert "Base Carbone" in page
    # A readable citation with its link, not an identifier or a repository path.
    assert (
        'href="https://github.com/incubateur-ademe/impactco2/blob/1540e08/'
        'src/data/categories/deplacement.json"' in page
    )
    assert "Impact CO2 (ADEME), données « deplacement », version 1540e08" in unescape(page)
    assert "car-minus-ter-km" not in page
    assert "incubateur-ademe/impactco2, src/" not in page


def test_catalogue_filters_by_theme_and_hides_unpublished(client, founding_themes):
    call_command("load_challenges")
    Challenge.objects.filter(slug="fresque-du-climat").update(is_published=False)
    page = client.get(
        reverse("challenges:list"), {"theme": "souverainete-inclusion-numerique"}
    ).content.decode()
    assert "Fresque du Numérique" in page
    assert "jean d&#x27;occasion" not in page
    assert client.get(reverse("pages:challenge", args=["fresque-du-climat"])).status_code == 404


def test_factor_table_page_lists_every_version(client):
    page = client.get(reverse("challenges:factors")).content.decode()
    for key, version in factors.table():
        assert f"<strong>{key}</strong> v{version}" in page


def test_at_least_twenty_defis_rest_on_ademe_data():
    on_ademe = [row[0] for row in CATALOGUE if factors.latest(row[8]).source.startswith("ADEME")]
    assert len(on_ademe) >= 20


def test_a_factor_links_to_the_exact_file_and_commit_it_was_read_from():
    """A path with spaces (Nos Gestes Climat's « modèle déchets ») is linked,
    quoted, not dropped for « la table des facteurs de Terreau »."""
    label, url = factors.latest("ngc-residual-waste-kg").origin
    assert label.startswith("Nos Gestes Climat (ADEME), données « omr », version f3bdd32")
    assert url == (
        "https://github.com/incubateur-ademe/nosgestesclimat/blob/f3bdd32/"
        "data/empreinte/alimentation/mod%C3%A8le%20d%C3%A9chets/omr.publicodes"
    )
    label, url = factors.latest("ngc-laptop-new").origin
    assert label.startswith("Modèle ACV numérique de Nos Gestes Climat (ADEME)")
    assert url.endswith("/publicodes-acv-numerique/blob/70676e4/src/acv-terminaux.publicodes")
