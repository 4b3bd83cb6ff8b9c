"""Properties of the count, through the path an assembly takes: members vote
with `cast_votes` (public votes, and secret ballots sealed then opened
shuffled), `publish_results` counts with `count_resolution` and `decide`,
and the stored result is what is checked. Each example rolls back what it
cast, so one assembly and its members serve them all. The tally's own
arithmetic is covered in test_tally.py."""

import datetime
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terreau.governance import services
from terreau.governance.models import Resolution
from terreau.governance.tally import CHOICES
from tests.governance.factories import FIVE_COLLEGES, assembly, cooperative, member

pytestmark = pytest.mark.django_db

VOTERS = 10
DB_EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def meeting(territories):
    """Ten members over the five colleges, an assembly with one public and
    one secret resolution, voting open."""
    colleges = cooperative()
    voters = [member(colleges[i % len(colleges)]) for i in range(VOTERS)]
    return assembly(secret=(False, True)), voters


# Who votes what: a choice for some of the ten members, in a voting order.
ballots = st.lists(
    st.tuples(st.integers(0, VOTERS - 1), st.sampled_from(CHOICES)),
    unique_by=lambda ballot: ballot[0],
    max_size=VOTERS,
)


class RollBack(Exception):
    """Raised to undo an example's votes and count."""


def vote_and_count(meeting, ballots) -> dict[int, dict]:
    """Cast `ballots` in their order on both resolutions, publish the
    results, return each resolution's stored result by number; then undo."""
    assembly, voters = meeting
    public, secret = assembly.resolutions.order_by("number")
    results = {}
    try:
        with transaction.atomic():
            for index, choice in ballots:
                voter = voters[index]
                services.cast_votes(
                    assembly=assembly,
                    person=voter.person,
                    on_behalf_of=voter.number,
                    choices={public.pk: choice, secret.pk: choice},
                )
            services.publish_results(
                assembly=assembly, now=assembly.voting_closes_at + datetime.timedelta(minutes=1)
            )
            for resolution in Resolution.objects.filter(assembly=assembly):
                results[resolution.number] = resolution.result
            raise RollBack
    except RollBack:
        assembly.refresh_from_db()
    return results


@DB_EXAMPLES
@given(ballots=ballots)
def test_every_ballot_is_counted_exactly_once(meeting, ballots):
    """The public resolution shows every college's count; the secret one the
    same figures where a college has enough voters, the small colleges
    grouped or withheld, and the same decision (both got the same votes)."""
    _assembly, voters = meeting
    college_names = [name for name, _weight in FIVE_COLLEGES]
    expected = Counter(
        (college_names[voters[index].college.position], choice) for index, choice in ballots
    )
    public, secret = (
        result for _number, result in sorted(vote_and_count(meeting, ballots).items())
    )
    counted = Counter()
    for college in public["colleges"]:
        for choice in CHOICES:
            counted[(college["name"], choice)] += college[choice]
    assert +counted == expected
    assert public["votes"] == secret["votes"] == len(ballots)
    assert secret["adopted"] == public["adopted"]
    minimum = secret["secrecy_minimum"]
    grouped = Counter()
    for college in secret["colleges"]:
        per_choice = {choice: expected[(college["name"], choice)] for choice in CHOICES}
        if college.get("withheld"):
            assert 0 < sum(per_choice.values()) < minimum
            assert set(college) == {"name", "weight", "withheld"}
            grouped.update(per_choice)
        else:
            assert sum(per_choice.values()) in (0, *range(minimum, VOTERS + 1))
            assert {choice: college[choice] for choice in CHOICES} == per_choice
    if grouped:
        assert secret["result"] is None
        merged = secret["merged"]
        if sum(grouped.values()) >= minimum:
            assert {choice: merged[choice] for choice in CHOICES} == dict(grouped)
        else:
            assert set(merged) == {"names"}


@DB_EXAMPLES
@given(ballots=ballots, random=st.randoms())
def test_the_order_of_ballots_does_not_matter(meeting, ballots, random):
    shuffled = list(ballots)
    random.shuffle(shuffled)
    in_order = vote_and_count(meeting, ballots)
    assert in_order[1]["votes"] == in_order[2]["votes"] == len(ballots)
    assert vote_and_count(meeting, shuffled) == in_order
