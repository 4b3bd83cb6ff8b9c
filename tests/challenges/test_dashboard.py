"""An animator runs a marathon from its dashboard: a programme drawn from a
template as drafts, adjusted then published; what needs attention; the
collective figures as CSV, with no person in them (challenges/dashboard.py)."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from terreau.challenges import services
from terreau.challenges.dashboard import quarter_start
from terreau.challenges.models import Marathon, Stage, Team, eighteen_months_after
from terreau.checkins.models import CheckIn
from terreau.territories import roles
from terreau.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.challenges.factories import HERAULT_MEDITERRANEE, marathon_with_stage, participant
from tests.places.factories import PlaceFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db


def empty_marathon(code=HERAULT_MEDITERRANEE):
    """A laureate's marathon as the jury creates it: no stage yet."""
    call_command("load_challenges", stdout=io.StringIO())
    today = timezone.localdate()
    return Marathon.objects.create(
        territory=Territory.objects.get(kind="epci", code=code),
        title="Marathon des lauréats",
        starts_on=today,
        ends_on=eighteen_months_after(today),
    )


def animator_of(marathon):
    person = UserFactory()
    roles.appoint(person, marathon.territory)
    return person


def test_the_default_programme_stays_a_draft_until_published(client, territories):
    marathon = empty_marathon()
    client.force_login(animator_of(marathon))
    client.post(reverse("challenges:programme", args=[marathon.pk]), {"source": "default"})
    stages = list(marathon.stages.order_by("starts_on"))
    assert len(stages) == 6
    assert not any(stage.is_published for stage in stages)
    assert stages[0].starts_on == marathon.starts_on
    assert stages[-1].ends_on <= marathon.ends_on
    assert all(stage.challenges.exists() for stage in stages)
    # The public sees no draft, and no draft validates a défi.
    client.logout()
    page = client.get(marathon.get_absolute_url()).content.decode()
    assert "Les étapes ne sont pas encore publiées." in page
    assert "Se déplacer autrement" not in page
    resident = participant(marathon, UserFactory(home_commune=commune("34199")))
    place = PlaceFactory(kind="ressourcerie")
    assert (
        services.open_challenges(
            person=resident, place=place, source="poster", day=timezone.localdate()
        )
        == []
    )
    services.publish_programme(marathon=marathon)
    page = client.get(marathon.get_absolute_url()).content.decode()
    assert "Se déplacer autrement" in page
    assert services.open_challenges(
        person=resident, place=place, source="poster", day=timezone.localdate()
    )


def test_a_programme_from_a_previous_marathon_keeps_its_rhythm(territories):
    previous, stage = marathon_with_stage("ressourcerie-jean", "jardin-partage-seance")
    marathon = empty_marathon()
    (copied,) = services.draft_programme(marathon=marathon, source=previous)
    assert copied.title == stage.title
    assert copied.starts_on - marathon.starts_on == stage.starts_on - previous.starts_on
    assert set(copied.challenges.values_list("slug", flat=True)) == {
        "ressourcerie-jean",
        "jardin-partage-seance",
    }
    with pytest.raises(services.MarathonRefused, match="déjà des étapes"):
        services.draft_programme(marathon=marathon)


def test_a_stage_without_defi_is_not_published(territories):
    marathon = empty_marathon()
    stages = services.draft_programme(marathon=marathon)
    stages[2].challenges.clear()
    with pytest.raises(services.MarathonRefused, match="Seconde main"):
        services.publish_programme(marathon=marathon)
    assert not Stage.objects.filter(is_published=True).exists()


def test_only_this_territorys_animators_open_the_dashboard(client, territories, staff):
    marathon = empty_marathon()
    url = reverse("challenges:dashboard", args=[marathon.pk])
    elsewhere = Territory.objects.filter(kind="epci").exclude(code=HERAULT_MEDITERRANEE).first()
    for intruder in (UserFactory(), animator_of(empty_marathon(elsewhere.code)), staff):
        client.force_login(intruder)  # staff without their second factor, too
        assert client.get(url).status_code == 403
        client.post(reverse("challenges:programme", args=[marathon.pk]), {"source": "default"})
    assert not marathon.stages.exists()
    client.force_login(animator_of(marathon))
    assert client.get(url).status_code == 200


def test_what_needs_attention(client, territories):
    marathon, stage = marathon_with_stage("ressourcerie-jean")
    Stage.objects.create(
        marathon=marathon,
        title="Étape vide",
        starts_on=stage.ends_on,
        ends_on=stage.ends_on + datetime.timedelta(days=30),
    )
    Team.objects.create(marathon=marathon, name="Les Endormis", kind="neighbourhood")
    place = PlaceFactory(name="Ressourcerie du Port", kind="ressourcerie")
    # Its poster was scanned on the last day of the previous quarter, not since.
    last_quarter = quarter_start(timezone.localdate()) - datetime.timedelta(days=1)
    CheckIn.objects.create(person=UserFactory(), place=place, source="poster", day=last_quarter)
    # Another place's new poster was scanned this quarter: nothing to reprint.
    renewed = PlaceFactory(name="Tiers-lieu du Quai")
    for day in (last_quarter, timezone.localdate()):
        CheckIn.objects.create(person=UserFactory(), place=renewed, source="poster", day=day)
    client.force_login(animator_of(marathon))
    page = client.get(reverse("challenges:dashboard", args=[marathon.pk])).content.decode()
    assert "Tiers-lieu du Quai" not in page
    assert "L&#x27;étape « Étape vide » n&#x27;a aucun défi." in page
    assert "L&#x27;équipe « Les Endormis » n&#x27;a relevé aucun défi depuis un mois." in page
    assert "L&#x27;affiche de « Ressourcerie du Port » a expiré" in page


def test_the_csv_exports_count_and_name_nobody(client, territories):
    marathon, _stage = marathon_with_stage("ressourcerie-jean")
    person = participant(
        marathon, UserFactory(display_name="Awa Diallo", home_commune=commune("34199"))
    )
    Team.objects.create(marathon=marathon, name="Les Castors", kind="neighbourhood")
    client.force_login(animator_of(marathon))
    for kind, header in (("semaines", "semaine"), ("equipes", "equipe")):
        response = client.get(reverse("challenges:dashboard_csv", args=[marathon.pk, kind]))
        text = response.content.decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert header in text.splitlines()[0]
        assert person.display_name not in text
        assert person.email not in text
    assert rows == [
        {
            "equipe": "Les Castors",
            "type": rows[0]["type"],
            "membres": "0",
            "defis_releves": "0",
            "dernier_defi": "",
        }
    ]
    assert (
        client.get(reverse("challenges:dashboard_csv", args=[marathon.pk, "x"])).status_code == 404
    )
