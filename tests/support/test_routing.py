"""The routing rule (support/routing.py), a pure function, tested on
generated experts: nobody above capacity, paused, without consent, in
conflict or outside the territory is ever offered a request; the same inputs
and seed give the same order, whatever order the experts are read in; every
eligible expert is in the order, so that moving on after expiries reaches
each of them; and ties are broken by the draw, each tied expert coming first
for some seed."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from terreau.support import routing
from terreau.support.routing import Candidate, Need

DOMAINS = ["energy-housing", "mobility", "food"]
# A commune (1), its EPCI (2), its département (3), its région (4); 9 is elsewhere.
TERRITORIES = (1, 2, 3, 4)


@st.composite
def candidates(draw):
    count = draw(st.integers(min_value=0, max_value=12))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    experts = []
    for expert_id in ids:
        capacity = draw(st.integers(1, 4))
        experts.append(
            Candidate(
                id=expert_id,
                person_id=expert_id + 100_000,
                published=draw(st.booleans()),
                consenting=draw(st.booleans()),
                paused=draw(st.booleans()),
                domains=frozenset(draw(st.lists(st.sampled_from(DOMAINS), min_size=1))),
                areas=frozenset(draw(st.lists(st.sampled_from([1, 2, 3, 4, 9]), min_size=1))),
                capacity=capacity,
                accepted_this_month=draw(st.integers(0, capacity + 1)),
                conflicts=frozenset(
                    draw(st.lists(st.sampled_from([("place", 7), ("authority", 2)]), max_size=1))
                ),
            )
        )
    return experts


needs = st.builds(
    Need,
    domain=st.sampled_from(DOMAINS),
    requester_id=st.integers(100_001, 110_000),
    territories=st.just(TERRITORIES),
    parties=st.sampled_from([frozenset(), frozenset({("place", 7)})]),
)
seeds = st.integers(0, 2**62)


@given(candidates(), needs, seeds)
def test_only_eligible_experts_are_offered_a_request(experts, need, seed):
    for expert in routing.ranked(experts, need, seed):
        assert expert.published
        assert expert.consenting
        assert not expert.paused
        assert expert.accepted_this_month < expert.capacity
        assert need.domain in expert.domains
        assert expert.areas & set(need.territories)
        assert not (expert.conflicts & need.parties)
        assert expert.person_id != need.requester_id


@given(candidates(), needs, seeds, st.randoms())
def test_the_same_request_and_seed_give_the_same_order(experts, need, seed, shuffler):
    first = routing.ranked(experts, need, seed)
    shuffled = list(experts)
    shuffler.shuffle(shuffled)
    assert routing.ranked(shuffled, need, seed) == first


@given(candidates(), needs, seeds)
def test_every_eligible_expert_is_reachable(experts, need, seed):
    order = routing.ranked(experts, need, seed)
    eligible = {e.id for e in experts if routing.is_eligible(e, need)}
    assert {e.id for e in order} == eligible
    # Offers go out three at a time; each expiry moves on to the next ones.
    offered = set()
    while len(offered) < len(order):
        batch = [e for e in order if e.id not in offered][: routing.OFFERED_AT_ONCE]
        offered |= {e.id for e in batch}
    assert offered == eligible


@given(candidates(), needs, seeds)
def test_fewer_accepted_this_month_then_closer_come_first(experts, need, seed):
    order = routing.ranked(experts, need, seed)
    keys = [(e.accepted_this_month, routing.distance(e, need)) for e in order]
    assert keys == sorted(keys)


def expert(expert_id, **changes):
    values = {
        "id": expert_id,
        "person_id": expert_id + 100_000,
        "published": True,
        "consenting": True,
        "paused": False,
        "domains": frozenset({"food"}),
        "areas": frozenset({1}),
        "capacity": 2,
        "accepted_this_month": 0,
    }
    values.update(changes)
    return Candidate(**values)


NEED = Need(domain="food", requester_id=1, territories=TERRITORIES)


@settings(max_examples=20)
@given(st.integers(2, 6))
def test_each_tied_expert_comes_first_for_some_seed(count):
    tied = [expert(i) for i in range(1, count + 1)]
    firsts = {routing.ranked(tied, NEED, seed)[0].id for seed in range(400)}
    assert firsts == {e.id for e in tied}


def test_a_worked_example():
    """By hand: Bea has accepted nothing and covers the commune; Chloé has
    accepted nothing but covers the département; Ali has accepted one; Dan
    is paused, Eve full, Fred in conflict with the asking place."""
    ali = expert(1, accepted_this_month=1)
    bea = expert(2)
    chloe = expert(3, areas=frozenset({3}))
    dan = expert(4, paused=True)
    eve = expert(5, accepted_this_month=2)
    fred = expert(6, conflicts=frozenset({("place", 7)}))
    need = Need(
        domain="food", requester_id=1, territories=TERRITORIES, parties=frozenset({("place", 7)})
    )
    experts = [ali, bea, chloe, dan, eve, fred]
    random.Random(0).shuffle(experts)
    assert [e.id for e in routing.ranked(experts, need, seed=42)] == [2, 3, 1]


def test_asked_from_an_experts_page_that_expert_comes_first_if_eligible():
    busy = expert(1, accepted_this_month=1, areas=frozenset({4}))
    need = Need(domain="food", requester_id=1, territories=TERRITORIES, preferred_id=1)
    assert routing.ranked([expert(2), busy], need, seed=1)[0].id == 1
    paused = expert(1, paused=True)
    assert [e.id for e in routing.ranked([expert(2), paused], need, seed=1)] == [2]
