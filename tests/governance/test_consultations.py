import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.governance import permissions, services
from terreau.governance.models import Amendment, AmendmentSupport, Comment, Consultation, Law
from terreau.territories import roles
from tests.accounts.factories import UserFactory, sign_in_with_second_factor
from tests.challenges.factories import marathon_with_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(territories, staff):
    return Consultation.objects.create(
        title="Décret sur le poids des pages",
        text="Article 1 : chaque page pèse moins de 14 Ko.",
        law=Law.objects.get(number=4),
        author=staff,
        closes_on=timezone.localdate() + datetime.timedelta(days=10),
    )


def test_the_five_laws_are_seeded_in_their_order(client, five_laws):
    # `five_laws` runs the seed that migration 0002 runs: a transactional test
    # of another file may have flushed the table in this worker before.
    assert list(Law.objects.values_list("number", "title")) == [
        (1, "La visée régénérative"),
        (2, "L'Ancrage"),
        (3, "Encapacitation"),
        (4, "La Sobriété"),
        (5, "L'Intégrité"),
    ]
    page = client.get(reverse("governance:law", args=[4])).content.decode()
    assert "minimiser sa consommation de ressources" in page
    assert "Aucun décret n'a encore été adopté" in page
    assert client.get(reverse("governance:law", args=[6])).status_code == 404


def test_anyone_signed_in_amends_supports_once_and_comments(client, consultation):
    client.force_login(UserFactory(display_name="Inès"))
    response = client.post(
        reverse("governance:amend", args=[consultation.pk]),
        {"proposal": "Remplacer 14 Ko par 10 Ko.", "reason": "Plus sobre encore."},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    supporter = UserFactory()
    client.force_login(supporter)
    client.post(reverse("governance:support", args=[amendment.pk]))
    assert AmendmentSupport.objects.filter(amendment=amendment).count() == 1
    client.post(reverse("governance:support", args=[amendment.pk]))  # withdraw
    assert not AmendmentSupport.objects.exists()
    client.post(reverse("governance:support", args=[amendment.pk]))
    client.post(
        reverse("governance:comment", args=[consultation.pk]),
        {"text": "D'accord.", "amendment": amendment.pk},
    )
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Remplacer 14 Ko par 10 Ko." in page
    assert "1 soutien" in page
    assert "Retirer mon soutien" in page
    assert Comment.objects.get().amendment == amendment


def test_signed_out_visitors_read_but_do_not_write(client, consultation):
    assert client.get(consultation.get_absolute_url()).status_code == 200
    response = client.post(reverse("governance:amend", args=[consultation.pk]), {"proposal": "x"})
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    assert not Amendment.objects.exists()


def test_a_closed_consultation_takes_nothing_more(client, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(UserFactory())
    response = client.post(
        reverse("governance:amend", args=[consultation.pk]), {"proposal": "Trop tard."}, follow=True
    )
    assert "est close depuis le" in response.content.decode()
    assert not Amendment.objects.exists()


def test_answers_come_from_the_author_or_animators_and_a_rejection_has_a_reason(
    client, consultation, staff
):
    amendment = Amendment.objects.create(
        consultation=consultation, author=UserFactory(), proposal="Supprimer l'article."
    )
    client.force_login(UserFactory())
    response = client.post(
        reverse("governance:answer", args=[amendment.pk]), {"status": "accepted", "answer": ""}
    )
    assert response.status_code == 403
    sign_in_with_second_factor(client, staff)
    response = client.post(
        reverse("governance:answer", args=[amendment.pk]),
        {"status": "rejected", "answer": ""},
        follow=True,
    )
    assert "Un rejet se motive" in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.status == "pending"
    client.post(
        reverse("governance:answer", args=[amendment.pk]),
        {"status": "rejected", "answer": "L'article est au cœur du décret."},
    )
    amendment.refresh_from_db()
    assert (amendment.status, amendment.answered_by) == ("rejected", staff)


def test_animators_publish_and_answer_for_their_territory_only(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    animator, other = UserFactory(), UserFactory()
    roles.appoint(animator, marathon.territory)
    assert permissions.can_publish_consultation(animator, marathon.territory)
    assert not permissions.can_publish_consultation(animator, None)
    assert not permissions.can_publish_consultation(other, marathon.territory)
    client.force_login(animator)
    closes = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("governance:consultation_create"),
        {
            "title": "Notre charte locale",
            "text": "Texte.",
            "territory": marathon.territory.pk,
            "closes_on": closes,
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    amendment = services.propose_amendment(
        consultation=consultation, person=other, proposal="Ajouter un article.", reason=""
    )
    assert permissions.can_answer_amendments(animator, consultation)
    assert not permissions.can_answer_amendments(other, consultation)
    client.force_login(other)
    assert client.get(reverse("governance:consultation_create")).status_code == 403
    assert (
        client.post(
            reverse("governance:answer", args=[amendment.pk]), {"status": "merged"}
        ).status_code
        == 403
    )
