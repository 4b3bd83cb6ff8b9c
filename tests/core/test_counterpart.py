"""La contrepartie shows the three sides the founding documents name:
environment, health, intimacy, each with its sources (issue 17, 2)."""

from django.urls import reverse


def test_the_counterpart_page_names_its_three_sides_with_sources(client):
    page = client.get(reverse("footprint")).content.decode()
    for anchor in ('id="environnement"', 'id="sante"', 'id="intimite"'):
        assert anchor in page
    assert "OMS" in page
    assert "Unique in the Crowd" in page
    assert "ni lecture automatique" in page
