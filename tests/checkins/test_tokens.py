import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import signing

from terreau.checkins import tokens

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime.datetime(2026, 11, 22, 10, 2, tzinfo=datetime.UTC)


def test_a_signed_claim_reads_back_identical():
    claim = tokens.event_claim(event_id=7, starts_at=T0, ends_at=T0 + datetime.timedelta(hours=2))
    assert tokens.unsign(tokens.sign(claim)) == claim


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: "x" + t,
        lambda t: "",
        lambda t: "pas-un-code",
    ],
)
def test_a_tampered_token_is_rejected(mangle):
    token = tokens.sign(tokens.screen_claim(place_id=1, at=T0))
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign(mangle(token))


def test_a_token_signed_with_another_salt_is_rejected():
    forged = signing.dumps(
        {"kind": "place", "id": 1, "source": "poster", "not_before": 0, "not_after": 2**40},
        compress=True,
    )
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign(forged)


def test_event_code_opens_thirty_minutes_before_and_closes_thirty_after():
    claim = tokens.event_claim(event_id=1, starts_at=T0, ends_at=T0 + datetime.timedelta(hours=2))
    assert claim.is_early(T0 - datetime.timedelta(minutes=31))
    assert not claim.is_early(T0 - datetime.timedelta(minutes=29))
    assert not claim.is_expired(T0 + datetime.timedelta(hours=2, minutes=29))
    assert claim.is_expired(T0 + datetime.timedelta(hours=2, minutes=31))


def test_screen_code_changes_every_five_minutes_and_lives_ten():
    claim = tokens.screen_claim(place_id=1, at=T0)
    assert claim.starts == datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
    assert claim.ends == datetime.datetime(2026, 11, 22, 10, 10, tzinfo=datetime.UTC)
    assert tokens.screen_claim(place_id=1, at=T0 + datetime.timedelta(minutes=2)) == claim
    assert tokens.screen_claim(place_id=1, at=T0 + datetime.timedelta(minutes=3)) != claim


def test_poster_code_covers_the_quarter_in_local_time():
    claim = tokens.poster_claim(place_id=1, at=T0, zone=PARIS)
    assert claim.starts == datetime.datetime(2026, 10, 1, tzinfo=PARIS)
    assert claim.ends == datetime.datetime(2027, 1, 1, tzinfo=PARIS)  # fixed date: T0's quarter
