"""Short presence codes, typed from the paper (issue 12)."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from terreau.checkins import services, tokens
from terreau.checkins.models import ShortCode
from tests.checkins.factories import open_every_day
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def poster_claim(territories):
    place = PlaceFactory()
    open_every_day(place)
    return tokens.poster_claim(place_id=place.pk, at=timezone.now(), zone=PARIS)


def test_one_claim_has_one_short_code_without_look_alikes(poster_claim):
    code = services.short_code_for(poster_claim, timezone.now())
    assert re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}", code), code
    assert services.short_code_for(poster_claim, timezone.now()) == code
    assert ShortCode.objects.count() == 1
    screen = tokens.screen_claim(place_id=poster_claim.id, at=timezone.now())
    assert services.short_code_for(screen, timezone.now()) != code


def test_a_typed_code_is_read_in_any_case_with_or_without_its_dash(poster_claim):
    code = services.short_code_for(poster_claim, timezone.now())
    for typed in (code, code.lower(), code.replace("-", ""), " %s " % code.replace("-", " ")):
        assert services.claim_of_short_code(typed) == poster_claim, typed


@pytest.mark.parametrize("typed", ["AAA-AAA", "", "K7Q", "K7Q-2MX-9", "ab\x00cd"])
def test_an_unknown_code_is_refused_in_french(poster_claim, typed):
    services.short_code_for(poster_claim, timezone.now())
    with pytest.raises(services.CheckInRefused, match="Ce code court n'existe pas") as refusal:
        services.claim_of_short_code(typed)
    assert refusal.value.code == "unknown-short-code"


def test_the_short_address_opens_the_presence_page_of_the_same_code(client, poster_claim):
    code = services.short_code_for(poster_claim, timezone.now())
    # A signature holds the second it was made: both are made in the same one.
    with time_machine.travel(timezone.now(), tick=False):
        response = client.get(reverse("pages:short_presence", args=[code.lower()]))
        expected = reverse("pages:presence", args=[tokens.sign(poster_claim)])
    assert response.status_code == 302
    assert response["Location"] == expected
    unknown = client.get(reverse("pages:short_presence", args=["AAA-AAA"]))
    assert unknown.status_code == 404
    assert "Ce code court n'existe pas" in html.unescape(unknown.content.decode())


def test_a_short_code_follows_the_rules_of_its_code(client, poster_claim):
    """Once its window is over, the code it stands for is refused as expired."""
    code = services.short_code_for(poster_claim, timezone.now())
    with time_machine.travel(poster_claim.ends + datetime.timedelta(days=1)):
        page = client.get(reverse("pages:short_presence", args=[code]), follow=True)
    assert page.status_code == 410
    assert "Ce code a expiré" in page.content.decode()


def test_codes_of_windows_long_closed_are_forgotten(poster_claim):
    services.short_code_for(poster_claim, timezone.now())
    later = poster_claim.ends + services.SHORT_CODE_KEPT + datetime.timedelta(hours=1)
    screen = tokens.screen_claim(place_id=poster_claim.id, at=later)
    services.short_code_for(screen, later)
    assert list(ShortCode.objects.values_list("source", flat=True)) == ["screen"]
