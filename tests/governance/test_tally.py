"""The tally is a pure function: tested on worked examples, then on
properties over random assemblies (hypothesis). That every ballot is counted
once, whatever the order of voting, is checked through the whole path of an
assembly in test_count_properties.py."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terreau.governance.tally import (
    ABSTENTION,
    BLANC,
    CHOICES,
    CONTRE,
    POUR,
    Counts,
    Majority,
    tally,
    weight_problems,
)

HALF = Majority(Fraction(1, 2))
TWO_THIRDS = Majority(Fraction(2, 3), inclusive=True)
EQUAL3 = {"a": Fraction(1, 3), "b": Fraction(1, 3), "c": Fraction(1, 3)}


def test_each_college_weighs_its_share_of_pour_whatever_its_size():
    # 100 citizens against, 1 founder and 1 place for: colleges, not heads, decide.
    weights = {
        "citoyens": Fraction(30, 100),
        "fondateurs": Fraction(35, 100),
        "lieux": Fraction(35, 100),
    }
    result = tally(
        {"citoyens": Counts(contre=100), "fondateurs": Counts(pour=1), "lieux": Counts(pour=1)},
        weights,
        HALF,
    )
    assert result.result == Fraction(70, 100)
    assert result.adopted
    assert result.votes == 102


def test_abstentions_and_blank_votes_are_not_votes_cast():
    result = tally({"a": Counts(pour=1, contre=1, abstention=5, blanc=3)}, {"a": Fraction(1)}, HALF)
    assert result.colleges[0].share == Fraction(1, 2)
    assert result.result == Fraction(1, 2)
    assert not result.adopted  # "more than half": exactly half is not enough
    assert result.votes == 10


def test_a_silent_college_shares_its_weight_among_the_others_in_proportion():
    weights = {"a": Fraction(1, 2), "b": Fraction(3, 10), "c": Fraction(1, 5)}
    result = tally(
        {"a": Counts(pour=1), "b": Counts(contre=1), "c": Counts(abstention=4)}, weights, HALF
    )
    by_key = {c.key: c for c in result.colleges}
    assert by_key["c"].share is None
    assert by_key["c"].effective_weight == 0
    assert by_key["a"].effective_weight == Fraction(5, 8)
    assert by_key["b"].effective_weight == Fraction(3, 8)
    assert result.result == Fraction(5, 8)
    assert result.adopted


def test_nothing_is_adopted_without_any_vote_cast():
    result = tally({"a": Counts(abstention=3)}, EQUAL3, HALF)
    assert result.result is None
    assert not result.adopted
    assert not tally({}, EQUAL3, HALF).adopted


@pytest.mark.parametrize(
    ("pour", "contre", "majority", "adopted"),
    [
        (2, 1, TWO_THIRDS, True),  # exactly two thirds: "at least" reached
        (2, 1, Majority(Fraction(2, 3)), False),  # "more than" two thirds: not reached
        (66, 34, TWO_THIRDS, False),  # 0.66 < 2/3: exact arithmetic, no rounding
        (51, 49, HALF, True),
        (50, 50, HALF, False),
        (1, 0, HALF, True),
        (0, 1, HALF, False),
    ],
)
def test_thresholds_are_exact(pour, contre, majority, adopted):
    counts = {key: Counts(pour=pour, contre=contre) for key in EQUAL3}
    assert tally(counts, EQUAL3, majority).adopted is adopted


def test_weights_must_sum_to_one_and_votes_belong_to_known_colleges():
    with pytest.raises(ValueError, match="sum to 1"):
        tally({}, {"a": Fraction(1, 2), "b": Fraction(1, 3)}, HALF)
    with pytest.raises(ValueError, match="unknown"):
        tally({"z": Counts(pour=1)}, EQUAL3, HALF)


def test_counts_of_choices():
    assert Counts.of([POUR, POUR, CONTRE, ABSTENTION, BLANC]) == Counts(2, 1, 1, 1)
    with pytest.raises(ValueError, match="unknown choice"):
        Counts.of(["peut-être"])


def test_the_majorities_say_what_they_mean():
    assert HALF.describe() == "plus de la moitié des voix pondérées"
    assert TWO_THIRDS.describe() == "au moins les deux tiers des voix pondérées"
    assert Majority(Fraction(3, 5)).describe() == "plus de 3/5 des voix pondérées"


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ([50, 50], "au moins trois collèges"),
        ([60, 20, 20], "entre 10 % et 50 % (ici : 60 %)"),
        ([5, 45, 50], "entre 10 % et 50 % (ici : 5 %)"),
        ([30, 30, 30], "totaliser 100 % (ici : 90 %)"),
        ([33.33, 33.33, 33.33], "totaliser 100 % (ici : 99,99 %)"),
    ],
)
def test_scic_college_weights_are_checked(weights, problem):
    problems = weight_problems(Decimal(str(w)) for w in weights)
    assert any(problem in p for p in problems), problems


def test_valid_scic_college_weights():
    assert weight_problems([Decimal(20)] * 5) == []
    assert weight_problems([Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]) == []
    assert weight_problems([Decimal(50), Decimal(40), Decimal(10)]) == []


# Properties over random assemblies -------------------------------------------


# Random SCIC weights: 3 to 6 colleges, each 10-50 %, summing to 100 %.
@st.composite
def scic_weights(draw):
    n = draw(st.integers(3, 6))
    remaining, parts = 100, []
    for left in range(n - 1, 0, -1):
        # keep the colleges still to draw within 10-50 % each
        low, high = max(10, remaining - 50 * left), min(50, remaining - 10 * left)
        parts.append(draw(st.integers(low, high)))
        remaining -= parts[-1]
    parts.append(remaining)
    return {"c%d" % i: Fraction(w, 100) for i, w in enumerate(parts)}


@st.composite
def assemblies(draw):
    weights = draw(scic_weights())
    ballots = draw(
        st.lists(st.tuples(st.sampled_from(sorted(weights)), st.sampled_from(CHOICES)), max_size=60)
    )
    return weights, ballots


def counts_of(ballots):
    by_college = {}
    for college, choice in ballots:
        by_college.setdefault(college, []).append(choice)
    return {college: Counts.of(choices) for college, choices in by_college.items()}


@given(scic_weights())
def test_generated_weights_are_valid_scic_weights(weights):
    assert sum(weights.values()) == 1
    assert (
        weight_problems(Decimal(w.numerator * 100 / w.denominator) for w in weights.values()) == []
    )


@given(assemblies())
def test_effective_weights_sum_to_one_when_anyone_voted(assembly):
    weights, ballots = assembly
    result = tally(counts_of(ballots), weights, HALF)
    total = sum(c.effective_weight for c in result.colleges)
    assert total == (1 if result.result is not None else 0)
    if result.result is not None:
        assert 0 <= result.result <= 1


@given(assemblies(), st.data())
def test_turning_one_vote_into_pour_never_lowers_the_result(assembly, data):
    weights, ballots = assembly
    if not ballots:
        return
    index = data.draw(st.integers(0, len(ballots) - 1))
    college, choice = ballots[index]
    better = list(ballots)
    better[index] = (college, POUR)
    before = tally(counts_of(ballots), weights, HALF)
    after = tally(counts_of(better), weights, HALF)
    if choice == POUR:
        assert after.result == before.result
    else:
        assert after.result is not None
        assert before.result is None or after.result >= before.result
        if choice == CONTRE:
            assert after.result > before.result
        assert after.adopted or not before.adopted  # never turns adoption into rejection


@given(assemblies(), st.data())
def test_turning_one_vote_into_contre_never_raises_the_result(assembly, data):
    weights, ballots = assembly
    if not ballots:
        return
    index = data.draw(st.integers(0, len(ballots) - 1))
    college, choice = ballots[index]
    worse = list(ballots)
    worse[index] = (college, CONTRE)
    before = tally(counts_of(ballots), weights, HALF)
    after = tally(counts_of(worse), weights, HALF)
    if before.result is not None and choice != CONTRE:
        assert after.result <= before.result
        assert before.adopted or not after.adopted


@given(assemblies())
def test_unanimity_in_every_voting_college_decides(assembly):
    weights, ballots = assembly
    all_for = [(college, POUR) for college, _choice in ballots]
    all_against = [(college, CONTRE) for college, _choice in ballots]
    if ballots:
        assert tally(counts_of(all_for), weights, TWO_THIRDS).result == 1
        assert tally(counts_of(all_for), weights, TWO_THIRDS).adopted
        assert tally(counts_of(all_against), weights, HALF).result == 0
