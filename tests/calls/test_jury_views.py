"""The jury's pages and the public results: only jurors score, only staff
see the ranking, nothing of the results is public before the announcement."""

import html

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now

from terreau.calls import jury
from terreau.calls.models import Application, Conflict, Laureate, Review
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory, sign_in

from .factories import (
    MAZAMET,
    appoint,
    closed_call,
    commune,
    eligible_application,
    marks,
    resident,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(territories):
    return closed_call()


@pytest.fixture
def application(call):
    return eligible_application(call)


def signed_in(person):
    client = Client()
    sign_in(client, person)
    return client


def grid_post(call, value="4", comment="Un ancrage réel."):
    data = {}
    for criterion in call.criteria.all():
        data["value_%d" % criterion.pk] = value
        data["comment_%d" % criterion.pk] = comment
    return data


def test_only_jurors_reach_the_jury_pages(call, application):
    for url in (
        reverse("calls:jury", args=[call.pk]),
        reverse("calls:review", args=[application.pk]),
    ):
        assert signed_in(UserFactory()).get(url).status_code == 403
        assert Client().get(url).status_code == 302  # to the log-in page
        assert signed_in(appoint(call).person).get(url).status_code == 200


def test_the_board_lists_what_is_left_to_score(call, application):
    page = signed_in(appoint(call).person).get(reverse("calls:jury", args=[call.pk]))
    text = page.content.decode()
    assert str(application.territory) in text
    assert "Il vous reste 1 candidature à noter." in text


def test_a_juror_scores_then_reads_the_others(call, application):
    other = appoint(call)
    jury.submit_review(
        juror=other, application=application, marks=marks(call, 1, "Trop vague."), at=call.closes_at
    )
    client = signed_in(appoint(call).person)
    url = reverse("calls:review", args=[application.pk])
    before = client.get(url).content.decode()
    assert "Trop vague." not in before
    assert "Soumettre ma notation" in before
    response = client.post(url, grid_post(call), follow=True)
    after = response.content.decode()
    assert "Votre notation est enregistrée" in after
    assert "Trop vague." in after
    assert "Un ancrage réel." in after
    assert "Soumettre ma notation" not in after


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"value_0": "4"},
        "incomplete",
        "out of range",
    ],
)
def test_a_malformed_grid_is_refused_in_french_and_changes_nothing(call, application, data):
    if data == "incomplete":
        data = grid_post(call, comment="")
    elif data == "out of range":
        data = grid_post(call, value="9")
    client = signed_in(appoint(call).person)
    response = client.post(reverse("calls:review", args=[application.pk]), data)
    assert response.status_code == 400
    assert "La notation n'est pas enregistrée" in html.unescape(response.content.decode())
    assert not Review.objects.exists()


def test_declaring_a_conflict_sets_the_application_aside(call, application):
    juror = appoint(call)
    client = signed_in(juror.person)
    response = client.post(
        reverse("calls:conflict", args=[application.pk]),
        {"reason": "J'ai travaillé pour l'intercommunalité."},
        follow=True,
    )
    assert "vous ne notez pas" in response.content.decode()
    assert Conflict.objects.filter(juror=juror).count() == 1
    page = client.get(reverse("calls:review", args=[application.pk])).content.decode()
    assert "Vous ne notez pas cette candidature." in page
    assert "Soumettre ma notation" not in page
    client.post(reverse("calls:review", args=[application.pk]), grid_post(call))
    assert not Review.objects.exists()


def test_the_ranking_is_for_staff_only(call, application, staff):
    url = reverse("calls:ranking", args=[call.pk])
    assert signed_in(appoint(call).person).get(url).status_code == 403
    assert signed_in(UserFactory()).get(url).status_code == 403
    page = signed_in(staff).get(url).content.decode()
    assert "Pas encore notées" in page
    assert str(application.territory) in page


def test_staff_confirm_then_the_results_appear_on_the_announcement_date(call, application, staff):
    jury.submit_review(
        juror=appoint(call), application=application, marks=marks(call, 4), at=call.closes_at
    )
    client = signed_in(staff)
    client.post(reverse("calls:confirm", args=[call.pk]))
    assert Laureate.objects.filter(application=application, rank=1).exists()

    public = Client().get(call.get_absolute_url()).content.decode()
    assert "seront publiés le" in public
    assert "Lauréat" not in Client().get(application.get_absolute_url()).content.decode()
    assert "Qui agit déjà." not in public  # the grid stays private too
    with time_machine.travel(call.announced_at):
        public = Client().get(call.get_absolute_url()).content.decode()
        assert "1 territoire lauréat" in public
        assert "4,00 / 5" in public
        assert "Qui agit déjà." in public
        assert "1 candidature déposée, 1 éligible" in public
        assert "0 d'habitant·es, 0 de lieux, 1 de collectivités" in public
        page = Client().get(application.get_absolute_url()).content.decode()
        assert "Lauréat : rang 1" in page
        client.post(reverse("calls:marathons", args=[call.pk]))
        assert "son marathon" in Client().get(call.get_absolute_url()).content.decode()


def test_a_confirmation_refused_says_why(call, application, staff):
    response = signed_in(staff).post(reverse("calls:confirm", args=[call.pk]), follow=True)
    assert "Le jury n'a pas encore noté" in html.unescape(response.content.decode())
    assert not Laureate.objects.exists()


def test_jury_actions_are_refused_to_anyone_but_staff(call, application):
    juror = appoint(call)
    jury.submit_review(juror=juror, application=application, marks=marks(call), at=call.closes_at)
    client = signed_in(juror.person)
    assert client.post(reverse("calls:confirm", args=[call.pk])).status_code == 403
    assert client.post(reverse("calls:marathons", args=[call.pk])).status_code == 403
    assert not Laureate.objects.exists()


def test_an_application_that_is_not_eligible_offers_no_grid(call):
    application = submitted_application(call, territory=commune(MAZAMET))
    page = signed_in(appoint(call).person).get(reverse("calls:review", args=[application.pk]))
    text = html.unescape(page.content.decode())
    assert "n'est pas éligible : le jury ne la note pas" in text
    assert "Soumettre ma notation" not in text


def test_a_draft_is_neither_scored_nor_declared(call):
    draft = Application.objects.create(call=call, territory=commune(MAZAMET))
    client = signed_in(appoint(call).person)
    assert client.get(reverse("calls:review", args=[draft.pk])).status_code == 404
    response = client.post(reverse("calls:conflict", args=[draft.pk]), {"reason": "Lien."})
    assert response.status_code == 404
    assert not Conflict.objects.exists()


def test_the_board_reads_one_query_per_application_not_one_per_rule(call):
    # Six rules of conflict used to cost about seven queries per application.
    juror = appoint(call, resident())
    communes = list(Territory.objects.filter(kind="commune").order_by("code")[:8])
    client = signed_in(juror.person)
    url = reverse("calls:jury", args=[call.pk])
    queries = []
    for batch in (communes[:4], communes[4:]):
        for territory in batch:
            eligible_application(call, territory=territory)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        queries.append(len(captured))
    assert queries[1] - queries[0] <= 4  # four more applications, four more queries


def test_a_staff_juror_sees_no_score_before_scoring(call, application, staff):
    """Issue 21, 16: the ranking page and the back-office's reviews showed a
    staff juror every score before they scored; the jury's rule now holds
    for them too, until they have scored all they may score."""
    other = appoint(call)
    jury.submit_review(juror=other, application=application, marks=marks(call), at=now())
    staff_juror = appoint(call, person=staff)
    client = signed_in(staff)
    ranking_url = reverse("calls:ranking", args=[call.pk])
    reviews_url = reverse("admin:calls_review_changelist")

    response = client.get(ranking_url)
    assert response.status_code == 302
    assert response.url == reverse("calls:jury", args=[call.pk])
    assert "s'ouvre quand vous avez noté" in html.unescape(
        client.get(response.url).content.decode()
    )
    assert client.get(reviews_url).context["cl"].result_count == 0

    jury.submit_review(juror=staff_juror, application=application, marks=marks(call), at=now())
    assert client.get(ranking_url).status_code == 200
    assert client.get(reviews_url).context["cl"].result_count == 2


def test_staff_outside_the_jury_read_the_ranking_at_once(call, application, staff):
    jury.submit_review(juror=appoint(call), application=application, marks=marks(call), at=now())
    assert signed_in(staff).get(reverse("calls:ranking", args=[call.pk])).status_code == 200
