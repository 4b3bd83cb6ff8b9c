import pytest

from terreau.calls.eligibility import AUTHORITY, CITIZENS, PLACES, Counts, routes


@pytest.mark.parametrize(
    ("citizens", "places", "authority", "expected"),
    [
        (0, 0, False, []),
        (349, 149, False, []),
        (350, 0, False, [CITIZENS]),
        (0, 150, False, [PLACES]),
        (0, 0, True, [AUTHORITY]),
        (351, 150, False, [CITIZENS, PLACES]),
        (350, 150, True, [AUTHORITY, CITIZENS, PLACES]),
        (10, 149, True, [AUTHORITY]),
    ],
)
def test_an_application_is_eligible_by_each_route_it_reaches(citizens, places, authority, expected):
    counts = Counts(citizens=citizens, places=places, authority=authority)
    assert routes(counts, citizen_threshold=350, place_threshold=150) == expected


def test_thresholds_are_the_calls_own():
    counts = Counts(citizens=20, places=5, authority=False)
    assert routes(counts, citizen_threshold=20, place_threshold=6) == [CITIZENS]
