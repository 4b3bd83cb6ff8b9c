"""The jury's ranking rule, as a table of cases (pure module)."""

import datetime
from fractions import Fraction

from terreau.calls.ranking import Entry, Mark, ranked, weighted_average

DAY = datetime.datetime(2025, 11, 20, 12, tzinfo=datetime.UTC)


def entry(pk, values, *, supports=0, days=0):
    """`values` are (mark, weight) pairs."""
    return Entry(
        pk=pk,
        marks=tuple(Mark(value=v, weight=w) for v, w in values),
        supports=supports,
        submitted_at=DAY + datetime.timedelta(days=days),
    )


def test_a_mark_counts_as_many_times_as_its_criterion_weighs():
    assert weighted_average([Mark(5, 3), Mark(1, 1)]) == Fraction(16, 4)
    assert weighted_average([Mark(4, 2), Mark(4, 2), Mark(1, 1), Mark(2, 1)]) == Fraction(19, 6)


def test_the_highest_score_comes_first():
    order = ranked([entry(1, [(2, 1)]), entry(2, [(5, 1)]), entry(3, [(4, 1)])])
    assert [r.pk for r in order] == [2, 3, 1]
    assert [r.rank for r in order] == [1, 2, 3]


def test_ties_go_to_more_supports_then_earlier_submission_then_smaller_number():
    order = ranked(
        [
            entry(1, [(3, 1)], supports=10, days=2),
            entry(2, [(3, 1)], supports=10, days=1),
            entry(3, [(3, 1)], supports=400),
            entry(4, [(3, 1)], supports=10, days=1),
        ]
    )
    assert [r.pk for r in order] == [3, 2, 4, 1]


def test_equal_scores_are_equal_exactly_whatever_the_weights():
    # 1/3 and 2/6 are the same score: the tie rule decides, not a rounding.
    order = ranked([entry(1, [(1, 1), (0, 2)], supports=1), entry(2, [(2, 1), (0, 5)], supports=2)])
    assert order[0].score == order[1].score == Fraction(1, 3)
    assert [r.pk for r in order] == [2, 1]


def test_an_application_no_juror_scored_is_not_ranked():
    assert [r.pk for r in ranked([entry(1, []), entry(2, [(0, 1)])])] == [2]
