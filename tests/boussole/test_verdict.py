"""The Boussole's verdict rule (issue 15, 2), as properties: a lower law
never changes a verdict decided by a higher one, and improving an answer
never worsens a verdict."""

from hypothesis import given
from hypothesis import strategies as st

from terreau.boussole import verdict as boussole
from terreau.boussole.verdict import LAWS, NO, PARTLY, RESPECTED, UNKNOWN, YES

answers = st.lists(st.sampled_from(boussole.ANSWERS), max_size=4)
assessments = st.fixed_dictionaries(dict.fromkeys(LAWS, answers))


@given(assessments, st.data())
def test_a_lower_law_never_changes_a_verdict_decided_by_a_higher_one(assessment, data):
    decided = boussole.verdict(assessment)
    if decided.law is None:
        return  # all respected: no law decides
    for law in LAWS:
        if law > decided.law:
            changed = {**assessment, law: data.draw(answers)}
            again = boussole.verdict(changed)
            assert (again.law, again.status) == (decided.law, decided.status)


@given(assessments, st.data())
def test_improving_an_answer_never_worsens_the_verdict(assessment, data):
    laws_with_answers = [law for law in LAWS if assessment[law]]
    if not laws_with_answers:
        return
    law = data.draw(st.sampled_from(laws_with_answers))
    index = data.draw(st.integers(0, len(assessment[law]) - 1))
    current = assessment[law][index]
    better = [
        a for a in boussole.ANSWERS if boussole.ANSWER_RANK[a] > boussole.ANSWER_RANK[current]
    ]
    if not better:
        return
    improved_answers = list(assessment[law])
    improved_answers[index] = data.draw(st.sampled_from(better))
    improved = {**assessment, law: improved_answers}
    assert boussole.verdict(improved).rank >= boussole.verdict(assessment).rank


def test_a_futile_service_cannot_buy_a_good_verdict_with_a_light_page():
    futile = {1: [NO, PARTLY], 2: [YES], 3: [YES], 4: [YES, YES, YES], 5: [YES]}
    decided = boussole.verdict(futile)
    assert (decided.law, decided.status) == (1, "non respectée")
    light_and_useful = {1: [YES, YES], 2: [YES], 3: [PARTLY], 4: [NO], 5: [YES]}
    assert boussole.verdict(light_and_useful).rank > decided.rank
    assert boussole.verdict(light_and_useful).recommendations == [4]


def test_what_is_not_known_is_not_proven_and_all_yes_is_respected():
    assert boussole.law_status([YES, UNKNOWN]) == "à améliorer"
    assert boussole.verdict({law: [YES] for law in LAWS}).status == RESPECTED
    assert boussole.verdict({law: [YES] for law in LAWS}).law is None
