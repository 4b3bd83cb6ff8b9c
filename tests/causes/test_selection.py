import datetime

from terreau.causes.selection import Entry, ranked, selected

DAY = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def at(days):
    return DAY + datetime.timedelta(days=days)


def test_the_most_supported_come_first():
    entries = [Entry(1, 5, at(0)), Entry(2, 9, at(0)), Entry(3, 7, at(0))]
    assert [e.pk for e in ranked(entries)] == [2, 3, 1]


def test_a_tie_goes_to_the_cause_published_later_then_to_the_one_proposed_first():
    entries = [Entry(1, 4, at(0)), Entry(2, 4, at(3)), Entry(4, 4, at(1)), Entry(3, 4, at(1))]
    assert [e.pk for e in ranked(entries)] == [2, 3, 4, 1]


def test_only_the_first_ones_are_selected():
    entries = [Entry(n, n, at(0)) for n in range(1, 16)]
    assert [e.pk for e in selected(entries, 10)] == list(range(15, 5, -1))
    assert len(selected(entries[:3], 10)) == 3
